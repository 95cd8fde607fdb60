import { createSandbox, type ClientCredentials } from '../../sandbox/src/index';
import {
  CLIENT,
  MINT_LINK,
  MINT_TOKEN,
  MODELS,
  REVOKE,
  showStatus,
  startSandbox,
  type GraphAnswer,
  type Harness,
} from './harness';

/**
 * The modes stand for behaviours public material leaves open. Each test
 * states what a mode promises (sandbox/README.md, "Modes") and checks it from
 * outside: the GraphQL answer, the Showcase stand-in and the control endpoint.
 */

const OTHER: ClientCredentials = {
  clientId: 'other-client-id',
  clientSecret: 'other-client-secret-0123456789',
};
const NO_PME: ClientCredentials = {
  clientId: 'no-pme-client-id',
  clientSecret: 'no-pme-client-secret-0123456789',
};

const DEFAULT_MODES = {
  foreignRevoke: 'accept',
  revokeAnswer: 'true',
  validForFormats: 'both',
  thumbnailHost: 'sandbox',
  clientsWithoutPrivateModelEmbed: [],
  webhookTokenCredentials: 'header',
  webhookDuplicates: 'once',
  webhookOrder: 'in-order',
  webhookRetries: 'none',
  webhookTimestamp: 'iso',
  activationBody: 'state',
  noPmeAnswer: 'request.unauthorized',
  viewEmbeds: 'accept',
};
const INVALID = { code: 'request.invalid', httpStatus: 400 };
const NOT_FOUND = { code: 'not.found', httpStatus: 404 };
const UNAUTHORIZED = { code: 'request.unauthorized', httpStatus: 403 };

const LIST_MODELS = `{ models { totalResults results { id name } } }`;
const READ_MODEL = `query one($id: ID!) { model(id: $id) { id name } }`;

