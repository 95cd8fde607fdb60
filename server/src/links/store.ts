import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';

import type { LinkListItem, LinkView, RevokeErrorView } from '../../../common/api-types';
import { LINK_UID } from '../../../common/plugin';
import { isEncryptedValue, type Cipher, type EncryptedValue } from '../crypto';
import { LOCK_TABLE } from './mint-locks';
import type { CachedLink, LinkFilter } from './types';

/** A row of the ledger as the database returns it. */
export interface LinkRow {
  id: number;
  documentId?: string;
  modelId: string;
  secret: EncryptedValue | null;
  tokenHint: string | null;
  lifetime: number;
  validUntil: string | Date;
  fingerprint: string;
  /** Client ID that minted the token (null on rows written before it was recorded). */
  clientId?: string | null;
  revokedAt: string | Date | null;
  revokedBy: string | null;
  /** The last revocation that was tried and failed: the link is still usable. */
  revokeError?: RevokeErrorView | null;
  purpose?: string | null;
  createdAt: string | Date;
}

interface ReuseQuery {
  fingerprint: string;
  modelId: string;
  lifetime: number;
  minValidUntilMs: number;
}

const iso = (d: string | Date) => new Date(d).toISOString();

export const toView = (row: LinkRow): LinkView => ({
  id: row.id,
  modelId: row.modelId,
  validUntil: iso(row.validUntil),
  createdAt: iso(row.createdAt),
  revokedAt: row.revokedAt ? iso(row.revokedAt) : null,
  revokedBy: row.revokedBy ?? null,
  tokenHint: row.tokenHint,
  lifetime: row.lifetime,
  active: !row.revokedAt && new Date(row.validUntil).getTime() > Date.now(),
  revokeError: row.revokeError ?? null,
});

/** A row as the paged list and revocation outcomes show it. */
export const toListItem = (row: LinkRow): LinkListItem => {
  const view = toView(row);
  const expired = new Date(row.validUntil).getTime() <= Date.now();
  return {
    ...view,
    revokeError: row.revokeError ?? null,
    purpose: row.purpose === 'preview' ? 'preview' : 'delivery',
    status: row.revokedAt ? 'revoked' : expired ? 'expired' : row.revokeError ? 'failed' : 'active',
  };
};

/**
 * The ledger of minted links, as rows: the cache the replicas share (a replica that
 * misses its memory looks here before minting) and the record revocation works from.
 * Tokens rest encrypted; nothing here calls Matterport.
 */
export const createLinkStore = (strapi: Core.Strapi, cipher: () => Cipher) => {
  const query = () => strapi.db.query(LINK_UID);
  const knex = () => strapi.db.connection;
  // Each minted link's record-then-release, still under way. The admin and revocation wait for
  // them (a link minted a moment ago must be listed and revocable), and so does shutdown (a
  // lock left behind by a process that exited would make every replica wait for it to expire).
  const pending = new Set<Promise<void>>();

  const toCached = (row: LinkRow): CachedLink | undefined => {
    if (!isEncryptedValue(row.secret)) return undefined;
    try {
      const { link, accessToken } = JSON.parse(cipher().decrypt(row.secret, 'ledger.token')) as { link: string; accessToken: string };
      const validUntilMs = new Date(row.validUntil).getTime();
      return {
        modelId: row.modelId,
        link,
        accessToken,
        validUntil: new Date(validUntilMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        validUntilMs,
        lifetimeSeconds: row.lifetime,
        fingerprint: row.fingerprint,
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
            (r) => r.modelId === ask.modelId && Number(r.lifetime) === ask.lifetime && new Date(r.validUntil).getTime() >= ask.minValidUntilMs
          );
          found.set(ask, row ? toCached(row) : undefined);
        }
      }
      return asks.map((ask) => found.get(ask));
    },
    { cache: false }
  );

  /** Minted links are written to the ledger together: one insert for the mints that end within a few ms. */
  const recordLoader = new DataLoader<CachedLink, true>(
    async (links) => {
      await query().createMany({
        data: links.map((link) => ({
          modelId: link.modelId,
          secret: cipher().encrypt(JSON.stringify({ link: link.link, accessToken: link.accessToken }), 'ledger.token'),
          tokenHint: link.accessToken.slice(-4),
          lifetime: link.lifetimeSeconds,
          validUntil: new Date(link.validUntilMs),
          fingerprint: link.fingerprint,
          clientId: link.clientId ?? null,
        })),
      });
      return links.map(() => true as const);
    },
    { cache: false, batchScheduleFn: (run) => setTimeout(run, 5) }
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

    findReusable(fingerprint: string, modelId: string, lifetime: number, minValidUntilMs: number): Promise<CachedLink | undefined> {
      return reuseLoader.load({ fingerprint, modelId, lifetime, minValidUntilMs });
    },

    /** Records a minted link (batched with others); `settled` runs once it is written or failed. */
    record(link: CachedLink, after: () => Promise<unknown>): void {
      const settled = recordLoader
        .load(link)
        .then(
          () => undefined,
          (error: Error) => {
            strapi.log.warn(`[matterport] could not record a minted link of ${link.modelId}: ${error.message}`);
          }
        )
        .finally(() => after().catch(() => undefined));
      pending.add(settled);
      void settled.finally(() => pending.delete(settled));
    },

    hasPending: () => pending.size > 0,

    /** Waits (at most `timeoutMs`) until every minted link is recorded and its lock released. */
    async flushRecords(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const all = Promise.all([...pending]);
      if (Number.isFinite(timeoutMs)) {
        await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      } else {
        await all;
      }
    },

    async list(filter: { modelId?: string; active?: boolean } = {}): Promise<LinkView[]> {
      await store.flushRecords();
      const where: Record<string, unknown> = {};
      if (filter.modelId) where.modelId = filter.modelId;
      if (filter.active === true) Object.assign(where, { revokedAt: null, validUntil: { $gt: new Date() } });
      if (filter.active === false) where.$or = [{ revokedAt: { $notNull: true } }, { validUntil: { $lte: new Date() } }];
      const rows = (await query().findMany({ where, orderBy: { createdAt: 'desc' }, limit: 1000 })) as LinkRow[];
      return rows.map(toView);
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

    async markRevoked(id: number, revokedBy: string): Promise<LinkRow> {
      return (await query().update({ where: { id }, data: { revokedAt: new Date(), revokedBy, revokeError: null } })) as LinkRow;
    },

    /** Records a revocation that was tried and failed; the row stays active (and can be tried again). */
    async markRevokeFailed(id: number, error: RevokeErrorView): Promise<LinkRow> {
      return (await query().update({ where: { id }, data: { revokeError: error } })) as LinkRow;
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

    /** Revocations recorded since `since` (any replica), oldest first. */
    async revokedSince(since: Date): Promise<LinkRow[]> {
      return (await query().findMany({
        where: { revokedAt: { $gte: since } },
        select: ['id', 'revokedAt', 'modelId', 'secret', 'validUntil', 'lifetime', 'fingerprint'],
        orderBy: { revokedAt: 'asc' },
        limit: 1000,
      })) as LinkRow[];
    },

    /** Deletes rows that expired more than a day ago, and dead locks. */
    async purgeExpired(): Promise<number> {
      const cutoff = new Date(Date.now() - 24 * 3600 * 1000);
      const result = (await query().deleteMany({ where: { validUntil: { $lt: cutoff } } })) as { count: number };
      await knex()(LOCK_TABLE).where('expires_at', '<', Date.now() - 60_000).del();
      return result.count;
    },
  };

  return store;
};

export type LinkStore = ReturnType<typeof createLinkStore>;
