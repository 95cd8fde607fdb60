import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';

import { FIELD_UID } from '../../../common/plugin';
import { FieldOptionsError, parseFieldOptions } from '../../../common/showcase';

const MAX_DEPTH = 12;

/** Every Matterport attribute in a Content-Type Builder payload, with where it sits. */
export const findFieldOptionProblems = (
  body: unknown
): Array<{ path: string; message: string }> => {
  const problems: Array<{ path: string; message: string }> = [];
  const walk = (node: unknown, path: string[], depth: number) => {
    if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, String(i)], depth + 1));
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.customField === FIELD_UID) {
      try {
        parseFieldOptions(record.options);
      } catch (error) {
        if (!(error instanceof FieldOptionsError)) throw error;
        problems.push({ path: path.join('.'), message: error.message });
      }
      return;
    }
    for (const [key, value] of Object.entries(record)) walk(value, [...path, key], depth + 1);
  };
  walk(body, [], 0);
  return problems;
};

/**
 * The Content-Type Builder's admin form validates the field's options in the browser;
 * this guards its API too, so a schema with unknown or bad options is answered 400
 * instead of being written (and then stopping Strapi at its next start).
 */
const guard = async (ctx: Context, next: Next) => {
  const problems = findFieldOptionProblems(ctx.request.body);
  if (problems.length) {
    throw new errors.ValidationError(
      `Matterport field options are invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join(' ')}`,
      {
        errors: problems.map((p) => ({
          path: p.path.split('.'),
          message: p.message,
          name: 'ValidationError',
        })),
      }
    );
  }
  await next();
};

const GUARDED = new Set([
  'POST /update-schema',
  'POST /content-types',
  'PUT /content-types/:uid',
  'POST /components',
  'PUT /components/:uid',
]);

interface RouteLike {
  method: string;
  path: string;
  config?: { middlewares?: unknown[] };
}

export const guardContentTypeBuilder = (strapi: Core.Strapi) => {
  const ctb = strapi.plugin('content-type-builder') as unknown as
    | { routes?: Record<string, { routes?: RouteLike[] } | RouteLike[]> }
    | undefined;
  for (const router of Object.values(ctb?.routes ?? {})) {
    const routes = Array.isArray(router) ? router : (router.routes ?? []);
    for (const route of routes) {
      if (!GUARDED.has(`${route.method} ${route.path}`)) continue;
      route.config ??= {};
      route.config.middlewares = [...(route.config.middlewares ?? []), guard];
    }
  }
};
