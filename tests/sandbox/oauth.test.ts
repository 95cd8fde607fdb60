import { CLIENT, jsonOf, sleep, startSandbox, type Harness } from './harness';

const GOOD = {
  grant_type: 'client_credentials',
  client_id: CLIENT.clientId,
  client_secret: CLIENT.clientSecret,
};

describe('POST /api/oauth/token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.sandbox.stop());
  beforeEach(() => h.control.reset());

  it('issues a Matterport-shaped client-credentials token', async () => {
    const response = await h.tokenRequest(GOOD);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await jsonOf(response);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{25}$/),
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'ViewPublic ViewDetails',
    });
    const second = await jsonOf(await h.tokenRequest(GOOD));
    expect(second.access_token).not.toBe(body.access_token);
  });

  it('accepts a charset parameter on the form content type', async () => {
    const response = await h.tokenRequest(GOOD, 'application/x-www-form-urlencoded; charset=UTF-8');
    expect(response.status).toBe(200);
  });

  it.each([
    ['application/json', 'application/json'],
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
    ['text/plain', 'text/plain'],
  ])('refuses a %s body with 400 invalid_request', async (_label, contentType) => {
    const response = await h.tokenRequest(GOOD, contentType);
    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining('x-www-form-urlencoded'),
    });
  });

  it('refuses other grant types with 400 unsupported_grant_type', async () => {
    const response = await h.tokenRequest({ ...GOOD, grant_type: 'password' });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error).toBe('unsupported_grant_type');
  });

  it('refuses a missing grant_type with 400 invalid_request', async () => {
    const response = await h.tokenRequest({
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error).toBe('invalid_request');
  });

  it.each([
    ['a wrong secret', { ...GOOD, client_secret: 'not-the-secret' }],
    ['an unknown client', { ...GOOD, client_id: 'someone-else' }],
    ['no credentials', { grant_type: 'client_credentials' }],
  ])('answers %s with 401 {"error":"invalid_client"}', async (_label, fields) => {
    const response = await h.tokenRequest(fields);
    expect(response.status).toBe(401);
    expect(await jsonOf(response)).toEqual({ error: 'invalid_client' });
  });

  it('counts requests, issued tokens and failures', async () => {
    await h.tokenRequest(GOOD);
    await h.tokenRequest({ ...GOOD, client_secret: 'wrong' });
    await h.tokenRequest(GOOD, 'application/json');
    const counters = await h.control.counters();
    expect(counters).toMatchObject({ tokenRequests: 3, tokensIssued: 1, tokenFailures: 2 });
  });

  it('lets tokens really expire after expires_in seconds', async () => {
    await h.control.setConfig({ expiresIn: 1 });
    const response = await h.tokenRequest(GOOD);
    const { access_token: token, expires_in: expiresIn } = await jsonOf(response);
    expect(expiresIn).toBe(1);
    const query = '{ model(id: "WziSQO0ORu7") { name } }';
    expect((await h.graph(query, {}, token)).status).toBe(200);
    await sleep(1200);
    const late = await h.graph(query, {}, token);
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ error: 'invalid_grant' });
  });

  it('takes expiresIn from the sandbox options too', async () => {
    const other = await startSandbox({ expiresIn: 42 });
    try {
      const body = await jsonOf(await other.tokenRequest(GOOD));
      expect(body.expires_in).toBe(42);
    } finally {
      await other.sandbox.stop();
    }
  });
});
