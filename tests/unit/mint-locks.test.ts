import knexFactory from 'knex';

import {
  createMintLocks,
  LOCK_TABLE,
  mintLockKey,
  parseMintLockKey,
} from '../../server/src/links/mint-locks';

/**
 * The cluster-wide mint locks against a real SQLite database (the driver Strapi uses),
 * counting the statements each batch sends.
 */
type Connection = Parameters<typeof createMintLocks>[0] extends () => infer K ? K : never;

const db = knexFactory({
  client: 'better-sqlite3',
  connection: { filename: ':memory:' },
  useNullAsDefault: true,
  pool: { min: 1, max: 1 },
});
const statements: string[] = [];
db.on('query', (q: { sql: string }) => statements.push(q.sql));
// Strapi hands the plugin its own Knex instance; this one is the same library.
const connection = () => db as unknown as Connection;

beforeAll(async () => {
  await db.schema.createTable(LOCK_TABLE, (table) => {
    table.string('lock_key', 191).primary();
    table.string('owner', 64).notNullable();
    table.bigInteger('expires_at').notNullable();
  });
});

afterAll(() => db.destroy());

beforeEach(async () => {
  await db(LOCK_TABLE).del();
  statements.length = 0;
});

const rows = () => db(LOCK_TABLE).select('lock_key', 'owner').orderBy('lock_key');

test('locks asked for in one tick are taken with one insert and one select', async () => {
  const locks = createMintLocks(connection, 'replica-a');
  const keys = Array.from({ length: 25 }, (_, i) => `fp|model${String(i).padStart(5, '0')}|3600`);
  const tokens = await Promise.all(keys.map((key) => locks.acquire(key, 10_000)));
  expect(tokens.every((t) => typeof t === 'string' && t.startsWith('replica-a:'))).toBe(true);
  expect(new Set(tokens).size).toBe(1);
  expect(statements.filter((s) => /^insert/i.test(s))).toHaveLength(1);
  expect(statements.filter((s) => /^select/i.test(s))).toHaveLength(1);
  expect(await rows()).toHaveLength(25);
});

test('a lock held by another replica is refused until released, then granted', async () => {
  const a = createMintLocks(connection, 'replica-a');
  const b = createMintLocks(connection, 'replica-b');
  const tokenA = await a.acquire('fp|SxQL3iGyoDo|3600', 10_000);
  expect(tokenA).not.toBeNull();
  expect(await b.acquire('fp|SxQL3iGyoDo|3600', 10_000)).toBeNull();
  // Releasing with a token that is not the holder's changes nothing.
  await a.release('fp|SxQL3iGyoDo|3600', 'replica-a:999');
  expect(await rows()).toHaveLength(1);
  await a.release('fp|SxQL3iGyoDo|3600', tokenA as string);
  expect(await rows()).toHaveLength(0);
  expect(await b.acquire('fp|SxQL3iGyoDo|3600', 10_000)).not.toBeNull();
});

test('a key asked twice in one batch is granted once', async () => {
  const locks = createMintLocks(connection, 'replica-a');
  const [first, second] = await Promise.all([
    locks.acquire('k|1', 10_000),
    locks.acquire('k|1', 10_000),
  ]);
  expect([first, second].filter((t) => t !== null)).toHaveLength(1);
});

test('an expired lock (its holder died) is taken over by exactly one replica', async () => {
  await db(LOCK_TABLE).insert({
    lock_key: 'k|dead',
    owner: 'replica-gone:1',
    expires_at: Date.now() - 1,
  });
  const a = createMintLocks(connection, 'replica-a');
  const b = createMintLocks(connection, 'replica-b');
  const [ta, tb] = await Promise.all([a.acquire('k|dead', 10_000), b.acquire('k|dead', 10_000)]);
  expect([ta, tb].filter((t) => t !== null)).toHaveLength(1);
  const [row] = await rows();
  expect(row.owner).toBe(ta ?? tb);
});

test('releases that come within a few milliseconds are one delete', async () => {
  const locks = createMintLocks(connection, 'replica-a');
  const keys = ['k|1', 'k|2', 'k|3'];
  const tokens = await Promise.all(keys.map((key) => locks.acquire(key, 10_000)));
  statements.length = 0;
  await Promise.all(keys.map((key, i) => locks.release(key, tokens[i] as string)));
  expect(statements.filter((s) => /^delete/i.test(s))).toHaveLength(1);
  expect(await rows()).toHaveLength(0);
});

test('awaitMints waits for the selected mints held when it was called, and for no others', async () => {
  const a = createMintLocks(connection, 'replica-a');
  const b = createMintLocks(connection, 'replica-b');
  const wanted = await a.acquire('fp1|SxQL3iGyoDo|3600', 10_000);
  const other = await a.acquire('fp1|WziSQO0ORu7|3600', 10_000);
  // A once-only claim shares the table but is not a mint.
  expect(await a.acquire('expiring|42', 10_000)).not.toBeNull();
  let done = false;
  const waiting = b
    .awaitMints((mint) => mint.modelId === 'SxQL3iGyoDo')
    .then((count) => {
      done = true;
      return count;
    });
  await new Promise((r) => setTimeout(r, 60));
  expect(done).toBe(false);
  await a.release('fp1|SxQL3iGyoDo|3600', wanted as string);
  // Taken again by a mint that started after the call: that one is not waited for.
  expect(await b.acquire('fp1|SxQL3iGyoDo|3600', 10_000)).not.toBeNull();
  expect(await waiting).toBe(1);
  // The other model's mint and the claim are still held.
  expect(other).not.toBeNull();
  expect(await b.awaitMints((mint) => mint.fingerprint === 'fp2')).toBe(0);
});

test('awaitMints does not wait for a mint whose holder died (its lock expired)', async () => {
  const a = createMintLocks(connection, 'replica-a');
  const b = createMintLocks(connection, 'replica-b');
  expect(await a.acquire('fp1|SxQL3iGyoDo|3600', 150)).not.toBeNull();
  const started = Date.now();
  expect(await b.awaitMints(() => true)).toBe(1);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('mint lock keys read back as what they lock; other keys are not mints', () => {
  const subject = { fingerprint: 'ab12', modelId: 'SxQL3iGyoDo', lifetime: 3600 };
  expect(parseMintLockKey(mintLockKey(subject))).toEqual(subject);
  expect(parseMintLockKey('expiring|42')).toBeUndefined();
  expect(parseMintLockKey('a|b|c')).toBeUndefined();
});
