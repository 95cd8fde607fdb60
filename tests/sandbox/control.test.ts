import { SandboxControlError } from '../../sandbox/src/index';
import {
  CLIENT,
  credentials,
  jsonOf,
  MINT_LINK,
  MODELS,
  startSandbox,
  type Harness,
} from './harness';

const NAME_QUERY = `{ model(id: "${MODELS.grandHotelLobby}") { name } }`;

describe('control endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.sandbox.stop());
  beforeEach(() => h.control.reset());

  const tokenFor = (clientId: string, clientSecret: string) =>
    h.tokenRequest({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });

  describe('clients and reset-secret', () => {
    it('registers a client that can then get tokens', async () => {
      expect((await tokenFor('cms-prod', 's3cret')).status).toBe(401);
      await h.control.registerClient({ clientId: 'cms-prod', clientSecret: 's3cret' });
      expect((await tokenFor('cms-prod', 's3cret')).status).toBe(200);
    });

    it('reset-secret: the old secret stops working at once, the new one works, old access tokens die', async () => {
      const oldToken = await h.accessToken();
      const newSecret = await h.control.resetClientSecret(CLIENT.clientId);
      expect(newSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(newSecret).not.toBe(CLIENT.clientSecret);

      const withOld = await tokenFor(CLIENT.clientId, CLIENT.clientSecret);
      expect(withOld.status).toBe(401);
      expect(await jsonOf(withOld)).toEqual({ error: 'invalid_client' });
      expect((await h.graph(NAME_QUERY, {}, oldToken)).body).toEqual({ error: 'invalid_grant' });

      const fresh = await tokenFor(CLIENT.clientId, newSecret);
      expect(fresh.status).toBe(200);
      const freshToken = (await jsonOf(fresh)).access_token as string;
      const mintWithOld = await h.graph(
        MINT_LINK,
        { ...credentials(), modelId: MODELS.cafeMuller },
        freshToken
      );
      expect(mintWithOld.body.errors?.[0]?.extensions.code).toBe('request.unauthorized');
      const mintWithNew = await h.graph(
        MINT_LINK,
        { clientId: CLIENT.clientId, clientSecret: newSecret, modelId: MODELS.cafeMuller },
        freshToken
      );
      expect(mintWithNew.body.data?.createPrivateModelEmbedLink.accessToken).toMatch(
        /^[a-z0-9]{25}$/
      );
    });

    it('reset-secret of an unknown client is a 404', async () => {
      await expect(h.control.resetClientSecret('nobody')).rejects.toMatchObject({ status: 404 });
    });

    it('refuses a client without a secret', async () => {
      await expect(h.control.registerClient({ clientId: 'x', clientSecret: '' })).rejects.toThrow(
        SandboxControlError
      );
    });
  });

  describe('counters', () => {
    it('counts every kind of call', async () => {
      const token = await h.accessToken();
      await h.graph(NAME_QUERY, {}, token);
      await h.graph('{ models { totalResults } }', {}, token);
      const minted = await h.graph(
        MINT_LINK,
        { ...credentials(), modelId: MODELS.grandHotelLobby },
        token
      );
      await fetch(minted.body.data?.createPrivateModelEmbedLink.link);
      expect(await h.control.counters()).toEqual({
        tokenRequests: 1,
        tokensIssued: 1,
        tokenFailures: 0,
        graphRequests: 3,
        mints: 1,
        mintsByModel: { [MODELS.grandHotelLobby]: 1 },
        tokenMints: 0,
        revocations: 0,
        modelListQueries: 1,
        modelQueries: 1,
        showRequests: 1,
        thumbnailRequests: 0,
        inFlight: 0,
        maxInFlight: 1,
        maxInFlightByModel: { [MODELS.grandHotelLobby]: 1 },
        accessTokensUsed: [token],
      });
    });

    it('records the highest number of concurrent mints per model', async () => {
      await h.control.setConfig({ mintLatencyMs: 300 });
      const token = await h.accessToken();
      const mint = (modelId: string) => h.graph(MINT_LINK, { ...credentials(), modelId }, token);
      await Promise.all([
        mint(MODELS.grandHotelLobby),
        mint(MODELS.grandHotelLobby),
        mint(MODELS.grandHotelLobby),
        mint(MODELS.cafeMuller),
      ]);
      await mint(MODELS.berlinOffice);
      await mint(MODELS.berlinOffice);
      const counters = await h.control.counters();
      expect(counters.maxInFlightByModel).toEqual({
        [MODELS.grandHotelLobby]: 3,
        [MODELS.cafeMuller]: 1,
        [MODELS.berlinOffice]: 1,
      });
      expect(counters.maxInFlight).toBe(4);
      expect(counters.mints).toBe(6);
      expect(counters.inFlight).toBe(0);
    });

    it('mintLatencyMs makes every mint take that long', async () => {
      await h.control.setConfig({ mintLatencyMs: 200 });
      const token = await h.accessToken();
      const start = performance.now();
      await h.graph(MINT_LINK, { ...credentials(), modelId: MODELS.cafeMuller }, token);
      expect(performance.now() - start).toBeGreaterThanOrEqual(190);
    });

    it('resets to zero', async () => {
      await h.accessToken();
      const counters = await h.control.resetCounters();
      expect(counters).toMatchObject({
        tokenRequests: 0,
        tokensIssued: 0,
        maxInFlight: 0,
        accessTokensUsed: [],
        mintsByModel: {},
      });
    });
  });

  describe('config', () => {
    it('reads and changes expiresIn, mintLatencyMs and thumbnailTtlSeconds', async () => {
      expect(await h.control.config()).toEqual({
        expiresIn: 3599,
        mintLatencyMs: 0,
        thumbnailTtlSeconds: 600,
      });
      expect(await h.control.setConfig({ expiresIn: 5 })).toEqual({
        expiresIn: 5,
        mintLatencyMs: 0,
        thumbnailTtlSeconds: 600,
      });
      const body = await jsonOf(await tokenFor(CLIENT.clientId, CLIENT.clientSecret));
      expect(body.expires_in).toBe(5);
    });

    it('refuses unknown keys and bad values with 400', async () => {
      await expect(h.control.setConfig({ expiresIn: 0 })).rejects.toMatchObject({ status: 400 });
      await expect(h.control.setConfig({ expiresin: 5 } as never)).rejects.toThrow(
        /unknown config key/
      );
    });
  });

  it('reset: back to the initial clients, tokens, faults, counters and config', async () => {
    const token = await h.accessToken();
    const link = await h.mintLink(MODELS.cafeMuller);
    await h.control.registerClient({ clientId: 'temp', clientSecret: 'temp-secret' });
    await h.control.resetClientSecret(CLIENT.clientId);
    await h.control.addFault({ target: 'graph', mode: 'status', status: 500 });
    await h.control.setConfig({ expiresIn: 9 });

    await h.control.reset();

    expect(await h.control.faults()).toEqual([]);
    expect(await h.control.config()).toEqual({
      expiresIn: 3599,
      mintLatencyMs: 0,
      thumbnailTtlSeconds: 600,
    });
    expect((await h.control.counters()).tokenRequests).toBe(0);
    expect((await tokenFor('temp', 'temp-secret')).status).toBe(401);
    expect((await tokenFor(CLIENT.clientId, CLIENT.clientSecret)).status).toBe(200);
    expect((await h.graph(NAME_QUERY, {}, token)).body).toEqual({ error: 'invalid_grant' });
    expect((await h.control.embedToken(link.accessToken)).status).toBe('unknown');
  });

  it('lists every embed token it minted, with its client and status (what a leak scan searches for)', async () => {
    expect(await h.control.embedTokens()).toEqual([]);
    const first = await h.mintLink(MODELS.cafeMuller);
    const second = await h.mintLink(MODELS.grandHotelLobby);
    const listed = await h.control.embedTokens();
    expect(listed.map((t) => t.accessToken).sort()).toEqual(
      [first.accessToken, second.accessToken].sort()
    );
    expect(listed.every((t) => t.clientId === CLIENT.clientId && t.status === 'valid')).toBe(true);
  });

  it('answers unknown control paths with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${h.origin}/__sandbox/nothing`)).status).toBe(404);
    expect((await fetch(`${h.origin}/__sandbox/counters`, { method: 'DELETE' })).status).toBe(405);
  });

  it('waitUntilReady resolves for a running sandbox', async () => {
    await expect(h.control.waitUntilReady(1000)).resolves.toBeUndefined();
  });
});
