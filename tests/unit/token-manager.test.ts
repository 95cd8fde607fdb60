import axios, { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';

import { DEFAULT_CLIENT, SandboxControl, createSandbox, type Sandbox } from '../../sandbox/src';
import { MatterportClient } from '../../server/src/matterport/client';
import { TokenManager } from '../../server/src/matterport/token-manager';
import type { Logger } from '../../server/src/matterport/types';

/**
 * The account-wide OAuth token, from /work/shared/matterport-api.md (client-credentials
 * grant, `{ access_token, expires_in: 3599 }`; an expired token is refused) and the README
 * ("Credentials refused: a breaker opens; no token request for 5 s"): one token request
 * however many callers wait, the token reused while it has life left and renewed before
 * it expires, a refusal remembered instead of asked again on every read.
 */
const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const CREDENTIALS = { clientId: 'client-a', clientSecret: 'secret-a-0123456789' };

/** An in-memory token endpoint: counts requests; answers tokens, or refuses (401). */
const tokenEndpoint = (options: { expiresIn?: number; refuse?: boolean } = {}) => {
  const state = {
    requests: 0,
    refuse: options.refuse ?? false,
    hold: undefined as Promise<void> | undefined,
  };
  const http = axios.create({
    baseURL: 'https://api.matterport.test',
    adapter: async (config: InternalAxiosRequestConfig) => {
      state.requests += 1;
      const n = state.requests;
      if (state.hold) await state.hold;
      const headers = new AxiosHeaders();
      if (state.refuse) {
        const response = {
          status: 401,
          statusText: 'Unauthorized',
          data: { error: 'invalid_client' },
          headers,
          config,
        };
        throw new AxiosError('401', 'ERR_BAD_REQUEST', config, undefined, response);
      }
      return {
        status: 200,
        statusText: 'OK',
        data: {
          access_token: `account-token-${n}`,
          token_type: 'Bearer',
          expires_in: options.expiresIn ?? 3599,
          scope: 'ViewPublic ViewDetails',
        },
        headers,
        config,
      };
    },
  });
  return { http, state };
};

describe('token manager', () => {
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const T0 = clock;
  const now = () => clock;

  test('ten callers at once cause one token request and share its token', async () => {
    const { http, state } = tokenEndpoint();
    let open!: () => void;
    state.hold = new Promise((r) => (open = r));
    const tokens = new TokenManager(http, logger, now);
    const waiting = Array.from({ length: 10 }, () => tokens.get(CREDENTIALS));
    await new Promise((r) => setTimeout(r, 10));
    open();
    const got = await Promise.all(waiting);
    expect(state.requests).toBe(1);
    expect(new Set(got.map((t) => t.token))).toEqual(new Set(['account-token-1']));
  });

  test('reused while it has life left, renewed before it expires (never used expired)', async () => {
    const { http, state } = tokenEndpoint({ expiresIn: 3599 });
    const tokens = new TokenManager(http, logger, now);
    clock = T0;
    await tokens.get(CREDENTIALS);
    // [seconds after issue, token expected]: reused well inside its life…
    for (const [seconds, token] of [
      [1, 'account-token-1'],
      [600, 'account-token-1'],
      [1800, 'account-token-1'],
      [3000, 'account-token-1'],
    ] as const) {
      clock = T0 + seconds * 1000;
      expect((await tokens.get(CREDENTIALS)).token).toBe(token);
    }
    expect(state.requests).toBe(1);
    // …and a new one asked for before the old one's last second.
    clock = T0 + 3598_000;
    expect((await tokens.get(CREDENTIALS)).token).toBe('account-token-2');
    expect(state.requests).toBe(2);
  });

  test('other credentials never get the token of the previous ones', async () => {
    const { http, state } = tokenEndpoint();
    const tokens = new TokenManager(http, logger, now);
    const a = await tokens.get(CREDENTIALS);
    const b = await tokens.get({ ...CREDENTIALS, clientSecret: 'rotated-secret-0123' });
    expect(b.token).not.toBe(a.token);
    expect(state.requests).toBe(2);
  });

  test('refused credentials are MATTERPORT_AUTH_FAILED, and the secret is not in the error', async () => {
    const { http } = tokenEndpoint({ refuse: true });
    const tokens = new TokenManager(http, logger, now);
    const error = await tokens.get(CREDENTIALS).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MATTERPORT_AUTH_FAILED' });
    expect(JSON.stringify(error)).not.toContain(CREDENTIALS.clientSecret);
    expect(String((error as Error).message)).not.toContain(CREDENTIALS.clientSecret);
  });
});

describe('a refused token is remembered (the credentials breaker), against the sandbox', () => {
  let sandbox: Sandbox;
  let control: SandboxControl;
  beforeAll(async () => {
    sandbox = createSandbox();
    await sandbox.start(0);
    control = new SandboxControl(sandbox.origin);
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => control.reset());

  const client = (clientSecret: string) =>
    new MatterportClient({
      apiOrigin: sandbox.origin,
      requestTimeoutMs: 5000,
      retryBudgetMs: 2000,
      logger,
      credentials: async () => ({ clientId: DEFAULT_CLIENT.clientId, clientSecret }),
    });

  test('20 reads with a refused secret make one token request, and each answers MATTERPORT_AUTH_FAILED', async () => {
    const c = client('not-the-secret-0123');
    for (let i = 0; i < 20; i += 1)
      await expect(c.createLink('WziSQO0ORu7', 600)).rejects.toMatchObject({
        code: 'MATTERPORT_AUTH_FAILED',
      });
    const counters = await control.counters();
    expect(counters.tokenRequests).toBe(1);
    expect(counters.mints).toBe(0);
  });

  test('20 reads with a working secret make one token request', async () => {
    const c = client(DEFAULT_CLIENT.clientSecret);
    for (let i = 0; i < 20; i += 1) await c.createLink('WziSQO0ORu7', 600);
    expect((await control.counters()).tokenRequests).toBe(1);
  });
});
