import { jsonOf, MODELS, startSandbox, type Harness } from './harness';

const NAME_QUERY = `{ model(id: "${MODELS.grandHotelLobby}") { name } }`;

describe('POST /api/models/graph: authentication, validation and error shapes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.sandbox.stop());
  beforeEach(() => h.control.reset());

  it('answers a call without Authorization with a GraphQL-shaped 401 request.unauthenticated', async () => {
    const answer = await h.graph(NAME_QUERY, {}, null);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions).toEqual({
      code: 'request.unauthenticated',
      httpStatus: 401,
    });
    expect(answer.body.data).toBeUndefined();
  });

  it('treats a non-Bearer Authorization header as missing', async () => {
    const response = await fetch(`${h.origin}/api/models/graph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic c2VjcmV0OnNlY3JldA==' },
      body: JSON.stringify({ query: NAME_QUERY }),
    });
    expect(response.status).toBe(401);
    expect((await jsonOf(response)).errors[0].extensions.code).toBe('request.unauthenticated');
  });

  it('answers an unknown token with HTTP 400 {"error":"invalid_grant"}, not a GraphQL error', async () => {
    const answer = await h.graph(NAME_QUERY, {}, 'abcdefghijklmnopqrstuvwxy');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_grant' });
  });

  it('answers invalid_grant once every token is invalidated mid-life', async () => {
    const token = await h.accessToken();
    expect((await h.graph(NAME_QUERY, {}, token)).status).toBe(200);
    expect(await h.control.invalidateTokens()).toBe(1);
    const answer = await h.graph(NAME_QUERY, {}, token);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_grant' });
  });

  it('can invalidate one token and leave the others working', async () => {
    const doomed = await h.accessToken();
    const kept = await h.accessToken();
    expect(await h.control.invalidateTokens(doomed)).toBe(1);
    expect((await h.graph(NAME_QUERY, {}, doomed)).body).toEqual({ error: 'invalid_grant' });
    expect((await h.graph(NAME_QUERY, {}, kept)).body.data?.model.name).toBe('Grand Hotel Lobby');
  });

  it('fails validation for Relay-style first/edges paging (there is none)', async () => {
    const answer = await h.graph('{ models(first: 10) { edges { node { id } } } }');
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    const messages = answer.body.errors?.map((e) => e.message).join('\n');
    expect(messages).toMatch(/Unknown argument "first"/);
    expect(messages).toMatch(/Cannot query field "edges" on type "ModelSearchResultList"/);
    for (const error of answer.body.errors ?? [])
      expect(error.extensions).toEqual({ code: 'request.invalid', httpStatus: 400 });
  });

  it('answers a GraphQL syntax error with 400 request.invalid', async () => {
    const answer = await h.graph('{ models { results { id }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions.code).toBe('request.invalid');
  });

  it('answers a body that is not JSON with 400 request.invalid', async () => {
    const response = await fetch(`${h.origin}/api/models/graph`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await h.accessToken()}`,
      },
      body: 'query=nope',
    });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors[0].extensions.code).toBe('request.invalid');
  });

  it('answers a missing required variable with 400 request.invalid', async () => {
    const answer = await h.graph('query one($id: ID!) { model(id: $id) { name } }', {});
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions.code).toBe('request.invalid');
  });

  it('mixes data and errors: a missing model is null with a not.found error beside the other data', async () => {
    const answer = await h.graph(
      `{ found: model(id: "${MODELS.grandHotelLobby}") { name } missing: model(id: "zzzzzzzzzzz") { name } }`
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ found: { name: 'Grand Hotel Lobby' }, missing: null });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        path: ['missing'],
        extensions: { code: 'not.found', httpStatus: 404 },
      }),
    ]);
  });

  it('refuses GET with 405', async () => {
    const response = await fetch(
      `${h.origin}/api/models/graph?query=${encodeURIComponent(NAME_QUERY)}`
    );
    expect(response.status).toBe(405);
  });

  it('records which access tokens the caller used, and counts every call', async () => {
    const token = await h.accessToken();
    await h.graph(NAME_QUERY, {}, token);
    await h.graph(NAME_QUERY, {}, token);
    await h.graph(NAME_QUERY, {}, 'unknowntoken000000000000a');
    await h.graph(NAME_QUERY, {}, null);
    const counters = await h.control.counters();
    expect(counters.accessTokensUsed).toEqual([token, 'unknowntoken000000000000a']);
    expect(counters.graphRequests).toBe(4);
    expect(counters.modelQueries).toBe(4);
  });
});
