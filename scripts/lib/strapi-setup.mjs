import fs from 'node:fs';

import { requestJson } from './net.mjs';
import { DEMO_CONTENT_FILE } from './paths.mjs';

export const DEMO_ADMIN = {
  email: 'admin@example.com',
  password: 'Demo-Passw0rd',
  firstname: 'Demo',
  lastname: 'Admin',
};

/** The sandbox's default OAuth client (sandbox/src/config.ts, DEFAULT_CLIENT). */
export const SANDBOX_CLIENT = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789abcdef',
};

const fail = (what, res) => {
  const detail = res.body?.error?.message ?? res.text.slice(0, 300);
  return new Error(`${what} answered HTTP ${res.status}: ${detail}`);
};

/**
 * Registers the demo admin on a fresh database, or logs in when the database already
 * has an admin. Returns { token, created }.
 */
export const ensureAdmin = async (strapiUrl, admin = DEMO_ADMIN) => {
  const init = await requestJson('GET', `${strapiUrl}/admin/init`);
  if (init.status !== 200) throw fail('GET /admin/init', init);
  if (!init.body?.data?.hasAdmin) {
    const res = await requestJson('POST', `${strapiUrl}/admin/register-admin`, { body: admin });
    if (res.status !== 200) throw fail('POST /admin/register-admin', res);
    return { token: res.body.data.token, created: true };
  }
  const res = await requestJson('POST', `${strapiUrl}/admin/login`, {
    body: { email: admin.email, password: admin.password },
  });
  if (res.status !== 200) {
    throw new Error(
      `The demo database already has an admin, but ${admin.email} / ${admin.password} cannot log in ` +
        `(HTTP ${res.status}). Delete the demo database (see DEMO_DATABASE_FILENAME) to start over.`
    );
  }
  return { token: res.body.data.token, created: false };
};

/** PUT /matterport/settings with the sandbox's client (admin route of the plugin). */
export const saveSettings = async (strapiUrl, adminToken, credentials = SANDBOX_CLIENT) => {
  const res = await requestJson('PUT', `${strapiUrl}/matterport/settings`, {
    token: adminToken,
    body: credentials,
  });
  if (res.status !== 200) throw fail('PUT /matterport/settings', res);
  return res.body;
};

export const readDemoContent = () => JSON.parse(fs.readFileSync(DEMO_CONTENT_FILE, 'utf8'));

/** How many spaces the public content API lists (0 on a fresh database). */
export const countSpaces = async (strapiUrl) => {
  const res = await requestJson('GET', `${strapiUrl}/api/spaces?pagination[pageSize]=1`);
  if (res.status !== 200) throw fail('GET /api/spaces', res);
  return res.body?.meta?.pagination?.total ?? res.body?.data?.length ?? 0;
};

/**
 * Creates the sample content (published: content-API writes publish by default) with a
 * short-lived full-access API token that is deleted afterwards. Returns what it created.
 */
export const seedContent = async (strapiUrl, adminToken, content = readDemoContent()) => {
  const created = await requestJson('POST', `${strapiUrl}/admin/api-tokens`, {
    token: adminToken,
    body: {
      name: `demo-seed-${Date.now()}`,
      description: 'npm run demo: sample content (deleted at once)',
      type: 'full-access',
      lifespan: null,
    },
  });
  if (created.status !== 201 && created.status !== 200)
    throw fail('POST /admin/api-tokens', created);
  const { id, accessKey } = created.body.data;
  const api = (method, path, body) =>
    requestJson(method, `${strapiUrl}${path}`, { token: accessKey, body });

  try {
    const venue = await api('POST', '/api/venues', { data: content.venue });
    if (venue.status !== 201 && venue.status !== 200) throw fail('POST /api/venues', venue);
    const venueId = venue.body.data.documentId;

    const spaces = [];
    for (const space of content.spaces) {
      const data = { ...space, venue: space.venue ? venueId : null };
      if (data.tour === null) delete data.tour;
      const res = await api('POST', '/api/spaces', { data });
      if (res.status !== 201 && res.status !== 200)
        throw fail(`POST /api/spaces (${space.title})`, res);
      spaces.push(res.body.data.documentId);
    }

    const homepage = await api('PUT', '/api/homepage', { data: content.homepage });
    if (homepage.status !== 200) throw fail('PUT /api/homepage', homepage);
    return { venues: 1, spaces: spaces.length, homepage: 1 };
  } finally {
    await requestJson('DELETE', `${strapiUrl}/admin/api-tokens/${id}`, { token: adminToken }).catch(
      () => undefined
    );
  }
};

/** The name of the demo preview site's API token (one at a time: replaced on every start). */
export const PREVIEW_TOKEN_NAME = 'demo preview site';

/**
 * A read-only API token for the preview site, which reads drafts with it (Strapi's
 * Preview reads drafts as an API-token request; the plugin only gives drafts working
 * links on such requests). An access key cannot be read back once created, so the
 * token of an earlier run is deleted and a new one made. Returns the access key.
 */
export const createPreviewToken = async (strapiUrl, adminToken) => {
  const list = await requestJson('GET', `${strapiUrl}/admin/api-tokens`, { token: adminToken });
  if (list.status !== 200) throw fail('GET /admin/api-tokens', list);
  for (const old of list.body.data.filter((token) => token.name === PREVIEW_TOKEN_NAME)) {
    const res = await requestJson('DELETE', `${strapiUrl}/admin/api-tokens/${old.id}`, {
      token: adminToken,
    });
    if (res.status !== 200) throw fail(`DELETE /admin/api-tokens/${old.id}`, res);
  }
  const created = await requestJson('POST', `${strapiUrl}/admin/api-tokens`, {
    token: adminToken,
    body: {
      name: PREVIEW_TOKEN_NAME,
      description: 'npm run demo: the preview site reads drafts with it (replaced on every start)',
      type: 'read-only',
      lifespan: null,
    },
  });
  if (created.status !== 201 && created.status !== 200)
    throw fail('POST /admin/api-tokens', created);
  return created.body.data.accessKey;
};
