import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { SandboxState } from './state';

/** What every route handler gets for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  state: SandboxState;
  /** The origin written into links and thumbnail URLs. */
  origin: string;
  /** Aborts when the sandbox stops, so waits (latency, hang) end with it. */
  signal: AbortSignal;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the 413 can still reach the client.
      if (size > MAX_BODY_BYTES)
        reject(new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The media type of a request, without parameters like `charset`. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {}
): void {
  send(res, status, JSON.stringify(body), {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
}

/** Writes a whole answer unless the socket is already gone (reset by a fault, or the sandbox stopped). */
export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
