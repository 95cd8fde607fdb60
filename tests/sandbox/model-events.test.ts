import http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  DEFAULT_CLIENT,
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
} from '../../sandbox/src/index';
import { MINT_LINK, MODELS, credentials, startSandbox, type Harness, type Json } from './harness';

/**
 * Model event webhooks (Matterport's Webhooks v2): registration through the Model API, changes
 * made through the control endpoint, and the documented payload
 * `{ modelId, version, webhookId, webhookCustomKey, timestamp, type, body }` posted to every
 * callback of the space's organisation, under each mode public material leaves open.
 */

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Json;
}

/** A callback receiver answering `status()` (200 unless told). */
async function receiver(status: () => number = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as Json });
      res.writeHead(status(), { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const ADD = `
  mutation add($input: ModelEventWebhookCallbackInput!) {
    addModelEventWebhookCallback(input: $input) { id version eventTypes url credType credKey }
  }`;
const ALL_TYPES = [
  'created',
  'deleted',
  'transferred_in',
  'transferred_out',
  'activation_state_changed',
  'restored',
  'visibility_changed',
  'details_changed',
];

const register = async (
  h: Harness,
  port: number,
  credType: 'basic' | 'token' = 'basic',
  extra: Record<string, unknown> = {}
) => {
  const answer = await h.graph(ADD, {
    input: {
      version: 2,
      eventTypes: ALL_TYPES,
      callback: {
        scheme: 'http',
        host: '127.0.0.1',
        port,
        path: 'hooks/matterport',
        queryParams: [{ key: 'org', value: 'one' }],
        credType,
        credKey: 'strapi',
        credSecret: 'callback-secret-123',
        ...extra,
      },
    },
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.addModelEventWebhookCallback as Json;
};

let h: Harness;
let r: Awaited<ReturnType<typeof receiver>>;

beforeEach(async () => {
  h = await startSandbox({
    organizations: [
      {
        id: DEFAULT_ORGANIZATION_ID,
        name: 'Sandbox organisation',
        clients: [DEFAULT_CLIENT],
        models: SEED_MODELS,
      },
      SECOND_ORGANIZATION,
    ],
  });
  r = await receiver();
});

afterEach(async () => {
  await h.sandbox.stop();
  await r.close();
});

describe('registration', () => {
  it('answers an id and the callback, never the secret; lists and removes it', async () => {
    const added = await register(h, r.port);
    expect(added).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      version: 2,
      eventTypes: ALL_TYPES,
      url: `http://127.0.0.1:${r.port}/hooks/matterport?org=one`,
      credType: 'basic',
      credKey: 'strapi',
    });
    const listed = await h.graph('{ modelEventWebhookCallbacks { id url } }');
    expect(listed.body.data?.modelEventWebhookCallbacks).toEqual([
      { id: added.id, url: added.url },
    ]);
    expect(JSON.stringify(await h.control.webhooks())).not.toContain('callback-secret-123');
    const removed = await h.graph(
      'mutation { removeModelEventWebhookCallback(id: "' + added.id + '") }'
    );
    expect(removed.body.data?.removeModelEventWebhookCallback).toBe(true);
    expect(await h.control.webhooks()).toEqual([]);
  });

  it('refuses version 1 (the sandbox plays v2 only) and registers nothing', async () => {
    const answer = await h.graph(ADD, {
      input: { eventTypes: ['deleted'], callback: { scheme: 'http', host: '127.0.0.1' } },
    });
    expect(answer.body.errors?.[0]?.extensions.code).toBe('request.unsupported');
    expect(await h.control.webhooks()).toEqual([]);
  });
});

describe('changes and payloads', () => {
  it('deleting a space posts `deleted` with Basic credentials and the documented payload; it can no longer be minted', async () => {
    const added = await register(h, r.port);
    const before = Date.now();
    await h.control.changeModel(MODELS.grandHotelLobby, { change: 'delete' });
    await h.control.webhookDeliveries(true);
    expect(r.received).toHaveLength(1);
    const [hit] = r.received as [Received];
    expect(hit.url).toBe('/hooks/matterport?org=one');
    expect(hit.headers.authorization).toBe(
      `Basic ${Buffer.from('strapi:callback-secret-123').toString('base64')}`
    );
    expect(hit.body).toEqual({
      modelId: MODELS.grandHotelLobby,
      version: 2,
      webhookId: added.id,
      webhookCustomKey: null,
      timestamp: expect.any(String),
      type: 'deleted',
      body: {},
    });
    expect(Date.parse(hit.body.timestamp as string)).toBeGreaterThanOrEqual(before - 1000);
    const mint = await h.graph(MINT_LINK, { modelId: MODELS.grandHotelLobby, ...credentials() });
    expect(mint.body.errors?.[0]?.extensions.code).toBe('not.found');
  });

  it('restore brings a deleted space back (`restored`) and it mints again', async () => {
    await register(h, r.port);
    await h.control.changeModel(
      MODELS.grandHotelLobby,
      { change: 'delete' },
      { change: 'restore' }
    );
    await h.control.webhookDeliveries(true);
    expect(r.received.map((x) => x.body.type)).toEqual(['deleted', 'restored']);
    const mint = await h.graph(MINT_LINK, { modelId: MODELS.grandHotelLobby, ...credentials() });
    expect(mint.body.data?.createPrivateModelEmbedLink?.link).toEqual(expect.any(String));
  });

  it('deactivate, visibility and details carry their bodies', async () => {
    await register(h, r.port);
    await h.control.changeModel(
      MODELS.berlinOffice,
      { change: 'deactivate' },
      { change: 'activate' },
      { change: 'visibility', accessVisibility: 'public' },
      { change: 'details', name: 'Berlin HQ' }
    );
    await h.control.webhookDeliveries(true);
    expect(r.received.map((x) => [x.body.type, x.body.body])).toEqual([
      [
        'activation_state_changed',
        { previous: { state: 'active' }, current: { state: 'inactive' } },
      ],
      [
        'activation_state_changed',
        { previous: { state: 'inactive' }, current: { state: 'active' } },
      ],
      [
        'visibility_changed',
        { previous: { accessVisibility: 'password' }, current: { accessVisibility: 'public' } },
      ],
      [
        'details_changed',
        { previous: { name: 'Open-Plan Office Berlin' }, current: { name: 'Berlin HQ' } },
      ],
    ]);
    const read = await h.graph(
      `{ model(id: "${MODELS.berlinOffice}") { name accessVisibility state } }`
    );
    expect(read.body.data?.model).toEqual({
      name: 'Berlin HQ',
      accessVisibility: 'public',
      state: 'active',
    });
  });

  it('a transfer to another organisation posts transferred_out to one and transferred_in to the other', async () => {
    await register(h, r.port);
    const events = await h.control.changeModel(MODELS.cafeMuller, {
      change: 'transfer',
      to: SECOND_ORGANIZATION.id,
    });
    // Only the first organisation has a callback.
    expect(events.map((e) => e.type)).toEqual(['transferred_out']);
    const organizations = await h.control.organizations();
    expect(organizations.find((o) => o.id === SECOND_ORGANIZATION.id)?.modelIds).toContain(
      MODELS.cafeMuller
    );
    expect(organizations.find((o) => o.id === DEFAULT_ORGANIZATION_ID)?.modelIds).not.toContain(
      MODELS.cafeMuller
    );
  });

  it('a bad change list changes nothing and posts nothing', async () => {
    await register(h, r.port);
    await expect(
      h.control.changeModel(MODELS.grandHotelLobby, { change: 'delete' }, { change: 'delete' })
    ).rejects.toThrow(/not in any organisation/);
    await h.control.webhookDeliveries(true);
    expect(r.received).toEqual([]);
    const read = await h.graph(`{ model(id: "${MODELS.grandHotelLobby}") { id } }`);
    expect(read.body.data?.model).toEqual({ id: MODELS.grandHotelLobby });
  });

  it('reset brings back the spaces and forgets the callbacks', async () => {
    await register(h, r.port);
    await h.control.changeModel(MODELS.grandHotelLobby, { change: 'delete' });
    await h.control.reset();
    expect(await h.control.webhooks()).toEqual([]);
    const read = await h.graph(`{ model(id: "${MODELS.grandHotelLobby}") { id } }`);
    expect(read.body.data?.model).toEqual({ id: MODELS.grandHotelLobby });
  });
});

describe('modes', () => {
  it('webhookTokenCredentials: header (default) sends credKey: credSecret; bearer sends Authorization: Bearer', async () => {
    await register(h, r.port, 'token');
    await h.control.changeModel(MODELS.grandHotelLobby, {
      change: 'visibility',
      accessVisibility: 'public',
    });
    await h.control.setModes({ webhookTokenCredentials: 'bearer' });
    await h.control.changeModel(MODELS.grandHotelLobby, {
      change: 'visibility',
      accessVisibility: 'private',
    });
    await h.control.webhookDeliveries(true);
    const [first, second] = r.received as [Received, Received];
    expect(first.headers.strapi).toBe('callback-secret-123');
    expect(first.headers.authorization).toBeUndefined();
    expect(second.headers.authorization).toBe('Bearer callback-secret-123');
    expect(second.headers.strapi).toBeUndefined();
  });

  it('webhookDuplicates: twice posts the same payload twice', async () => {
    await register(h, r.port);
    await h.control.setModes({ webhookDuplicates: 'twice' });
    await h.control.changeModel(MODELS.grandHotelLobby, { change: 'delete' });
    await h.control.webhookDeliveries(true);
    expect(r.received).toHaveLength(2);
    expect(r.received[1]?.body).toEqual(r.received[0]?.body);
  });

  it('webhookOrder: reversed posts the events of one call last first, timestamps unchanged', async () => {
    await register(h, r.port);
    await h.control.setModes({ webhookOrder: 'reversed' });
    await h.control.changeModel(
      MODELS.berlinOffice,
      { change: 'deactivate' },
      { change: 'activate' }
    );
    await h.control.webhookDeliveries(true);
    const bodies = r.received.map((x) => x.body);
    expect(bodies.map((b) => (b.body as Json).current.state)).toEqual(['active', 'inactive']);
    expect(Date.parse(bodies[0]?.timestamp as string)).toBeGreaterThan(
      Date.parse(bodies[1]?.timestamp as string)
    );
  });

  it('webhookRetries: none posts once after a 500; until-2xx retries until a 2xx', async () => {
    let answers = [500, 503, 200];
    const failing = await receiver(() => answers.shift() ?? 200);
    try {
      await register(h, failing.port);
      await h.control.changeModel(MODELS.grandHotelLobby, {
        change: 'visibility',
        accessVisibility: 'public',
      });
      await h.control.webhookDeliveries(true);
      expect(failing.received).toHaveLength(1);
      answers = [500, 503, 200];
      await h.control.setModes({ webhookRetries: 'until-2xx' });
      await h.control.changeModel(MODELS.grandHotelLobby, {
        change: 'visibility',
        accessVisibility: 'private',
      });
      const log = await h.control.webhookDeliveries(true);
      expect(failing.received).toHaveLength(4);
      expect(log.slice(1).map((d) => [d.attempt, d.status])).toEqual([
        [1, 500],
        [2, 503],
        [3, 200],
      ]);
    } finally {
      await failing.close();
    }
  });

  it('webhookTimestamp: epoch-ms sends a number', async () => {
    await register(h, r.port);
    await h.control.setModes({ webhookTimestamp: 'epoch-ms' });
    await h.control.changeModel(MODELS.grandHotelLobby, { change: 'delete' });
    await h.control.webhookDeliveries(true);
    expect(typeof r.received[0]?.body.timestamp).toBe('number');
  });

  it('activationBody: active-flag sends { active }', async () => {
    await register(h, r.port);
    await h.control.setModes({ activationBody: 'active-flag' });
    await h.control.changeModel(MODELS.berlinOffice, { change: 'deactivate' });
    await h.control.webhookDeliveries(true);
    expect(r.received[0]?.body.body).toEqual({ active: false });
  });

  it('a logged delivery can be replayed with the same headers and body', async () => {
    await register(h, r.port);
    await h.control.changeModel(MODELS.grandHotelLobby, { change: 'delete' });
    const [logged] = await h.control.webhookDeliveries(true);
    await h.control.replayDelivery(logged?.index as number);
    expect(r.received).toHaveLength(2);
    expect(r.received[1]?.body).toEqual(r.received[0]?.body);
    expect(r.received[1]?.headers.authorization).toBe(r.received[0]?.headers.authorization);
  });
});
