import {
  DEFAULT_CLIENT,
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
} from '../../sandbox/src/index';
import { createSandbox } from '../../sandbox/src/index';
import { MINT_LINK, MINT_TOKEN, REVOKE, showStatus, startSandbox, type Harness } from './harness';

/*
 * Several Matterport organisations in one sandbox (issue 26, item 7): each has its own OAuth
 * applications and its own spaces, a model ID exists in one organisation only, and a link can
 * only be minted with the credentials of the organisation that owns the space. The IDs below are
 * written by hand from the seeds: the first organisation's "Grand Hotel Lobby" and the second's
 * "Harbour Estates Penthouse".
 */
const FIRST_MODEL = 'WziSQO0ORu7';
const SECOND_MODEL = 'Hb7kQ2mZp4X';
const FIRST = { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret };
const SECOND = {
  clientId: 'harbour-client-id',
  clientSecret: 'harbour-client-secret-fedcba9876543210',
};

const LIST_IDS = `query { models(query: "*", pageSize: 100) { totalResults results { id } } }`;
const MODEL = `query model($id: ID!) { model(id: $id) { id name } }`;

describe('several organisations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox({
      organizations: [
        {
          id: DEFAULT_ORGANIZATION_ID,
          name: 'Sandbox organisation',
          clients: [FIRST],
          models: SEED_MODELS,
        },
        SECOND_ORGANIZATION,
      ],
    });
  });
  afterAll(() => h.sandbox.stop());
  beforeEach(() => h.control.reset());

  const tokenOf = async (client: typeof FIRST): Promise<string> => {
    const response = await h.tokenRequest({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  it("lists only the caller's organisation's spaces", async () => {
    const second = await h.graph(LIST_IDS, {}, await tokenOf(SECOND));
    const ids = (second.body.data?.models.results as Array<{ id: string }>).map((m) => m.id);
    // The second seed has four spaces, one archived: three are listed without `include`.
    expect(ids.sort()).toEqual(['Hb7kQ2mZp4X', 'Tq3LmN8vR2c', 'Zx9Pw4Ks7Lb'].sort());

    const first = await h.graph(LIST_IDS, {}, await tokenOf(FIRST));
    const firstIds = (first.body.data?.models.results as Array<{ id: string }>).map((m) => m.id);
    expect(firstIds).toContain(FIRST_MODEL);
    expect(firstIds).not.toContain(SECOND_MODEL);
  });

  it("answers not.found for another organisation's space, as for one that does not exist", async () => {
    const answer = await h.graph(MODEL, { id: FIRST_MODEL }, await tokenOf(SECOND));
    expect(answer.body.errors?.[0]?.extensions.code).toBe('not.found');
    const own = await h.graph(MODEL, { id: SECOND_MODEL }, await tokenOf(SECOND));
    expect(own.body.data?.model).toEqual({ id: SECOND_MODEL, name: 'Harbour Estates Penthouse' });
  });

  it("refuses a link minted with another organisation's credentials", async () => {
    const token = await tokenOf(FIRST);
    const wrong = await h.graph(MINT_LINK, { modelId: SECOND_MODEL, ...FIRST }, token);
    expect(wrong.body.data?.createPrivateModelEmbedLink ?? null).toBeNull();
    expect(wrong.body.errors?.[0]?.extensions.code).toBe('not.found');
    // The second organisation's token, the first's credentials: still the wrong owner.
    const mixed = await h.graph(
      MINT_LINK,
      { modelId: SECOND_MODEL, ...FIRST },
      await tokenOf(SECOND)
    );
    expect(mixed.body.errors?.[0]?.extensions.code).toBe('not.found');
    const tokens = await h.graph(MINT_TOKEN, { modelIds: [SECOND_MODEL], ...FIRST }, token);
    expect(tokens.body.errors?.[0]?.extensions.code).toBe('not.found');
    expect(tokens.body.data?.createPrivateModelEmbedToken ?? null).toBeNull();

    const right = await h.graph(
      MINT_LINK,
      { modelId: SECOND_MODEL, ...SECOND },
      await tokenOf(SECOND)
    );
    const link = right.body.data?.createPrivateModelEmbedLink as { link: string };
    expect((await showStatus(link.link)).status).toBe('valid');
  });

  it("does not revoke another organisation's link, whatever the foreignRevoke mode", async () => {
    const minted = await h.graph(
      MINT_LINK,
      { modelId: SECOND_MODEL, ...SECOND },
      await tokenOf(SECOND)
    );
    const { accessToken, link } = minted.body.data?.createPrivateModelEmbedLink as {
      accessToken: string;
      link: string;
    };
    for (const foreignRevoke of ['accept', 'refuse'] as const) {
      await h.control.setModes({ foreignRevoke });
      const answer = await h.graph(REVOKE, { accessToken, ...FIRST }, await tokenOf(FIRST));
      expect(answer.body.errors?.[0]?.extensions.code).toBe('not.found');
      expect((await showStatus(link)).status).toBe('valid');
    }
    const own = await h.graph(REVOKE, { accessToken, ...SECOND }, await tokenOf(SECOND));
    expect(own.body.data?.deletePrivateModelEmbedToken).toBe(true);
    expect((await showStatus(link)).status).toBe('revoked');
  });

  it('registers a client in the organisation asked for, and lists each organisation', async () => {
    await h.control.registerClient({
      clientId: 'harbour-second-app',
      clientSecret: 'another-secret-0123456789',
      organization: 'harbour-estates',
    });
    const orgs = await h.control.organizations();
    expect(orgs.map((o) => [o.id, o.clientIds])).toEqual([
      [DEFAULT_ORGANIZATION_ID, [FIRST.clientId]],
      ['harbour-estates', ['harbour-client-id', 'harbour-second-app']],
    ]);
    const token = await tokenOf({
      clientId: 'harbour-second-app',
      clientSecret: 'another-secret-0123456789',
    });
    const answer = await h.graph(MODEL, { id: SECOND_MODEL }, token);
    expect(answer.body.data?.model.id).toBe(SECOND_MODEL);
  });

  it('refuses to move a client to another organisation or into one that does not exist', async () => {
    await expect(
      h.control.registerClient({ ...FIRST, organization: 'harbour-estates' })
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      h.control.registerClient({ clientId: 'x', clientSecret: 'y', organization: 'nowhere' })
    ).rejects.toMatchObject({ status: 400 });
    const orgs = await h.control.organizations();
    expect(orgs.flatMap((o) => o.clientIds)).not.toContain('x');
  });
});

describe('organisation options', () => {
  it('refuses a model ID held by two organisations, and organizations beside clients', () => {
    const lobby = SEED_MODELS[0];
    expect(() =>
      createSandbox({
        organizations: [
          { id: 'a', name: 'A', clients: [FIRST], models: [lobby!] },
          { id: 'b', name: 'B', clients: [SECOND], models: [lobby!] },
        ],
      })
    ).toThrow(/names one space/);
    expect(() => createSandbox({ clients: [FIRST], organizations: [SECOND_ORGANIZATION] })).toThrow(
      /not both/
    );
  });
});
