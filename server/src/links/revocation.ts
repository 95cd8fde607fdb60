import type { Core } from '@strapi/strapi';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { RevokeErrorView, RevokeOutcome } from '../../../common/contracts/links';
import { MatterportError, isMatterportError } from '../../../common/errors';
import { emit, type Actor, type PluginEvents } from '../events';
import type { Credentials } from '../matterport/types';
import type { LinkCache } from './cache';
import type { MintLockSubject } from './mint-locks';
import { toListItem, type LinkRow } from './rows';
import { connectionWhere } from './queries';
import type { LinkStore } from './store';
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
  /**
   * The credentials of one connection, as its links are revoked with (a disabled connection's
   * too: its links stay revocable); throws when they cannot be read (no such connection, no
   * credentials, a secret the encryption key cannot open).
   */
  getCredentials: (connection: string) => Promise<RevokingCredentials>;
  /** Matterport's answer to deletePrivateModelEmbedToken (true: revoked), asked through that connection's client. */
  revokeToken: (
    accessToken: string,
    credentials: Credentials,
    connection: string
  ) => Promise<boolean>;
  /** Waits for the mints under way on any replica that `match` selects (their locks); answers how many. */
  awaitMints: (match: (mint: MintLockSubject) => boolean) => Promise<number>;
  /**
   * Writes the audit entry of a revocation before Matterport is called (throws when the
   * database refuses it: then nothing is revoked); answers the function that completes it.
   */
  beginAudit?: (
    actor: Actor,
    details: Record<string, unknown>
  ) => Promise<(outcome: PluginEvents['links.revoked']) => Promise<void>>;
}

/**
 * Which links to revoke. `connection`: only that connection's links (`default` includes the rows
 * written before connections). `credentials: 'current'` is what the connection's current
 * credentials minted (revoke them BEFORE replacing the credentials with another client ID's,
 * while Matterport still accepts them); `'previous'` is what any other credentials of that same
 * connection minted. Both are about ONE connection (`connection`, or `default`): another
 * organisation's links are never "previous credentials".
 */
export interface RevokeFilter {
  id?: number;
  ids?: number[];
  modelId?: string;
  modelIds?: string[];
  connection?: string;
  credentials?: 'current' | 'previous';
}

/** The connection a row belongs to (null: written before connections, the default's). */
export const connectionOfRow = (row: Pick<LinkRow, 'connection'>): string =>
  row.connection ?? DEFAULT_CONNECTION_ID;

export type RevokeScope = PluginEvents['links.revoked']['scope'];

/** Codes of revocation failures that are not Matterport error codes. */
export const REVOKE_ERROR_CODES = {
  /**
   * The credentials of the connection that minted the link cannot be read (the connection was
   * removed, holds no credentials, or its secret cannot be decrypted): it was not sent to Matterport.
   */
  noCredentials: 'CONNECTION_CREDENTIALS_UNAVAILABLE',
  /** The row's token cannot be decrypted (the encryption key changed): it was not sent to Matterport. */
  undecryptable: 'LINK_UNDECRYPTABLE',
  /** Matterport answered deletePrivateModelEmbedToken with false. */
  refused: 'REVOKE_REFUSED',
  /** Matterport does not know the token for these credentials, and another client ID minted it. */
  foreign: 'REVOKE_FOREIGN_TOKEN',
  /** Matterport revoked the token, but the database refused to mark its ledger row revoked. */
  unrecorded: 'LEDGER_WRITE_FAILED',
} as const;

/** Attempts at marking a row revoked before it is reported unrecorded (a lock timeout or a deadlock may pass). */
const MARK_ATTEMPTS = 2;
const MARK_RETRY_MS = 200;

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

/**
 * The connection a filter is about: its own, or `default` for a credentials filter that names
 * none (the settings page's revocations, from before connections); undefined: every connection.
 */
