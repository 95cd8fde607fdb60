import { MatterportError } from '../../common/errors';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport, type FakeMatterport } from './fakes/matterport';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/**
 * Where a link comes from (the links service's getLink and peekFresh), from the README:
 * one mint per model at a time ("a cold start mints once per model"), no Matterport call
 * while a cached link has at least `minRemaining` left (default half the lifetime), a
 * link minted by one replica is reused by the others (the ledger), a read near the
 * refresh point is answered at once while a new link is minted in the background
 * ("no reader waiting on a mint"), and a still-valid cached link is served while
 * Matterport fails.
 */
const FP = 'fp-a';
const MODEL = 'SxQL3iGyoDo';
const T0 = Date.parse('2026-12-01T10:00:00Z');
let clock = T0;

let fake: FakeStrapi;
let matterport: FakeMatterport;
const links = (f: FakeStrapi = fake) => getService('links', f.strapi);

/** Waits (real time, generously) until `done` holds; fails the test if it never does. */
const until = async (done: () => boolean, what: string, ms = 5000) => {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`still not: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

beforeEach(async () => {
  clock = T0;
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
  matterport = createFakeMatterport();
  fake = await createFakeStrapi({ services: { matterport: matterport.service } });
});

afterEach(async () => {
  await fake.close();
  jest.restoreAllMocks();
});

test('20 reads of one cold model at once make one mint, and all get its link', async () => {
  const release = matterport.hold();
  const reads = Array.from({ length: 20 }, () => links().getLink(MODEL, 600, FP));
  // Let every read reach the point where it waits.
  await new Promise((r) => setTimeout(r, 50));
  release();
  const got = await Promise.all(reads);
  expect(matterport.mintCalls()).toBe(1);
  expect(new Set(got.map((l) => l.accessToken))).toEqual(new Set(['tok-0']));
});

test('three cold models read at once make one mint each', async () => {
  const models = ['SxQL3iGyoDo', 'WziSQO0ORu7', 'aBcDeFgHiJk'];
  const reads = models.flatMap((m) => [links().getLink(m, 600, FP), links().getLink(m, 600, FP)]);
  const got = await Promise.all(reads);
  expect(matterport.minted.map((l) => l.modelId).sort()).toEqual([...models].sort());
  expect(got.map((l) => l.modelId)).toEqual(models.flatMap((m) => [m, m]));
});

test('no Matterport call while the cached link has at least minRemaining left; then one new mint', async () => {
  const first = await links().getLink(MODEL, 600, FP);
  // minRemaining is half of 600 s: until 300 s after the mint, the link is reused.
  for (const seconds of [1, 60, 200, 290]) {
    clock = T0 + seconds * 1000;
    expect((await links().getLink(MODEL, 600, FP)).accessToken).toBe(first.accessToken);
    expect(links().peekFresh(MODEL, 600, FP)?.accessToken).toBe(first.accessToken);
  }
  await links().flushRecords();
  expect(matterport.mintCalls()).toBe(1);
  // Past the minRemaining point the link is not handed out any more: a new one is minted.
  clock = T0 + 301_000;
  expect(links().peekFresh(MODEL, 600, FP)).toBeUndefined();
  const second = await links().getLink(MODEL, 600, FP);
  expect(second.accessToken).not.toBe(first.accessToken);
  expect(second.validUntilMs - clock).toBeGreaterThanOrEqual(300_000);
  expect(matterport.mintCalls()).toBe(2);
});

test('a link of another lifetime or other credentials is another mint', async () => {
  await links().getLink(MODEL, 600, FP);
  await links().getLink(MODEL, 1800, FP);
  await links().getLink(MODEL, 600, 'fp-b');
  expect(matterport.minted.map((l) => l.lifetime)).toEqual([600, 1800, 600]);
});

test('refresh-ahead: a read near the refresh point gets the current link at once, the next one the new link', async () => {
  const first = await links().getLink(MODEL, 600, FP);
  await links().flushRecords();
  // 100 ms before the minRemaining point: inside any refresh lead, still fresh.
  clock = T0 + 299_900;
  const release = matterport.hold();
  // The read must not wait for the mint held at Matterport.
  let timer: NodeJS.Timeout | undefined;
  const answered = await Promise.race([
    links().getLink(MODEL, 600, FP),
    new Promise<'waited'>((r) => (timer = setTimeout(() => r('waited'), 2000))),
  ]);
  clearTimeout(timer);
  expect(answered).not.toBe('waited');
  expect((answered as { accessToken: string }).accessToken).toBe(first.accessToken);
  // The refresh reaches Matterport in the background.
  await until(() => matterport.mintCalls() === 2, 'a background refresh');
  // Another read meanwhile starts no second refresh.
  expect(links().peekFresh(MODEL, 600, FP)?.accessToken).toBe(first.accessToken);
  expect((await links().getLink(MODEL, 600, FP)).accessToken).toBe(first.accessToken);
  expect(matterport.mintCalls()).toBe(2);
  release();
  await until(() => links().peekFresh(MODEL, 600, FP)?.accessToken === 'tok-1', 'the new link');
  clock = T0 + 300_500;
  expect(links().peekFresh(MODEL, 600, FP)?.accessToken).toBe('tok-1');
  expect((await links().getLink(MODEL, 600, FP)).accessToken).toBe('tok-1');
  expect(matterport.mintCalls()).toBe(2);
});

test('a link minted by one replica is reused by another from the ledger, without a mint', async () => {
  const first = await links().getLink(MODEL, 600, FP);
  await links().flushRecords();
  const other = await createFakeStrapi({
    services: { matterport: matterport.service },
    shareWith: fake,
  });
  try {
    clock = T0 + 10_000;
    const reused = await links(other).getLink(MODEL, 600, FP);
    expect(reused.accessToken).toBe(first.accessToken);
    expect(reused.link).toBe(first.link);
    expect(matterport.mintCalls()).toBe(1);
  } finally {
    await other.close();
  }
});

test('while Matterport fails, a cached link that is still valid is served; none left: the error', async () => {
  const first = await links().getLink(MODEL, 600, FP);
  await links().flushRecords();
  matterport.fail(MODEL, 'MATTERPORT_UNAVAILABLE');
  clock = T0 + 400_000; // not fresh any more, still valid
  expect((await links().getLink(MODEL, 600, FP)).accessToken).toBe(first.accessToken);
  clock = T0 + 600_000; // expired
  await expect(links().getLink(MODEL, 600, FP)).rejects.toMatchObject({
    code: 'MATTERPORT_UNAVAILABLE',
  });
});

test('a failure Matterport service reports as known is answered without a mint', async () => {
  // The matterport service tells what it remembers (failureTtl, breaker, 429 hold).
  matterport.service.knownFailure = (modelId: string) =>
    modelId === MODEL ? new MatterportError('MATTERPORT_NOT_FOUND') : undefined;
  for (let i = 0; i < 5; i += 1)
    await expect(links().getLink(MODEL, 600, FP)).rejects.toMatchObject({
      code: 'MATTERPORT_NOT_FOUND',
    });
  expect(matterport.mintCalls()).toBe(0);
  await links().getLink('WziSQO0ORu7', 600, FP);
  expect(matterport.mintCalls()).toBe(1);
});

test('two replicas reading the same cold model at once make one mint between them', async () => {
  const other = await createFakeStrapi({
    services: { matterport: matterport.service },
    shareWith: fake,
  });
  try {
    const release = matterport.hold();
    const reads = [
      ...Array.from({ length: 5 }, () => links().getLink(MODEL, 600, FP)),
      ...Array.from({ length: 5 }, () => links(other).getLink(MODEL, 600, FP)),
    ];
    await until(() => matterport.mintCalls() >= 1, 'a mint at Matterport');
    // Give the other replica every chance to mint too, had it not waited for the lock.
    await new Promise((r) => setTimeout(r, 200));
    release();
    const got = await Promise.all(reads);
    expect(matterport.mintCalls()).toBe(1);
    expect(new Set(got.map((l) => l.accessToken)).size).toBe(1);
  } finally {
    await other.close();
  }
});
