import { createHash, randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';

import type { LinkView } from '../api-types';
import { createMintLocks, LOCK_TABLE } from '../links/mint-locks';
import type { EmbedLink } from '../matterport/types';
import { PLUGIN_ID } from '../pluginId';
import { MatterportError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createCipher, isEncryptedValue, type EncryptedValue } from './crypto';
import type { CachedLink } from './delivery';

const LINK_UID = `plugin::${PLUGIN_ID}.link` as const;

interface LinkRow {
  id: number;
  documentId?: string;
  modelId: string;
  secret: EncryptedValue | null;
  tokenHint: string | null;
  tokenHash: string | null;
  lifetime: number;
  validUntil: string | Date;
  fingerprint: string;
  revokedAt: string | Date | null;
  revokedBy: string | null;
  createdAt: string | Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const iso = (d: string | Date) => new Date(d).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ReuseQuery {
  fingerprint: string;
  modelId: string;
  lifetime: number;
  minValidUntilMs: number;
}

/**
 * The ledger of minted links. It is the cache the replicas share (a replica that misses
 * its memory looks here before minting), the lock that keeps one mint per model across
 * replicas, and the record revocation works from. Tokens rest encrypted.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = randomUUID();
  const config = () => getService('runtime', strapi).config();
  const cipher = () =>
    createCipher(config().encryptionKey ?? (strapi.config.get('admin.secrets.encryptionKey') as string | undefined));
  const query = () => strapi.db.query(LINK_UID);
  const knex = () => strapi.db.connection;
  let revocationCursor = new Date(0);
  let seenAtCursor = new Set<number>();

  const toCached = (row: LinkRow): CachedLink | undefined => {
    if (!isEncryptedValue(row.secret)) return undefined;
    try {
      const { link, accessToken } = JSON.parse(cipher().decrypt(row.secret)) as { link: string; accessToken: string };
      const validUntilMs = new Date(row.validUntil).getTime();
      return {
        modelId: row.modelId,
        link,
        accessToken,
        validUntil: new Date(validUntilMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        validUntilMs,
        lifetimeSeconds: row.lifetime,
        fingerprint: row.fingerprint,
      };
    } catch {
      return undefined;
    }
  };

  const toView = (row: LinkRow): LinkView => ({
    id: row.id,
    modelId: row.modelId,
    validUntil: iso(row.validUntil),
    createdAt: iso(row.createdAt),
    revokedAt: row.revokedAt ? iso(row.revokedAt) : null,
    revokedBy: row.revokedBy ?? null,
    tokenHint: row.tokenHint,
    lifetime: row.lifetime,
    active: !row.revokedAt && new Date(row.validUntil).getTime() > Date.now(),
  });

  const locks = createMintLocks(knex, owner);
  // Each minted link's record-then-release, still under way. The admin and revocation wait for
  // them (a link minted a moment ago must be listed and revocable), and so does shutdown (a
  // lock left behind by a process that exited would make every replica wait for it to expire).
  const pending = new Set<Promise<void>>();

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
          secret: cipher().encrypt(JSON.stringify({ link: link.link, accessToken: link.accessToken })),
          tokenHint: link.accessToken.slice(-4),
          tokenHash: hashToken(link.accessToken),
          lifetime: link.lifetimeSeconds,
          validUntil: new Date(link.validUntilMs),
          fingerprint: link.fingerprint,
        })),
      });
      return links.map(() => true as const);
    },
    { cache: false, batchScheduleFn: (run) => setTimeout(run, 5) }
  );

  const service = {
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

    /**
     * Mints under a lock shared by every replica, so a cold start behind a load balancer
     * mints once per model, not once per replica. Waiters watch the ledger for the result.
     */
    async mintOnce(
      fingerprint: string,
      modelId: string,
      lifetime: number,
      minRemainingMs: number,
      doMint: () => Promise<{ link: EmbedLink }>
    ): Promise<CachedLink> {
      const cfg = config();
      const lockKey = `${fingerprint}|${modelId}|${lifetime}`;
      const lockTtl = cfg.requestTimeoutMs + cfg.retryBudgetMs + 5000;
      const giveUpAt = Date.now() + lockTtl + 1000;
      let wait = 25;
      while (Date.now() < giveUpAt) {
        const token = await locks.acquire(lockKey, lockTtl);
        if (token) {
          let minted: CachedLink;
          try {
            const again = await service.findReusable(fingerprint, modelId, lifetime, Date.now() + minRemainingMs);
            if (again) {
              await locks.release(lockKey, token);
              return again;
            }
            const { link } = await doMint();
            minted = { ...link, validUntilMs: Date.parse(link.validUntil), lifetimeSeconds: lifetime, fingerprint };
          } catch (error) {
            await locks.release(lockKey, token).catch(() => undefined);
            throw error;
          }
          // This replica's readers get the link now; the lock is held until the ledger has it,
          // so other replicas wait for the row instead of minting again.
          // The write may wait a few ms to share one insert with other mints.
          const settled = recordLoader
            .load(minted)
            .then(
              () => undefined,
              (error: Error) => {
                strapi.log.warn(`[matterport] could not record a minted link of ${modelId}: ${error.message}`);
              }
            )
            .finally(() => locks.release(lockKey, token).catch(() => undefined));
          pending.add(settled);
          void settled.finally(() => pending.delete(settled));
          return minted;
        }
        await sleep(wait);
        wait = Math.min(wait * 2, 250);
        const minted = await service.findReusable(fingerprint, modelId, lifetime, Date.now() + minRemainingMs);
        if (minted) return minted;
      }
      throw new MatterportError('MATTERPORT_TIMEOUT');
    },

    async list(filter: { modelId?: string; active?: boolean } = {}): Promise<LinkView[]> {
      await service.flushRecords();
      const where: Record<string, unknown> = {};
      if (filter.modelId) where.modelId = filter.modelId;
      if (filter.active === true) Object.assign(where, { revokedAt: null, validUntil: { $gt: new Date() } });
      if (filter.active === false) where.$or = [{ revokedAt: { $notNull: true } }, { validUntil: { $lte: new Date() } }];
      const rows = (await query().findMany({ where, orderBy: { createdAt: 'desc' }, limit: 1000 })) as LinkRow[];
      return rows.map(toView);
    },

    async findOne(id: number): Promise<LinkView | null> {
      await service.flushRecords();
      const row = (await query().findOne({ where: { id } })) as LinkRow | null;
      return row ? toView(row) : null;
    },

    /** Revokes at Matterport, marks the rows, and drops the links from this replica's memory. */
    async revoke(where: { id?: number; modelId?: string; fingerprint?: { $ne: string } }, revokedBy: string): Promise<LinkView[]> {
      // A link minted a moment ago must not escape revocation because its row was still on its way.
      // Inside a transaction (the Content Manager's unpublish) the pending insert may need the very
      // connection the transaction holds (SQLite has one), so waiting for it would deadlock: revoke
      // what is recorded now, and once the transaction is over, wait for the rest and revoke again.
      if (strapi.db.inTransaction()) {
        await strapi.db.transaction(async ({ onCommit }) =>
          onCommit(() => {
            if (!pending.size) return;
            void service
              .flushRecords()
              .then(() => service.revoke(where, revokedBy))
              .catch((error: Error) => strapi.log.warn(`[matterport] could not revoke links recorded late: ${error.message}`));
          })
        );
      } else {
        await service.flushRecords();
      }
      const rows = (await query().findMany({
        where: { ...where, revokedAt: null, validUntil: { $gt: new Date() } },
      })) as LinkRow[];
      // Matterport wants the app's credentials to revoke; a token it no longer knows counts as revoked.
      const credentials = await getService('settings', strapi).getCredentials();
      const matterport = getService('matterport', strapi);
      const revoked: LinkView[] = [];
      for (const row of rows) {
        const cached = toCached(row);
        if (cached) {
          try {
            await matterport.revokeToken(cached.accessToken, credentials);
          } catch (error) {
            if (!(error instanceof MatterportError && error.code === 'MATTERPORT_NOT_FOUND')) throw error;
          }
          getService('delivery', strapi).forget({ accessToken: cached.accessToken });
        }
        const updated = (await query().update({
          where: { id: row.id },
          data: { revokedAt: new Date(), revokedBy },
        })) as LinkRow;
        revoked.push(toView(updated));
      }
      return revoked;
    },

    /** Drops from memory the links another replica revoked since the last look. */
    async syncRevocations(): Promise<number> {
      const rows = (await query().findMany({
        where: { revokedAt: { $gte: revocationCursor } },
        select: ['id', 'revokedAt', 'modelId', 'secret', 'validUntil', 'lifetime', 'fingerprint'],
        orderBy: { revokedAt: 'asc' },
        limit: 1000,
      })) as LinkRow[];
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
        const cached = toCached(row);
        if (cached) dropped += getService('delivery', strapi).forget({ accessToken: cached.accessToken });
      }
      if (rows.length) seenAtCursor = seen;
      return dropped;
    },

    /** Starts the revocation cursor now, so a fresh process does not replay history. */
    startCursor(at = new Date()) {
      revocationCursor = at;
    },

    /** Deletes rows that expired more than a day ago, and dead locks. */
    async purgeExpired(): Promise<number> {
      const cutoff = new Date(Date.now() - 24 * 3600 * 1000);
      const result = (await query().deleteMany({ where: { validUntil: { $lt: cutoff } } })) as { count: number };
      await knex()(LOCK_TABLE).where('expires_at', '<', Date.now() - 60_000).del();
      return result.count;
    },
  };

  return service;
};
