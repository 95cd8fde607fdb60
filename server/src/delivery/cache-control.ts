import type { Context, Next } from 'koa';

import { peekSession } from './session';

/** Directives that let a cache serve the response after its freshness ended. */
const STALE_DIRECTIVES = /^(stale-while-revalidate|stale-if-error)\s*(=|$)/i;
const LIFETIME = /^(max-age|s-maxage)\s*=\s*"?(\d+)"?$/i;

/**
 * Caps HTTP caches so that none keeps a response past the moment the plugin itself
 * would stop handing out its earliest link. It only ever narrows what the site said:
 *
 * - no Cache-Control at all: `private, max-age=<bound>`. An un-headed response may be
 *   stored by shared caches (heuristic freshness, CDN default TTLs); the plugin never
 *   makes one shared-cacheable, and the browser may keep it until the bound;
 * - `no-store` is kept as it is;
 * - `max-age` and `s-maxage` are lowered to the bound (never raised); a `max-age` is
 *   added when the site set none, so browsers do not fall back to heuristics;
 * - `stale-while-revalidate` and `stale-if-error` are removed: they let caches serve
 *   the response (and its dead links) after the bound;
 * - every other directive (`public`, `private`, `no-cache`, `must-revalidate`…) is kept.
 */
export const capCacheControl = (
  header: string | readonly string[] | undefined,
  maxAge: number
): string => {
  const directives = (
    Array.isArray(header) ? header.join(',') : ((header as string | undefined) ?? '')
  )
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  if (!directives.length) return `private, max-age=${maxAge}`;
  if (directives.some((d) => d.toLowerCase() === 'no-store')) return directives.join(', ');
  let sawMaxAge = false;
  const out: string[] = [];
  for (const directive of directives) {
    if (STALE_DIRECTIVES.test(directive)) continue;
    const match = LIFETIME.exec(directive);
    if (!match) {
      out.push(directive);
      continue;
    }
    const name = match[1].toLowerCase();
    if (name === 'max-age') sawMaxAge = true;
    out.push(`${name}=${Math.min(Number(match[2]), maxAge)}`);
  }
  if (!sawMaxAge) out.push(`max-age=${maxAge}`);
  return out.join(', ');
};

/** Directives that only a shared cache reads, or that let one store the response. */
const SHARED_DIRECTIVES = /^(public|private|s-maxage)\s*(=|$)/i;

/**
 * An answer for one reader (draft links given because of its API token): `private` first,
 * `public` and `s-maxage` dropped, everything else of the (already capped) header kept,
 * `no-store` included. A CDN that caches it anyway would hand the draft's links to anyone.
 */
export const privateCacheControl = (header: string): string => {
  const kept = header
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d && !SHARED_DIRECTIVES.test(d));
  return ['private', ...kept].join(', ');
};

/** CDN-specific headers override Cache-Control at the CDN: bounded too when the site set them, never added. */
const CDN_HEADERS = ['CDN-Cache-Control', 'Surrogate-Control'];

export const cacheControlMiddleware = () => async (ctx: Context, next: Next) => {
  await next();
  const session = peekSession(ctx);
  if (!session) return;
  const seconds = session.hadError
    ? 0
    : Number.isFinite(session.freshUntil)
      ? Math.max(0, Math.floor((session.freshUntil - Date.now()) / 1000))
      : undefined;
  if (seconds === undefined && !session.privateOnly) return;
  const site = ctx.response.get('Cache-Control') || undefined;
  const capped = seconds === undefined ? (site ?? '') : capCacheControl(site, seconds);
  ctx.set('Cache-Control', session.privateOnly ? privateCacheControl(capped) : capped);
  for (const name of CDN_HEADERS) {
    const value = ctx.response.get(name);
    if (!value) continue;
    // The CDN's own header wins over Cache-Control there: a private answer is not stored at all.
    if (session.privateOnly) ctx.set(name, 'no-store');
    else if (seconds !== undefined) ctx.set(name, capCacheControl(value, seconds));
  }
  // The answer depends on who asked: a cache that stores it anyway must key it on the token.
  if (session.privateOnly) ctx.vary('Authorization');
};
