import { DEFAULT_CLIENT, SandboxControl, createSandbox, type Sandbox } from '../../sandbox/src';
import { MatterportClient } from '../../server/src/matterport/client';
import type { Credentials, Logger } from '../../server/src/matterport/types';
import { MatterportError } from '../../common/errors';

/**
 * The Matterport client against the real sandbox over HTTP: token caching, single
 * flight, transparent renewal, retries, timeouts, and secrets kept out of errors and logs.
 */
let sandbox: Sandbox;
let control: SandboxControl;
const SECRET = DEFAULT_CLIENT.clientSecret;
const lines: string[] = [];
const logger: Logger = {
  debug: (m) => lines.push(m),
  info: (m) => lines.push(m),
  warn: (m) => lines.push(m),
  error: (m) => lines.push(m),
};
const MODEL = 'WziSQO0ORu7';

const makeClient = (
  credentials: Credentials = DEFAULT_CLIENT,
  overrides: Partial<{ requestTimeoutMs: number; retryBudgetMs: number }> = {}
) =>
  new MatterportClient({
    apiOrigin: sandbox.origin,
    requestTimeoutMs: overrides.requestTimeoutMs ?? 2000,
    retryBudgetMs: overrides.retryBudgetMs ?? 8000,
    logger,
    credentials: async () => credentials,
  });

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
  lines.length = 0;
});

afterEach(() => {
  // Nothing the client logged may carry the secret or an account token.
  for (const line of lines) expect(line).not.toContain(SECRET);
});

test('50 concurrent mints right after start cause exactly one token request', async () => {
  // The sandbox answers the 50 mints one after another (~1.5 s on a quiet machine): a generous
  // request timeout keeps a loaded machine from turning this count test into a timing test.
  const client = makeClient(DEFAULT_CLIENT, { requestTimeoutMs: 15_000 });
  const links = await Promise.all(Array.from({ length: 50 }, () => client.createLink(MODEL, 600)));
  const counters = await control.counters();
  expect(counters.tokenRequests).toBe(1);
  expect(counters.mints).toBe(50);
  expect(new Set(links.map((l) => l.accessToken)).size).toBe(50);
  for (const token of counters.accessTokensUsed)
    for (const line of lines) expect(line).not.toContain(token);
});

test('a token with a short expires_in is renewed once, not per call', async () => {
  await control.setConfig({ expiresIn: 2 });
  const client = makeClient();
  await client.listModels();
  await client.listModels();
  await new Promise((r) => setTimeout(r, 2100));
  await Promise.all([client.listModels(), client.listModels(), client.listModels()]);
  await client.listModels();
  expect((await control.counters()).tokenRequests).toBe(2);
});

test('an access token the sandbox invalidates mid-life is replaced transparently', async () => {
  const client = makeClient();
  await client.listModels();
  await control.invalidateTokens();
  const page = await client.listModels({ search: 'lobby' });
  expect(page.results.length).toBeGreaterThan(0);
  expect((await control.counters()).tokenRequests).toBe(2);
});

test('429 with Retry-After: 2 is waited out', async () => {
  const client = makeClient();
  await client.listModels();
  await control.addFault({ target: 'mint', mode: 'rate-limit', retryAfter: 2, times: 1 });
  const started = Date.now();
  const link = await client.createLink(MODEL, 600);
  const elapsed = Date.now() - started;
  expect(link.modelId).toBe(MODEL);
  expect(elapsed).toBeGreaterThanOrEqual(1900);
  expect((await control.counters()).mints).toBe(2);
});

test('two 500s then success succeeds', async () => {
  const client = makeClient();
  await control.addFault({ target: 'mint', mode: 'status', status: 500, times: 2 });
  const link = await client.createLink(MODEL, 600);
  expect(link.link).toContain(`m=${MODEL}`);
  expect((await control.counters()).mints).toBe(3);
});

