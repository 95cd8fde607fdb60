import {
  createSandbox,
  DEFAULT_CLIENT,
  SandboxControl,
  type Sandbox,
  type SandboxOptions,
} from '../../sandbox/src/index';

export const CLIENT = DEFAULT_CLIENT;

export interface GraphAnswer {
  status: number;
  headers: Headers;
  // GraphQL answers are checked field by field in each test; a loose shape keeps those assertions short.
  body: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the comment above
    data?: Record<string, any> | null;
    errors?: Array<{
      message: string;
      path?: string[];
      extensions: { code: string; httpStatus: number };
    }>;
    error?: string;
  };
}

export interface Harness {
  sandbox: Sandbox;
  origin: string;
  control: SandboxControl;
  /** POSTs a form to the token endpoint. */
  tokenRequest(fields: Record<string, string>, contentType?: string): Promise<Response>;
  /** A fresh account access token for the default client. */
  accessToken(): Promise<string>;
  /** A Model API call; `token` defaults to a fresh access token, `null` sends no Authorization header. */
  graph(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null
  ): Promise<GraphAnswer>;
  mintLink(
    modelId: string,
    validFor?: string
  ): Promise<{ accessToken: string; link: string; validUntil: string; application: string }>;
}

/** Starts a sandbox on a free port; stop it with `harness.sandbox.stop()`. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = createSandbox(options);
  const { origin } = await sandbox.start(0);
  const control = new SandboxControl(origin);

  const tokenRequest = (
    fields: Record<string, string>,
    contentType = 'application/x-www-form-urlencoded'
  ): Promise<Response> =>
    fetch(`${origin}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: contentType.startsWith('application/json')
        ? JSON.stringify(fields)
        : new URLSearchParams(fields).toString(),
    });

  const accessToken = async (): Promise<string> => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
    if (response.status !== 200)
      throw new Error(`token request failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const graph = async (
    query: string,
    variables: Record<string, unknown> = {},
    token?: string | null
  ): Promise<GraphAnswer> => {
    const bearer = token === undefined ? await accessToken() : token;
    const response = await fetch(`${origin}/api/models/graph`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as GraphAnswer['body'],
    };
  };

  const mintLink: Harness['mintLink'] = async (modelId, validFor) => {
    const answer = await graph(MINT_LINK, { modelId, validFor, ...credentials() });
    const link = answer.body.data?.createPrivateModelEmbedLink;
    if (!link) throw new Error(`mint failed: ${JSON.stringify(answer.body)}`);
    return link;
  };

  return { sandbox, origin, control, tokenRequest, accessToken, graph, mintLink };
}

export function credentials(): { clientId: string; clientSecret: string } {
  return { clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret };
}

export const MINT_LINK = `
  mutation createLink($modelId: ID!, $clientId: String!, $clientSecret: String!, $validFor: String) {
    createPrivateModelEmbedLink(modelId: $modelId, clientId: $clientId, clientSecret: $clientSecret, validFor: $validFor) {
      accessToken application link validUntil
    }
  }`;

export const REVOKE = `
  mutation revoke($clientId: String!, $clientSecret: String!, $accessToken: String!) {
    deletePrivateModelEmbedToken(clientId: $clientId, clientSecret: $clientSecret, accessToken: $accessToken)
  }`;

export const MINT_TOKEN = `
  mutation createToken($clientId: String!, $clientSecret: String!, $modelIds: [ID!]!, $validFor: String) {
    createPrivateModelEmbedToken(application: showcase, clientId: $clientId, clientSecret: $clientSecret, modelIds: $modelIds, validFor: $validFor) {
      accessToken validUntil
    }
  }`;

/** Reads `data-status` from the Showcase stand-in. */
export async function showStatus(url: string): Promise<{ status: string; html: string }> {
  const response = await fetch(url);
  const html = await response.text();
  return {
    status: /data-status="([^"]+)"/.exec(html)?.[1] ?? `none (HTTP ${response.status})`,
    html,
  };
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Well-known seeded models. */
export const MODELS = {
  grandHotelLobby: 'WziSQO0ORu7',
  northTowerLobby: 'XddYUqNaTWl',
  berlinOffice: 'ihngBuuO68J',
  officeSuiteArchived: 'zcyclnW9ou5',
  showroomSpring: 'yopBRDqxfR4',
  cafeMuller: '1eR0Y7wVmpa',
  htmlGallery: 'ldOoOICjnNW',
  demoHome: 'mUq9YVOwfEr',
} as const;

// any: tests read answers field by field and assert on them; typing each answer would only repeat the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the comment above
export type Json = Record<string, any>;

/** `response.json()` typed loosely enough to assert on. */
export async function jsonOf(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}
