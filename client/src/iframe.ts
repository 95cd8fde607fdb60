import {
  SHOWCASE_PARAM_NAMES,
  withShowcaseParams,
  type ShowcaseParam,
} from '../../common/showcase-link';
import { hasLink, isPublicEmbed, type Instant } from './types';
import { isExpired } from './time';

/**
 * Showcase URL parameters a caller may add to the delivered link: the same set an editor
 * may set in a field's options (one list, common/showcase-link.ts). Anything else (notably
 * `m` and `auth`, which the link already carries) is refused.
 */
export const SHOWCASE_PARAMS = SHOWCASE_PARAM_NAMES;

/** One of {@link SHOWCASE_PARAMS}. */
export type { ShowcaseParam };

/**
 * Extra Showcase parameters. `true`/`false` become `1`/`0`, numbers must be
 * finite, strings are percent-encoded; `null`/`undefined` leave the parameter
 * out, which makes conditional parameters easy.
 */
export type ShowcaseParams = { [K in ShowcaseParam]?: string | number | boolean | null };

/** The `allow` list of the current `@matterport/sdk` embed snippet. */
export const IFRAME_ALLOW = 'fullscreen; xr-spatial-tracking; web-share; autoplay';

/** The iframe title used when neither `options.title` nor the model's name is set. */
export const DEFAULT_TITLE = 'Matterport 3D space';

/** Text of the placeholder {@link iframeHtml} renders when there is nothing to embed. */
export const DEFAULT_UNAVAILABLE_MESSAGE = 'This 3D space is not available at the moment.';

/** Values of the `referrerpolicy` attribute. */
export type ReferrerPolicyValue =
  | 'no-referrer'
  | 'no-referrer-when-downgrade'
  | 'origin'
  | 'origin-when-cross-origin'
  | 'same-origin'
  | 'strict-origin'
  | 'strict-origin-when-cross-origin'
  | 'unsafe-url';

/** Options shared by {@link embedUrl}, {@link iframeAttributes}, {@link iframeProps} and {@link iframeHtml}. */
export interface EmbedUrlOptions {
  /**
   * Showcase parameters to add to the link, e.g. `{ play: 1, qs: 1, brand: 0 }`.
   * A parameter given here replaces the same parameter already in the link.
   * Keys outside {@link SHOWCASE_PARAMS} and non-simple values throw a TypeError:
   * they are programming errors, best seen at once.
   */
  params?: ShowcaseParams;
  /**
   * The current time. When given, an embed whose `validUntil` has passed is
   * treated like one without a link (a public space's value has no expiry and is never
   * treated so). Left out, the clock is not consulted, so
   * rendering stays deterministic and a skewed visitor clock hides nothing.
   */
  now?: Instant;
}

/** Options of {@link iframeAttributes} and {@link iframeProps}. */
export interface IframeOptions extends EmbedUrlOptions {
  /** Accessible title of the iframe; when blank, the model's name, else {@link DEFAULT_TITLE}. */
  title?: string;
  /** `lazy` (default) or `eager`. */
  loading?: 'lazy' | 'eager';
  /**
   * Default `strict-origin-when-cross-origin`: Matterport learns the embedding
   * origin (which SDK application keys are checked against) but not the page's
   * path or query. Avoid `no-referrer` when you use an `applicationKey`.
   */
  referrerPolicy?: ReferrerPolicyValue;
  /** Optional `width` attribute, e.g. `853` or `"100%"`. */
  width?: number | string;
  /** Optional `height` attribute, e.g. `480`. */
  height?: number | string;
}

/** The attributes returned by {@link iframeAttributes}, named as in HTML. */
export interface IframeAttributes {
  /** Absent when there is no safe, usable link. */
  src?: string;
  title: string;
  allow: string;
  allowfullscreen: '';
  frameborder: '0';
  loading: 'lazy' | 'eager';
  referrerpolicy: ReferrerPolicyValue;
  width?: string;
  height?: string;
}

/** The props returned by {@link iframeProps}, named as React expects them. */
export interface IframeProps {
  src?: string;
  title: string;
  allow: string;
  allowFullScreen: true;
  frameBorder: '0';
  loading: 'lazy' | 'eager';
  referrerPolicy: ReferrerPolicyValue;
  width?: string;
  height?: string;
}

