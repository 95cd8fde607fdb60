import type { Core } from '@strapi/strapi';

import type { RevokeErrorView, RevokeOutcome } from '../../../common/api-types';
import { MatterportError, isMatterportError } from '../../../common/errors';
import { emit, type Actor, type PluginEvents } from '../events';
import type { Credentials } from '../matterport/types';
import type { LinkCache } from './cache';
import type { MintLockSubject } from './mint-locks';
import { toListItem, type LinkRow, type LinkStore } from './store';
import type { LinkFilter } from './types';

/** The credentials a revocation runs with, and every fingerprint rows minted by them may carry. */
export interface RevokingCredentials {
  credentials: Credentials;
  fingerprints: string[];
}

interface Deps {
  strapi: Core.Strapi;
  store: LinkStore;
  cache: LinkCache;
  getCredentials: () => Promise<RevokingCredentials>;
  /** Matterport's answer to deletePrivateModelEmbedToken (true: revoked). */
  revokeToken: (accessToken: string, credentials: Credentials) => Promise<boolean>;
  /** Waits for the mints under way on any replica that `match` selects (their locks); answers how many. */
  awaitMints: (match: (mint: MintLockSubject) => boolean) => Promise<number>;
}

/**
 * Which links to revoke. `credentials: 'current'` is what the current credentials minted
 * (revoke them BEFORE replacing the credentials with another client ID's, while Matterport
 * still accepts them); `'previous'` is what any other credentials minted.
 */
export interface RevokeFilter {
  id?: number;
  ids?: number[];
  modelId?: string;
  modelIds?: string[];
  credentials?: 'current' | 'previous';
}

export type RevokeScope = PluginEvents['links.revoked']['scope'];

/** Codes of revocation failures that are not Matterport error codes. */
export const REVOKE_ERROR_CODES = {
  /** The row's token cannot be decrypted (the encryption key changed): it was not sent to Matterport. */
  undecryptable: 'LINK_UNDECRYPTABLE',
  /** Matterport answered deletePrivateModelEmbedToken with false. */
  refused: 'REVOKE_REFUSED',
  /** Matterport does not know the token for these credentials, and another client ID minted it. */
  foreign: 'REVOKE_FOREIGN_TOKEN',
} as const;

/** Failures that say Matterport (or the account) is unusable right now, not this one token. */
const SYSTEMIC = new Set([
  'MATTERPORT_AUTH_FAILED',
  'MATTERPORT_RATE_LIMITED',
  'MATTERPORT_UNAVAILABLE',
  'MATTERPORT_TIMEOUT',
  'MATTERPORT_NOT_CONFIGURED',
]);
/** Revoked rows one poll of other replicas' revocations reads at most. */
const REVOKED_PAGE = 1000;
/** How long after the time it carries a revoked row may become visible (its transaction's commit). */
const LATE_COMMIT_MS = 10_000;

/** After this many systemic failures in a row, the rest are recorded as failed without calling Matterport again. */
const SYSTEMIC_LIMIT = 2;

type RowResult = { ok: true } | { ok: false; error: { code: string; message: string } };

const toWhere = (filter: RevokeFilter, fingerprints: string[]): LinkFilter => {
  const where: LinkFilter = {};
  if (filter.id !== undefined) where.id = filter.id;
  else if (filter.ids) where.id = { $in: filter.ids };
  if (filter.modelId !== undefined) where.modelId = filter.modelId;
  else if (filter.modelIds) where.modelId = { $in: filter.modelIds };
  if (filter.credentials === 'current') where.fingerprint = { $in: fingerprints };
  if (filter.credentials === 'previous') where.fingerprint = { $notIn: fingerprints };
  return where;
};

/**
 * Which mints under way a revocation must wait for: those whose links it would match. A filter
 * by row ID names links already recorded, so it waits for none.
 */
const mintsOf =
  (filter: RevokeFilter, fingerprints: string[]) =>
  (mint: MintLockSubject): boolean => {
    if (filter.id !== undefined || filter.ids) return false;
    if (filter.modelId !== undefined && mint.modelId !== filter.modelId) return false;
    if (filter.modelIds && !filter.modelIds.includes(mint.modelId)) return false;
    if (filter.credentials === 'current' && !fingerprints.includes(mint.fingerprint)) return false;
    if (filter.credentials === 'previous' && fingerprints.includes(mint.fingerprint)) return false;
    return true;
  };

