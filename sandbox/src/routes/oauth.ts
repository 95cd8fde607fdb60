import { applyFaults } from '../fault-responses';
import { mediaType, readBody, sendJson, type RequestContext } from '../http';

/** RFC 6749 §5.1: token answers must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * `POST /api/oauth/token`: the client-credentials grant, with the body as
 * Matterport documents it (form-encoded `grant_type`, `client_id`,
 * `client_secret`). Every call is counted, failures and faults included.
 */
export async function handleTokenRequest(ctx: RequestContext): Promise<void> {
  const { state, req, res } = ctx;
  state.counters.bump('tokenRequests');
  if (await applyFaults(ctx, ['token'], 'oauth')) {
    state.counters.bump('tokenFailures');
    return;
  }
  const fail = (status: number, body: Record<string, string>): void => {
    state.counters.bump('tokenFailures');
    sendJson(res, status, body, NO_STORE);
  };

  if (req.method !== 'POST') {
    fail(405, { error: 'invalid_request', error_description: 'use POST' });
    return;
  }
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    fail(400, {
      error: 'invalid_request',
      error_description: 'the body must be application/x-www-form-urlencoded',
    });
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const grantType = form.get('grant_type');
  if (!grantType) {
    fail(400, { error: 'invalid_request', error_description: 'grant_type is required' });
    return;
  }
  if (grantType !== 'client_credentials') {
    fail(400, {
      error: 'unsupported_grant_type',
      error_description: 'only client_credentials is supported',
    });
    return;
  }
  const clientId = form.get('client_id') ?? '';
  if (!state.clients.verify(clientId, form.get('client_secret') ?? '')) {
    fail(401, { error: 'invalid_client' });
    return;
  }
  const record = state.accessTokens.issue(clientId, state.config.expiresIn);
  state.counters.bump('tokensIssued');
  sendJson(
    res,
    200,
    {
      access_token: record.token,
      token_type: 'Bearer',
      expires_in: state.config.expiresIn,
      scope: 'ViewPublic ViewDetails',
    },
    NO_STORE
  );
}
