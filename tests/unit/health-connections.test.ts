import { emit, on } from '../../server/src/events';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport } from './fakes/matterport';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/**
 * Issue 26: the health panel has a row per connection, each with its own credentials state,
 * breaker, 429 hold, failures, last mint and ledger counts ("one organisation failing or
 * throttled shows there and nowhere else"); the top-level figures stay the default's.
 */
let fake: FakeStrapi;
const HOLD_UNTIL = new Date('2030-01-01T00:00:00.000Z');

beforeEach(async () => {
  const matterport = createFakeMatterport();
  fake = await createFakeStrapi({
    services: {
      matterport: {
        ...matterport.service,
        // Harbour is throttled by Matterport (its client holds calls); the default is not.
        breaker: (connection?: string) =>
          connection === 'harbour'
            ? { open: false, openUntil: undefined, rateLimitedUntil: HOLD_UNTIL }
            : { open: false, openUntil: undefined, rateLimitedUntil: undefined },
      },
      // No published content uses any space: the privacy lists are empty (issue 28).
      usage: { publishedModels: async () => [] },
    },
    config: {
      clientId: 'client-default',
      clientSecret: 'default-secret-AAAA',
      connections: [
        {
          id: 'harbour',
          name: 'Harbour Estates',
          clientId: 'client-harbour',
          clientSecret: 'harbour-secret-BBBB',
        },
        {
          id: 'quiet',
          name: 'Quiet',
          clientId: 'client-quiet',
          clientSecret: 'quiet-secret-CCCC',
          enabled: false,
        },
      ],
    },
  });
  getService('ops', fake.strapi).start();
});
afterEach(async () => {
  getService('ops', fake.strapi).stop();
  await fake.close();
});

test('each connection has its own row; one refused leaves the others healthy', async () => {
  const fingerprint = (await getService('settings', fake.strapi).getSnapshot())
    .fingerprint as string;
  const links = getService('links', fake.strapi);
  await links.getLink('SxQL3iGyoDo', 600, fingerprint, 'delivery', 'default');
  await links.flushRecords();
  emit(fake.strapi, 'matterport.failed', {
    code: 'MATTERPORT_AUTH_FAILED',
    operation: 'token',
    connection: 'harbour',
  });
  emit(fake.strapi, 'matterport.failed', {
    code: 'MATTERPORT_TIMEOUT',
    operation: 'getModel',
    connection: 'default',
  });

  const view = await getService('ops', fake.strapi).health();

  expect(view.connections.map((c) => c.id)).toEqual(['default', 'harbour', 'quiet']);
  const [byDefault, harbour, quiet] = view.connections;
  expect(byDefault).toMatchObject({
    name: 'Default',
    enabled: true,
    configured: true,
    problem: null,
    auth: { failing: false, lastFailureAt: null },
    breaker: { state: 'closed', reason: null, openUntil: null },
    rateLimitedUntil: null,
    failuresLastHour: { MATTERPORT_TIMEOUT: 1 },
    lastMintAt: expect.any(String),
    ledger: { rows: 1, active: 1 },
  });
  expect(harbour).toMatchObject({
    name: 'Harbour Estates',
    enabled: true,
    configured: true,
    auth: { failing: true, lastFailureAt: expect.any(String) },
    rateLimitedUntil: '2030-01-01T00:00:00.000Z',
    failuresLastHour: { MATTERPORT_AUTH_FAILED: 1 },
    lastMintAt: null,
    ledger: { rows: 0, active: 0 },
  });
  expect(quiet).toMatchObject({
    enabled: false,
    configured: false,
    problem: expect.stringContaining('disabled'),
    auth: { failing: false, lastFailureAt: null },
    failuresLastHour: {},
    ledger: { rows: 0, active: 0 },
  });
  // The top-level figures are the default connection's, as before connections.
  expect(view.auth.failing).toBe(false);
  expect(view.failuresLastHour).toEqual({ MATTERPORT_TIMEOUT: 1 });
  expect(view.rateLimitedUntil).toBeNull();
  expect(view.lastMintAt).toBe(byDefault.lastMintAt);
});

test('a mint is told with its connection (link.minted), and counted for that connection only', async () => {
  const minted: Array<{ connection: string; modelId: string }> = [];

  on(fake.strapi, 'link.minted', (e) =>
    minted.push({ connection: e.connection, modelId: e.modelId })
  );
  const settings = getService('settings', fake.strapi);
  const harbourFingerprint = (await settings.getConnectionSnapshot('harbour'))
    ?.fingerprint as string;
  await getService('links', fake.strapi).getLink(
    'WziSQO0ORu7',
    600,
    harbourFingerprint,
    'delivery',
    'harbour'
  );
  await getService('links', fake.strapi).flushRecords();

  expect(minted).toEqual([{ connection: 'harbour', modelId: 'WziSQO0ORu7' }]);
  const view = await getService('ops', fake.strapi).health();
  const byId = Object.fromEntries(view.connections.map((c) => [c.id, c]));
  expect(byId.harbour.lastMintAt).toEqual(expect.any(String));
  expect(byId.harbour.ledger).toEqual({ rows: 1, active: 1 });
  expect(byId.default.lastMintAt).toBeNull();
  expect(byId.default.ledger).toEqual({ rows: 0, active: 0 });
  expect(view.lastMintAt).toBeNull();
  // The whole plugin's figures count it.
  expect(view.ledger).toEqual({ rows: 1, active: 1 });
  expect(view.mintLatencyMs.samples).toBe(1);
});