/**
 * Reads the ledger rows whose `column` is at or after the last look, through that column's index,
 * and hands each to `act` once. A row carries the time its revocation was decided, but other
 * replicas see it only once its transaction commits (inside the Content Manager's unpublish, at
 * the end of it): another row may be seen first with a later time. So each poll reads again from
 * LATE_COMMIT_MS before the newest time seen; a full page reads on from its last row.
 */
const createLedgerPoll = (
  store: Pick<LinkStore, 'revokedSince'>,
  column: 'revokedAt' | 'revokeFailedAt',
  act: (row: LinkRow) => number
) => {
  let from = new Date(0);
  let newestMs = 0;
  // Rows seen within LATE_COMMIT_MS of the newest time (read again by the look-back).
  const seen = new Map<number, number>();
  return {
    /** Starts at `at`, so a fresh process does not replay history. */
    start(at: Date) {
      from = at;
      newestMs = at.getTime();
    },
    async poll(): Promise<number> {
      const rows = await store.revokedSince(column, from, REVOKED_PAGE);
      let acted = 0;
      let lastMs = from.getTime();
      for (const row of rows) {
        const time = row[column];
        if (!time) continue;
        const at = new Date(time).getTime();
        lastMs = Math.max(lastMs, at);
        newestMs = Math.max(newestMs, at);
        if (seen.has(row.id)) continue;
        seen.set(row.id, at);
        acted += act(row);
      }
      from = new Date(
        rows.length >= REVOKED_PAGE ? lastMs : Math.max(0, newestMs - LATE_COMMIT_MS)
      );
      for (const [id, at] of seen) if (at < newestMs - LATE_COMMIT_MS) seen.delete(id);
      return acted;
    },
  };
};

