import { randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { emit, type Actor } from '../events';
import { revocationAuditDetails } from '../ops/service';
import { getService } from '../utils/get-service';
import { createLinkCache } from './cache';
import { createMintCoordinator } from './coordinator';
import { createMintLocks } from './mint-locks';
import { createRevocation, type RevokeFilter, type RevokeScope } from './revocation';
import type { Credentials } from '../matterport/types';
import { isConnectionId } from '../../../common/connection-id';
import { MatterportError } from '../../../common/errors';
import type { LinkQuery } from './rows';
import { createLinkStore } from './store';

/**
 * Links: the one place a delivered link comes from and is revoked. It owns this
 * process's memory of links, the shared ledger, the mint lock and revocation; it
 * calls Matterport through the matterport service and nothing calls back into it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService('runtime', strapi).config();
  const cipher = () => getService('runtime', strapi).cipher();
  const minRemainingMs = (lifetimeSeconds: number): number =>
    Math.min(config().minRemainingSeconds ?? lifetimeSeconds / 2, lifetimeSeconds) * 1000;

  const cache = createLinkCache({ max: () => config().cacheMaxEntries, minRemainingMs });
  // The coordinator is made below; the store asks it only when a write is due.
  const store = createLinkStore(strapi, cipher, {
    mintsInFlight: () => coordinator.mintsInFlight(),
  });
  const locks = createMintLocks(() => strapi.db.connection, randomUUID());
  const coordinator = createMintCoordinator({
    config,
    cache,
    store,
    locks,
    minRemainingMs,
    createLink: (modelId, lifetime, connection) =>
      getService('matterport', strapi).createLink(modelId, lifetime, connection),
    onMinted: (info) => emit(strapi, 'link.minted', info),
    knownFailure: (modelId, connection) =>
      getService('matterport', strapi).knownFailure(modelId, connection),
  });
  /**
   * A connection's credentials as its links are revoked with: read from the stored settings, so
   * a disabled connection's links stay revocable (getCredentials refuses a disabled one), and a
   * rotation on another replica counts. MATTERPORT_NOT_CONFIGURED when they cannot be read.
   */
  const credentialsOf = async (connection: string): Promise<Credentials> => {
    const settings = getService('settings', strapi);
    let credentials: Credentials | undefined;
    try {
      credentials = await settings.connectionCredentials(connection);
    } catch (error) {
      throw new MatterportError(
        'MATTERPORT_NOT_CONFIGURED',
        isConnectionId(connection) && (error as Error).name === 'NotFoundError'
          ? `There is no Matterport connection "${connection}".`
          : (error as Error).message
      );
    }
    if (!credentials)
      throw new MatterportError(
        'MATTERPORT_NOT_CONFIGURED',
        `The Matterport connection "${connection}" holds no credentials.`
      );
    return credentials;
  };
  const revocation = createRevocation({
    strapi,
    store,
    cache,
    getCredentials: async (connection) => {
      const credentials = await credentialsOf(connection);
      return {
        credentials,
        fingerprints: cipher().fingerprints(credentials.clientId, credentials.clientSecret),
      };
    },
    revokeToken: (accessToken, credentials, connection) =>
      getService('matterport', strapi).revokeToken(accessToken, credentials, connection),
    awaitMints: locks.awaitMints,
    beginAudit: async (actor, details) => {
      const complete = await getService('ops', strapi).audit.begin('link.revoke', actor, details);
      return (event) => complete(revocationAuditDetails(event));
    },
  });

  return {
    getLink: coordinator.getLink,
    /** A link with at least minRemaining left, from memory only; one nearing its refresh point is re-minted in the background. */
    peekFresh(modelId: string, lifetimeSeconds: number, fingerprint: string) {
      const key = cache.keyOf(fingerprint, modelId, lifetimeSeconds);
      const fresh = cache.peekFreshKey(key, lifetimeSeconds);
      if (fresh) coordinator.refreshIfDue(key, fresh);
      return fresh;
    },
    peekValid: cache.peekValid,
    minRemainingMs,
    /** The tables the ledger needs beside its content type: mint locks, and tombstones of revoked links. */
    async ensureLockTable(): Promise<void> {
      await store.ensureLockTable();
      await store.ensureTombstoneTable();
    },
    backfillPurpose: store.backfillPurpose,
    ensureCaseSensitiveKeys: store.ensureCaseSensitiveKeys,
    flushRecords: store.flushRecords,
    listPage: store.listPage,
    /**
     * The usable links a filter of the links page matches (at most `limit`). A link minted a
     * moment ago matches "every usable link" too: the mints under way that the filter may match
     * (its models; created now) are waited for first, so their rows are there to be counted.
     */
    async revocableIds(filter: LinkQuery, limit: number) {
      const createdNowMatches = !filter.ids && !(filter.to && filter.to.getTime() < Date.now());
      if (createdNowMatches)
        await locks.awaitMints(
          (mint) => !filter.modelIds || filter.modelIds.includes(mint.modelId)
        );
      return store.revocableIds(filter, limit);
    },
    counts: store.counts,
    deliveryLinksExpiringBefore: store.deliveryLinksExpiringBefore,
    cacheStats: cache.stats,
    /** Takes a cluster-wide once-only claim on `key` for `ttlMs` (the mint lock table): true for the first taker. */
    claim: async (key: string, ttlMs: number): Promise<boolean> =>
      (await locks.acquire(key, ttlMs)) !== null,
    findOne: store.findOne,
    purgeExpired: () => store.purgeExpired(config().retentionMs),
    /** Revokes the links that match; answers every matched link's outcome (see RevokeOutcome). */
    revokeWhere: (filter: RevokeFilter, actor: Actor, scope?: RevokeScope) =>
      revocation.revokeWhere(filter, actor, scope),
    /**
     * Revokes every usable link of a connection (one being removed: by its `connection` column,
     * whatever credentials of it minted them), each with its credentials; answers every
     * matched link's outcome.
     */
    revokeConnection: (connection: string, actor: Actor) =>
      revocation.revokeWhere({ connection }, actor, 'filter'),
    /** Re-encrypts every ledger token not written with the current key; undecryptable rows are counted, left as they are. */
    async reencrypt(): Promise<{ rows: number; failed: number }> {
      let rows = 0;
      let failed = 0;
      let after = 0;
      for (;;) {
        const batch = await store.withSecretsAfter(after, 200);
        if (!batch.length) break;
        for (const row of batch) {
          after = row.id;
          if (!row.secret || !cipher().isStale(row.secret)) continue;
          try {
            await store.replaceSecret(row.id, cipher().reencrypt(row.secret, 'ledger.token'));
            rows += 1;
          } catch {
            failed += 1;
          }
        }
      }
      return { rows, failed };
    },
    syncRevocations: revocation.syncRevocations,
    startCursor: revocation.startCursor,
  };
};