async function tokenFor(h: Harness, client: ClientCredentials): Promise<string> {
  const response = await h.tokenRequest({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Mints a link for `modelId` with `client`'s credentials (and, unless told otherwise, its own account token). */
async function mintAs(
  h: Harness,
  client: ClientCredentials,
  modelId: string,
  validFor?: string | null,
  token?: string
): Promise<GraphAnswer> {
  const bearer = token ?? (await tokenFor(h, client));
  return h.graph(
    MINT_LINK,
    { modelId, validFor, clientId: client.clientId, clientSecret: client.clientSecret },
    bearer
  );
}

async function mintedToken(
  h: Harness,
  client: ClientCredentials,
  modelId: string
): Promise<{ accessToken: string; link: string }> {
  const answer = await mintAs(h, client, modelId, '10m');
  const link = answer.body.data?.createPrivateModelEmbedLink;
  expect(link?.accessToken).toMatch(/^[a-z0-9]{25}$/);
  return link;
}

async function revokeAs(
  h: Harness,
  client: ClientCredentials,
  accessToken: string
): Promise<GraphAnswer> {
  return h.graph(
    REVOKE,
    { accessToken, clientId: client.clientId, clientSecret: client.clientSecret },
    await tokenFor(h, client)
  );
}

describe('sandbox modes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.sandbox.stop());
  beforeEach(async () => {
    await h.control.reset();
    await h.control.registerClient(OTHER);
  });

  describe('control', () => {
    it('starts with the original guesses as defaults', async () => {
      expect(await h.control.modes()).toEqual(DEFAULT_MODES);
    });

    it('changes only the modes named, and answers all of them', async () => {
      expect(await h.control.setModes({ revokeAnswer: 'false' })).toEqual({
        ...DEFAULT_MODES,
        revokeAnswer: 'false',
      });
      expect(
        await h.control.setModes({
          validForFormats: 'iso8601',
          clientsWithoutPrivateModelEmbed: [OTHER.clientId],
        })
      ).toEqual({
        ...DEFAULT_MODES,
        revokeAnswer: 'false',
        validForFormats: 'iso8601',
        clientsWithoutPrivateModelEmbed: [OTHER.clientId],
      });
      expect(await h.control.modes()).toEqual({
        ...DEFAULT_MODES,
        revokeAnswer: 'false',
        validForFormats: 'iso8601',
        clientsWithoutPrivateModelEmbed: [OTHER.clientId],
      });
    });

    it.each([
      [{ foreignRevoke: 'deny' }, /foreignRevoke/],
      [{ revokeAnswer: false }, /revokeAnswer/],
      [{ revokeAnswer: 'notFound' }, /revokeAnswer/],
      [{ validForFormats: 'ISO' }, /validForFormats/],
      [{ thumbnailHost: 'elsewhere' }, /thumbnailHost/],
      [{ noPmeAnswer: 'request.forbidden' }, /noPmeAnswer/],
      [{ clientsWithoutPrivateModelEmbed: 'other-client-id' }, /array of client IDs/],
      [
        { clientsWithoutPrivateModelEmbed: ['never-registered'] },
        /unknown client ID "never-registered"/,
      ],
      [{ foreignrevoke: 'refuse' }, /unknown mode "foreignrevoke"/],
    ])('refuses %p with 400 and changes nothing', async (patch, message) => {
      await h.control.setModes({ revokeAnswer: 'false' });
      await expect(
        h.control.setModes({ foreignRevoke: 'refuse', ...patch } as never)
      ).rejects.toMatchObject({
        status: 400,
        body: { error: expect.stringMatching(message) },
      });
      expect(await h.control.modes()).toEqual({ ...DEFAULT_MODES, revokeAnswer: 'false' });
    });

    it('reset brings back the defaults', async () => {
      await h.control.setModes({
        foreignRevoke: 'refuse',
        revokeAnswer: 'false',
        validForFormats: 'shorthand',
        clientsWithoutPrivateModelEmbed: [OTHER.clientId],
      });
      await h.control.reset();
      expect(await h.control.modes()).toEqual(DEFAULT_MODES);
    });

    it('takes modes at construction, and reset brings those back', async () => {
      const sandbox = createSandbox({
        clients: [CLIENT, NO_PME],
        modes: {
          foreignRevoke: 'refuse',
          validForFormats: 'iso8601',
          clientsWithoutPrivateModelEmbed: [NO_PME.clientId],
        },
      });
      expect(sandbox.state.modes).toEqual({
        foreignRevoke: 'refuse',
        revokeAnswer: 'true',
        validForFormats: 'iso8601',
        thumbnailHost: 'sandbox',
        clientsWithoutPrivateModelEmbed: [NO_PME.clientId],
        webhookTokenCredentials: 'header',
        webhookDuplicates: 'once',
        webhookOrder: 'in-order',
        webhookRetries: 'none',
        webhookTimestamp: 'iso',
        activationBody: 'state',
        noPmeAnswer: 'request.unauthorized',
        viewEmbeds: 'accept',
      });
      sandbox.state.setModes({
        foreignRevoke: 'accept',
        revokeAnswer: 'false',
        validForFormats: 'both',
        clientsWithoutPrivateModelEmbed: [],
      });
      sandbox.state.reset();
      expect(sandbox.state.modes).toEqual({
        foreignRevoke: 'refuse',
        revokeAnswer: 'true',
        validForFormats: 'iso8601',
        thumbnailHost: 'sandbox',
        clientsWithoutPrivateModelEmbed: [NO_PME.clientId],
        webhookTokenCredentials: 'header',
        webhookDuplicates: 'once',
        webhookOrder: 'in-order',
        webhookRetries: 'none',
        webhookTimestamp: 'iso',
        activationBody: 'state',
        noPmeAnswer: 'request.unauthorized',
        viewEmbeds: 'accept',
      });
    });

    it('refuses bad modes at construction', () => {
      expect(() => createSandbox({ modes: { revokeAnswer: 'maybe' as never } })).toThrow(
        /revokeAnswer/
      );
      expect(() =>
        createSandbox({ modes: { clientsWithoutPrivateModelEmbed: [NO_PME.clientId] } })
      ).toThrow(/unknown client ID/);
    });
  });

  describe('foreignRevoke: revoking a token minted with another client ID', () => {
    it('accept (the default): the token is revoked', async () => {
      const { accessToken, link } = await mintedToken(h, CLIENT, MODELS.grandHotelLobby);
      const answer = await revokeAs(h, OTHER, accessToken);
      expect(answer.body).toEqual({ data: { deletePrivateModelEmbedToken: true } });
      expect((await showStatus(link)).status).toBe('revoked');
      expect((await h.control.embedToken(accessToken)).status).toBe('revoked');
    });

    it('refuse: not.found, and the token stays usable', async () => {
      await h.control.setModes({ foreignRevoke: 'refuse' });
      const { accessToken, link } = await mintedToken(h, CLIENT, MODELS.grandHotelLobby);
      const answer = await revokeAs(h, OTHER, accessToken);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ deletePrivateModelEmbedToken: null });
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([NOT_FOUND]);
      expect((await showStatus(link)).status).toBe('valid');
      expect((await h.control.embedToken(accessToken)).status).toBe('valid');
    });

    it('refuse: the client that minted the token can still revoke it', async () => {
      await h.control.setModes({ foreignRevoke: 'refuse' });
      const { accessToken, link } = await mintedToken(h, CLIENT, MODELS.grandHotelLobby);
      expect((await revokeAs(h, CLIENT, accessToken)).body).toEqual({
        data: { deletePrivateModelEmbedToken: true },
      });
      expect((await showStatus(link)).status).toBe('revoked');
    });

    it('refuse: also covers tokens from the beta token mutation', async () => {
      await h.control.setModes({ foreignRevoke: 'refuse' });
      const minted = await h.graph(
        MINT_TOKEN,
        { modelIds: [MODELS.cafeMuller], validFor: '10m', ...OTHER },
        await tokenFor(h, OTHER)
      );
      const accessToken: string = minted.body.data?.createPrivateModelEmbedToken.accessToken;
      const answer = await revokeAs(h, CLIENT, accessToken);
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([NOT_FOUND]);
      expect((await h.control.embedToken(accessToken)).status).toBe('valid');
    });
  });

  describe('revokeAnswer', () => {
    it('false: the mutation answers false without an error, and the token stays usable', async () => {
      await h.control.setModes({ revokeAnswer: 'false' });
      const { accessToken, link } = await mintedToken(h, CLIENT, MODELS.berlinOffice);
      const answer = await revokeAs(h, CLIENT, accessToken);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { deletePrivateModelEmbedToken: false } });
      expect((await showStatus(link)).status).toBe('valid');
      expect((await h.control.embedToken(accessToken)).status).toBe('valid');
    });

    it('false: a token the sandbox never issued is still not.found', async () => {
      await h.control.setModes({ revokeAnswer: 'false' });
      const answer = await revokeAs(h, CLIENT, 'neverissuedtoken000000000');
      expect(answer.body.data).toEqual({ deletePrivateModelEmbedToken: null });
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([NOT_FOUND]);
    });

    it('not.found: a live token of the client revoking it is answered not.found, and stays usable', async () => {
      await h.control.setModes({ revokeAnswer: 'not.found' });
      const { accessToken, link } = await mintedToken(h, CLIENT, MODELS.berlinOffice);
      const answer = await revokeAs(h, CLIENT, accessToken);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ deletePrivateModelEmbedToken: null });
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([NOT_FOUND]);
      expect((await showStatus(link)).status).toBe('valid');
      expect((await h.control.embedToken(accessToken)).status).toBe('valid');
    });

    it('not.found: a live token of another client ID too (foreignRevoke accept)', async () => {
      await h.control.setModes({ revokeAnswer: 'not.found' });
      const { accessToken } = await mintedToken(h, CLIENT, MODELS.berlinOffice);
      const answer = await revokeAs(h, OTHER, accessToken);
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([NOT_FOUND]);
      expect((await h.control.embedToken(accessToken)).status).toBe('valid');
    });

    it('true (the default, and again after switching back): true and revoked', async () => {
      await h.control.setModes({ revokeAnswer: 'not.found' });
      await h.control.setModes({ revokeAnswer: 'false' });
      const { accessToken, link } = await mintedToken(h, CLIENT, MODELS.berlinOffice);
      await h.control.setModes({ revokeAnswer: 'true' });
      expect((await revokeAs(h, CLIENT, accessToken)).body).toEqual({
        data: { deletePrivateModelEmbedToken: true },
      });
      expect((await showStatus(link)).status).toBe('revoked');
    });
  });

  describe('clientsWithoutPrivateModelEmbed: an account whose OAuth works but that has no Private Model Embed', () => {
    let p: Harness;
    beforeAll(async () => {
      p = await startSandbox({
        clients: [CLIENT, NO_PME],
        modes: { clientsWithoutPrivateModelEmbed: [NO_PME.clientId] },
      });
    });
    afterAll(() => p.sandbox.stop());
    beforeEach(() => p.control.reset());

    it('gets account tokens and lists and reads models', async () => {
      const token = await tokenFor(p, NO_PME);
      const list = await p.graph(LIST_MODELS, {}, token);
      expect(list.status).toBe(200);
      expect(list.body.errors).toBeUndefined();
      expect(list.body.data?.models.results).toHaveLength(10);
      const one = await p.graph(READ_MODEL, { id: MODELS.cafeMuller }, token);
      expect(one.body).toEqual({ data: { model: { id: MODELS.cafeMuller, name: 'Café Müller' } } });
    });

    it('cannot mint a link: request.unauthorized', async () => {
      const answer = await mintAs(p, NO_PME, MODELS.cafeMuller, '10m');
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ createPrivateModelEmbedLink: null });
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([UNAUTHORIZED]);
      expect(answer.body.errors?.[0]?.message).toMatch(/Private Model Embed/);
    });

    it('cannot mint a beta token: request.unauthorized', async () => {
      const answer = await p.graph(
        MINT_TOKEN,
        { modelIds: [MODELS.cafeMuller], validFor: '10m', ...NO_PME },
        await tokenFor(p, NO_PME)
      );
      expect(answer.body.data).toEqual({ createPrivateModelEmbedToken: null });
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([UNAUTHORIZED]);
    });

    it('is refused whichever side of the call it is on: the account token or the mutation credentials', async () => {
      const withItsCredentials = await mintAs(
        p,
        NO_PME,
        MODELS.cafeMuller,
        '10m',
        await tokenFor(p, CLIENT)
      );
      expect(withItsCredentials.body.errors?.map((e) => e.extensions)).toEqual([UNAUTHORIZED]);
      const withItsToken = await mintAs(
        p,
        CLIENT,
        MODELS.cafeMuller,
        '10m',
        await tokenFor(p, NO_PME)
      );
      expect(withItsToken.body.errors?.map((e) => e.extensions)).toEqual([UNAUTHORIZED]);
    });

    it('leaves the other client of the same sandbox minting', async () => {
      const answer = await mintAs(p, CLIENT, MODELS.cafeMuller, '10m');
      expect(answer.body.errors).toBeUndefined();
      expect((await showStatus(answer.body.data?.createPrivateModelEmbedLink.link)).status).toBe(
        'valid'
      );
    });

    it('can be switched at run time, and reset brings back the construction setting', async () => {
      await p.control.setModes({ clientsWithoutPrivateModelEmbed: [] });
      expect((await mintAs(p, NO_PME, MODELS.cafeMuller, '10m')).body.errors).toBeUndefined();
      await p.control.setModes({ clientsWithoutPrivateModelEmbed: [CLIENT.clientId] });
      expect(
        (await mintAs(p, CLIENT, MODELS.cafeMuller, '10m')).body.errors?.map((e) => e.extensions)
      ).toEqual([UNAUTHORIZED]);
      await p.control.reset();
      expect((await mintAs(p, CLIENT, MODELS.cafeMuller, '10m')).body.errors).toBeUndefined();
      expect(
        (await mintAs(p, NO_PME, MODELS.cafeMuller, '10m')).body.errors?.map((e) => e.extensions)
      ).toEqual([UNAUTHORIZED]);
    });

    it('noPmeAnswer: the refusal is request.unauthorized by default, request.unsupported when set; others mint', async () => {
      expect(
        (await mintAs(p, NO_PME, MODELS.cafeMuller, '10m')).body.errors?.map((e) => e.extensions)
      ).toEqual([UNAUTHORIZED]);
      await p.control.setModes({ noPmeAnswer: 'request.unsupported' });
      try {
        expect(
          (await mintAs(p, NO_PME, MODELS.cafeMuller, '10m')).body.errors?.map((e) => e.extensions)
        ).toEqual([{ code: 'request.unsupported', httpStatus: 400 }]);
        expect((await mintAs(p, CLIENT, MODELS.cafeMuller, '10m')).body.errors).toBeUndefined();
      } finally {
        await p.control.setModes({ noPmeAnswer: 'request.unauthorized' });
      }
    });
  });

  describe('validForFormats', () => {
    /** Seconds between the sandbox's clock reading and validUntil, bounded by the times around the call. */
    async function lifetime(validFor: string | null): Promise<{ min: number; max: number }> {
      const before = Date.now();
      const answer = await mintAs(h, CLIENT, MODELS.cafeMuller, validFor);
      const after = Date.now();
      expect(answer.body.errors).toBeUndefined();
      const validUntil = Date.parse(answer.body.data?.createPrivateModelEmbedLink.validUntil);
      return { min: (validUntil - after) / 1000, max: (validUntil - before) / 1000 };
    }

    async function refused(validFor: string): Promise<void> {
      const answer = await mintAs(h, CLIENT, MODELS.cafeMuller, validFor);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ createPrivateModelEmbedLink: null });
      expect(answer.body.errors?.map((e) => e.extensions)).toEqual([INVALID]);
      expect(answer.body.errors?.[0]?.message).toMatch(/validFor/);
    }

    it.each([['1h'], ['PT1H']])('both (the default) reads %p as one hour', async (validFor) => {
      const { min, max } = await lifetime(validFor);
      expect(min).toBeLessThanOrEqual(3600);
      expect(max).toBeGreaterThan(3599);
    });

    it('iso8601: refuses shorthand as it refuses any unreadable validFor, and reads ISO-8601', async () => {
      await h.control.setModes({ validForFormats: 'iso8601' });
      await refused('abc');
      await refused('1h');
      await refused('30s');
      await refused('1d');
      const { min, max } = await lifetime('PT1H');
      expect(min).toBeLessThanOrEqual(3600);
      expect(max).toBeGreaterThan(3599);
    });

    it('shorthand: refuses ISO-8601 as it refuses any unreadable validFor, and reads shorthand', async () => {
      await h.control.setModes({ validForFormats: 'shorthand' });
      await refused('abc');
      await refused('PT1H');
      await refused('PT30S');
      await refused('P1D');
      const { min, max } = await lifetime('5m');
      expect(min).toBeLessThanOrEqual(300);
      expect(max).toBeGreaterThan(299);
    });

    it.each([['iso8601'], ['shorthand']] as const)(
      '%s: an omitted validFor still means one hour',
      async (formats) => {
        await h.control.setModes({ validForFormats: formats });
        const { min, max } = await lifetime(null);
        expect(min).toBeLessThanOrEqual(3600);
        expect(max).toBeGreaterThan(3599);
      }
    );

    it('applies to the beta token mutation too', async () => {
      await h.control.setModes({ validForFormats: 'iso8601' });
      const token = await tokenFor(h, CLIENT);
      const shorthand = await h.graph(
        MINT_TOKEN,
        { modelIds: [MODELS.cafeMuller], validFor: '1h', ...CLIENT },
        token
      );
      expect(shorthand.body.errors?.map((e) => e.extensions)).toEqual([INVALID]);
      const iso = await h.graph(
        MINT_TOKEN,
        { modelIds: [MODELS.cafeMuller], validFor: 'PT1H', ...CLIENT },
        token
      );
      expect(iso.body.errors).toBeUndefined();
      expect(iso.body.data?.createPrivateModelEmbedToken.accessToken).toMatch(/^[a-z0-9]{25}$/);
    });
  });
});