test('4xx other than 429 is not retried', async () => {
  const client = makeClient();
  await client.listModels();
  await control.resetCounters();
  await expect(client.createLink('AAAAAAAAAAA', 600)).rejects.toMatchObject({
    code: 'MATTERPORT_NOT_FOUND',
  });
  expect((await control.counters()).graphRequests).toBe(1);
});

test('a 429 whose Retry-After exceeds the retry budget fails fast as MATTERPORT_RATE_LIMITED', async () => {
  // Waiting at all would take the whole budget (10 s) or Retry-After (60 s); failing fast takes one
  // round trip, so 5 s leaves a busy machine plenty of room without hiding a wait.
  const client = makeClient(DEFAULT_CLIENT, { retryBudgetMs: 10_000 });
  await client.listModels();
  await control.addFault({ target: 'mint', mode: 'rate-limit', retryAfter: 60 });
  const started = Date.now();
  const error = await client.createLink(MODEL, 600).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MatterportError);
  expect((error as MatterportError).code).toBe('MATTERPORT_RATE_LIMITED');
  expect((error as MatterportError).retryAfter).toBe(60);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('a hanging Matterport fails with MATTERPORT_TIMEOUT after one requestTimeout, not retried', async () => {
  // A second attempt would take another 2 s: under 4 s means one, with room for a busy machine.
  const client = makeClient(DEFAULT_CLIENT, { requestTimeoutMs: 2000 });
  await client.listModels();
  await control.addFault({ target: 'mint', mode: 'hang' });
  const started = Date.now();
  const error = await client.createLink(MODEL, 600).catch((e: unknown) => e);
  const elapsed = Date.now() - started;
  await control.clearFaults();
  expect((error as MatterportError).code).toBe('MATTERPORT_TIMEOUT');
  expect(elapsed).toBeGreaterThanOrEqual(1950);
  expect(elapsed).toBeLessThan(4000);
});

test('malformed JSON is MATTERPORT_UNAVAILABLE after the retries', async () => {
  const client = makeClient(DEFAULT_CLIENT, { retryBudgetMs: 0 });
  await client.listModels();
  await control.addFault({ target: 'list', mode: 'malformed' });
  await expect(client.listModels()).rejects.toMatchObject({ code: 'MATTERPORT_UNAVAILABLE' });
});

test('a refused connection is MATTERPORT_UNAVAILABLE', async () => {
  const client = new MatterportClient({
    apiOrigin: 'http://127.0.0.1:9',
    requestTimeoutMs: 1000,
    retryBudgetMs: 0,
    logger,
    credentials: async () => DEFAULT_CLIENT,
  });
  await expect(client.listModels()).rejects.toMatchObject({ code: 'MATTERPORT_UNAVAILABLE' });
});

test('a wrong secret gives MATTERPORT_AUTH_FAILED, and the secret is in no error and no log line', async () => {
  const wrong = 'WRONG-secret-that-must-not-leak-12345';
  const client = makeClient({ clientId: DEFAULT_CLIENT.clientId, clientSecret: wrong });
  const error = (await client.createLink(MODEL, 600).catch((e: unknown) => e)) as MatterportError;
  expect(error).toBeInstanceOf(MatterportError);
  expect(error.code).toBe('MATTERPORT_AUTH_FAILED');
  const everything = JSON.stringify({
    message: error.message,
    stack: error.stack,
    json: error.toJSON(),
    own: Object.entries(error),
  });
  expect(everything).not.toContain(wrong);
  for (const line of lines) expect(line).not.toContain(wrong);
  expect(lines.some((l) => /POST oauth\/token → 401/.test(l))).toBe(true);
});

test('after a secret reset in Matterport, the old secret fails and the new one works at once', async () => {
  let credentials: Credentials = { ...DEFAULT_CLIENT };
  const client = new MatterportClient({
    apiOrigin: sandbox.origin,
    requestTimeoutMs: 2000,
    retryBudgetMs: 2000,
    logger,
    credentials: async () => credentials,
  });
  await client.createLink(MODEL, 600);
  const fresh = await control.resetClientSecret(DEFAULT_CLIENT.clientId);
  await expect(client.createLink(MODEL, 600)).rejects.toMatchObject({
    code: 'MATTERPORT_AUTH_FAILED',
  });
  credentials = { clientId: DEFAULT_CLIENT.clientId, clientSecret: fresh };
  const used = (await control.counters()).accessTokensUsed;
  await control.resetCounters();
  const link = await client.createLink(MODEL, 600);
  expect(link.modelId).toBe(MODEL);
  const after = await control.counters();
  expect(after.tokenRequests).toBe(1);
  for (const token of after.accessTokensUsed) expect(used).not.toContain(token);
});

test('listing pages through nextOffset, capped page size, and a search that finds lobbies', async () => {
  const client = makeClient();
  const seen = new Set<string>();
  let offset: string | undefined;
  let pages = 0;
  do {
    const page = await client.listModels({ pageSize: 7, offset });
    page.results.forEach((m) => seen.add(m.id));
    offset = page.nextOffset ?? undefined;
    pages += 1;
  } while (offset && pages < 20);
  expect(seen.size).toBeGreaterThanOrEqual(30);
  const lobby = await client.listModels({ search: 'lobby' });
  expect(lobby.results.length).toBeGreaterThanOrEqual(3);
  expect(lobby.results.every((m) => /lobby/i.test(m.name))).toBe(true);
  const all = await client.listModels({ pageSize: 5000 });
  expect(all.results.length).toBeGreaterThanOrEqual(30);
});

test('revoking a token ends it in the Showcase', async () => {
  const client = makeClient();
  const link = await client.createLink(MODEL, 600);
  expect((await control.embedToken(link.accessToken)).status).toBe('valid');
  expect(await client.revokeToken(link.accessToken)).toBe(true);
  expect((await control.embedToken(link.accessToken)).status).toBe('revoked');
});

// Matterport documents validFor as ISO-8601 or shorthand; which it accepts is unverified, so the
// sandbox can accept only one of them. The client must mint under each, and learn the form once.
describe.each([
  ['both', 1],
  ['shorthand', 1],
  ['iso8601', 2],
] as const)('validFor accepted as %s', (formats, firstMintCalls) => {
  test(`mints a link of the asked lifetime, then keeps using the form that worked`, async () => {
    await control.setModes({ validForFormats: formats });
    const client = makeClient();
    const before = Date.now();
    const first = await client.createLink(MODEL, 600);
    expect(Date.parse(first.validUntil)).toBeGreaterThan(before + 599_000);
    expect(Date.parse(first.validUntil)).toBeLessThanOrEqual(Date.now() + 600_000);
    expect((await control.counters()).mints).toBe(firstMintCalls);
    await client.createLink('XddYUqNaTWl', 600);
    await client.createLink('AHaxI9GRBzD', 600);
    // Two more mints, one call each: the form is known now.
    expect((await control.counters()).mints).toBe(firstMintCalls + 2);
  });
});

test('a transport failure keeps a cause and names the operation, and printing it with its cause shows no secret', async () => {
  await control.addFault({ target: 'mint', mode: 'status', status: 503, times: 10 });
  const client = makeClient(DEFAULT_CLIENT, { retryBudgetMs: 0 });
  const error = await client.createLink(MODEL, 600).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(MatterportError);
  const failure = error as MatterportError;
  expect(failure.code).toBe('MATTERPORT_UNAVAILABLE');
  expect(failure.operation).toBe('createLink');
  expect(failure.cause).toBeInstanceOf(Error);
  // What a logger prints for an error with its cause chain must not carry the secret the request sent.
  const printed = require('node:util').inspect(failure, { depth: 20, showHidden: true }) as string;
  expect(printed).toContain('HTTP 503');
  expect(printed).not.toContain(SECRET);
});