const scopeOf = (filter: RevokeFilter): string | undefined =>
  filter.connection ?? (filter.credentials ? DEFAULT_CONNECTION_ID : undefined);

/** `fingerprints`: the scoped connection's (required by a credentials filter). */
const toWhere = (filter: RevokeFilter, fingerprints: string[] | undefined): LinkFilter => {
  const where: LinkFilter = {};
  if (filter.id !== undefined) where.id = filter.id;
  else if (filter.ids) where.id = { $in: filter.ids };
  if (filter.modelId !== undefined) where.modelId = filter.modelId;
  else if (filter.modelIds) where.modelId = { $in: filter.modelIds };
  const scope = scopeOf(filter);
  if (scope) where.$and = [connectionWhere(scope)];
  if (filter.credentials === 'current') where.fingerprint = { $in: fingerprints ?? [] };
  if (filter.credentials === 'previous') where.fingerprint = { $notIn: fingerprints ?? [] };
  return where;
};

/**
 * Which mints under way a revocation must wait for: those whose links it would match. A filter
 * by row ID names links already recorded, so it waits for none. A mint lock names credentials
 * (a fingerprint), not a connection: a filter by connection waits for the mints of that
 * connection's credentials, or for every mint when they cannot be read (`fingerprints`
 * undefined: waiting a little longer is safe, a link escaping is not).
 */
