import { credentials, MINT_LINK, MODELS, showStatus, startSandbox, type Harness } from './harness';

/*
 * Issue 28, item 5: spaces have Views (documented: up to 10, 25-character IDs, `m=<viewId>` in a
 * Showcase URL); whether Private Model Embed takes a View ID is not documented, so the mode
 * `viewEmbeds` plays both answers.
 */
const TRAINING_VIEW = '0ehmdabhd31ra7pyai5igb9sb';
const VIEWS = `query ($id: ID!) { model(id: $id) { id views { id name type start } } }`;

describe('Views', () => {
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

  it('lists a space’s Views, its base View (the model ID) first', async () => {
    const answer = await h.graph(VIEWS, { id: MODELS.northTowerLobby }, token);
    expect(answer.body.data?.model.views).toEqual([
      {
        id: MODELS.northTowerLobby,
        name: 'Main View',
        type: 'matterport.model.layered',
        start: null,
      },
      {
        id: TRAINING_VIEW,
        name: 'Training View',
        type: 'matterport.user.view',
        start: 'sweep-12,0.5',
      },
      {
        id: 'w3mc532z2qgs2i20z0wz1y0wc',
        name: 'Data View',
        type: 'matterport.user.view',
        start: 'sweep-3,1.25',
      },
    ]);
  });

  it('answers the View’s space for model(id: <viewId>)', async () => {
    const answer = await h.graph(VIEWS, { id: TRAINING_VIEW }, token);
    expect(answer.body.data?.model.id).toBe(MODELS.northTowerLobby);
  });

  it('mode accept: a View ID mints a link that opens the View with its model’s token', async () => {
    const answer = await h.graph(MINT_LINK, { ...credentials(), modelId: TRAINING_VIEW }, token);
    const link = answer.body.data?.createPrivateModelEmbedLink;
    expect(link.link).toBe(`${h.origin}/show?m=${TRAINING_VIEW}&auth=Bearer+${link.accessToken}`);
    const shown = await showStatus(link.link);
    expect(shown.status).toBe('valid');
    expect(shown.html).toContain(`data-view-id="${TRAINING_VIEW}"`);
    expect(shown.html).toContain(`data-model-id="${MODELS.northTowerLobby}"`);
  });

  it('mode refuse: a View ID is not.found; the model still mints, and its token plays the View', async () => {
    await h.control.setModes({ viewEmbeds: 'refuse' });
    const refused = await h.graph(MINT_LINK, { ...credentials(), modelId: TRAINING_VIEW }, token);
    expect(refused.body.data?.createPrivateModelEmbedLink).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('not.found');
    const answer = await h.graph(
      MINT_LINK,
      { ...credentials(), modelId: MODELS.northTowerLobby },
      token
    );
    const link = answer.body.data?.createPrivateModelEmbedLink;
    expect((await showStatus(`${link.link}&start=sweep-12,0.5`)).status).toBe('valid');
  });
});