/** Options of {@link iframeHtml}. */
export interface IframeHtmlOptions extends IframeOptions {
  /**
   * `true` (default): a wrapper `div` keeping `aspectRatio` with the iframe
   * absolutely filling it; `width`/`height` are ignored. `false`: a bare iframe
   * with `width`/`height` (default 853x480, Matterport's own snippet).
   */
  responsive?: boolean;
  /** Width divided by height of the responsive box (default 16/9). */
  aspectRatio?: number;
  /** Text of the placeholder (default {@link DEFAULT_UNAVAILABLE_MESSAGE}); it is escaped. */
  unavailableMessage?: string;
}

const ALLOWED_PARAMS: ReadonlySet<string> = new Set(SHOWCASE_PARAMS);

/**
 * Only absolute http(s) URLs, with no whitespace, control characters or
 * backslashes anywhere, so a `javascript:`/`data:` link or one a browser would
 * re-interpret never reaches `src`. `http:` stays allowed for local sandboxes.
 */
const SAFE_URL = /^https?:\/\/[^\u0000-\u0020\u007f\\]+$/i;

/** The URL to embed, or why there is none: the error code, `NO_LINK`, `UNSAFE_LINK` or `EXPIRED`. */
function resolve(embed: unknown, options: EmbedUrlOptions): { url: string } | { reason: string } {
  // Validate params first: a wrong key is a bug whether or not this embed has a link.
  const params = serializeParams(options.params);
  // A public space's plain link (issue 28) passes the same checks but never expires.
  if (isPublicEmbed(embed)) {
    if (!SAFE_URL.test(embed.link)) return { reason: 'UNSAFE_LINK' };
    return { url: withShowcaseParams(embed.link, params) };
  }
  if (!hasLink(embed)) {
    const code =
      embed && typeof embed === 'object'
        ? (embed as { error?: { code?: unknown } }).error?.code
        : undefined;
    return { reason: typeof code === 'string' ? code : 'NO_LINK' };
  }
  if (!SAFE_URL.test(embed.link)) return { reason: 'UNSAFE_LINK' };
  if (options.now !== undefined && isExpired(embed, options.now)) return { reason: 'EXPIRED' };
  // The one appending rule shared with the server: a pair already in the link is
  // replaced by the site's choice; `m` and `auth` are never touched.
  return { url: withShowcaseParams(embed.link, params) };
}

function serializeParams(params: ShowcaseParams | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (params == null) return out;
  for (const key of Object.keys(params)) {
    if (!ALLOWED_PARAMS.has(key)) {
      throw new TypeError(
        `matterport: Showcase parameter "${key}" is not allowed (allowed: ${SHOWCASE_PARAMS.join(', ')})`
      );
    }
    const value: unknown = params[key as ShowcaseParam];
    if (value === undefined || value === null) continue;
    if (typeof value === 'boolean') out.push([key, value ? '1' : '0']);
    else if (typeof value === 'number' && Number.isFinite(value)) out.push([key, String(value)]);
    else if (typeof value === 'string') out.push([key, value]);
    else
      throw new TypeError(
        `matterport: Showcase parameter "${key}" needs a string, a finite number or a boolean`
      );
  }
  return out;
}

/**
 * The URL to put into an iframe's `src`: the delivered link (with a token, or a public
 * space's plain link, see {@link isPublicEmbed}) with the extra Showcase `params`, or `null` when there is nothing safe to embed (an error
 * embed, null/undefined, a link that is not `http(s):`, or, if `options.now`
 * is given, an expired one). Use it when your template only needs the URL.
 *
 * @example
 * const src = embedUrl(entry.space, { params: { play: 1, brand: 0 } });
 * // https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+…&play=1&qs=1&brand=0
 */
export function embedUrl(embed: unknown, options: EmbedUrlOptions = {}): string | null {
  const result = resolve(embed, options);
  return 'url' in result ? result.url : null;
}

function titleFor(embed: unknown, title: string | undefined): string {
  const name = embed && typeof embed === 'object' ? (embed as { name?: unknown }).name : undefined;
  for (const candidate of [title, name]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return DEFAULT_TITLE;
}

function dimension(value: number | string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0)) {
    throw new TypeError(`matterport: \`${name}\` must be a finite number >= 0 or a string`);
  }
  return String(value);
}

function buildAttributes(
  embed: unknown,
  options: IframeOptions,
  src: string | null
): IframeAttributes {
  const width = dimension(options.width, 'width');
  const height = dimension(options.height, 'height');
  const attributes: IframeAttributes = {
    ...(src === null ? {} : { src }),
    title: titleFor(embed, options.title),
    allow: IFRAME_ALLOW,
    allowfullscreen: '',
    frameborder: '0',
    loading: options.loading ?? 'lazy',
    referrerpolicy: options.referrerPolicy ?? 'strict-origin-when-cross-origin',
  };
  if (width !== undefined) attributes.width = width;
  if (height !== undefined) attributes.height = height;
  return attributes;
}

