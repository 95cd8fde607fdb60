/**
 * The activation route's rate limits: at most `max` requests per key (a client's IP address,
 * a ref) in each fixed window of `windowMs`. In memory and per process: n replicas each
 * count their own, so a cluster lets n × max through a window (README).
 *
 * A fixed-window counter rather than settings/attempt-limiter.ts (a sliding log): that one
 * keeps one timestamp per attempt, fine for a handful of admin attempts but up to
 * `activationRefRateLimit` (600 by default) numbers per key here. No library either: the
 * plugin has no rate-limit dependency, and this is two numbers per key. A fixed window can let
 * up to 2 × max through around a window's edge, which is acceptable for a guard against
 * floods (what it bounds is the work: decoding, one read, at most one mint per link).
 *
 * Memory is bounded: at most `maxKeys` keys; a new key beyond that evicts the oldest one
 * (Map insertion order, refreshed each window), so a flood of spoofed keys can only reset
 * counts, never grow the map.
 */
export interface RateLimiter {
  /** Counts one request for `key`: allowed, or refused with the seconds until the window ends. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** Keys held (for tests and health). */
  size(): number;
}

export const createRateLimiter = ({
  max,
  windowMs,
  maxKeys = 10_000,
  now = Date.now,
}: {
  max: () => number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): RateLimiter => {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        // A new window goes to the end of the insertion order: eviction takes stale keys first.
        windows.delete(key);
        if (windows.size >= maxKeys) {
          const oldest = windows.keys().next().value;
          if (oldest !== undefined) windows.delete(oldest);
        }
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= max()) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)),
        };
      }
      window.count += 1;
      return { ok: true };
    },
    size: () => windows.size,
  };
};
