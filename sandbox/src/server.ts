import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BodyTooLargeError, sendJson, type RequestContext } from './http';
import { handleControlRequest } from './routes/control';
import { handleGraphRequest } from './routes/graph';
import { handleTokenRequest } from './routes/oauth';
import { handleShowRequest } from './routes/showcase';
import { handleThumbnailRequest } from './routes/thumbnails';
import type { SandboxState } from './state';

export interface ListeningServer {
  origin: string;
  close(): Promise<void>;
}

const CONTROL_PREFIX = '/__sandbox';
const THUMBNAIL_PATH = /^\/thumbnails\/([A-Za-z0-9]{1,64})\.svg$/;

/** Starts the HTTP server. `close()` also ends hanging and kept-alive connections, so nothing outlives it. */
export function listen(
  state: SandboxState,
  port: number,
  host: string,
  publicOrigin?: string
): Promise<ListeningServer> {
  const stopping = new AbortController();
  const sockets = new Set<Socket>();
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    void dispatch({ req, res, url, state, origin, signal: stopping.signal });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address !== null ? address.port : port;
      origin = publicOrigin?.replace(/\/+$/, '') ?? `http://${originHost(host)}:${actualPort}`;
      resolve({
        origin,
        close: () =>
          new Promise<void>((done) => {
            stopping.abort();
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

async function dispatch(ctx: RequestContext): Promise<void> {
  const path = ctx.url.pathname;
  try {
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      await handleControlRequest(ctx, path.slice(CONTROL_PREFIX.length));
      return;
    }
    ctx.res.once('close', ctx.state.counters.requestStarted());
    await routeMatterport(ctx, path);
  } catch (error) {
    answerUnexpected(ctx.res, error);
  }
}

async function routeMatterport(ctx: RequestContext, path: string): Promise<void> {
  if (path === '/api/oauth/token') return handleTokenRequest(ctx);
  if (path === '/api/models/graph') return handleGraphRequest(ctx);
  const isRead = ctx.req.method === 'GET' || ctx.req.method === 'HEAD';
  if (path === '/show' || path === '/show/') {
    return isRead
      ? handleShowRequest(ctx)
      : sendJson(ctx.res, 405, { error: 'use GET' }, { allow: 'GET' });
  }
  const thumbnail = THUMBNAIL_PATH.exec(path);
  if (thumbnail) {
    return isRead
      ? handleThumbnailRequest(ctx, thumbnail[1] as string)
      : sendJson(ctx.res, 405, { error: 'use GET' }, { allow: 'GET' });
  }
  sendJson(ctx.res, 404, { error: `nothing at ${path}` });
}

/** Never echoes the request: its body may hold a client secret. */
function answerUnexpected(res: ServerResponse<IncomingMessage>, error: unknown): void {
  if (error instanceof BodyTooLargeError) {
    sendJson(res, 413, { error: error.message });
    return;
  }
  console.error('[sandbox] unexpected error:', error instanceof Error ? error.stack : error);
  sendJson(res, 500, { error: 'internal sandbox error' });
}

/** A listening address is not always one a browser can open (0.0.0.0, ::). */
function originHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
