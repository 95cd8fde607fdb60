import { ConfigError, mergeConfig } from '../config';
import type { ClientRegistration } from '../control-types';
import { FaultSpecError, parseFaultSpec } from '../faults';
import { readBody, sendJson, type RequestContext } from '../http';
import { applyChanges, parseChange } from '../model-events/changes';

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

type ControlHandler = (
  ctx: RequestContext,
  params: string[],
  body: () => Promise<unknown>
) => unknown;

interface ControlRoute {
  method: string;
  pattern: RegExp;
  /** Default 200. */
  status?: number;
  handler: ControlHandler;
}

/** Sandbox-only endpoints under `/__sandbox/` for tests to drive and inspect the sandbox. Never faulted, never counted. */
const ROUTES: readonly ControlRoute[] = [
  { method: 'GET', pattern: /^\/health$/, handler: () => ({ ok: true }) },
  { method: 'GET', pattern: /^\/counters$/, handler: ({ state }) => state.counters.snapshot() },
  {
    method: 'POST',
    pattern: /^\/counters\/reset$/,
    handler: ({ state }) => {
      state.counters.reset();
      return state.counters.snapshot();
    },
  },
  {
    method: 'GET',
    pattern: /^\/access-tokens$/,
    handler: ({ state }) => state.accessTokens.list(),
  },
  { method: 'GET', pattern: /^\/embed-tokens$/, handler: ({ state }) => state.embedTokens.list() },
  { method: 'GET', pattern: /^\/faults$/, handler: ({ state }) => state.faults.list() },
  {
    method: 'POST',
    pattern: /^\/faults$/,
    status: 201,
    handler: async ({ state }, _params, body) => state.faults.add(parseFaultSpec(await body())),
  },
  {
    method: 'DELETE',
    pattern: /^\/faults$/,
    handler: ({ state }) => ({ cleared: state.faults.clear() }),
  },
  {
    method: 'POST',
    pattern: /^\/clients$/,
    status: 201,
    handler: async ({ state }, _params, body) => {
      const client = parseClient(await body());
      state.registerClient(client);
      return { clientId: client.clientId, organization: state.organizations.of(client.clientId) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/organizations$/,
    handler: ({ state }) => state.organizations.list(),
  },
  {
    method: 'POST',
    pattern: /^\/clients\/([^/]+)\/reset-secret$/,
    handler: ({ state }, [clientId]) => {
      const clientSecret = state.resetClientSecret(clientId as string);
      if (clientSecret === null) throw new ControlError(404, `unknown client "${clientId}"`);
      return { clientSecret };
    },
  },
  {
    method: 'POST',
    pattern: /^\/tokens\/invalidate$/,
    handler: async ({ state }, _params, body) => {
      const { accessToken } = asObject(await body());
      if (accessToken !== undefined && typeof accessToken !== 'string')
        throw new ControlError(400, '"accessToken" must be a string');
      return { invalidated: state.accessTokens.invalidate(accessToken) };
    },
  },
  { method: 'GET', pattern: /^\/config$/, handler: ({ state }) => state.config },
  {
    method: 'POST',
    pattern: /^\/config$/,
    handler: async ({ state }, _params, body) => {
      state.config = mergeConfig(state.config, await body());
      return state.config;
    },
  },
  { method: 'GET', pattern: /^\/modes$/, handler: ({ state }) => state.modes },
  {
    method: 'POST',
    pattern: /^\/modes$/,
    handler: async ({ state }, _params, body) => state.setModes(await body()),
  },
  {
    method: 'GET',
    pattern: /^\/embed-tokens\/([^/]+)$/,
    handler: ({ state }, [accessToken]) => state.embedTokens.inspect(accessToken as string),
  },
  {
    method: 'POST',
    pattern: /^\/models\/([^/]+)\/changes$/,
    handler: async ({ state }, [modelId], body) => {
      const raw = asObject(await body());
      const list = Array.isArray(raw.changes) ? raw.changes : [raw];
      if (list.length === 0) throw new ControlError(400, '"changes" must not be empty');
      return { events: applyChanges(state, modelId as string, list.map(parseChange)) };
    },
  },
  { method: 'GET', pattern: /^\/webhooks$/, handler: ({ state }) => state.webhooks.list() },
  {
    method: 'GET',
    pattern: /^\/webhook-deliveries$/,
    handler: async ({ state, url }) => {
      if (url.searchParams.get('settled') === '1') await state.webhooks.settled();
      return state.webhooks.deliveryLog();
    },
  },
  {
    method: 'POST',
    pattern: /^\/webhook-deliveries\/(\d+)\/replay$/,
    handler: async ({ state }, [index]) => {
      const replayed = await state.webhooks.replay(Number(index), state.modes);
      if (!replayed) throw new ControlError(404, `no delivery ${index} (or its callback is gone)`);
      return replayed;
    },
  },
  {
    method: 'POST',
    pattern: /^\/reset$/,
    handler: ({ state }) => {
      state.reset();
      return { ok: true };
    },
  },
];

/** `path` is the part after `/__sandbox`. */
export async function handleControlRequest(ctx: RequestContext, path: string): Promise<void> {
  const { req, res } = ctx;
  const matching = ROUTES.filter((r) => r.pattern.test(path));
  const route = matching.find((r) => r.method === req.method);
  if (!route) {
    const status = matching.length > 0 ? 405 : 404;
    sendJson(res, status, {
      error:
        status === 405
          ? `use ${matching.map((r) => r.method).join(' or ')}`
          : `no control endpoint ${path}`,
    });
    return;
  }
  const body = async (): Promise<unknown> => {
    const text = await readBody(req);
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new ControlError(400, 'the body must be JSON');
    }
  };
  try {
    const params = (route.pattern.exec(path) ?? []).slice(1).map(decodePathPart);
    sendJson(res, route.status ?? 200, await route.handler(ctx, params, body));
  } catch (error) {
    if (error instanceof ControlError) sendJson(res, error.status, { error: error.message });
    else if (error instanceof FaultSpecError || error instanceof ConfigError)
      sendJson(res, 400, { error: error.message });
    else throw error;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ControlError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

function parseClient(value: unknown): ClientRegistration {
  const { clientId, clientSecret, organization } = asObject(value);
  if (typeof clientId !== 'string' || !/^[\w.-]{1,200}$/.test(clientId)) {
    throw new ControlError(400, '"clientId" must be 1-200 letters, digits, "_", "." or "-"');
  }
  if (typeof clientSecret !== 'string' || clientSecret.length === 0)
    throw new ControlError(400, '"clientSecret" must be a non-empty string');
  if (organization !== undefined && typeof organization !== 'string')
    throw new ControlError(400, '"organization" must be a string');
  return { clientId, clientSecret, ...(organization === undefined ? {} : { organization }) };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ControlError(400, `malformed path segment "${part}"`);
  }
}