const mintsOf =
  (filter: RevokeFilter, fingerprints: string[] | undefined) =>
  (mint: MintLockSubject): boolean => {
    if (filter.id !== undefined || filter.ids) return false;
    if (filter.modelId !== undefined && mint.modelId !== filter.modelId) return false;
    if (filter.modelIds && !filter.modelIds.includes(mint.modelId)) return false;
    if (!fingerprints) return true;
    // 'previous' of a connection: other credentials of it, which no mint uses any more (mints
    // read the credentials afresh) but one that started before the change; another connection's
    // mints are never its previous credentials, and cannot be told apart here, so wait for all.
    if (filter.credentials === 'previous') return !fingerprints.includes(mint.fingerprint);
    return fingerprints.includes(mint.fingerprint);
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
  beginAudit,
}: Deps) => {
  const forget = (row: LinkRow): number => {
    const cached = store.toCached(row);
    return cached ? cache.forget({ accessToken: cached.accessToken }) : 0;
  };
  // Links revoked, and links whose revocation failed (an admin asked to stop them: no replica
  // hands them out any more, as the ledger's reuse look-up already does not).
  const revokedPoll = createLedgerPoll(store, 'revokedAt', forget);
  const failedPoll = createLedgerPoll(store, 'revokeFailedAt', forget);
  // Links Matterport revoked whose ledger row the database refused to mark (tombstones): read
  // from their own table, with the same look-back as the ledger polls.
  let tombstonesFrom = 0;
  const seenTombstones = new Set<number>();
  const tombstonePoll = async (): Promise<number> => {
    const found = await store.tombstonesSince(tombstonesFrom, REVOKED_PAGE);
    const fresh = found.filter((t) => !seenTombstones.has(t.linkId));
    for (const t of fresh) {
      seenTombstones.add(t.linkId);
      store.markDead(t.linkId, t.validUntil);
    }
    let acted = 0;
    for (const row of await store.findRows(fresh.map((t) => t.linkId))) acted += forget(row);
    const newest = Math.max(tombstonesFrom, ...found.map((t) => t.revokedAt));
    tombstonesFrom =
      found.length >= REVOKED_PAGE ? newest : Math.max(tombstonesFrom, newest - LATE_COMMIT_MS);
    return acted;
  };

  /**
   * Marks a row revoked (Matterport confirmed, or it expired). When the database refuses the
   * write even after a retry, the row stays active in the ledger: this replica forgets the
   * token at once and every other one learns it from a tombstone (a table of its own, which
   * their revocation poll reads), so nobody hands the dead link out again. Answers the row as
   * marked, or the failure (and whether the other replicas were told).
   */
  const markRevoked = async (
    row: LinkRow,
    actor: Actor
  ): Promise<{ ok: true; row: LinkRow } | { ok: false; message: string; told: boolean }> => {
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= MARK_ATTEMPTS; attempt += 1) {
      try {
        return { ok: true, row: await store.markRevoked(row.id, actor) };
      } catch (error) {
        lastError = error as Error;
        if (attempt < MARK_ATTEMPTS) await new Promise((r) => setTimeout(r, MARK_RETRY_MS));
      }
    }
    let told = true;
    try {
      await store.addTombstone(row);
    } catch (error) {
      told = false;
      strapi.log.error(
        `[matterport] link ${row.id}: could not tell the other replicas it is revoked either: ${(error as Error).message}`
      );
    }
    strapi.log.error(
      `[matterport] link ${row.id} was revoked at Matterport, but the ledger could not record it: ${lastError?.message}`
    );
    return {
      ok: false,
      told,
      message: `Matterport revoked this link (it no longer works), but the database refused to record it in the ledger (${lastError?.message ?? 'unknown error'}), so it is still listed as usable. ${
        told
          ? 'Every Strapi process stops handing it out within seconds.'
          : 'This Strapi process stopped handing it out; other processes may hand it out (it no longer plays) until it expires.'
      } Revoke it again once the database accepts writes, to record it.`,
    };
  };

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
      const confirmed = await revokeToken(
        cached.accessToken,
        revoking.credentials,
        connectionOfRow(row)
      );
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
      // Each row is revoked with the credentials of ITS connection (an organisation's token is
      // unknown to another's client). A filter by credentials needs its connection's fingerprints
      // to match rows at all: when they cannot be read, nothing can be revoked, and nothing is
      // marked (the caller gets the error). A filter by connection only uses them to wait for
      // that connection's mints (every mint when they cannot be read).
      const scopedId = scopeOf(filter);
      const scoped = filter.credentials
        ? await getCredentials(scopedId ?? DEFAULT_CONNECTION_ID)
        : scopedId
          ? await getCredentials(scopedId).catch(() => undefined)
          : undefined;
      const fingerprints = scoped?.fingerprints;
      const underway = mintsOf(filter, fingerprints);
      // The rows this pass tries (a failure is not retried by the pass after the commit).
      const tried = new Set<number>();
      if (strapi.db.inTransaction()) {
        await strapi.db.transaction(async ({ onCommit }) =>
          onCommit(() => {
            void (async () => {
              await store.flushRecords();
              await awaitMints(underway);
              const late = (await store.findActive(toWhere(filter, fingerprints)))
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
      const rows = await store.findActive(toWhere(filter, fingerprints));
      for (const row of rows) tried.add(row.id);
      // The credentials of every connection the rows belong to, read once; a connection whose
      // credentials cannot be read fails its own rows (said with the reason), the others proceed.
      const connections = [...new Set(rows.map(connectionOfRow))].sort();
      const credentialsOf = new Map<string, RevokingCredentials | { error: string }>();
      for (const connection of connections) {
        if (scoped && connection === scopedId) {
          credentialsOf.set(connection, scoped);
          continue;
        }
        credentialsOf.set(
          connection,
          await getCredentials(connection).catch((error: Error) => ({ error: error.message }))
        );
      }
      // Written before Matterport is called: a revocation the audit trail cannot record is not made.
      const completeAudit = await beginAudit?.(actor, {
        scope,
        modelIds: [...new Set(rows.map((r) => r.modelId))],
        connections,
        counts: { matched: rows.length },
      });
      const outcome: RevokeOutcome = { revoked: [], failed: [] };
      const unrecorded: NonNullable<RevokeOutcome['unrecorded']> = [];
      // One organisation failing (its credentials refused, throttled) says nothing of another's:
      // the systemic streak is counted per connection.
      const streaks = new Map<
        string,
        { inARow: number; last?: { code: string; message: string } }
      >();
      for (const row of rows) {
        const connection = connectionOfRow(row);
        const revoking = credentialsOf.get(connection);
        const streak = streaks.get(connection) ?? { inARow: 0 };
        streaks.set(connection, streak);
        let result: RowResult;
        if (!revoking || 'error' in revoking) {
          result = {
            ok: false,
            error: {
              code: REVOKE_ERROR_CODES.noCredentials,
              message: `The credentials of the Matterport connection "${connection}" that minted this link cannot be read (${revoking?.error ?? 'unknown'}), so it could not be sent to Matterport. The link stays usable until it expires.`,
            },
          };
        } else if (streak.last && streak.inARow >= SYSTEMIC_LIMIT) {
          result = {
            ok: false,
            error: { code: streak.last.code, message: `Not tried: ${streak.last.message}` },
          };
        } else {
          result = await revokeRow(row, revoking);
        }
        if (!result.ok && SYSTEMIC.has(result.error.code)) {
          streak.inARow += 1;
          streak.last = result.error;
        } else {
          streak.inARow = 0;
        }
        // The admin asked to stop this link: this replica stops handing it out whatever the
        // outcome (and before the ledger write, which may fail).
        const cached = store.toCached(row);
        if (cached) cache.forget({ accessToken: cached.accessToken });
        // A token that expired while we tried is revoked anyway: nobody can use it any more.
        if (result.ok || new Date(row.validUntil).getTime() <= Date.now()) {
          const marked = await markRevoked(row, actor);
          if (marked.ok) outcome.revoked.push(toListItem(marked.row));
          else
            unrecorded.push({
              link: toListItem(row),
              error: { code: REVOKE_ERROR_CODES.unrecorded, message: marked.message },
              told: marked.told,
            });
        } else {
          const error: RevokeErrorView = { ...result.error, at: new Date().toISOString() };
          const updated = await store.markRevokeFailed(row.id, error);
          outcome.failed.push({ link: toListItem(updated), error: result.error });
        }
      }
      if (filter.modelId) cache.forget({ modelId: filter.modelId });
      if (unrecorded.length) outcome.unrecorded = unrecorded;
      const event: PluginEvents['links.revoked'] = {
        actor,
        scope,
        modelIds: [...new Set(rows.map((r) => r.modelId))],
        connections,
        revoked: outcome.revoked.length,
        failed: outcome.failed.length,
        unrecorded: unrecorded.length,
        failures: [...outcome.failed, ...unrecorded].map((f) => ({
          id: f.link.id,
          modelId: f.link.modelId,
          connection: f.link.connection,
          code: f.error.code,
        })),
      };
      // The entry says who asked already; when its outcome cannot be written, the answer still
      // tells the admin everything (the entry stays "started").
      await completeAudit?.(event).catch((error: Error) =>
        strapi.log.error(
          `[matterport] could not complete the audit entry of a revocation: ${error.message}`
        )
      );
      emit(strapi, 'links.revoked', event);
      if (outcome.failed.length) {
        strapi.log.warn(
          `[matterport] ${outcome.failed.length} of ${rows.length} link(s) could not be revoked (${[...new Set(outcome.failed.map((f) => f.error.code))].join(', ')})`
        );
      }
      return outcome;
    },

    /** Drops from memory the links another replica revoked, or failed to revoke, since the last look. */
    async syncRevocations(): Promise<number> {
      return (await revokedPoll.poll()) + (await failedPoll.poll()) + (await tombstonePoll());
    },

    /** Starts the revocation cursor now, so a fresh process does not replay history. */
    startCursor(at = new Date()) {
      revokedPoll.start(at);
      failedPoll.start(at);
      // Tombstones are few and mean "never hand this out": a fresh process reads them all.
      tombstonesFrom = 0;
    },
  };
  return revocation;
};