/**
 * The attributes of a Showcase iframe as a plain object of HTML attribute
 * name to string, for any templating (Vue `v-bind`, Svelte spread, DOM
 * `setAttribute`, server-side HTML). For React use {@link iframeProps}, whose
 * names React knows (React warns about `allowfullscreen`, `frameborder`...).
 *
 * `src` is present only when {@link embedUrl} finds a safe, usable link; check
 * {@link hasLink} (or {@link isPublicEmbed}, for a public space's plain link) first to
 * render something else instead of an empty frame.
 * Never throws for a bad embed; throws a TypeError for invalid options.
 *
 * @example
 * for (const [name, value] of Object.entries(iframeAttributes(entry.space))) frame.setAttribute(name, value);
 */
export function iframeAttributes(embed: unknown, options: IframeOptions = {}): IframeAttributes {
  return buildAttributes(embed, options, embedUrl(embed, options));
}

/**
 * {@link iframeAttributes} with React's prop names (`allowFullScreen`,
 * `frameBorder`, `referrerPolicy`), to spread onto `<iframe>` in React or
 * Preact without warnings.
 *
 * @example
 * hasLink(space) ? <iframe {...iframeProps(space, { params: { play: 1 } })} /> : <p>Unavailable</p>
 */
export function iframeProps(embed: unknown, options: IframeOptions = {}): IframeProps {
  const {
    allowfullscreen: _a,
    frameborder: _f,
    referrerpolicy,
    ...rest
  } = iframeAttributes(embed, options);
  return { ...rest, allowFullScreen: true, frameBorder: '0', referrerPolicy: referrerpolicy };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so a string is safe as HTML text and inside quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function renderAttributes(attributes: Record<string, string | undefined>): string {
  let html = '';
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value !== undefined) html += ` ${name}="${escapeHtml(value)}"`;
  }
  return html;
}

/**
 * A ready-to-insert HTML string for a Matterport embed, for server-side
 * rendering, static sites and `innerHTML`. Every attribute value and the
 * placeholder text are HTML-escaped.
 *
 * By default a responsive 16:9 box:
 * `<div class="matterport-embed" style="position:relative;width:100%;height:0;padding-top:56.25%"><iframe … style="position:absolute;top:0;left:0;width:100%;height:100%;border:0"></iframe></div>`;
 * with `responsive: false` a bare iframe of `width` x `height` (853x480 default).
 *
 * Without a usable link (error embed, null, a non-http(s) link, or expired when
 * `options.now` is given) it returns a harmless placeholder instead of a broken
 * iframe: `<div class="matterport-embed-unavailable" role="note" data-reason="…">…</div>`,
 * where `data-reason` is the error code, `NO_LINK`, `UNSAFE_LINK` or `EXPIRED`.
 * The server's error message is never included.
 */
export function iframeHtml(embed: unknown, options: IframeHtmlOptions = {}): string {
  const {
    responsive = true,
    aspectRatio = 16 / 9,
    unavailableMessage = DEFAULT_UNAVAILABLE_MESSAGE,
  } = options;
  if (!(typeof aspectRatio === 'number' && Number.isFinite(aspectRatio) && aspectRatio > 0)) {
    throw new TypeError('matterport: `aspectRatio` must be a positive number (width / height)');
  }
  const result = resolve(embed, options);
  if (!('url' in result)) {
    return `<div class="matterport-embed-unavailable" role="note" data-reason="${escapeHtml(result.reason)}">${escapeHtml(unavailableMessage)}</div>`;
  }
  if (!responsive) {
    const sized = { ...options, width: options.width ?? 853, height: options.height ?? 480 };
    return `<iframe${renderAttributes({ ...buildAttributes(embed, sized, result.url) })}></iframe>`;
  }
  const attributes = buildAttributes(
    embed,
    { ...options, width: undefined, height: undefined },
    result.url
  );
  const paddingTop = `${Number((100 / aspectRatio).toFixed(4))}%`;
  return (
    `<div class="matterport-embed" style="position:relative;width:100%;height:0;padding-top:${paddingTop}">` +
    `<iframe${renderAttributes({ ...attributes, style: 'position:absolute;top:0;left:0;width:100%;height:100%;border:0' })}></iframe>` +
    `</div>`
  );
}
