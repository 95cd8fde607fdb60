import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import type { LinkView, RevokeResponse } from '../../common/contracts/links';
import { ADMIN, createApiToken, login, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { statusOf, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Issue 18: failures remembered and told truthfully. Expectations come from the issue:
 * an unknown model costs Matterport at most one call per failureTtl, a reset secret at
 * most two token requests for ten reads, and a link is "revoked" only when Matterport
 * confirmed it; every other outcome leaves it active with revokeError.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const stamp = Date.now();
const A = { clientId: `failures-a-${stamp}`, clientSecret: 'failures-secret-a-0001' };
const B = { clientId: `failures-b-${stamp}`, clientSecret: 'failures-secret-b-0001' };
const UNKNOWN_MODEL = 'Zz9Zz9Zz9Zz';
const pool = SEED_MODELS.filter((m) => m.state === 'active').map((m) => m.id);
let nextModel = 0;
const freshModel = () => {
  const id = pool[nextModel++];
  if (!id) throw new Error('The seed has no active model left for this test');
  return id;
};

let db: TestDatabase;
let strapi: StrapiProcess;
let admin: Client;
let api: Client;

const createSpace = async (tour: string) => {
  const res = await api.post<{ data: { documentId: string } }>('/api/spaces', {
    data: { title: `Space ${tour}`, tour },
  });
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};
const readSpace = async (documentId: string) =>
  (await client(strapi.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body
    .data.tour;
const useCredentials = async (credentials: { clientId: string; clientSecret: string }) => {
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
};
/** The ledger row of a delivered token, found by model and the token's last four characters. */
const rowOf = async (modelId: string, accessToken: string): Promise<LinkView> => {
  const res = await admin.get<{ data: LinkView[] }>(`/matterport/links?modelId=${modelId}`);
  const row = res.body.data.find((l) => l.tokenHint === accessToken.slice(-4));
  expect(row).toBeDefined();
  return row as LinkView;
};

beforeAll(async () => {
  await sandbox.registerClient(A);
  await sandbox.registerClient(B);
  db = await createTestDatabase('failures');
  strapi = await startStrapi({
    name: 'failures',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: {
      revokeOnUnpublish: true,
      requestTimeout: '1s',
      retryBudget: '1s',
      failureTtl: '60s',
    },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  await useCredentials(A);
});

afterAll(async () => {
  await sandbox.clearFaults();
  await sandbox.setModes({ foreignRevoke: 'accept', revokeAnswer: 'true' });
  await strapi?.stop();
  await db?.drop();
});

afterEach(async () => {
  await sandbox.clearFaults();
  await sandbox.setModes({ foreignRevoke: 'accept', revokeAnswer: 'true' });
});

describe('negative caching', () => {
  test('six reads of an entry with an unknown model make at most one Matterport call; a picker action asks again', async () => {
    const documentId = await createSpace(UNKNOWN_MODEL);
    // The account token is fetched by a read of a known model first: what is counted is the reads' own calls.
    expect((await readSpace(await createSpace(freshModel()))).link).toBeTruthy();
    await sandbox.resetCounters();
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 6; i += 1) codes.push((await readSpace(documentId)).error?.code);
    const after = await sandbox.counters();
    expect(codes).toEqual(Array(6).fill('MATTERPORT_NOT_FOUND'));
    expect(after.graphRequests + after.tokenRequests).toBeLessThanOrEqual(1);

    // The picker looks at the model: Matterport is asked again (not answered from memory).
    expect((await admin.get(`/matterport/models/${UNKNOWN_MODEL}`)).status).toBe(404);
    expect((await sandbox.counters()).graphRequests).toBe(after.graphRequests + 1);
    // Saving the settings forgets it too: the next read asks Matterport once more.
    expect((await admin.put('/matterport/settings', { defaultValidFor: '1h' })).status).toBe(200);
    const saved = await sandbox.counters();
    expect((await readSpace(documentId)).error?.code).toBe('MATTERPORT_NOT_FOUND');
    expect((await sandbox.counters()).graphRequests).toBe(saved.graphRequests + 1);
  });
});

describe('credentials breaker', () => {
  test('ten reads after a secret reset make at most two token requests; a valid cached link is still served; saving recovers', async () => {
    const warm = await createSpace(freshModel());
    const warmLink = await readSpace(warm);
    expect(warmLink.link).toBeTruthy();
    const cold = await createSpace(freshModel());
    const fresh = await sandbox.resetClientSecret(A.clientId);
    await sandbox.resetCounters();

    const reads: Delivered[] = [];
    for (let i = 0; i < 10; i += 1) reads.push(await readSpace(cold));
    const counters = await sandbox.counters();
    expect(reads.map((r) => r.error?.code)).toEqual(Array(10).fill('MATTERPORT_AUTH_FAILED'));
    expect(counters.tokenRequests).toBeLessThanOrEqual(2);
    expect((await readSpace(warm)).link).toBe(warmLink.link);

    A.clientSecret = fresh;
    await useCredentials(A);
    const after = await readSpace(cold);
    expect(after.error).toBeUndefined();
    expect(after.link).toBeTruthy();
  });
});

type Path = 'link' | 'model' | 'previous credentials' | 'unpublish';
type Outcome = { revoked: true } | { revoked: false; code: string };

/**
 * Mints a link with `minter`, switches to `revoker` (`'A after reset'`: A's secret reset in
 * Matterport, the rotation case), revokes it along `path`, and answers what the API said of
 * this one link (undefined on unpublish, which answers nothing about links).
 */
const revokeAlong = async (
  path: Path,
  minter: typeof A,
  revokerChoice: typeof A | 'A after reset'
) => {
  await useCredentials(minter);
  const modelId = freshModel();
  const documentId = await createSpace(modelId);
  const delivered = await readSpace(documentId);
  expect(delivered.accessToken).toBeTruthy();
  const token = delivered.accessToken as string;
  const row = await rowOf(modelId, token);
  if (revokerChoice === 'A after reset')
    A.clientSecret = await sandbox.resetClientSecret(A.clientId);
  await useCredentials(revokerChoice === 'A after reset' ? A : revokerChoice);
  let reported: Outcome | undefined;
  if (path === 'link') {
    const res = await admin.post<{ data: LinkView | null; error?: { details: { code: string } } }>(
      `/matterport/links/${row.id}/revoke`
    );
    reported =
      res.status === 200
        ? { revoked: true }
        : { revoked: false, code: res.body.error?.details.code as string };
  } else if (path === 'model' || path === 'previous credentials') {
    const url =
      path === 'model'
        ? `/matterport/models/${modelId}/revoke-links`
        : '/matterport/links/revoke-previous-credentials';
    const res = await admin.post<RevokeResponse>(url);
    expect(res.status).toBe(200);
    expect(res.body.meta.matched).toBe(res.body.data.revoked.length + res.body.data.failed.length);
    const failed = res.body.data.failed.find((f) => f.link.id === row.id);
    const revoked = res.body.data.revoked.find((l) => l.id === row.id);
    expect(Boolean(failed) !== Boolean(revoked)).toBe(true);
    reported = revoked ? { revoked: true } : { revoked: false, code: failed?.error.code as string };
  } else {
    expect(
      (
        await admin.post(
          `/content-manager/collection-types/api::space.space/${documentId}/actions/unpublish`,
          {}
        )
      ).status
    ).toBe(200);
  }
  const after = await rowOf(modelId, token);
  return {
    reported,
    row: after,
    sandboxStatus: await statusOf(ctx.sandboxOrigin, token),
    token,
    modelId,
  };
};

const PATHS: Path[] = ['link', 'model', 'previous credentials', 'unpublish'];

describe.each(PATHS)('revoking along "%s"', (path) => {
  // Along "previous credentials" the link must be another set's: A's own, before a secret reset.
  const ownRevoker = path === 'previous credentials' ? ('A after reset' as const) : A;
  const reportedAs = (outcome: Outcome) => (path === 'unpublish' ? undefined : outcome);

  const expectRevoked = (result: Awaited<ReturnType<typeof revokeAlong>>) => {
    expect(result.reported).toEqual(reportedAs({ revoked: true }));
    expect(result.row.revokedAt).not.toBeNull();
    expect(result.row.revokeError ?? null).toBeNull();
  };
  const expectFailed = (result: Awaited<ReturnType<typeof revokeAlong>>, code: string) => {
    expect(result.reported).toEqual(reportedAs({ revoked: false, code }));
    expect(result.row.revokedAt).toBeNull();
    expect(result.row.active).toBe(true);
    expect(result.row.revokeError?.code).toBe(code);
    expect(Date.parse(result.row.revokeError?.at as string)).not.toBeNaN();
  };

  test('Matterport confirms: the row is revoked and so is the token', async () => {
    const result = await revokeAlong(path, A, ownRevoker);
    expectRevoked(result);
    expect(result.sandboxStatus).toBe('revoked');
  });

  test('Matterport answers false: the row stays active with revokeError, and a retry revokes it', async () => {
    await sandbox.setModes({ revokeAnswer: 'false' });
    const result = await revokeAlong(path, A, ownRevoker);
    expectFailed(result, 'REVOKE_REFUSED');
    expect(result.sandboxStatus).toBe('valid');
    await sandbox.setModes({ revokeAnswer: 'true' });
    const retry = await admin.post<{ data: LinkView }>(`/matterport/links/${result.row.id}/revoke`);
    expect(retry.status).toBe(200);
    expect(retry.body.data.revokedAt).not.toBeNull();
    expect(await statusOf(ctx.sandboxOrigin, result.token)).toBe('revoked');
  });

  test('a token of another client ID, Matterport refusing it (not.found): not claimed revoked', async () => {
    await sandbox.setModes({ foreignRevoke: 'refuse' });
    const result = await revokeAlong(path, B, A);
    expectFailed(result, 'REVOKE_FOREIGN_TOKEN');
    expect(result.sandboxStatus).toBe('valid');
  });

  test('a token of another client ID, Matterport accepting it: revoked', async () => {
    await sandbox.setModes({ foreignRevoke: 'accept' });
    const result = await revokeAlong(path, B, A);
    expectRevoked(result);
    expect(result.sandboxStatus).toBe('revoked');
  });

  test('Matterport down: the row stays active with the error', async () => {
    await sandbox.addFault({ target: 'revoke', mode: 'status', status: 503 });
    const result = await revokeAlong(path, A, ownRevoker);
    expectFailed(result, 'MATTERPORT_UNAVAILABLE');
    expect(result.sandboxStatus).toBe('valid');
  });
});

test('revoke-current-credentials revokes what the current credentials minted, before they are replaced', async () => {
  await useCredentials(A);
  const modelId = freshModel();
  const delivered = await readSpace(await createSpace(modelId));
  const res = await admin.post<RevokeResponse>('/matterport/links/revoke-current-credentials');
  expect(res.status).toBe(200);
  expect(res.body.data.revoked.map((l) => l.modelId)).toContain(modelId);
  expect(res.body.meta.failed).toBe(0);
  expect(await statusOf(ctx.sandboxOrigin, delivered.accessToken as string)).toBe('revoked');
});

describe('undecryptable ledger rows (the encryption key changed)', () => {
  const KEY_1 = 'failures-key-one-0123456789';
  const KEY_2 = 'failures-key-two-0123456789';
  let keyDb: TestDatabase;
  let first: StrapiProcess | undefined;
  let second: StrapiProcess | undefined;

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await keyDb?.drop();
  });

  test('no revocation path marks them revoked: they stay active with revokeError; with the old key listed they can be revoked', async () => {
    keyDb = await createTestDatabase('failures-keys');
    const pinned = { ...B, revokeOnUnpublish: true, requestTimeout: '1s', retryBudget: '1s' };
    first = await startStrapi({
      name: 'failures-k1',
      databaseEnv: keyDb.env,
      sandboxOrigin: ctx.sandboxOrigin,
      pluginConfig: { ...pinned, encryptionKey: KEY_1 },
    });
    const jwt = await registerAdmin(first.url);
    const token = await createApiToken(first.url, jwt);
    const firstApi = client(first.url, token);
    const models = [freshModel(), freshModel(), freshModel(), freshModel()];
    const docs: string[] = [];
    const tokens: string[] = [];
    for (const modelId of models) {
      const res = await firstApi.post<{ data: { documentId: string } }>('/api/spaces', {
        data: { title: modelId, tour: modelId },
      });
      docs.push(res.body.data.documentId);
      const read = await client(first.url).get<{ data: { tour: Delivered } }>(
        `/api/spaces/${res.body.data.documentId}`
      );
      tokens.push(read.body.data.tour.accessToken as string);
    }
    await first.stop();
    first = undefined;

    second = await startStrapi({
      name: 'failures-k2',
      databaseEnv: keyDb.env,
      sandboxOrigin: ctx.sandboxOrigin,
      pluginConfig: { ...pinned, encryptionKey: KEY_2 },
    });
    const secondAdmin = client(second.url, await registerAdminOrLogin(second.url));
    const row = async (i: number) =>
      (
        await secondAdmin.get<{ data: LinkView[] }>(`/matterport/links?modelId=${models[i]}`)
      ).body.data.find((l) => l.tokenHint === tokens[i].slice(-4)) as LinkView;

    const one = await secondAdmin.post<{ error: { details: { code: string } } }>(
      `/matterport/links/${(await row(0)).id}/revoke`
    );
    expect(one.status).toBe(409);
    expect(one.body.error.details.code).toBe('LINK_UNDECRYPTABLE');
    const byModel = await secondAdmin.post<RevokeResponse>(
      `/matterport/models/${models[1]}/revoke-links`
    );
    expect(byModel.body.meta).toEqual({ matched: 1, revoked: 0, failed: 1 });
    // Rows written under the old key do not carry the fingerprint of the current key: they count as previous.
    const previous = await secondAdmin.post<RevokeResponse>(
      '/matterport/links/revoke-previous-credentials'
    );
    expect(previous.body.meta.revoked).toBe(0);
    expect(previous.body.data.failed.map((f) => f.error.code)).toEqual(
      Array(previous.body.meta.failed).fill('LINK_UNDECRYPTABLE')
    );
    expect(previous.body.meta.failed).toBeGreaterThanOrEqual(2);
    expect(
      (
        await secondAdmin.post(
          `/content-manager/collection-types/api::space.space/${docs[3]}/actions/unpublish`,
          {}
        )
      ).status
    ).toBe(200);

    for (let i = 0; i < 4; i += 1) {
      const r = await row(i);
      expect(r.revokedAt).toBeNull();
      expect(r.active).toBe(true);
      expect(r.revokeError?.code).toBe('LINK_UNDECRYPTABLE');
      expect(await statusOf(ctx.sandboxOrigin, tokens[i])).toBe('valid');
    }
    await second.stop();

    // With the old key listed, the same rows are readable again and revocable.
    second = await startStrapi({
      name: 'failures-k3',
      databaseEnv: keyDb.env,
      sandboxOrigin: ctx.sandboxOrigin,
      pluginConfig: { ...pinned, encryptionKey: KEY_2, previousEncryptionKeys: [KEY_1] },
    });
    const thirdAdmin = client(second.url, await registerAdminOrLogin(second.url));
    const reencrypted = await thirdAdmin.post<{ data: { links: number; undecryptable: number } }>(
      '/matterport/settings/reencrypt'
    );
    expect(reencrypted.status).toBe(200);
    expect(reencrypted.body.data.undecryptable).toBe(0);
    expect(reencrypted.body.data.links).toBeGreaterThanOrEqual(4);
    const current = await thirdAdmin.post<RevokeResponse>(
      '/matterport/links/revoke-current-credentials'
    );
    expect(current.body.meta.failed).toBe(0);
    for (const t of tokens) expect(await statusOf(ctx.sandboxOrigin, t)).toBe('revoked');
  });
});

/** A later boot on the same database: the admin exists, log in. */
const registerAdminOrLogin = (url: string): Promise<string> =>
  login(url, ADMIN.email, ADMIN.password);

describe('thumbnail proxy', () => {
  test('raster thumbnails are served; an SVG answer is refused', async () => {
    // Thumbnails are cached per model: two models no thumbnail was asked for yet in this process.
    const ok = await admin.get(`/matterport/models/${pool[0]}/thumbnail`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    // The sandbox's "malformed" thumbnail answer is an SVG document (image/svg+xml).
    await sandbox.addFault({ target: 'thumbnail', mode: 'malformed' });
    const svg = await admin.get<{ error: { details: { code: string } } }>(
      `/matterport/models/${pool[1]}/thumbnail`
    );
    expect(svg.status).toBe(502);
    expect(svg.body.error.details.code).toBe('MATTERPORT_UNAVAILABLE');
  });
});
