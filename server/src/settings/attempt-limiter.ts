/**
 * At most `max` attempts per key within a sliding `windowMs`: what keeps one admin from
 * looping Test connection (each one asks Matterport for a token, lists a model, mints and
 * revokes a link) until Matterport throttles the whole process. In memory, per process: a
 * cluster of n replicas lets an admin make n × max attempts a window, still a handful.
 */
export const createAttemptLimiter = ({
  max,
  windowMs,
  now = Date.now,
  maxKeys = 10_000,
}: {
  max: number;
  windowMs: number;
  now?: () => number;
  /** Keys kept at most (admins are few; the bound only stops unbounded growth). */
  maxKeys?: number;
}) => {
  const attempts = new Map<string, number[]>();

  const recent = (key: string, at: number): number[] => {
    const kept = (attempts.get(key) ?? []).filter((t) => at - t < windowMs);
    if (kept.length) attempts.set(key, kept);
    else attempts.delete(key);
    return kept;
  };

  return {
    /**
     * Counts an attempt for `key` when one is left: `{ ok: true }`; otherwise nothing is
     * counted and `retryAfterSeconds` says when the oldest attempt leaves the window.
     */
    take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const at = now();
      const kept = recent(key, at);
      if (kept.length >= max) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((kept[0] + windowMs - at) / 1000)),
        };
      }
      if (!attempts.has(key) && attempts.size >= maxKeys) {
        // Forget the key seen longest ago (Map keeps insertion order).
        const oldest = attempts.keys().next().value;
        if (oldest !== undefined) attempts.delete(oldest);
      }
      attempts.set(key, [...kept, at]);
      return { ok: true };
    },
  };
};

export type AttemptLimiter = ReturnType<typeof createAttemptLimiter>;

/** Test connection: at most this many per admin per minute (each one is several Matterport calls). */
export const CONNECTION_TESTS_PER_MINUTE = 10;

const connectionTestLimiters = new WeakMap<object, AttemptLimiter>();

/**
 * The one Test-connection limiter of a Strapi process, shared by every route that tests
 * credentials (the settings page's and each connection's): an admin gets
 * CONNECTION_TESTS_PER_MINUTE tests in all, not that many per route.
 */
export const connectionTestLimiter = (strapi: object): AttemptLimiter => {
  let limiter = connectionTestLimiters.get(strapi);
  if (!limiter) {
    limiter = createAttemptLimiter({ max: CONNECTION_TESTS_PER_MINUTE, windowMs: 60_000 });
    connectionTestLimiters.set(strapi, limiter);
  }
  return limiter;
};
