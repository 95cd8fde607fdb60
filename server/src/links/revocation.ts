import type { Core } from '@strapi/strapi';

import type { LinkView } from '../../../common/api-types';
import { MatterportError } from '../../../common/errors';
import { emit, type PluginEvents } from '../events';
import type { Credentials } from '../matterport/types';
import type { LinkCache } from './cache';
import { toView, type LinkRow, type LinkStore } from './store';
import type { LinkFilter } from './types';

interface Deps {
  strapi: Core.Strapi;
  store: LinkStore;
  cache: LinkCache;
  getCredentials: () => Promise<Credentials>;
  revokeToken: (accessToken: string, credentials: Credentials) => Promise<unknown>;
}

/** Revocation at Matterport, its record in the ledger, and its spread to every replica's memory. */
export const createRevocation = ({ strapi, store, cache, getCredentials, revokeToken }: Deps) => {
  let revocationCursor = new Date(0);
  let seenAtCursor = new Set<number>();

  const revocation = {
    /** Revokes at Matterport, marks the rows, and drops the links from this replica's memory. */
    async revoke(where: LinkFilter, revokedBy: string): Promise<LinkView[]> {
      // A link minted a moment ago must not escape revocation because its row was still on its way.
      // Inside a transaction (the Content Manager's unpublish) the pending insert may need the very
      // connection the transaction holds (SQLite has one), so waiting for it would deadlock: revoke
      // what is recorded now, and once the transaction is over, wait for the rest and revoke again.
      if (strapi.db.inTransaction()) {
        await strapi.db.transaction(async ({ onCommit }) =>
          onCommit(() => {
            if (!store.hasPending()) return;
            void store
              .flushRecords()
              .then(() => revocation.revoke(where, revokedBy))
              .catch((error: Error) => strapi.log.warn(`[matterport] could not revoke links recorded late: ${error.message}`));
          })
        );
      } else {
        await store.flushRecords();
      }
      const rows: LinkRow[] = await store.findActive(where);
      // Matterport wants the app's credentials to revoke; a token it no longer knows counts as revoked.
      const credentials = await getCredentials();
      const revoked: LinkView[] = [];
      // Told to the audit trail and webhooks, whatever the outcome (a failure stops the loop).
      const tell = (failure?: { row: LinkRow; error: unknown }) => {
        if (!rows.length) return;
        const scope: PluginEvents['links.revoked']['scope'] =
          revokedBy === 'revokeOnUnpublish' ? 'unpublish' : where.fingerprint ? 'previous-credentials' : typeof where.id === 'number' ? 'link' : where.id ? 'filter' : 'model';
        emit(strapi, 'links.revoked', {
          actor: revokedBy,
          scope,
          modelIds: [...new Set(rows.map((r) => r.modelId))],
          revoked: revoked.length,
          failed: failure ? rows.length - revoked.length : 0,
          failures: failure
            ? [{ id: failure.row.id, modelId: failure.row.modelId, code: failure.error instanceof MatterportError ? failure.error.code : 'UNKNOWN' }]
            : [],
        });
      };
      for (const row of rows) {
        const cached = store.toCached(row);
        if (cached) {
          try {
            await revokeToken(cached.accessToken, credentials);
          } catch (error) {
            if (!(error instanceof MatterportError && error.code === 'MATTERPORT_NOT_FOUND')) {
              tell({ row, error });
              throw error;
            }
          }
          cache.forget({ accessToken: cached.accessToken });
        }
        revoked.push(toView(await store.markRevoked(row.id, revokedBy)));
      }
      if (where.modelId) cache.forget({ modelId: where.modelId });
      tell();
      return revoked;
    },

    /** Drops from memory the links another replica revoked since the last look. */
    async syncRevocations(): Promise<number> {
      const rows = await store.revokedSince(revocationCursor);
      let dropped = 0;
      const seen = new Set<number>();
      for (const row of rows) {
        if (!row.revokedAt) continue;
        const at = new Date(row.revokedAt);
        if (at > revocationCursor) {
          revocationCursor = at;
          seen.clear();
        }
        seen.add(row.id);
        if (seenAtCursor.has(row.id)) continue;
        const cached = store.toCached(row);
        if (cached) dropped += cache.forget({ accessToken: cached.accessToken });
      }
      if (rows.length) seenAtCursor = seen;
      return dropped;
    },

    /** Starts the revocation cursor now, so a fresh process does not replay history. */
    startCursor(at = new Date()) {
      revocationCursor = at;
    },
  };
  return revocation;
};
