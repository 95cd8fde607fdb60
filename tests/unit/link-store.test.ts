import { LINK_UID } from '../../common/plugin';
import { createCipher } from '../../server/src/crypto';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport, type FakeMatterport } from './fakes/matterport';
import { createFakeStrapi, ENCRYPTION_KEY, type FakeStrapi } from './fakes/strapi';

/** An admin as the revocation records them: id, email and display name. */
const ADA = { id: 1, email: 'ada@example.com', name: 'Ada' };

/**
 * The ledger (links service over `db.query`), from the README: every minted link is
 * recorded with its token encrypted ("a database dump reveals working embed tokens" is a
 * threat; admin routes show the last 4 characters); a replica that misses its memory
 * reuses a ledger link, but never a revoked one, an expired one, nor one whose revocation
 * failed ("none reuses it from the ledger"); rows expired for longer than `retention` are
 * deleted by the purge (`0s`: at the next purge), the others kept.
 */
const FP = 'fp-a';
const MODEL = 'SxQL3iGyoDo';
const HOUR = 3600_000;

let fake: FakeStrapi;
let matterport: FakeMatterport;
const cipher = createCipher(ENCRYPTION_KEY);
const links = (f: FakeStrapi = fake) => getService('links', f.strapi);

const setup = async (config: Parameters<typeof createFakeStrapi>[0] = {}) => {
  matterport = createFakeMatterport();
  fake = await createFakeStrapi({
    services: { matterport: matterport.service },
    ...config,
    // Credentials pinned in config (revocation needs some).
    config: { clientId: 'client-a', clientSecret: 'secret-a-0123456789', ...config.config },
  });
};
afterEach(async () => {
  await fake.close();
});

/** A ledger row as another replica wrote it: token `token`, `validUntil` from now. */
const seedRow = (token: string, validForMs: number, extra: Record<string, unknown> = {}) =>
  fake.db.seed(LINK_UID, {
    modelId: MODEL,
    secret: cipher.encrypt(
      JSON.stringify({
        link: `https://my.matterport.com/show?m=${MODEL}&auth=Bearer+${token}`,
        accessToken: token,
      }),
      'ledger.token'
    ),
    tokenHint: token.slice(-4),
    lifetime: 3600,
    validUntil: new Date(Date.now() + validForMs),
    fingerprint: FP,
    clientId: 'client-a',
    revokedAt: null,
    revokedBy: null,
    revokeError: null,
    revokeFailedAt: null,
    purpose: 'delivery',
    ...extra,
  });

describe('reuse from the ledger', () => {
  beforeEach(() => setup());

  test.each([
    ['a revoked row', { revokedAt: new Date(), revokedBy: 'Ada' }],
    [
      'a row whose revocation failed (Matterport kept the token)',
      {
        revokeError: { code: 'REVOKE_REFUSED', message: 'no', at: new Date().toISOString() },
        revokeFailedAt: new Date(),
      },
    ],
  ])('%s is never handed out again: a new link is minted', async (_name, extra) => {
    seedRow('tok-dead', 50 * 60_000, extra);
    const got = await links().getLink(MODEL, 3600, FP);
    expect(got.accessToken).not.toBe('tok-dead');
    expect(matterport.mintCalls()).toBe(1);
  });

  test('an expired row, or one with less than minRemaining left, is not reused', async () => {
    seedRow('tok-expired', -60_000);
    // 3600 s lifetime: minRemaining is 1800 s; 20 minutes left is not enough.
    seedRow('tok-short', 20 * 60_000);
    const got = await links().getLink(MODEL, 3600, FP);
    expect(['tok-expired', 'tok-short']).not.toContain(got.accessToken);
    expect(matterport.mintCalls()).toBe(1);
  });

  test('a good row is reused without a mint; only for its model, lifetime and credentials', async () => {
    seedRow('tok-good', 50 * 60_000);
    expect((await links().getLink(MODEL, 3600, FP)).accessToken).toBe('tok-good');
    expect(matterport.mintCalls()).toBe(0);
    await links().getLink(MODEL, 3600, 'fp-other');
    await links().getLink(MODEL, 1800, FP);
    await links().getLink('sxql3igyodo', 3600, FP);
    expect(matterport.mintCalls()).toBe(3);
  });

  test('a link revoked on one replica is not reused by another', async () => {
    const first = await links().getLink(MODEL, 3600, FP);
    await links().flushRecords();
    const [row] = fake.db.rows(LINK_UID);
    await links().revokeWhere({ id: row.id }, ADA, 'link');
    const other = await createFakeStrapi({
      services: { matterport: matterport.service },
      shareWith: fake,
    });
    try {
      const got = await links(other).getLink(MODEL, 3600, FP);
      expect(got.accessToken).not.toBe(first.accessToken);
      expect(matterport.mintCalls()).toBe(2);
    } finally {
      await other.close();
    }
  });
});

