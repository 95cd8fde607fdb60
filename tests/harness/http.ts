import fs from 'node:fs';

import { RESPONSES_FILE } from './paths';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * Plain HTTP for tests. Every response is also appended to a file, so the leak scan
 * can search every body and header a test run received.
 */
export const request = async <T = unknown>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}
): Promise<HttpResult<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  try {
    fs.appendFileSync(
      RESPONSES_FILE,
      `${JSON.stringify({ method, url, status: res.status, headers: Object.fromEntries(res.headers), text })}\n`
    );
  } catch {
    // the record is best effort; the leak scan reports if it is missing
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
};

/** A small client bound to one Strapi and one token. */
export const client = (baseUrl: string, token?: string) => ({
  get: <T = unknown>(path: string, headers?: Record<string, string>) =>
    request<T>('GET', `${baseUrl}${path}`, { token, headers }),
  post: <T = unknown>(path: string, body?: unknown) =>
    request<T>('POST', `${baseUrl}${path}`, { token, body: body ?? {} }),
  put: <T = unknown>(path: string, body?: unknown) =>
    request<T>('PUT', `${baseUrl}${path}`, { token, body: body ?? {} }),
  del: <T = unknown>(path: string) => request<T>('DELETE', `${baseUrl}${path}`, { token }),
  withToken: (next?: string) => client(baseUrl, next),
});

export type Client = ReturnType<typeof client>;
