import {
  CLIENT,
  credentials,
  MINT_LINK,
  MINT_TOKEN,
  MODELS,
  REVOKE,
  showStatus,
  sleep,
  startSandbox,
  type Harness,
} from './harness';

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('Private Model Embed', () => {
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

  const mint = (variables: Record<string, unknown>) =>
    h.graph(MINT_LINK, { ...credentials(), ...variables }, token);

  describe('createPrivateModelEmbedLink', () => {
    it('returns a model-scoped token, the showcase application, a sandbox link and validUntil', async () => {
      const before = Date.now();
      const answer = await mint({ modelId: MODELS.grandHotelLobby, validFor: '10m' });
      const after = Date.now();
      expect(answer.status).toBe(200);
      const link = answer.body.data?.createPrivateModelEmbedLink;
      expect(link.accessToken).toMatch(/^[a-z0-9]{25}$/);
      expect(link.application).toBe('showcase');
      expect(link.link).toBe(
        `${h.origin}/show?m=${MODELS.grandHotelLobby}&auth=Bearer+${link.accessToken}`
      );
      expect(link.validUntil).toMatch(ISO_SECONDS);
      expect(Date.parse(link.validUntil) - before).toBeGreaterThan(599_000);
      expect(Date.parse(link.validUntil) - after).toBeLessThanOrEqual(600_000);
      expect(link.accessToken).not.toBe(token);
    });

    it.each([
      ['30s', 30],
      ['5m', 300],
      ['24h', 86_400],
      ['1d', 86_400],
      ['PT10M', 600],
      ['PT1H30M', 5_400],
      ['PT45S', 45],
      ['P1D', 86_400],
      ['PT24H', 86_400],
      ['1s', 1],
      [null, 3_600],
    ])('reads validFor %p as %d seconds', async (validFor, seconds) => {
      const before = Date.now();
      const answer = await mint({ modelId: MODELS.cafeMuller, validFor });
      const after = Date.now();
      const validUntil = Date.parse(answer.body.data?.createPrivateModelEmbedLink.validUntil);
      // The sandbox reads its clock somewhere between `before` and `after` and
      // floors to a whole second, so the lifetime is bounded by both ends.
      expect(validUntil - before).toBeGreaterThan(seconds * 1000 - 1000);
      expect(validUntil - after).toBeLessThanOrEqual(seconds * 1000);
    });

    it.each([
      '25h',
      'PT25H',
      'P2D',
      '86401s',
      'abc',
      '10',
      '0s',
      'PT0S',
      '',
      'PT',
      'P',
      '10M',
      '-5m',
      '1.5h',
      'pt10m',
      '5 m',
    ])('refuses validFor %p with request.invalid', async (validFor) => {
      const answer = await mint({ modelId: MODELS.cafeMuller, validFor });
      expect(answer.status).toBe(200);
      expect(answer.body.data?.createPrivateModelEmbedLink).toBeNull();
      expect(answer.body.errors?.[0]?.extensions).toEqual({
        code: 'request.invalid',
        httpStatus: 400,
      });
      expect(answer.body.errors?.[0]?.message).toMatch(/validFor/);
    });

    it('refuses a wrong client secret or unknown client with request.unauthorized', async () => {
      for (const creds of [
        { clientId: CLIENT.clientId, clientSecret: 'wrong' },
        { clientId: 'nobody', clientSecret: CLIENT.clientSecret },
      ]) {
        const answer = await h.graph(MINT_LINK, { ...creds, modelId: MODELS.cafeMuller }, token);
        expect(answer.body.data?.createPrivateModelEmbedLink).toBeNull();
        expect(answer.body.errors?.[0]?.extensions).toEqual({
          code: 'request.unauthorized',
          httpStatus: 403,
        });
      }
    });

    it('refuses an unknown model with not.found', async () => {
      const answer = await mint({ modelId: 'doesNotExst' });
      expect(answer.body.errors?.[0]?.extensions.code).toBe('not.found');
    });

    it('refuses an archived (inactive) model with request.unsupported', async () => {
      const answer = await mint({ modelId: MODELS.officeSuiteArchived });
      expect(answer.body.data?.createPrivateModelEmbedLink).toBeNull();
      expect(answer.body.errors?.[0]?.extensions.code).toBe('request.unsupported');
    });

    it('accepts the credentials of any registered client', async () => {
      await h.control.registerClient({ clientId: 'second-app', clientSecret: 'second-secret' });
      const answer = await h.graph(
        MINT_LINK,
        { clientId: 'second-app', clientSecret: 'second-secret', modelId: MODELS.cafeMuller },
        token
      );
      expect(answer.body.data?.createPrivateModelEmbedLink.accessToken).toMatch(/^[a-z0-9]{25}$/);
    });
  });

  describe('the /show page', () => {
    it('says valid, names the space in an <h1>, shows seconds left and echoes other parameters', async () => {
      const link = await h.mintLink(MODELS.grandHotelLobby, '10m');
      const { status, html } = await showStatus(`${link.link}&play=1&qs=1&brand=0`);
      expect(status).toBe('valid');
      expect(html).toContain('<h1>Grand Hotel Lobby</h1>');
      const secondsLeft = Number(/id="seconds-left">(\d+)</.exec(html)?.[1]);
      expect(secondsLeft).toBeGreaterThan(590);
      expect(secondsLeft).toBeLessThanOrEqual(600);
      expect(html).toContain('<li data-key="play">play = 1</li>');
      expect(html).toContain('<li data-key="qs">qs = 1</li>');
      expect(html).toContain('<li data-key="brand">brand = 0</li>');
      expect(html).not.toContain('data-key="auth"');
    });

    it('also answers on /show/', async () => {
      const link = await h.mintLink(MODELS.grandHotelLobby);
      expect((await showStatus(link.link.replace('/show?', '/show/?'))).status).toBe('valid');
    });

    it('says wrong-model for a token minted for another space', async () => {
      const link = await h.mintLink(MODELS.grandHotelLobby);
      const { status, html } = await showStatus(
        `${h.origin}/show?m=${MODELS.cafeMuller}&auth=Bearer+${link.accessToken}`
      );
      expect(status).toBe('wrong-model');
      expect(html).not.toContain('<h1>');
    });

    it('says expired once validFor has passed', async () => {
      const link = await h.mintLink(MODELS.grandHotelLobby, '1s');
      await sleep(1100);
      expect((await showStatus(link.link)).status).toBe('expired');
      expect((await h.control.embedToken(link.accessToken)).status).toBe('expired');
    });

    it('says invalid for a token the sandbox never issued, or one without the Bearer prefix', async () => {
      expect(
        (
          await showStatus(
            `${h.origin}/show?m=${MODELS.grandHotelLobby}&auth=Bearer+notatokenweissued00000000`
          )
        ).status
      ).toBe('invalid');
      const link = await h.mintLink(MODELS.grandHotelLobby);
      expect(
        (await showStatus(`${h.origin}/show?m=${MODELS.grandHotelLobby}&auth=${link.accessToken}`))
          .status
      ).toBe('invalid');
    });

    it('says missing without auth or without m', async () => {
      expect((await showStatus(`${h.origin}/show?m=${MODELS.grandHotelLobby}`)).status).toBe(
        'missing'
      );
      const link = await h.mintLink(MODELS.grandHotelLobby);
      expect((await showStatus(`${h.origin}/show?auth=Bearer+${link.accessToken}`)).status).toBe(
        'missing'
      );
    });

    it('escapes the space name and echoed parameters', async () => {
      const link = await h.mintLink(MODELS.htmlGallery);
      const { status, html } = await showStatus(
        `${link.link}&title=${encodeURIComponent('<script>alert(1)</script>')}`
      );
      expect(status).toBe('valid');
      expect(html).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; Gallery</h1>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<script');
    });
  });

  describe('deletePrivateModelEmbedToken', () => {
    it('revokes a token: true, the page says revoked, and it stays revoked', async () => {
      const link = await h.mintLink(MODELS.grandHotelLobby);
      const answer = await h.graph(
        REVOKE,
        { ...credentials(), accessToken: link.accessToken },
        token
      );
      expect(answer.body).toEqual({ data: { deletePrivateModelEmbedToken: true } });
      expect((await showStatus(link.link)).status).toBe('revoked');
      expect(await h.control.embedToken(link.accessToken)).toEqual({
        status: 'revoked',
        modelIds: [MODELS.grandHotelLobby],
        validUntil: link.validUntil,
      });
      const again = await h.graph(
        REVOKE,
        { ...credentials(), accessToken: link.accessToken },
        token
      );
      expect(again.body.data?.deletePrivateModelEmbedToken).toBe(true);
    });

    it('refuses wrong credentials with request.unauthorized and leaves the token alone', async () => {
      const link = await h.mintLink(MODELS.grandHotelLobby);
      const answer = await h.graph(
        REVOKE,
        { clientId: CLIENT.clientId, clientSecret: 'wrong', accessToken: link.accessToken },
        token
      );
      expect(answer.body.errors?.[0]?.extensions.code).toBe('request.unauthorized');
      expect((await showStatus(link.link)).status).toBe('valid');
    });

    it('answers an unknown token with not.found', async () => {
      const answer = await h.graph(
        REVOKE,
        { ...credentials(), accessToken: 'neverissued00000000000000' },
        token
      );
      expect(answer.body.data?.deletePrivateModelEmbedToken).toBeNull();
      expect(answer.body.errors?.[0]?.extensions.code).toBe('not.found');
    });
  });

  describe('createPrivateModelEmbedToken (beta)', () => {
    it('returns one token valid for several spaces and no others', async () => {
      const answer = await h.graph(
        MINT_TOKEN,
        {
          ...credentials(),
          modelIds: [MODELS.grandHotelLobby, MODELS.cafeMuller],
          validFor: 'PT5M',
        },
        token
      );
      const minted = answer.body.data?.createPrivateModelEmbedToken;
      expect(minted.accessToken).toMatch(/^[a-z0-9]{25}$/);
      expect(minted.validUntil).toMatch(ISO_SECONDS);
      const page = (id: string) =>
        showStatus(`${h.origin}/show?m=${id}&auth=Bearer+${minted.accessToken}`);
      expect((await page(MODELS.grandHotelLobby)).status).toBe('valid');
      expect((await page(MODELS.cafeMuller)).status).toBe('valid');
      expect((await page(MODELS.berlinOffice)).status).toBe('wrong-model');
      expect((await h.control.embedToken(minted.accessToken)).modelIds).toEqual([
        MODELS.grandHotelLobby,
        MODELS.cafeMuller,
      ]);
    });

    it('refuses an empty list, unknown models and bad validFor', async () => {
      const code = async (variables: Record<string, unknown>) =>
        (await h.graph(MINT_TOKEN, { ...credentials(), ...variables }, token)).body.errors?.[0]
          ?.extensions.code;
      expect(await code({ modelIds: [] })).toBe('request.invalid');
      expect(await code({ modelIds: [MODELS.cafeMuller, 'doesNotExst'] })).toBe('not.found');
      expect(await code({ modelIds: [MODELS.cafeMuller], validFor: '25h' })).toBe(
        'request.invalid'
      );
      expect(await code({ modelIds: [MODELS.cafeMuller], clientSecret: 'nope' })).toBe(
        'request.unauthorized'
      );
    });

    it('only accepts application: showcase', async () => {
      const answer = await h.graph(
        `mutation { createPrivateModelEmbedToken(application: player, clientId: "a", clientSecret: "b", modelIds: ["x"]) { accessToken } }`,
        {},
        token
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions.code).toBe('request.invalid');
    });
  });

  it('reports unknown embed tokens over the control endpoint', async () => {
    expect(await h.control.embedToken('nosuchtoken')).toEqual({
      status: 'unknown',
      modelIds: [],
      validUntil: null,
    });
  });

  it('counts mints, token mints and revocations', async () => {
    const link = await h.mintLink(MODELS.grandHotelLobby);
    await h.mintLink(MODELS.grandHotelLobby);
    await mint({ modelId: MODELS.cafeMuller, validFor: 'bad' });
    await h.graph(
      MINT_TOKEN,
      { ...credentials(), modelIds: [MODELS.cafeMuller, MODELS.berlinOffice] },
      token
    );
    await h.graph(REVOKE, { ...credentials(), accessToken: link.accessToken }, token);
    await showStatus(link.link);
    expect(await h.control.counters()).toMatchObject({
      mints: 3,
      tokenMints: 1,
      revocations: 1,
      showRequests: 1,
      mintsByModel: {
        [MODELS.grandHotelLobby]: 2,
        [MODELS.cafeMuller]: 2,
        [MODELS.berlinOffice]: 1,
      },
    });
  });
});
