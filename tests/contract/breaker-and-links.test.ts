import { DEFAULT_CLIENT, SandboxControl, createSandbox, type Sandbox } from '../../sandbox/src';
import { MatterportError } from '../../common/errors';
import { MatterportClient } from '../../server/src/matterport/client';
import type { Credentials, Logger } from '../../server/src/matterport/types';
import { freePort } from '../harness/ports';

/**
 * Issue 24, at the client, against the sandbox over HTTP: a mint Matterport refuses while the
 * account token works is remembered like a refused token; Test connection with candidate
 * credentials closes no breaker; a link outside Matterport's Showcase origin is refused.
 */
const lines: string[] = [];
const logger: Logger = {
  debug: (m) => lines.push(m),
  info: (m) => lines.push(m),
  warn: (m) => lines.push(m),
  error: (m) => lines.push(m),
};
const MODELS = ['WziSQO0ORu7', 'XddYUqNaTWl', 'AHaxI9GRBzD', 'dqhBZIb8Ntn'];

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as MatterportError).code;
  }
};

describe('against the sandbox on its own origin', () => {
  let sandbox: Sandbox;
  let control: SandboxControl;
  const OTHER = { clientId: 'contract-other', clientSecret: 'contract-other-secret-01' };
  let saved: Credentials;

  const makeClient = () =>
    new MatterportClient({
      apiOrigin: sandbox.origin,
      requestTimeoutMs: 2000,
      retryBudgetMs: 1000,
      logger,
      credentials: async () => saved,
    });
  const calls = async () => {
    const c = await control.counters();
    return c.tokenRequests + c.graphRequests;
  };

  beforeAll(async () => {
    sandbox = createSandbox();
    await sandbox.start(0);
    control = new SandboxControl(sandbox.origin);
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await control.reset();
    await control.registerClient(OTHER);
    saved = { ...DEFAULT_CLIENT };
  });

  test('20 mints Matterport refuses while the token works: at most 2 calls; listing still works', async () => {
    await control.setModes({ clientsWithoutPrivateModelEmbed: [DEFAULT_CLIENT.clientId] });
    const client = makeClient();
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 20; i += 1)
      codes.push(await codeOf(client.createLink(MODELS[i % MODELS.length], 600)));
    expect(codes).toEqual(Array(20).fill('MATTERPORT_AUTH_FAILED'));
    expect(await calls()).toBeLessThanOrEqual(2);
    // The delivery's pre-check answers from memory too (no lock, no call).
    expect(client.knownFailure(MODELS[0])?.code).toBe('MATTERPORT_AUTH_FAILED');
    // Only mints are held: the token works, so the picker's listing goes on.
    expect((await client.listModels({ pageSize: 1 })).results).toHaveLength(1);
    expect(client.knownFailure(MODELS[0])?.code).toBe('MATTERPORT_AUTH_FAILED');
  });

  test('Test connection with candidate credentials neither closes the breaker nor clears remembered failures; a passing saved test closes it', async () => {
    const client = makeClient();
    // A remembered failure: Matterport has no such model.
    expect(await codeOf(client.createLink('Zz9Zz9Zz9Zz', 600))).toBe('MATTERPORT_NOT_FOUND');
    // The saved secret stops working: the breaker opens.
    await control.resetClientSecret(DEFAULT_CLIENT.clientId);
    client.tokens.invalidate();
    expect(await codeOf(client.createLink(MODELS[0], 600))).toBe('MATTERPORT_AUTH_FAILED');
    expect(client.guard.breakerState().open).toBe(true);

    expect((await client.testConnection(OTHER)).ok).toBe(true);
    expect(client.guard.breakerState().open).toBe(true);
    expect(client.knownFailure(MODELS[1])?.code).toBe('MATTERPORT_AUTH_FAILED');

    // The saved credentials, still refused: the test fails and the breaker stays open as it was
    // (not closed and opened again, which would restart its back-off at every test).
    const opened = client.guard.breakerState().openUntil;
    expect(await codeOf(client.testConnection())).toBe('MATTERPORT_AUTH_FAILED');
    expect(client.guard.breakerState()).toMatchObject({ open: true, openUntil: opened });

    // Matterport accepts the saved secret again: the passing test closes it.
    await control.registerClient(DEFAULT_CLIENT);
    expect((await client.testConnection()).ok).toBe(true);
    expect(client.guard.breakerState().open).toBe(false);
    // The not-found model is still remembered: no call for it.
    const before = await calls();
    expect(await codeOf(client.createLink('Zz9Zz9Zz9Zz', 600))).toBe('MATTERPORT_NOT_FOUND');
    expect(await calls()).toBe(before);
  });
});

describe('a sandbox whose links point at another origin', () => {
  let sandbox: Sandbox;
  let apiOrigin: string;

  beforeAll(async () => {
    const port = await freePort();
    // Links and thumbnails are written with this origin; the API itself stays on 127.0.0.1.
    sandbox = createSandbox({ publicOrigin: 'https://showcase.evil.example' });
    await sandbox.start(port);
    apiOrigin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  test('the mint is refused with MATTERPORT_UNTRUSTED_LINK and logged; no link comes back', async () => {
    lines.length = 0;
    const client = new MatterportClient({
      apiOrigin,
      requestTimeoutMs: 2000,
      retryBudgetMs: 1000,
      logger,
      credentials: async () => DEFAULT_CLIENT,
    });
    expect(await codeOf(client.createLink(MODELS[0], 600))).toBe('MATTERPORT_UNTRUSTED_LINK');
    expect(lines.some((l) => l.includes('outside') && l.includes(MODELS[0]))).toBe(true);
    expect(lines.join('\n')).not.toContain(DEFAULT_CLIENT.clientSecret);
  });
});
