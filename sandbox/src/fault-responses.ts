import type { FaultSpec, FaultTarget } from './control-types';
import { codeForHttpStatus } from './errors';
import { send, type RequestContext } from './http';
import { delay, unlessAborted } from './time';

/** How the faulted endpoint normally answers, so a faulted answer looks like it. */
export type ResponseStyle = 'oauth' | 'graphql' | 'html' | 'svg';

/**
 * Applies the faults that match this request. Returns `true` when a fault
 * has answered (or dropped) the request, so the handler must do nothing more.
 */
export async function applyFaults(
  ctx: RequestContext,
  targets: readonly FaultTarget[],
  style: ResponseStyle
): Promise<boolean> {
  const plan = ctx.state.faults.plan(targets);
  if (plan.latencyMs > 0 && !(await delay(plan.latencyMs, ctx.signal))) return true;
  const fault = plan.terminal;
  if (fault === null) return false;
  switch (fault.mode) {
    case 'hang':
      // Carries on normally once faults are cleared; ends with the sandbox otherwise.
      return !(await unlessAborted(ctx.state.faults.whenCleared(), ctx.signal));
    case 'reset-connection':
      ctx.req.socket.resetAndDestroy();
      return true;
    case 'malformed':
      send(ctx.res, 200, TRUNCATED[style], { 'content-type': CONTENT_TYPES[style] });
      return true;
    case 'status':
      answer(ctx, fault, style, fault.status ?? 500, {});
      return true;
    case 'rate-limit':
      answer(
        ctx,
        fault,
        style,
        429,
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) }
      );
      return true;
    case 'latency':
      return false;
  }
}

const CONTENT_TYPES: Readonly<Record<ResponseStyle, string>> = {
  oauth: 'application/json; charset=utf-8',
  graphql: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
};

/** A body cut off mid-way: valid as a start, unparseable as a whole. */
const TRUNCATED: Readonly<Record<ResponseStyle, string>> = {
  oauth: '{"access_token":"ut4dp7u0yq1gd15k',
  graphql: '{"data":{"createPrivateModelEmbedLink":{"accessToken":"4bizw5az',
  html: '<!doctype html><html><body><main id="showcase" data-sta',
  svg: '<svg xmlns="http://www.w3.org/2000/svg" width="640" hei',
};

function answer(
  ctx: RequestContext,
  fault: FaultSpec,
  style: ResponseStyle,
  status: number,
  headers: Record<string, string>
): void {
  const body = fault.body ?? defaultBody(style, status);
  if (typeof body === 'string') {
    send(ctx.res, status, body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  } else {
    send(ctx.res, status, JSON.stringify(body), {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    });
  }
}

/** Sandbox choice: the error bodies a faulted endpoint answers with, in that endpoint's own error format. */
function defaultBody(style: ResponseStyle, status: number): unknown {
  const message = `Sandbox fault: HTTP ${status}`;
  switch (style) {
    case 'oauth': {
      const error =
        status === 429 || status === 503
          ? 'temporarily_unavailable'
          : status >= 500
            ? 'server_error'
            : 'invalid_request';
      return { error, error_description: message };
    }
    case 'graphql':
      return {
        errors: [{ message, extensions: { code: codeForHttpStatus(status), httpStatus: status } }],
      };
    default:
      return message;
  }
}
