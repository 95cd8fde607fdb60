import { LRUCache } from 'lru-cache';

import type { CachedLink } from './types';

/**
 * This process's memory of minted links, keyed by credentials, model and lifetime.
 * A link is "fresh" while at least minRemaining of it is left (it is handed out
 * without any upstream call) and "valid" until it expires (still better than nothing
 * while Matterport fails).
 */
export const createLinkCache = (options: {
  max: () => number;
  minRemainingMs: (lifetimeSeconds: number) => number;
}) => {
  let cache: LRUCache<string, CachedLink> | undefined;
  // Sized from the config on first use: the config is read after the plugin's register.
  const get = () =>
    (cache ??= new LRUCache<string, CachedLink>({ max: options.max(), ttlAutopurge: false }));
  // For the health panel: a hit is a look-up answered with a fresh link, anything else a miss.
  let hits = 0;
  let misses = 0;

  const keyOf = (fingerprint: string, modelId: string, lifetimeSeconds: number) =>
    `${fingerprint}|${modelId}|${lifetimeSeconds}`;

  /** peekFresh by key (the warm path builds the key once for the look-up and the refresh check). */
  const peekFreshKey = (key: string, lifetimeSeconds: number): CachedLink | undefined => {
    const cached = get().get(key);
    return cached && cached.validUntilMs - Date.now() >= options.minRemainingMs(lifetimeSeconds)
      ? cached
      : undefined;
  };

  return {
    keyOf,
    get(key: string) {
      const found = get().get(key);
      if (found && found.validUntilMs - Date.now() >= options.minRemainingMs(found.lifetimeSeconds))
        hits += 1;
      else misses += 1;
      return found;
    },
    set(key: string, link: CachedLink) {
      get().set(key, link, { ttl: Math.max(1, link.validUntilMs - Date.now()) });
    },
    peekFresh(
      modelId: string,
      lifetimeSeconds: number,
      fingerprint: string
    ): CachedLink | undefined {
      return peekFreshKey(keyOf(fingerprint, modelId, lifetimeSeconds), lifetimeSeconds);
    },
    peekFreshKey,
    peekValid(
      modelId: string,
      lifetimeSeconds: number,
      fingerprint: string
    ): CachedLink | undefined {
      const cached = get().get(keyOf(fingerprint, modelId, lifetimeSeconds));
      return cached && cached.validUntilMs > Date.now() ? cached : undefined;
    },
    /** Forgets cached links: of one model, of one token, or all. */
    forget(filter: { modelId?: string; accessToken?: string } = {}): number {
      let dropped = 0;
      for (const [key, link] of get().entries()) {
        if (
          (filter.modelId && link.modelId !== filter.modelId) ||
          (filter.accessToken && link.accessToken !== filter.accessToken)
        )
          continue;
        get().delete(key);
        dropped += 1;
      }
      return dropped;
    },
    /** Entries held now and look-ups since start (this process only). */
    stats(): { size: number; hits: number; misses: number } {
      return { size: cache?.size ?? 0, hits, misses };
    },
  };
};

export type LinkCache = ReturnType<typeof createLinkCache>;
