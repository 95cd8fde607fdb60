/**
 * Plain JSON HTTP for the benchmark's own calls (seeding, checks, settings).
 * Unlike tests/harness/http.ts it does not append every response to the test run's
 * response log: the benchmark reads tens of thousands of links and must not fill a
 * file that a concurrent test run's leak scan reads.
 */
export interface JsonResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  ms: number;
}

export const call = async <T = unknown>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {}
): Promise<JsonResult<T>> => {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body });
  } catch (error) {
    // fetch says only "fetch failed": the cause (ECONNRESET, ECONNREFUSED, a timeout) is what tells.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `${method} ${url}: ${(error as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`,
      { cause: error }
    );
  }
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text, ms };
};

/** Throws unless the status is one of `ok`. */
export const expectStatus = <T>(
  res: JsonResult<T>,
  what: string,
  ok: number[] = [200]
): JsonResult<T> => {
  if (!ok.includes(res.status))
    throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
};
