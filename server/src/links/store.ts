import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';

import type { LinkView, RevokeErrorView } from '../../../common/contracts/links';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { LINK_UID } from '../../../common/plugin';
import { isEncryptedValue, type Cipher, type EncryptedValue } from '../crypto';
import { LOCK_TABLE, lockReleaser, type HeldLock } from './mint-locks';

/** Links Matterport revoked whose ledger row could not be marked (see addTombstone). */
export const TOMBSTONE_TABLE = 'matterport_revoked_links';
import type { CachedLink, LinkFilter } from './types';
import { createLinkQueries } from './queries';
import { toView, type LinkRow } from './rows';
import type { Actor } from '../events';

/** Rows per statement of the purge: small enough that readers are never held up for long (SQLite has one writer). */
export const PURGE_BATCH = 1000;
/** The longest a minted link waits for the rest of its burst before it is written. */
const RECORD_WINDOW_MS = 50;
/** After a burst, how long the write lets the content answers that waited for it go first. */
const RECORD_SETTLE_MS = 15;
const PURGE_PAUSE_MS = 50;

interface ReuseQuery {
  fingerprint: string;
  modelId: string;
  lifetime: number;
  minValidUntilMs: number;
}

/**
 * The ledger of minted links, as rows: the cache the replicas share (a replica that
 * misses its memory looks here before minting) and the record revocation works from.
 * Tokens rest encrypted; nothing here calls Matterport.
 */
