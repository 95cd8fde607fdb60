import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';

type Knex = Core.Strapi['db']['connection'];

export const LOCK_TABLE = 'matterport_mint_locks';

/** Keys per statement: well under every dialect's bound-parameter limit (SQLite's is the lowest). */
const CHUNK = 250;

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

/** What a mint lock is about: one link shape (credentials, model, lifetime) being minted. */
export interface MintLockSubject {
  fingerprint: string;
  modelId: string;
  lifetime: number;
}

/** The lock key of a mint (model IDs and fingerprints hold no `|`). */
export const mintLockKey = ({ fingerprint, modelId, lifetime }: MintLockSubject): string =>
  `${fingerprint}|${modelId}|${lifetime}`;

/** The mint a lock key stands for; undefined for the table's other keys (once-only claims). */
export const parseMintLockKey = (key: string): MintLockSubject | undefined => {
  const parts = key.split('|');
  if (parts.length !== 3) return undefined;
  const lifetime = Number(parts[2]);
  if (!parts[0] || !parts[1] || !Number.isInteger(lifetime)) return undefined;
  return { fingerprint: parts[0], modelId: parts[1], lifetime };
};

/** A lock this process holds: its key and the token it was granted under. */
export interface HeldLock {
  key: string;
  token: string;
}

type Builder = ReturnType<Knex>;

/**
 * Deletes held locks, one statement per token and chunk; `scope` lets a caller run the
 * statements in its transaction (the ledger write that ends a mint).
 */
export const lockReleaser =
  (knex: () => Knex) =>
  async (locks: readonly HeldLock[], scope: (builder: Builder) => Builder = (b) => b) => {
    const byToken = new Map<string, string[]>();
    for (const { key, token } of locks) {
      const keys = byToken.get(token);
      if (keys) keys.push(key);
      else byToken.set(token, [key]);
    }
    for (const [token, keys] of byToken) {
      for (const part of chunks(keys))
        await scope(knex()(LOCK_TABLE)).where({ owner: token }).whereIn('lock_key', part).del();
    }
  };

export interface MintLocks {
  /** Takes the lock of `key` for `ttlMs`: answers the holder token, or null while someone else holds it. */
  acquire(key: string, ttlMs: number): Promise<string | null>;
  release(key: string, token: string): Promise<void>;
  /**
   * Waits until every mint that is under way now, on any replica, and that `match` selects has
   * ended: its lock released (its link is in the ledger, or it failed) or expired (its holder
   * died). Answers how many it waited for. Mints that start later are not waited for.
   */
  awaitMints(match: (mint: MintLockSubject) => boolean): Promise<number>;
}

/**
 * Locks that every replica sees, in a table of their own, so that one model is minted
 * once across a cluster. A content request that misses 25 models asks for 25 locks in
 * the same tick; they are taken together (one insert, one select) instead of one
 * statement each, which on SQLite (one writer, a commit per statement) was most of the
 * cold path's cost. Releases are gathered the same way.
 */
export const createMintLocks = (knex: () => Knex, owner: string): MintLocks => {
  let batch = 0;

  const acquireMany = async (
    requests: ReadonlyArray<{ key: string; ttlMs: number }>
  ): Promise<Array<string | null>> => {
    // One token per batch: a lock is released only by the batch that took it, even within one process.
    const token = `${owner}:${(batch += 1)}`;
    const now = Date.now();
    const ttlMs = Math.max(...requests.map((r) => r.ttlMs));
    const keys = [...new Set(requests.map((r) => r.key))];
    const holders = new Map<string, { owner: string; expiresAt: number }>();
    for (const part of chunks(keys)) {
      await knex()(LOCK_TABLE)
        .insert(part.map((key) => ({ lock_key: key, owner: token, expires_at: now + ttlMs })))
        .onConflict('lock_key')
        .ignore();
      const rows = (await knex()(LOCK_TABLE)
        .select('lock_key', 'owner', 'expires_at')
        .whereIn('lock_key', part)) as Array<{
        lock_key: string;
        owner: string;
        expires_at: number | string;
      }>;
      for (const row of rows)
        holders.set(row.lock_key, { owner: row.owner, expiresAt: Number(row.expires_at) });
    }
    const taken = new Set<string>();
    for (const key of keys) {
      const holder = holders.get(key);
      if (holder?.owner === token) taken.add(key);
      else if (holder && holder.expiresAt < now) {
        // Its holder died mid-mint: take it over, atomically, so only one replica does.
        const updated = await knex()(LOCK_TABLE)
          .where({ lock_key: key, owner: holder.owner })
          .andWhere('expires_at', '<', now)
          .update({ owner: token, expires_at: now + ttlMs });
        if (updated === 1) taken.add(key);
      }
    }
    // A key asked twice in one batch is granted once; the other caller waits like any other.
    const granted = new Set<string>();
    return requests.map(({ key }) => {
      if (!taken.has(key) || granted.has(key)) return null;
      granted.add(key);
      return token;
    });
  };

  const release = lockReleaser(knex);
  const releaseMany = async (requests: readonly HeldLock[]): Promise<void[]> => {
    await release(requests);
    return requests.map(() => undefined);
  };

  const acquirer = new DataLoader(acquireMany, { cache: false });
  // Releases follow mints that end a few milliseconds apart: a short window gathers them.
  const releaser = new DataLoader(releaseMany, {
    cache: false,
    batchScheduleFn: (run) => setTimeout(run, 5),
  });

  /** Mint locks held now (not expired) that `match` selects, as `key owner` pairs. */
  const heldMints = async (match: (mint: MintLockSubject) => boolean): Promise<Set<string>> => {
    const rows = (await knex()(LOCK_TABLE)
      .select('lock_key', 'owner')
      .where('expires_at', '>=', Date.now())) as Array<{ lock_key: string; owner: string }>;
    const held = new Set<string>();
    for (const row of rows) {
      const mint = parseMintLockKey(row.lock_key);
      if (mint && match(mint)) held.add(`${row.lock_key} ${row.owner}`);
    }
    return held;
  };

  return {
    acquire: (key, ttlMs) => acquirer.load({ key, ttlMs }),
    release: (key, token) => releaser.load({ key, token }),
    async awaitMints(match) {
      const underway = await heldMints(match);
      let waiting = underway.size;
      let pause = 10;
      while (waiting > 0) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 200);
        // A key held again under another owner is a mint that started later: not waited for.
        const still = await heldMints(match);
        waiting = [...underway].filter((lock) => still.has(lock)).length;
      }
      return underway.size;
    },
  };
};
