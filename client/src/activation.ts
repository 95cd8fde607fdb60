/**
 * The decisions behind `<matterport-embed>` (issue 27), kept free of the DOM so they run and
 * are tested in Node: when a value needs the activation route, how to read its answer, when
 * to refresh a token, what to tell a visitor, and the element's server-side markup.
 */
import { escapeHtml, embedUrl } from './iframe';
import { isExpired, toMillis } from './time';
import { hasLink, isPublicEmbed, type Instant, type MatterportActivation } from './types';

/**
 * A delivered link with less life than this is activated again before opening: a player
 * started on a link about to die would stop loading almost at once.
 */
export const MIN_LINK_LIFE_MS = 5_000;

/** Codes the kit itself reports (the server's codes come in `details.code`). */
export type KitErrorCode =
  /** The network failed or the answer was not JSON. */
  | 'MATTERPORT_NETWORK'
  /** The value has no live link and nowhere to ask for one (a `link` value past `validUntil`, a draft). */
  | 'MATTERPORT_LINK_EXPIRED'
  /** The activation answered 2xx without a usable, safe link. */
  | 'MATTERPORT_BAD_ANSWER';

/** What reading an activation answer gives. */
export type ActivationResult =
  | { ok: true; activation: MatterportActivation }
  | { ok: false; code: string; status: number };

/**
 * True when `value` holds no link to open now: an `on-demand` value, an error value, an
 * unsafe link, or one that expires within {@link MIN_LINK_LIFE_MS}. A public space's value
 * with a safe link (issue 28) needs none: it has no token and does not expire.
 */
export function needsActivation(value: unknown, now?: Instant): boolean {
  if (isPublicEmbed(value)) return embedUrl(value) === null;
  if (!hasLink(value)) return true;
  if (embedUrl(value) === null) return true;
  return isExpired(value, toMillis(now) + MIN_LINK_LIFE_MS);
}

/** `activate.url` of a value, when it is an http(s) URL (relative URLs are resolved by the caller). */
export function activationUrl(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const activate = (value as { activate?: unknown }).activate;
  if (typeof activate !== 'object' || activate === null) return null;
  const url = (activate as { url?: unknown }).url;
  return typeof url === 'string' && url.trim() !== '' ? url : null;
}

/** `poster.url` of a value, or null. */
export function posterUrl(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const poster = (value as { poster?: unknown }).poster;
  if (typeof poster !== 'object' || poster === null) return null;
  const url = (poster as { url?: unknown }).url;
  return typeof url === 'string' && url.trim() !== '' ? url : null;
}

/** The space's name for people: the editor's name, else a generic one. */
export function spaceName(value: unknown): string {
  const name =
    typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : '3D space';
}

/**
 * Reads the activation route's answer: `{ data: { modelId, link, accessToken, validUntil } }`
 * on success, the plugin's error shape `{ data: null, error: { status, details: { code } } }`
 * otherwise. A 2xx answer without a complete link is `MATTERPORT_BAD_ANSWER`; an error answer
 * without a code gets `HTTP_<status>`.
 */
export function readActivationAnswer(status: number, body: unknown): ActivationResult {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (status >= 200 && status < 300) {
    const data = record.data;
    const candidate = { ...(typeof data === 'object' && data !== null ? data : {}), error: null };
    if (hasLink(candidate) && embedUrl(candidate) !== null) {
      const { modelId, link, accessToken, validUntil } = candidate;
      return { ok: true, activation: { modelId, link, accessToken, validUntil } };
    }
    return { ok: false, code: 'MATTERPORT_BAD_ANSWER', status };
  }
  const error = record.error;
  const details =
    typeof error === 'object' && error !== null ? (error as { details?: unknown }).details : null;
  const code =
    typeof details === 'object' && details !== null ? (details as { code?: unknown }).code : null;
  return {
    ok: false,
    code: typeof code === 'string' && code !== '' ? code : `HTTP_${status}`,
    status,
  };
}

/**
 * Milliseconds from `now` until a token valid until `validUntil` should be renewed: a quarter
 * of its remaining life before expiry, at most 60 s and at least 0.5 s before (a 24-hour link
 * is renewed a minute early, a 2-second one half a second early). 0 when already due.
 */
export function refreshDelay(validUntil: string, now?: Instant): number {
  const left = Date.parse(validUntil) - toMillis(now);
  if (!(left > 0)) return 0;
  const margin = Math.min(60_000, Math.max(500, left / 4));
  return Math.max(0, Math.floor(left - margin));
}

/**
 * What a visitor reads when a space cannot be opened: plain words, no code, no server
 * message (the code goes to the element's `data-error-code`).
 */
export function errorText(code: string): string {
  switch (code) {
    case 'MATTERPORT_RATE_LIMITED':
    case 'HTTP_429':
      return 'Many people are opening 3D spaces right now. Please try again in a moment.';
    case 'MATTERPORT_NOT_PUBLISHED':
    case 'MATTERPORT_NOT_FOUND':
    case 'HTTP_403':
    case 'HTTP_404':
      return 'This 3D space is no longer available.';
    case 'MATTERPORT_LINK_EXPIRED':
      return 'This page is out of date. Reload the page to open the 3D space.';
    case 'MATTERPORT_NETWORK':
      return 'The 3D space could not be reached. Check your connection and try again.';
    default:
      return 'The 3D space could not be opened right now. Please try again.';
  }
}

/** Options of {@link embedHtml}: the element's attributes. */
export interface EmbedHtmlOptions {
  /** When the player loads: on a click (default), when scrolled into view, or at once. */
  loading?: 'click' | 'visible' | 'eager';
  /** `required`: nothing is fetched (not even the poster) before consent is granted. */
  consent?: 'required';
  /** Keep a Showcase SDK session's token fresh through the activation route. */
  sdk?: boolean;
}

/**
 * The `<matterport-embed>` markup for server-side rendering and static pages: the value in
 * the `value` attribute (escaped JSON) and, inside, a fallback shown until the element's
 * script runs: the poster image (left out when consent is required) and the space's name.
 * The fallback has no button: until the script runs there is nothing it could do.
 *
 * The page then loads the `./client/element` entry and calls `defineMatterportEmbed()`.
 *
 * @example
 * res.send(`<main>${embedHtml(entry.space, { loading: 'visible' })}</main>`);
 */
export function embedHtml(value: unknown, options: EmbedHtmlOptions = {}): string {
  const name = escapeHtml(spaceName(value));
  const attributes =
    ` value="${escapeHtml(JSON.stringify(value ?? null))}"` +
    (options.loading ? ` loading="${escapeHtml(options.loading)}"` : '') +
    (options.consent ? ` consent="${escapeHtml(options.consent)}"` : '') +
    (options.sdk ? ' sdk' : '');
  const poster = options.consent === 'required' ? null : posterUrl(value);
  const image =
    poster !== null && /^(https?:\/\/|\/)/i.test(poster)
      ? `<img src="${escapeHtml(poster)}" alt="" loading="lazy" style="width:100%;height:100%;object-fit:cover">`
      : '';
  return (
    `<matterport-embed${attributes}>` +
    `<div class="matterport-embed-fallback" style="position:relative;aspect-ratio:16/9">${image}` +
    `<p class="matterport-embed-name">${name}</p></div>` +
    `</matterport-embed>`
  );
}