describe('tokens rest encrypted', () => {
  beforeEach(() => setup());

  test('what the database layer receives and keeps carries no token and no link in plain text', async () => {
    const minted = await Promise.all(
      ['SxQL3iGyoDo', 'WziSQO0ORu7', 'aBcDeFgHiJk'].map((m) => links().getLink(m, 600, FP))
    );
    await links().flushRecords();
    const rows = fake.db.rows(LINK_UID);
    expect(rows).toHaveLength(3);
    const written = JSON.stringify(fake.db.calls.filter((c) => c.uid === LINK_UID));
    const kept = JSON.stringify(rows);
    for (const link of minted) {
      expect(written).not.toContain(link.accessToken);
      expect(kept).not.toContain(link.accessToken);
      expect(kept).not.toContain(link.link);
      expect(kept).not.toContain(encodeURIComponent(link.accessToken));
    }
    for (const row of rows) {
      const link = minted.find((l) => l.modelId === row.modelId);
      // The last four characters, as the admin routes show them.
      expect(row.tokenHint).toBe(link?.accessToken.slice(-4));
      // …and the token itself only as AES-GCM ciphertext that this key opens.
      expect(cipher.decrypt(row.secret as never, 'ledger.token')).toContain(link?.accessToken);
    }
  });

  test("a link's admin view shows the hint, never the token", async () => {
    const minted = await links().getLink(MODEL, 600, FP);
    await links().flushRecords();
    const [row] = fake.db.rows(LINK_UID);
    const view = await links().findOne(Number(row.id));
    expect(JSON.stringify(view)).not.toContain(minted.accessToken);
    expect(view?.tokenHint).toBe(minted.accessToken.slice(-4));
  });
});

describe('purge and retention', () => {
  test('rows expired for longer than retention (24 h by default) go; the others stay', async () => {
    await setup();
    const old = seedRow('tok-old', -25 * HOUR);
    const recent = seedRow('tok-recent', -23 * HOUR);
    const live = seedRow('tok-live', HOUR);
    expect(await links().purgeExpired()).toBe(1);
    expect(
      fake.db
        .rows(LINK_UID)
        .map((r) => r.id)
        .sort()
    ).toEqual([recent.id, live.id].sort());
    expect(fake.db.rows(LINK_UID).some((r) => r.id === old.id)).toBe(false);
  });

  test('retention 0s deletes every expired row at the next purge, never a usable one', async () => {
    await setup({ config: { retention: '0s' } });
    seedRow('tok-a', -25 * HOUR);
    seedRow('tok-b', -60_000);
    const live = seedRow('tok-live', 10 * 60_000);
    expect(await links().purgeExpired()).toBe(2);
    expect(fake.db.rows(LINK_UID).map((r) => r.id)).toEqual([live.id]);
  });

  test('a backlog larger than one batch is purged completely', async () => {
    await setup({ config: { retention: '1h' } });
    for (let i = 0; i < 1300; i += 1) seedRow(`tok-${i}`, -2 * HOUR);
    const live = seedRow('tok-live', HOUR);
    expect(await links().purgeExpired()).toBe(1300);
    expect(fake.db.rows(LINK_UID).map((r) => r.id)).toEqual([live.id]);
  });
});