export const createLinkStore = (
  strapi: Core.Strapi,
  cipher: () => Cipher,
  options: { mintsInFlight?: () => number } = {}
) => {
  const query = () => strapi.db.query(LINK_UID);
  const knex = () => strapi.db.connection;
  const releaseLocks = lockReleaser(knex);
  // Each minted link's record-then-release, still under way. The admin and revocation wait for
  // them (a link minted a moment ago must be listed and revocable), and so does shutdown (a
  // lock left behind by a process that exited would make every replica wait for it to expire).
  const pending = new Set<Promise<void>>();
  // Rows whose token Matterport revoked although the ledger could not say so (tombstones, see
  // addTombstone): the reuse look-up skips them until they would have expired.
  const dead = new Map<number, number>();
  const isDead = (id: number): boolean => {
    const until = dead.get(id);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    dead.delete(id);
    return false;
  };

  const toCached = (row: LinkRow): CachedLink | undefined => {
    if (!isEncryptedValue(row.secret)) return undefined;
    try {
      const { link, accessToken } = JSON.parse(cipher().decrypt(row.secret, 'ledger.token')) as {
        link: string;
        accessToken: string;
      };
      const validUntilMs = new Date(row.validUntil).getTime();
      return {
        modelId: row.modelId,
        link,
        accessToken,
        validUntil: new Date(validUntilMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        validUntilMs,
        lifetimeSeconds: row.lifetime,
        fingerprint: row.fingerprint,
        connection: row.connection ?? DEFAULT_CONNECTION_ID,
        clientId: row.clientId ?? undefined,
      };
    } catch {
      return undefined;
    }
  };

  /**
   * Ledger look-ups of one tick (a cold page asks for all its models at once) become one
   * query per credentials fingerprint; the newest row that satisfies each ask wins.
   */
  const reuseLoader = new DataLoader<ReuseQuery, CachedLink | undefined>(
    async (asks) => {
      const found = new Map<ReuseQuery, CachedLink | undefined>();
      const byFingerprint = new Map<string, ReuseQuery[]>();
      for (const ask of asks) {
        const group = byFingerprint.get(ask.fingerprint);
        if (group) group.push(ask);
        else byFingerprint.set(ask.fingerprint, [ask]);
      }
      for (const [fingerprint, group] of byFingerprint) {
        const rows = (await query().findMany({
          where: {
            fingerprint,
            modelId: { $in: [...new Set(group.map((a) => a.modelId))] },
            lifetime: { $in: [...new Set(group.map((a) => a.lifetime))] },
            revokedAt: null,
            // A link an admin tried to revoke is not handed out again, even if Matterport kept it.
            revokeError: null,
            validUntil: { $gte: new Date(Math.min(...group.map((a) => a.minValidUntilMs))) },
          },
          orderBy: { validUntil: 'desc' },
        })) as LinkRow[];
        for (const ask of group) {
          const row = rows.find(
            (r) =>
              !isDead(r.id) &&
              r.modelId === ask.modelId &&
              Number(r.lifetime) === ask.lifetime &&
              new Date(r.validUntil).getTime() >= ask.minValidUntilMs
          );
          found.set(ask, row ? toCached(row) : undefined);
        }
      }
      return asks.map((ask) => found.get(ask));
    },
    { cache: false }
  );

  /**
   * Minted links are written to the ledger together, each batch in one transaction with the
   * release of its mint locks: one commit per batch (on SQLite a commit is a disk sync that
   * holds the whole process). A batch waits while other mints of the same burst are still at
   * Matterport (at most RECORD_WINDOW_MS), so a cold page's links share one write.
   */
  const recordLoader = new DataLoader<{ link: CachedLink; lock: HeldLock }, true>(
    async (items) => {
      const data = items.map(({ link }) => ({
        modelId: link.modelId,
        secret: cipher().encrypt(
          JSON.stringify({ link: link.link, accessToken: link.accessToken }),
          'ledger.token'
        ),
        tokenHint: link.accessToken.slice(-4),
        lifetime: link.lifetimeSeconds,
        validUntil: new Date(link.validUntilMs),
        fingerprint: link.fingerprint,
        connection: link.connection,
        purpose: link.purpose ?? 'delivery',
        clientId: link.clientId ?? null,
      }));
      await strapi.db.transaction(async ({ trx }) => {
        await query().createMany({ data });
        // Released in the same commit: no replica can take a lock whose row is not there yet.
        await releaseLocks(
          items.map((i) => i.lock),
          (builder) => builder.transacting(trx as never)
        );
      });
      return items.map(() => true as const);
    },
    {
      cache: false,
      batchScheduleFn: (run) => {
        const started = Date.now();
        const tick = () => {
          if (Date.now() - started >= RECORD_WINDOW_MS) run();
          // The burst is over: the answers that waited for it go out first (on SQLite the
          // write holds the process), then the write.
          else if ((options.mintsInFlight?.() ?? 0) === 0) setTimeout(run, RECORD_SETTLE_MS);
          else setTimeout(tick, 2);
        };
        setTimeout(tick, 2);
      },
    }
  );

  const store = {
    toCached,

    async ensureLockTable(): Promise<void> {
      const schema = knex().schema;
      if (await schema.hasTable(LOCK_TABLE)) return;
      try {
        await schema.createTable(LOCK_TABLE, (table) => {
          table.string('lock_key', 191).primary();
          table.string('owner', 64).notNullable();
          table.bigInteger('expires_at').notNullable();
        });
      } catch (error) {
        // Another replica created it at the same moment.
        if (!(await schema.hasTable(LOCK_TABLE))) throw error;
      }
    },

    /**
     * Matterport model IDs are case-sensitive, but MySQL and MariaDB compare strings by the
     * column's collation, by default case-insensitive (utf8mb4_*_ci): two models differing only
     * in case would share ledger rows (reuse, revoke by model, the list filter) and mint locks.
     * Those columns get the binary collation of their character set, once (it is checked first).
     * Strapi's schema sync does not compare collations, so it leaves them be on the next boot;
     * should it ever rewrite a column, the next boot sets the collation again. SQLite and
     * PostgreSQL compare case-sensitively already.
     */
    async ensureCaseSensitiveKeys(): Promise<string[]> {
      if (strapi.db.dialect.client !== 'mysql') return [];
      const altered: string[] = [];
      for (const [table, column] of [
        ['matterport_links', 'model_id'],
        [LOCK_TABLE, 'lock_key'],
      ] as const) {
        const [rows] = (await knex().raw(
          `SELECT COLUMN_TYPE AS type, IS_NULLABLE AS nullable, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
             FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
          [table, column]
        )) as [Array<{ type: string; nullable: string; charset: string; collation: string }>];
        const info = rows[0];
        if (!info || !info.charset) continue;
        const binary = `${info.charset}_bin`;
        if (info.collation === binary) continue;
        // COLUMN_TYPE comes from the server (e.g. varchar(255)); nullability is kept as it is.
        await knex().raw(
          `ALTER TABLE ?? MODIFY ?? ${info.type} CHARACTER SET ${info.charset} COLLATE ${binary} ${info.nullable === 'YES' ? 'NULL' : 'NOT NULL'}`,
          [table, column]
        );
        altered.push(`${table}.${column}`);
      }
      if (altered.length)
        strapi.log.info(
          `[matterport] ${altered.join(', ')} now compare with regard to case (binary collation), as Matterport model IDs do.`
        );
      return altered;
    },

    findReusable(
      fingerprint: string,
      modelId: string,
      lifetime: number,
      minValidUntilMs: number
    ): Promise<CachedLink | undefined> {
      return reuseLoader.load({ fingerprint, modelId, lifetime, minValidUntilMs });
    },

    /**
     * Records a minted link (batched with others) and releases its mint lock in the same
     * commit; when the write fails the lock is released on its own (`release`).
     */
    record(link: CachedLink, lock: HeldLock, release: () => Promise<unknown>): void {
      const settled = recordLoader.load({ link, lock }).then(
        () => undefined,
        async (error: Error) => {
          strapi.log.warn(
            `[matterport] could not record a minted link of ${link.modelId}: ${error.message}`
          );
          await release().catch(() => undefined);
        }
      );
      pending.add(settled);
      void settled.finally(() => pending.delete(settled));
    },

    /** Waits (at most `timeoutMs`) until every minted link is recorded and its lock released. */
    async flushRecords(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const all = Promise.all([...pending]);
      if (Number.isFinite(timeoutMs)) {
        await Promise.race([
          all,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(timer);
      } else {
        await all;
      }
    },

    async findOne(id: number): Promise<LinkView | null> {
      await store.flushRecords();
      const row = (await query().findOne({ where: { id } })) as LinkRow | null;
      return row ? toView(row) : null;
    },

    /** Rows that are neither revoked nor expired, matching the filter. */
    async findActive(filter: LinkFilter): Promise<LinkRow[]> {
      return (await query().findMany({
        where: { ...filter, revokedAt: null, validUntil: { $gt: new Date() } },
        orderBy: { id: 'asc' },
      })) as LinkRow[];
    },

    async markRevoked(id: number, actor: Actor): Promise<LinkRow> {
      return (await query().update({
        where: { id },
        data: {
          revokedAt: new Date(),
          revokedBy: actor.name,
          revokedById: actor.id,
          revokedByEmail: actor.email,
          revokeError: null,
          revokeFailedAt: null,
        },
      })) as LinkRow;
    },

    async ensureTombstoneTable(): Promise<void> {
      const schema = knex().schema;
      if (await schema.hasTable(TOMBSTONE_TABLE)) return;
      try {
        await schema.createTable(TOMBSTONE_TABLE, (table) => {
          table.integer('link_id').primary();
          table.bigInteger('revoked_at').notNullable();
          table.bigInteger('valid_until').notNullable();
        });
      } catch (error) {
        // Another replica created it at the same moment.
        if (!(await schema.hasTable(TOMBSTONE_TABLE))) throw error;
      }
    },

    /**
     * Tells every replica that Matterport revoked this row's token although its ledger row could
     * not be marked: a row in a table of its own (the ledger's row is what the database refused
     * to change), read by every replica's revocation poll. Kept until the link would have expired.
     */
    async addTombstone(row: Pick<LinkRow, 'id' | 'validUntil'>): Promise<void> {
      dead.set(row.id, new Date(row.validUntil).getTime());
      await knex()(TOMBSTONE_TABLE)
        .insert({
          link_id: row.id,
          revoked_at: Date.now(),
          valid_until: new Date(row.validUntil).getTime(),
        })
        .onConflict('link_id')
        .ignore();
    },

    /** Tombstones written at or after `since` (ms), oldest first, at most `limit`. */
    async tombstonesSince(
      since: number,
      limit: number
    ): Promise<Array<{ linkId: number; revokedAt: number; validUntil: number }>> {
      const rows = (await knex()(TOMBSTONE_TABLE)
        .select('link_id', 'revoked_at', 'valid_until')
        .where('revoked_at', '>=', since)
        .orderBy('revoked_at', 'asc')
        .limit(limit)) as Array<{
        link_id: number | string;
        revoked_at: number | string;
        valid_until: number | string;
      }>;
      return rows.map((r) => ({
        linkId: Number(r.link_id),
        revokedAt: Number(r.revoked_at),
        validUntil: Number(r.valid_until),
      }));
    },

    /** Remembers that this row's token is dead (a tombstone seen): the ledger look-up skips it. */
    markDead(linkId: number, validUntilMs: number): void {
      dead.set(linkId, validUntilMs);
    },

    /** Records a revocation that was tried and failed; the row stays active (and can be tried again). */
    async markRevokeFailed(id: number, error: RevokeErrorView): Promise<LinkRow> {
      return (await query().update({
        where: { id },
        data: { revokeError: error, revokeFailedAt: new Date() },
      })) as LinkRow;
    },

    /** Rows whose secret was not written with the current key, `batch` at a time after `afterId`. */
    async withSecretsAfter(afterId: number, batch: number): Promise<LinkRow[]> {
      return (await query().findMany({
        where: { id: { $gt: afterId }, secret: { $notNull: true } },
        select: ['id', 'secret'],
        orderBy: { id: 'asc' },
        limit: batch,
      })) as LinkRow[];
    },

    async replaceSecret(id: number, secret: EncryptedValue): Promise<void> {
      await query().update({ where: { id }, data: { secret } });
    },

    /**
     * Rows whose `column` (revokedAt: revoked; revokeFailedAt: a revocation failed) is at or
     * after `since`, on any replica, oldest first, at most `limit` (through that column's index).
     */
    async revokedSince(
      column: 'revokedAt' | 'revokeFailedAt',
      since: Date,
      limit: number
    ): Promise<LinkRow[]> {
      return (await query().findMany({
        where: { [column]: { $gte: since } },
        select: ['id', column, 'modelId', 'secret', 'validUntil', 'lifetime', 'fingerprint'],
        orderBy: { [column]: 'asc' },
        limit,
      })) as LinkRow[];
    },

    /**
     * Deletes rows expired for longer than `retentionMs`, and dead locks. Rows go in batches
     * of PURGE_BATCH (found through the validUntil index) with a pause between them, so a
     * purge of a large backlog never holds the table for long: content reads and mints
     * slip in between batches.
     */
    async purgeExpired(
      retentionMs = 24 * 3600 * 1000,
      options: { batch?: number; pauseMs?: number } = {}
    ): Promise<number> {
      const batch = options.batch ?? PURGE_BATCH;
      const pauseMs = options.pauseMs ?? PURGE_PAUSE_MS;
      const cutoff = new Date(Date.now() - retentionMs);
      let deleted = 0;
      for (;;) {
        const ids = (
          (await query().findMany({
            where: { validUntil: { $lt: cutoff } },
            select: ['id'],
            limit: batch,
          })) as Array<{ id: number }>
        ).map((r) => r.id);
        if (!ids.length) break;
        const result = (await query().deleteMany({ where: { id: { $in: ids } } })) as {
          count: number;
        };
        deleted += result.count;
        if (ids.length < batch) break;
        await new Promise((r) => setTimeout(r, pauseMs));
      }
      await knex()(LOCK_TABLE)
        .where('expires_at', '<', Date.now() - 60_000)
        .del();
      await knex()(TOMBSTONE_TABLE).where('valid_until', '<', cutoff.getTime()).del();
      return deleted;
    },

    /** Rows written before the purpose column existed were all minted for delivery (previews were not told apart). */
    async backfillPurpose(): Promise<number> {
      return (await knex()('matterport_links')
        .whereNull('purpose')
        .update({ purpose: 'delivery' })) as unknown as number;
    },

    ...createLinkQueries(strapi, (): Promise<void> => store.flushRecords()),
  };

  return store;
};

export type LinkStore = ReturnType<typeof createLinkStore>;
