/**
 * A stand-in for '@strapi/strapi/admin' in component tests. The real module pulls in
 * the whole admin app (store, router, every core page), which is slow and brittle in
 * jsdom; the plugin uses a handful of its exports, and these fakes keep their shapes.
 *
 * Use from a test file:
 *   jest.mock('@strapi/strapi/admin', () => require('../../test/strapiAdminMock'));
 */
import type { ReactNode } from 'react';

type Handler = (url: string, body?: unknown) => unknown;

const routes = new Map<string, Handler>();
export const calls: Array<{ method: string; url: string; body?: unknown }> = [];

/** Answers for the fake fetch client, keyed "METHOD /path" (the query string is not part of the key). */
export const setRoutes = (table: Record<string, Handler>): void => {
  routes.clear();
  for (const [key, handler] of Object.entries(table)) routes.set(key, handler);
};

/** An error shaped like the admin fetch client's FetchError. */
export const fetchError = (
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> = {}
) =>
  Object.assign(new Error(message), {
    name: 'FetchError',
    status,
    response: { data: { data: null, error: { status, name, message, details } } },
  });

export const matterportError = (status: number, code: string, message = `${code} happened`) =>
  fetchError(status, 'MatterportError', message, { code });

const dispatch = async (method: string, url: string, body?: unknown) => {
  calls.push({ method, url, body });
  const path = url.split('?')[0];
  const handler =
    routes.get(`${method} ${path}`) ??
    [...routes.entries()].find(([key]) => matchPattern(key, method, path))?.[1];
  if (!handler) throw fetchError(404, 'NotFoundError', `No fake route for ${method} ${url}`);
  // A microtask, like a real request: components must cope with the answer arriving later.
  await Promise.resolve();
  return { data: await handler(url, body) };
};

/** "GET /matterport/models/:id" matches "GET /matterport/models/SxQL3iGyoDo". */
const matchPattern = (key: string, method: string, path: string): boolean => {
  const [keyMethod, keyPath] = key.split(' ');
  if (keyMethod !== method || !keyPath.includes(':')) return false;
  const pattern = new RegExp(`^${keyPath.replace(/:[^/]+/g, '[^/]+')}$`);
  return pattern.test(path);
};

export const client = {
  get: jest.fn((url: string) => dispatch('GET', url)),
  post: jest.fn((url: string, body?: unknown) => dispatch('POST', url, body)),
  put: jest.fn((url: string, body?: unknown) => dispatch('PUT', url, body)),
  del: jest.fn((url: string) => dispatch('DELETE', url)),
};

export const useFetchClient = () => client;

// The real hook: it needs only react-router and qs, and the pages' URL state is what is tested.
export const { useQueryParams, deepEncodeQueryValues } =
  require('../../node_modules/@strapi/admin/dist/admin/admin/src/hooks/useQueryParams.js') as {
    useQueryParams: typeof import('@strapi/strapi/admin').useQueryParams;
    deepEncodeQueryValues: typeof import('@strapi/strapi/admin').deepEncodeQueryValues;
  };

export const toggleNotification = jest.fn();
export const useNotification = () => ({ toggleNotification });

/** Actions the fake user holds; all of the plugin's by default. */
export const granted = new Set<string>([
  'plugin::matterport.settings.read',
  'plugin::matterport.settings.update',
  'plugin::matterport.models.read',
  'plugin::matterport.links.read',
  'plugin::matterport.links.revoke',
]);

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const useRBAC = (permissions: Array<{ action: string }>) => {
  const allowedActions: Record<string, boolean> = {};
  for (const { action } of permissions) {
    const name = `can${capitalise(action.split('.').pop() ?? '')}`;
    allowedActions[name] = allowedActions[name] || granted.has(action);
  }
  return { allowedActions, isLoading: false, permissions };
};

export const resetStrapiAdminMock = (): void => {
  routes.clear();
  calls.length = 0;
  Object.values(client).forEach((fn) => fn.mockClear());
  toggleNotification.mockClear();
};

export const Page = {
  Main: ({ children }: { children: ReactNode }) => <main>{children}</main>,
  Title: () => null,
  Loading: () => <p>Loading…</p>,
  Error: ({ content }: { content?: string }) => <p role="alert">{content}</p>,
  Protect: ({ children }: { children: ReactNode }) => <>{children}</>,
};

export const Layouts = {
  Header: ({
    title,
    subtitle,
    primaryAction,
  }: {
    title: string;
    subtitle?: ReactNode;
    primaryAction?: ReactNode;
  }) => (
    <header>
      <h1>{title}</h1>
      {subtitle ? <p>{subtitle}</p> : null}
      {primaryAction}
    </header>
  ),
  Content: ({ children }: { children: ReactNode }) => <div>{children}</div>,
};
