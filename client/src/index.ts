/**
 * `strapi-plugin-matterport/client`: dependency-free helpers for sites that
 * read Matterport fields from the plugin's content API. Runs in browsers and
 * Node 18+; no DOM types, no Node built-ins. See `client/README.md`. The components
 * (`<matterport-embed>`, React) are the separate entries `./client/element` and `./client/react`.
 *
 * @packageDocumentation
 */
export {
  hasLink,
  isPublicEmbed,
  type MatterportEmbed,
  type MatterportEmbedPublic,
  type MatterportEmbedWithLink,
  type MatterportEmbedUnavailable,
  type MatterportError,
  type MatterportErrorCode,
  type TokenInfo,
  type Instant,
  type MatterportDeliveredValue,
  type MatterportEmbedOnDemand,
  type MatterportDeliveryExtras,
  type MatterportPoster,
  type MatterportActivate,
  type MatterportActivation,
  type MatterportActivationAnswer,
  type MatterportErrorAnswer,
} from './types';
export { embedHtml, type EmbedHtmlOptions } from './activation';
export {
  secondsLeft,
  isExpired,
  secondsUntilEarliestExpiry,
  type EarliestExpiryOptions,
} from './time';
export {
  embedUrl,
  iframeAttributes,
  iframeProps,
  iframeHtml,
  escapeHtml,
  SHOWCASE_PARAMS,
  IFRAME_ALLOW,
  DEFAULT_TITLE,
  DEFAULT_UNAVAILABLE_MESSAGE,
  type ShowcaseParam,
  type ShowcaseParams,
  type ReferrerPolicyValue,
  type EmbedUrlOptions,
  type IframeOptions,
  type IframeAttributes,
  type IframeProps,
  type IframeHtmlOptions,
} from './iframe';
export {
  createTokenFetcher,
  tokenInfo,
  MatterportTokenError,
  type MatterportTokenErrorCode,
  type MatterportTokenFetcher,
  type TokenFetcherOptions,
} from './token';
