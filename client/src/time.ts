import { isPublicEmbed, type Instant } from './types';

/** Milliseconds since the epoch for `now` (default: the current time). */
export function toMillis(now?: Instant): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TypeError('matterport: `now` must be a valid Date or a number of milliseconds');
  }
  return ms;
}

/** Milliseconds since the epoch of `validUntil`, or NaN when there is none. */
function expiryMillis(embed: { validUntil?: string | null } | null | undefined): number {
  const validUntil = embed == null ? undefined : embed.validUntil;
  return typeof validUntil === 'string' ? Date.parse(validUntil) : NaN;
}

/**
 * Whole seconds from `now` until the embed's `validUntil`, rounded down.
 *
 * Returns 0 when the embed is null, has no (or an unparseable) `validUntil`,
 * or expires in less than a second. Use it for the Showcase SDK's
 * `expires_in`, for cache lifetimes, or to schedule a reload.
 *
 * @param embed a delivered embed (or anything with a `validUntil` string)
 * @param now the current time (default `Date.now()`); pass it to make tests deterministic
 * @example
 * setTimeout(reloadPage, Math.max(0, secondsLeft(entry.space) - 30) * 1000);
 */
export function secondsLeft(
  embed: { validUntil?: string | null } | null | undefined,
  now?: Instant
): number {
  const left = expiryMillis(embed) - toMillis(now);
  return left > 0 ? Math.floor(left / 1000) : 0;
}

/**
 * True when the embed's link can no longer be used: `now` is at or after
 * `validUntil`, or the embed has no parseable `validUntil` at all (an error
 * embed, null, undefined). A public space's value (see `isPublicEmbed`) has no expiry and
 * is never expired. Millisecond precision, so an embed with less than a
 * second left is not yet expired although {@link secondsLeft} already says 0.
 *
 * @param now the current time (default `Date.now()`)
 */
export function isExpired(
  embed: { validUntil?: string | null } | null | undefined,
  now?: Instant
): boolean {
  if (isPublicEmbed(embed)) return false;
  const until = expiryMillis(embed);
  return Number.isNaN(until) || toMillis(now) >= until;
}

/** Options of {@link secondsUntilEarliestExpiry}. */
export interface EarliestExpiryOptions {
  /** The current time (default `Date.now()`). */
  now?: Instant;
  /**
   * Seconds subtracted from the earliest expiry (default 300). Cover what
   * happens after your cache decides to refresh: a stale-while-revalidate
   * response still served, and the time a visitor spends in the space, since
   * Showcase without the SDK refresher stops when its token expires.
   */
  margin?: number;
  /**
   * Seconds to wait before retrying when an embed came back with an `error`
   * (default 60), so a page built during a Matterport outage is not kept for
   * the whole cache lifetime; `false` ignores error embeds.
   */
  retryErrorsAfter?: number | false;
}

/**
 * How long, in whole seconds, a response containing Matterport embeds may be
 * cached: the time until the earliest `validUntil` found anywhere in `data`,
 * minus `margin`, never below 0.
 *
 * `data` can be any JSON, e.g. a whole REST or GraphQL response with embeds in
 * components, dynamic zones, relations and lists. An embed is any object with
 * a string `modelId` and a `validUntil` member. Returns `null` when `data`
 * holds no embed with an expiry (and no error embed), so the caller keeps its
 * own default. A public space's value (`validUntil: null`, no error) has no expiry and
 * is ignored: a page made only of public spaces gets `null`.
 *
 * A result of 0 means the tokens are already (nearly) used up: render
 * dynamically instead of caching. Next.js `getStaticProps` wants at least 1.
 *
 * @example
 * // Next.js pages router
 * const json = await res.json();
 * return { props: { json }, revalidate: Math.max(1, secondsUntilEarliestExpiry(json) ?? 3600) };
 */
export function secondsUntilEarliestExpiry(
  data: unknown,
  options: EarliestExpiryOptions = {}
): number | null {
  const now = toMillis(options.now);
  const margin = nonNegative(options.margin, 300, 'margin');
  const retry =
    options.retryErrorsAfter === false
      ? null
      : nonNegative(options.retryErrorsAfter, 60, 'retryErrorsAfter');

  let earliest: number | null = null;
  const consider = (seconds: number) => {
    const whole = Math.max(0, Math.floor(seconds));
    if (earliest === null || whole < earliest) earliest = whole;
  };

  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.modelId === 'string' && 'validUntil' in record) {
      const until = typeof record.validUntil === 'string' ? Date.parse(record.validUntil) : NaN;
      if (!Number.isNaN(until)) {
        consider((until - now) / 1000 - margin);
      } else if (record.error != null && retry !== null) {
        consider(retry);
      }
    }
    for (const key of Object.keys(record)) stack.push(record[key]);
  }
  return earliest;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`matterport: \`${name}\` must be a number of seconds >= 0`);
  }
  return value;
}