/** Revocation at Matterport, its truthful record in the ledger, and its spread to every replica's memory. */
export const createRevocation = ({
  strapi,
  store,
  cache,
  getCredentials,
  revokeToken,
  awaitMints,
}: Deps) => {
  const forget = (row: LinkRow): number => {
    const cached = store.toCached(row);
    return cached ? cache.forget({ accessToken: cached.accessToken }) : 0;
  };
  // Links revoked, and links whose revocation failed (an admin asked to stop them: no replica
  // hands them out any more, as the ledger's reuse look-up already does not).
  const revokedPoll = createLedgerPoll(store, 'revokedAt', forget);
  const failedPoll = createLedgerPoll(store, 'revokeFailedAt', forget);

  /** Whether this token was minted by the client ID that is revoking it. */
  const sameClient = (row: LinkRow, revoking: RevokingCredentials): boolean =>
    row.clientId
      ? row.clientId === revoking.credentials.clientId
      : revoking.fingerprints.includes(row.fingerprint);

  const revokeRow = async (row: LinkRow, revoking: RevokingCredentials): Promise<RowResult> => {
    const cached = store.toCached(row);
    if (!cached) {
      return {
        ok: false,
        error: {
          code: REVOKE_ERROR_CODES.undecryptable,
          message:
            'The token of this link cannot be decrypted (the encryption key changed), so it could not be sent to Matterport. List the old key in previousEncryptionKeys and try again; the link stays usable until it expires.',
        },
      };
    }
    try {
      const confirmed = await revokeToken(cached.accessToken, revoking.credentials);
      if (confirmed) return { ok: true };
      return {
        ok: false,
        error: {
          code: REVOKE_ERROR_CODES.refused,
          message:
            'Matterport answered that it did not revoke this token. The link stays usable; try again.',
        },
      };
    } catch (error) {
      const failure = isMatterportError(error)
        ? error
        : new MatterportError('MATTERPORT_UNAVAILABLE', undefined, {
            operation: 'revokeToken',
            cause: error,
          });
      if (failure.code === 'MATTERPORT_NOT_FOUND') {
        // Its own client does not know the token: it is gone (expired or revoked before).
        if (sameClient(row, revoking)) return { ok: true };
        return {
          ok: false,
          error: {
            code: REVOKE_ERROR_CODES.foreign,
            message:
              'Another client ID minted this link, and Matterport does not let these credentials revoke it. Revoke it with the client ID that minted it (before replacing those credentials), or let it expire.',
          },
        };
      }
      return { ok: false, error: { code: failure.code, message: failure.message } };
    }
  };

  const revocation = {
    /**
     * Revokes the matching active links one by one and records each outcome: a row is marked
     * revoked only when Matterport confirmed it (or the token expired anyway); otherwise it
     * stays active with `revokeError`, and can be tried again. One failure never stops the
     * rest: every matched row is in `revoked` or `failed`.
     */
    async revokeWhere(
      filter: RevokeFilter,
      actor: Actor,
      scope: RevokeScope = 'filter'
    ): Promise<RevokeOutcome> {
      // A link minted a moment ago must not escape revocation because its row was still on its
      // way: the ledger write that ends a mint releases its lock in the same commit, so waiting
      // for the mint locks held now (this replica's and every other's) waits for those rows.
      // Inside a transaction (the Content Manager's unpublish) that write may need the very
      // connection or database lock the transaction holds (SQLite has one writer), so waiting
      // would deadlock: revoke what is recorded now, and once the transaction is over, wait for
      // the mints under way and revoke what was recorded meanwhile (on another replica, or on
      // another connection, a row may have arrived while the transaction ran), if anything.
      // Not configured: nothing can be revoked, and nothing is marked (the caller gets the error).
      const revoking = await getCredentials();
      const underway = mintsOf(filter, revoking.fingerprints);
      // The rows this pass tries (a failure is not retried by the pass after the commit).
      const tried = new Set<number>();
      if (strapi.db.inTransaction()) {
        await strapi.db.transaction(async ({ onCommit }) =>
          onCommit(() => {
            void (async () => {
              await store.flushRecords();
              await awaitMints(underway);
              const late = (await store.findActive(toWhere(filter, revoking.fingerprints)))
                .map((row) => row.id)
                .filter((id) => !tried.has(id));
              if (late.length) await revocation.revokeWhere({ ids: late }, actor, scope);
            })().catch((error: Error) =>
              strapi.log.warn(`[matterport] could not revoke links recorded late: ${error.message}`)
            );
          })
        );
      } else {
        await store.flushRecords();
        await awaitMints(underway);
      }
      const rows = await store.findActive(toWhere(filter, revoking.fingerprints));
      for (const row of rows) tried.add(row.id);
      const outcome: RevokeOutcome = { revoked: [], failed: [] };
      let systemicInARow = 0;
      let lastSystemic: { code: string; message: string } | undefined;
      for (const row of rows) {
        let result: RowResult;
        if (lastSystemic && systemicInARow >= SYSTEMIC_LIMIT) {
          result = {
            ok: false,
            error: { code: lastSystemic.code, message: `Not tried: ${lastSystemic.message}` },
          };
        } else {
          result = await revokeRow(row, revoking);
        }
        if (!result.ok && SYSTEMIC.has(result.error.code)) {
          systemicInARow += 1;
          lastSystemic = result.error;
        } else {
          systemicInARow = 0;
        }
        let updated: LinkRow;
        // A token that expired while we tried is revoked anyway: nobody can use it any more.
        if (result.ok || new Date(row.validUntil).getTime() <= Date.now()) {
          updated = await store.markRevoked(row.id, actor);
          const cached = store.toCached(row);
          if (cached) cache.forget({ accessToken: cached.accessToken });
          outcome.revoked.push(toListItem(updated));
        } else {
          const error: RevokeErrorView = { ...result.error, at: new Date().toISOString() };
          updated = await store.markRevokeFailed(row.id, error);
          // The admin asked to stop this link: this replica stops handing it out even if Matterport kept it.
          const cached = store.toCached(row);
          if (cached) cache.forget({ accessToken: cached.accessToken });
          outcome.failed.push({ link: toListItem(updated), error: result.error });
        }
      }
      if (filter.modelId) cache.forget({ modelId: filter.modelId });
      emit(strapi, 'links.revoked', {
        actor,
        scope,
        modelIds: [...new Set(rows.map((r) => r.modelId))],
        revoked: outcome.revoked.length,
        failed: outcome.failed.length,
        failures: outcome.failed.map((f) => ({
          id: f.link.id,
          modelId: f.link.modelId,
          code: f.error.code,
        })),
      });
      if (outcome.failed.length) {
        strapi.log.warn(
          `[matterport] ${outcome.failed.length} of ${rows.length} link(s) could not be revoked (${[...new Set(outcome.failed.map((f) => f.error.code))].join(', ')})`
        );
      }
      return outcome;
    },

    /** Drops from memory the links another replica revoked, or failed to revoke, since the last look. */
    async syncRevocations(): Promise<number> {
      return (await revokedPoll.poll()) + (await failedPoll.poll());
    },

    /** Starts the revocation cursor now, so a fresh process does not replay history. */
    startCursor(at = new Date()) {
      revokedPoll.start(at);
      failedPoll.start(at);
    },
  };
  return revocation;
};
