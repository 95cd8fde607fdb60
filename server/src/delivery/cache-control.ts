import type { Context, Next } from 'koa';

import { peekSession } from './session';

/**
 * Caps downstream HTTP caches (browsers, CDNs) so that none keeps a response past the
 * moment the plugin itself would stop handing out its earliest link. Existing
 * `private`/`no-store` and other directives are kept; `max-age`/`s-maxage` only shrink.
 */
export const capCacheControl = (header: string | undefined, maxAge: number): string => {
  const directives = (header ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  if (directives.some((d) => d.toLowerCase() === 'no-store')) return directives.join(', ');
  let sawMaxAge = false;
  const out = directives.map((directive) => {
    const match = /^(max-age|s-maxage)\s*=\s*"?(\d+)"?$/i.exec(directive);
    if (!match) return directive;
    if (match[1].toLowerCase() === 'max-age') sawMaxAge = true;
    return `${match[1].toLowerCase()}=${Math.min(Number(match[2]), maxAge)}`;
  });
  if (!sawMaxAge) out.push(`max-age=${maxAge}`);
  return out.join(', ');
};

export const cacheControlMiddleware = () => async (ctx: Context, next: Next) => {
  await next();
  const session = peekSession(ctx);
  if (!session) return;
  const seconds = session.hadError
    ? 0
    : Number.isFinite(session.freshUntil)
      ? Math.max(0, Math.floor((session.freshUntil - Date.now()) / 1000))
      : undefined;
  if (seconds === undefined) return;
  ctx.set('Cache-Control', capCacheControl(ctx.response.get('Cache-Control') || undefined, seconds));
};
