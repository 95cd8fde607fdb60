import { client, request, type Client } from './http';

export const ADMIN = {
  email: 'ada@example.com',
  password: 'Passw0rd!Matterport',
  firstname: 'Ada',
  lastname: 'Admin',
};

/** Registers the first admin (super admin) and returns its JWT. */
export const registerAdmin = async (url: string): Promise<string> => {
  const res = await request<{ data: { token: string } }>('POST', `${url}/admin/register-admin`, {
    body: ADMIN,
  });
  if (res.status !== 200) throw new Error(`register-admin answered ${res.status}: ${res.text}`);
  return res.body.data.token;
};

export const login = async (url: string, email: string, password: string): Promise<string> => {
  const res = await request<{ data: { token: string } }>('POST', `${url}/admin/login`, {
    body: { email, password },
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${res.text}`);
  return res.body.data.token;
};

export const createApiToken = async (
  url: string,
  adminToken: string,
  type: 'full-access' | 'read-only' = 'full-access'
): Promise<string> => {
  const res = await request<{ data: { accessKey: string } }>('POST', `${url}/admin/api-tokens`, {
    token: adminToken,
    body: {
      name: `test-${type}-${Date.now()}-${Math.random()}`,
      description: '',
      type,
      lifespan: null,
    },
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`api-tokens answered ${res.status}: ${res.text}`);
  return res.body.data.accessKey;
};

interface Role {
  id: number;
  code: string;
  name: string;
}

export const findRole = async (url: string, adminToken: string, code: string): Promise<Role> => {
  const res = await request<{ data: Role[] }>('GET', `${url}/admin/roles`, { token: adminToken });
  const role = res.body.data.find((r) => r.code === code);
  if (!role) throw new Error(`no role ${code}`);
  return role;
};

/** A custom admin role holding exactly these actions (subject-less plugin actions). */
export const createRole = async (
  url: string,
  adminToken: string,
  name: string,
  actions: string[]
): Promise<Role> => {
  const created = await request<{ data: Role }>('POST', `${url}/admin/roles`, {
    token: adminToken,
    body: { name, description: 'test role' },
  });
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`create role answered ${created.status}: ${created.text}`);
  const role = created.body.data;
  const assigned = await request('PUT', `${url}/admin/roles/${role.id}/permissions`, {
    token: adminToken,
    body: {
      permissions: actions.map((action) => ({
        action,
        subject: null,
        properties: {},
        conditions: [],
      })),
    },
  });
  if (assigned.status !== 200)
    throw new Error(`assign permissions answered ${assigned.status}: ${assigned.text}`);
  return role;
};

/** Creates an admin user with these role ids and returns its JWT. */
export const createAdminUser = async (
  url: string,
  adminToken: string,
  email: string,
  roleIds: number[]
): Promise<string> => {
  const password = 'Passw0rd!Tester';
  const created = await request<{ data: { registrationToken: string } }>(
    'POST',
    `${url}/admin/users`,
    {
      token: adminToken,
      body: { email, firstname: email.split('@')[0], lastname: 'Tester', roles: roleIds },
    }
  );
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`create user answered ${created.status}: ${created.text}`);
  const registered = await request('POST', `${url}/admin/register`, {
    body: {
      registrationToken: created.body.data.registrationToken,
      userInfo: { firstname: email.split('@')[0], lastname: 'Tester', password },
    },
  });
  if (registered.status !== 200)
    throw new Error(`register answered ${registered.status}: ${registered.text}`);
  return login(url, email, password);
};

/** A content-API (users-permissions) end user and its JWT. */
export const createEndUser = async (url: string): Promise<string> => {
  const name = `reader${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const res = await request<{ jwt: string }>('POST', `${url}/api/auth/local/register`, {
    body: { username: name, email: `${name}@example.com`, password: 'Passw0rd!Reader' },
  });
  if (res.status !== 200)
    throw new Error(`auth/local/register answered ${res.status}: ${res.text}`);
  return res.body.jwt;
};

export const adminClient = (url: string, token: string): Client => client(url, token);

export const graphql = async <T = unknown>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string
) =>
  request<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>(
    'POST',
    `${url}/graphql`,
    {
      token,
      body: { query, variables },
    }
  );

/**
 * Makes sure the i18n locale `code` exists: creates it, or finds it already there (a
 * database reused from an earlier run). Throws when it is neither.
 */
export const ensureLocale = async (
  client: Client,
  code: string,
  name: string
): Promise<'created' | 'existing'> => {
  const listed = await client.get<Array<{ code: string }>>('/i18n/locales');
  if (listed.status !== 200)
    throw new Error(`GET /i18n/locales answered ${listed.status}: ${listed.text}`);
  if (listed.body.some((l) => l.code === code)) return 'existing';
  const created = await client.post('/i18n/locales', { code, name, isDefault: false });
  if (created.status !== 200 && created.status !== 201)
    throw new Error(`creating locale ${code} answered ${created.status}: ${created.text}`);
  return 'created';
};
