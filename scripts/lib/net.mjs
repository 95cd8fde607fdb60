import net from 'node:net';

/** True when nothing listens on host:port (we could bind it ourselves). */
export const portIsFree = (port, host = '127.0.0.1') =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value; `alive()` returning false (the
 * process we wait for has died) or the deadline ends the wait with an error.
 */
export const waitFor = async (
  what,
  probe,
  { timeoutMs = 120_000, intervalMs = 250, alive = () => true } = {}
) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`${what}: the process exited while we were waiting for it`);
    try {
      const result = await probe();
      if (result) return result;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(intervalMs);
  }
};

/** JSON over HTTP: { status, body, text }. */
export const requestJson = async (method, url, { token, body } = {}) => {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
};
