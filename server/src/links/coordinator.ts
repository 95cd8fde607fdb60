import pLimit from 'p-limit';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { MatterportError } from '../../../common/errors';
import type { ResolvedConfig } from '../config';
import type { EmbedLink } from '../matterport/types';
import type { LinkCache } from './cache';
import { mintLockKey, type MintLocks } from './mint-locks';
import type { LinkStore } from './store';
import type { CachedLink, LinkPurpose } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Deps {
  config: () => ResolvedConfig;
  cache: LinkCache;
  store: LinkStore;
  locks: MintLocks;
  /**
   * Mints at Matterport with the connection's credentials (read fresh: a rotation on another
   * replica counts).
   */
  createLink: (modelId: string, lifetimeSeconds: number, connection: string) => Promise<EmbedLink>;
  minRemainingMs: (lifetimeSeconds: number) => number;
  /** Told of every link minted at Matterport (not reused), with how long Matterport took. */
  onMinted?: (info: {
    modelId: string;
    /** The connection whose credentials minted it. */
    connection: string;
    lifetimeSeconds: number;
    latencyMs: number;
    purpose: LinkPurpose;
  }) => void;
  /** The error to answer at once, without a lock or a Matterport call (remembered failure, open breaker). */
  knownFailure?: (modelId: string, connection: string) => Error | undefined;
}

/**
 * Where a link comes from: memory while enough of it is left, else the shared ledger,
 * else a mint, with one mint per key at a time in this process (in-flight promises)
 * and across replicas (the mint lock).
 */
export const createMintCoordinator = ({
  config,
  cache,
  store,
  locks,
  createLink,
  minRemainingMs,
  onMinted,
  knownFailure,
}: Deps) => {
  const inFlight = new Map<string, Promise<CachedLink>>();
  // Calls at Matterport right now (the ledger batches its writes until a burst is done).
  let minting = 0;
  let limit: ReturnType<typeof pLimit> | undefined;
  const getLimit = () => (limit ??= pLimit(config().mintConcurrency));
  // Recent mint latency (moving average, seeded by the first mint): how early a refresh must start.
  let mintLatencyMs: number | undefined;

  /**
   * Refresh-ahead: a read that finds its link within this margin of the minRemaining point
   * starts a new mint in the background and still gets the current link. One and a half
   * times the recent mint latency plus half a second (at most a quarter of the lifetime),
   * so a refresh is done before the current link stops being one the plugin hands out,
   * while a link is re-minted about once per (lifetime − minRemaining) window.
   */
  const refreshLeadMs = (lifetimeSeconds: number) =>
    Math.min((lifetimeSeconds * 1000) / 4, 1.5 * (mintLatencyMs ?? 1000) + 500);

  /**
   * Mints under a lock shared by every replica, so a cold start behind a load balancer
   * mints once per model, not once per replica. Waiters watch the ledger for the result.
   */
  const mintOnce = async (
    fingerprint: string,
    connection: string,
    modelId: string,
    lifetime: number,
    purpose: LinkPurpose,
    newerThanMs = 0
  ): Promise<CachedLink> => {
    const cfg = config();
    // A refresh wants a link newer than the one it replaces (another replica's refresh counts).
    const wanted = () => Math.max(Date.now() + minRemainingMs(lifetime), newerThanMs + 1);
    const lockKey = mintLockKey({ fingerprint, modelId, lifetime });
    const lockTtl = cfg.requestTimeoutMs + cfg.retryBudgetMs + 5000;
    const giveUpAt = Date.now() + lockTtl + 1000;
    let wait = 25;
    while (Date.now() < giveUpAt) {
      const token = await locks.acquire(lockKey, lockTtl);
      if (token) {
        let minted: CachedLink;
        try {
          const again = await store.findReusable(fingerprint, modelId, lifetime, wanted());
          if (again) {
            await locks.release(lockKey, token);
            return again;
          }
          // The refresh lead counts the wait for a mint slot too (a page's links come due together);
          // onMinted reports Matterport's own time.
          const queuedAt = Date.now();
          const link = await getLimit()(async () => {
            const startedAt = Date.now();
            minting += 1;
            const created = await createLink(modelId, lifetime, connection).finally(() => {
              minting -= 1;
            });
            onMinted?.({
              modelId,
              connection,
              lifetimeSeconds: lifetime,
              latencyMs: Date.now() - startedAt,
              purpose,
            });
            return created;
          });
          const took = Date.now() - queuedAt;
          mintLatencyMs = mintLatencyMs === undefined ? took : 0.8 * mintLatencyMs + 0.2 * took;
          minted = {
            ...link,
            validUntilMs: Date.parse(link.validUntil),
            lifetimeSeconds: lifetime,
            fingerprint,
            connection,
            purpose,
          };
        } catch (error) {
          await locks.release(lockKey, token).catch(() => undefined);
          throw error;
        }
        // This replica's readers get the link now; the lock is held until the ledger has it,
        // so other replicas wait for the row instead of minting again.
        // The write waits for the rest of the burst (a few ms) to share one commit with it.
        store.record(minted, { key: lockKey, token }, () => locks.release(lockKey, token));
        return minted;
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 250);
      const minted = await store.findReusable(fingerprint, modelId, lifetime, wanted());
      if (minted) return minted;
    }
    throw new MatterportError('MATTERPORT_TIMEOUT', undefined, { operation: 'createLink' });
  };

  /** Starts one background mint for a link nearing its refresh point (single flight, here and across replicas). */
  const refreshIfDue = (key: string, link: CachedLink): void => {
    if (inFlight.has(key)) return;
    const remaining = link.validUntilMs - Date.now();
    if (remaining >= minRemainingMs(link.lifetimeSeconds) + refreshLeadMs(link.lifetimeSeconds))
      return;
    const pending = mintOnce(
      link.fingerprint,
      link.connection,
      link.modelId,
      link.lifetimeSeconds,
      link.purpose ?? 'delivery',
      link.validUntilMs
    )
      .then((fresh) => {
        cache.set(key, fresh);
        return fresh;
      })
      .finally(() => inFlight.delete(key));
    // Nobody waits on a refresh: a failure leaves the current link in place, and the next read
    // after the minRemaining point mints (or reports the error) as usual.
    pending.catch(() => undefined);
    inFlight.set(key, pending);
  };

  return {
    refreshIfDue,
    mintsInFlight: () => minting,

    /**
     * A link for this model and lifetime. While Matterport fails, a cached link that is
     * still valid is better than none.
     */
    async getLink(
      modelId: string,
      lifetimeSeconds: number,
      fingerprint: string,
      purpose: LinkPurpose = 'delivery',
      /** The connection `fingerprint` belongs to: its credentials mint, its failures answer. */
      connection: string = DEFAULT_CONNECTION_ID
    ): Promise<CachedLink> {
      const key = cache.keyOf(fingerprint, modelId, lifetimeSeconds);
      const cached = cache.get(key);
      if (cached && cached.validUntilMs - Date.now() >= minRemainingMs(lifetimeSeconds)) {
        refreshIfDue(key, cached);
        return cached;
      }
      let pending = inFlight.get(key);
      const known = pending ? undefined : knownFailure?.(modelId, connection);
      if (known) {
        if (cached && cached.validUntilMs > Date.now()) return cached;
        throw known;
      }
      if (!pending) {
        pending = mintOnce(fingerprint, connection, modelId, lifetimeSeconds, purpose)
          .then((link) => {
            cache.set(key, link);
            return link;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      try {
        return await pending;
      } catch (error) {
        if (cached && cached.validUntilMs > Date.now()) return cached;
        throw error;
      }
    },
  };
};
