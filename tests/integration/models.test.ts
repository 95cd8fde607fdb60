import type { GetModels, ModelView } from '../../common/contracts/models';
import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { createAdminUser, createRole, findRole } from '../harness/admin';
import { readContext } from '../harness/context';
import { client } from '../harness/http';

const ctx = readContext();
const admin = client(ctx.strapiUrl, ctx.adminToken);
const sandbox = new SandboxControl(ctx.sandboxOrigin);

type Page = GetModels.Response;

const nonDemo = SEED_MODELS.filter((m) => !m.demo);

describe('the picker API', () => {
  test('pages through every model (active and archived) with nextOffset', async () => {
    const seen: ModelView[] = [];
    let offset: string | null = null;
    let pages = 0;
    do {
      const path: string = `/matterport/models?pageSize=10${offset ? `&offset=${encodeURIComponent(offset)}` : ''}`;
      const res = await admin.get<Page>(path);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(10);
      seen.push(...res.body.data);
      offset = res.body.meta.nextOffset;
      pages += 1;
    } while (offset && pages < 10);
    expect(pages).toBe(Math.ceil(nonDemo.length / 10));
    expect(new Set(seen.map((m) => m.id)).size).toBe(nonDemo.length);
    expect(seen.some((m) => m.state === 'inactive')).toBe(true);
    expect(new Set(seen.map((m) => m.accessVisibility))).toEqual(
      new Set(['private', 'unlisted', 'public', 'password'])
    );
  });

  test('search finds by name prefix, and reserved characters cannot break the query', async () => {
    const lobby = await admin.get<Page>('/matterport/models?search=lobby');
    expect(lobby.status).toBe(200);
    const expected = nonDemo.filter((m) =>
      m.name
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .some((w) => w.startsWith('lobby'))
    );
    expect(lobby.body.data.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());
    const twoWords = await admin.get<Page>('/matterport/models?search=grand%20lob');
    expect(twoWords.body.data.map((m) => m.name)).toEqual(['Grand Hotel Lobby']);
    for (const hostile of ['name:*', '"unterminated', '(a OR', 'a:b) OR (*', '\\']) {
      const res = await admin.get<Page>(`/matterport/models?search=${encodeURIComponent(hostile)}`);
      expect(res.status).toBe(200);
    }
  });

  test("Matterport's internal notes (description) are never sent", async () => {
    const res = await admin.get<Page>('/matterport/models?pageSize=100');
    const described = nonDemo.filter((m) => m.description);
    expect(described.length).toBeGreaterThan(0);
    for (const model of described) expect(res.text).not.toContain(model.description);
    expect(Object.keys(res.body.data[0]).sort()).toEqual([
      'accessVisibility',
      'connection',
      'created',
      'id',
      'modified',
      'name',
      'state',
      'thumbnailUrl',
    ]);
  });

  test('one model; a clear 404 when Matterport has none; 400 for a malformed ID', async () => {
    const one = await admin.get<{ data: ModelView }>('/matterport/models/WziSQO0ORu7');
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({
      id: 'WziSQO0ORu7',
      name: 'Grand Hotel Lobby',
      thumbnailUrl: '/matterport/models/WziSQO0ORu7/thumbnail',
      connection: 'default',
    });
    const missing = await admin.get<{ error: { message: string; details: { code: string } } }>(
      '/matterport/models/AAAAAAAAAAA'
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.details.code).toBe('MATTERPORT_NOT_FOUND');
    expect(missing.body.error.message).toMatch(/no model AAAAAAAAAAA/);
    const bad = await admin.get<{ error: { message: string } }>('/matterport/models/bad-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/11 letters and digits/);
  });

  test.each([
    ['pageSize=0', /pageSize/],
    ['pageSize=1000', /pageSize/],
    ['pageSize=abc', /pageSize/],
    ['offset=%3Cscript%3E', /offset/],
    [`search=${'x'.repeat(201)}`, /search/],
    ['surprise=1', /Unknown parameter/],
  ])('bad query %s → 400', async (query, message) => {
    const res = await admin.get<{ error: { message: string } }>(`/matterport/models?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  test('the thumbnail is proxied through Strapi as an image, inert, and cached', async () => {
    await sandbox.resetCounters();
    const res = await fetch(`${ctx.strapiUrl}/matterport/models/AHaxI9GRBzD/thumbnail`, {
      headers: { authorization: `Bearer ${ctx.adminToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    const again = await fetch(`${ctx.strapiUrl}/matterport/models/AHaxI9GRBzD/thumbnail`, {
      headers: { authorization: `Bearer ${ctx.adminToken}` },
    });
    expect(again.status).toBe(200);
    expect((await sandbox.counters()).thumbnailRequests).toBe(1);
  });

  describe('the thumbnail proxy fetches only from Matterport (here: the API origin), every hop checked', () => {
    // README, threat table: "only Matterport hosts (or the configured API origin), each redirect
    // hop checked against the same allow-list". The sandbox's thumbnailHost mode puts the image
    // on another host name of the sandbox (localhost, which serves it) or behind a redirect.
    // Models no other test asks the thumbnail of (the proxy caches per model).
    afterEach(() => sandbox.setModes({ thumbnailHost: 'sandbox' }));
    const thumbnail = (modelId: string) =>
      admin.get<{ error?: { details?: { code?: string } } }>(
        `/matterport/models/${modelId}/thumbnail`
      );

    test('an address on another host is refused, and nothing is fetched from it', async () => {
      await sandbox.setModes({ thumbnailHost: 'other-host' });
      await sandbox.resetCounters();
      const res = await thumbnail('HZ5x79xMPmw');
      expect(res.status).toBe(502);
      expect(res.body.error?.details?.code).toBe('MATTERPORT_UNAVAILABLE');
      expect((await sandbox.counters()).thumbnailRequests).toBe(0);
    });

    test('a redirect to another host is not followed', async () => {
      await sandbox.setModes({ thumbnailHost: 'redirect-other-host' });
      await sandbox.resetCounters();
      const res = await thumbnail('9rCghePbvPT');
      expect(res.status).toBe(502);
      expect(res.body.error?.details?.code).toBe('MATTERPORT_UNAVAILABLE');
      // The first hop only: the redirect's target (served by the same sandbox) was never asked.
      expect((await sandbox.counters()).thumbnailRequests).toBe(1);
    });

    test('a redirect within the allowed origin is followed: the image is served', async () => {
      await sandbox.setModes({ thumbnailHost: 'redirect-same-host' });
      await sandbox.resetCounters();
      const res = await fetch(`${ctx.strapiUrl}/matterport/models/mUq9YVOwfEr/thumbnail`, {
        headers: { authorization: `Bearer ${ctx.adminToken}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect((await sandbox.counters()).thumbnailRequests).toBe(2);
    });
  });

  test('a preview link for the editor works in the Showcase', async () => {
    const res = await admin.post<{ data: { modelId: string; link: string; validUntil: string } }>(
      '/matterport/models/yopBRDqxfR4/preview-link'
    );
    expect(res.status).toBe(200);
    const page = await (await fetch(res.body.data.link)).text();
    expect(page).toContain('data-status="valid"');
    // previewValidFor defaults to 5 minutes.
    const left = Date.parse(res.body.data.validUntil) - Date.now();
    expect(left).toBeGreaterThan(2 * 60_000);
    expect(left).toBeLessThanOrEqual(5 * 60_000 + 1000);
  });

  test('nothing of the picker is reachable through the content API', async () => {
    for (const path of [
      '/api/matterport/models',
      '/api/matterport/settings',
      '/api/matterport/links',
    ]) {
      expect([403, 404]).toContain((await client(ctx.strapiUrl, ctx.apiToken).get(path)).status);
    }
  });
});

describe('who may browse', () => {
  test('Editors and Authors can pick out of the box; a role without the action gets 403', async () => {
    for (const code of ['strapi-editor', 'strapi-author']) {
      const role = await findRole(ctx.strapiUrl, ctx.adminToken, code);
      const token = await createAdminUser(
        ctx.strapiUrl,
        ctx.adminToken,
        `${code}.${Date.now()}@example.com`,
        [role.id]
      );
      const res = await client(ctx.strapiUrl, token).get<Page>('/matterport/models?pageSize=3');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(3);
      // ...but not the settings or the links.
      expect((await client(ctx.strapiUrl, token).get('/matterport/settings')).status).toBe(403);
      expect((await client(ctx.strapiUrl, token).get('/matterport/links')).status).toBe(403);
    }
    const custom = await createRole(
      ctx.strapiUrl,
      ctx.adminToken,
      `No Matterport ${Date.now()}`,
      []
    );
    const token = await createAdminUser(
      ctx.strapiUrl,
      ctx.adminToken,
      `nomp.${Date.now()}@example.com`,
      [custom.id]
    );
    const denied = client(ctx.strapiUrl, token);
    expect((await denied.get('/matterport/models')).status).toBe(403);
    expect((await denied.get('/matterport/models/WziSQO0ORu7/thumbnail')).status).toBe(403);
    expect((await denied.post('/matterport/models/WziSQO0ORu7/preview-link')).status).toBe(403);
  });
});
