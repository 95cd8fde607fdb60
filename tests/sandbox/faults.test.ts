import { SandboxControlError } from '../../sandbox/src/index';
import {
  CLIENT,
  credentials,
  MINT_LINK,
  MODELS,
  REVOKE,
  sleep,
  startSandbox,
  type Harness,
} from './harness';

const NAME_QUERY = `{ model(id: "${MODELS.grandHotelLobby}") { name } }`;
const GOOD = {
  grant_type: 'client_credentials',
  client_id: CLIENT.clientId,
  client_secret: CLIENT.clientSecret,
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe('faults', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.sandbox.stop());
  beforeEach(async () => {
    await h.control.reset();
    token = await h.accessToken();
  });

  it('latency: delays matching requests by latencyMs, for `times` requests', async () => {
    await h.control.addFault({ target: 'graph', mode: 'latency', latencyMs: 300, times: 1 });
    const slow = await timed(() => h.graph(NAME_QUERY, {}, token));
    expect(slow.value.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(290);
    const fast = await timed(() => h.graph(NAME_QUERY, {}, token));
    expect(fast.ms).toBeLessThan(200);
    expect(await h.control.faults()).toEqual([]);
  });

  it('status: answers the Model API with a GraphQL-shaped error of that status', async () => {
    await h.control.addFault({ target: 'graph', mode: 'status', status: 503 });
    const answer = await h.graph(NAME_QUERY, {}, token);
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.[0]?.extensions).toEqual({
      code: 'error.internal',
      httpStatus: 503,
    });
    expect((await h.graph(NAME_QUERY, {}, token)).status).toBe(503);
  });

  it('status: answers the token endpoint in OAuth shape, or with the given body', async () => {
    await h.control.addFault({ target: 'token', mode: 'status', status: 500, times: 1 });
    await h.control.addFault({
      target: 'token',
      mode: 'status',
      status: 502,
      body: 'Bad gateway',
      times: 1,
    });
    const first = await h.tokenRequest(GOOD);
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({
      error: 'server_error',
      error_description: expect.any(String),
    });
    const second = await h.tokenRequest(GOOD);
    expect(second.status).toBe(502);
    expect(await second.text()).toBe('Bad gateway');
    expect((await h.tokenRequest(GOOD)).status).toBe(200);
    expect(await h.control.counters()).toMatchObject({
      tokenRequests: 4,
      tokensIssued: 2,
      tokenFailures: 2,
    });
  });

  it('rate-limit: 429 with Retry-After when retryAfter is given', async () => {
    await h.control.addFault({ target: 'graph', mode: 'rate-limit', retryAfter: 7, times: 1 });
    const answer = await h.graph(NAME_QUERY, {}, token);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.body.errors?.[0]?.extensions).toEqual({
      code: 'quota.exceeded',
      httpStatus: 429,
    });
  });

  it('rate-limit: 429 without Retry-After when retryAfter is omitted', async () => {
    await h.control.addFault({ target: 'token', mode: 'rate-limit' });
    const response = await h.tokenRequest(GOOD);
    expect(response.status).toBe(429);
    expect(response.headers.has('retry-after')).toBe(false);
  });

  it('targets mint, revoke and list operations separately within the Model API', async () => {
    await h.control.addFault({ target: 'mint', mode: 'rate-limit', retryAfter: 1 });
    expect((await h.graph(NAME_QUERY, {}, token)).status).toBe(200);
    const mint = await h.graph(MINT_LINK, { ...credentials(), modelId: MODELS.cafeMuller }, token);
    expect(mint.status).toBe(429);
    await h.control.clearFaults();

    const link = await h.mintLink(MODELS.cafeMuller);
    await h.control.addFault({ target: 'revoke', mode: 'status', status: 500 });
    expect(
      (await h.graph(REVOKE, { ...credentials(), accessToken: link.accessToken }, token)).status
    ).toBe(500);
    expect(
      (await h.graph(MINT_LINK, { ...credentials(), modelId: MODELS.cafeMuller }, token)).status
    ).toBe(200);
    await h.control.clearFaults();

    await h.control.addFault({ target: 'list', mode: 'status', status: 502 });
    expect((await h.graph('{ models { totalResults } }', {}, token)).status).toBe(502);
    expect((await h.graph(NAME_QUERY, {}, token)).status).toBe(502);
    expect(
      (await h.graph(MINT_LINK, { ...credentials(), modelId: MODELS.cafeMuller }, token)).status
    ).toBe(200);
  });

  it('stacks a latency fault with a status fault', async () => {
    await h.control.addFault({ target: 'all', mode: 'latency', latencyMs: 250 });
    await h.control.addFault({ target: 'graph', mode: 'status', status: 504 });
    const { value, ms } = await timed(() => h.graph(NAME_QUERY, {}, token));
    expect(value.status).toBe(504);
    expect(ms).toBeGreaterThanOrEqual(240);
  });

  it('applies `all` faults to the show page and thumbnails too', async () => {
    await h.control.addFault({ target: 'all', mode: 'status', status: 500 });
    expect((await fetch(`${h.origin}/show?m=${MODELS.cafeMuller}`)).status).toBe(500);
    expect((await fetch(`${h.origin}/thumbnails/${MODELS.cafeMuller}.svg`)).status).toBe(500);
    expect((await h.control.counters()).showRequests).toBe(1);
  });

  it('hang: holds the request until the faults are cleared', async () => {
    await h.control.addFault({ target: 'token', mode: 'hang' });
    let settled = false;
    const pending = h.tokenRequest(GOOD).then((r) => {
      settled = true;
      return r;
    });
    await sleep(300);
    expect(settled).toBe(false);
    expect((await h.control.counters()).inFlight).toBe(1);
    expect(await h.control.clearFaults()).toBe(1);
    const response = await pending;
    expect(response.status).toBe(200);
  });

  it('hang: ends with the sandbox when it stops', async () => {
    const other = await startSandbox();
    await other.control.addFault({ target: 'graph', mode: 'hang' });
    const pending = other.graph(NAME_QUERY, {}, 'whatever00000000000000000');
    await sleep(100);
    const { ms } = await timed(() => other.sandbox.stop());
    expect(ms).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('malformed: answers 200 with a truncated JSON body', async () => {
    await h.control.addFault({ target: 'mint', mode: 'malformed', times: 1 });
    const response = await fetch(`${h.origin}/api/models/graph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: MINT_LINK,
        variables: { ...credentials(), modelId: MODELS.cafeMuller },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const text = await response.text();
    expect(text.startsWith('{"data":')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('reset-connection: drops the socket without an answer', async () => {
    await h.control.addFault({ target: 'token', mode: 'reset-connection', times: 1 });
    await expect(h.tokenRequest(GOOD)).rejects.toThrow(/fetch failed/);
    expect((await h.tokenRequest(GOOD)).status).toBe(200);
  });

  it('counts faulted calls like any other', async () => {
    await h.control.resetCounters();
    await h.control.addFault({ target: 'mint', mode: 'status', status: 500 });
    await h.graph(MINT_LINK, { ...credentials(), modelId: MODELS.cafeMuller }, token);
    expect(await h.control.counters()).toMatchObject({
      graphRequests: 1,
      mints: 1,
      mintsByModel: { [MODELS.cafeMuller]: 1 },
    });
  });

  it('refuses a fault it cannot apply with 400', async () => {
    await expect(
      h.control.addFault({ target: 'everything' as 'all', mode: 'status' })
    ).rejects.toThrow(SandboxControlError);
    await expect(h.control.addFault({ target: 'graph', mode: 'latency' })).rejects.toThrow(
      /latencyMs/
    );
    await expect(
      h.control.addFault({ target: 'graph', mode: 'status', status: 99 })
    ).rejects.toThrow(/status/);
  });
});
