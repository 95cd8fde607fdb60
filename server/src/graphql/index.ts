import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { getService } from '../utils/get-service';

interface NamingService {
  getTypeName(contentType: unknown): string;
  getComponentName(component: unknown): string;
}

type Resolver = (parent: Record<string, unknown>, args: unknown, context: { koaContext?: Context }) => unknown;

/**
 * GraphQL loads components, dynamic zones and relations with db.query().load(),
 * outside the Document Service, so the middleware never sees those values. A field
 * resolver on every type that holds a Matterport field closes that gap; values the
 * middleware already delivered pass through untouched.
 */
export const registerGraphQL = (strapi: Core.Strapi) => {
  const extension = strapi.plugin('graphql').service('extension') as {
    use(factory: (args: { strapi: Core.Strapi }) => { resolvers: Record<string, Record<string, Resolver>> }): void;
  };
  extension.use(({ strapi: s }) => {
    const naming = (s.plugin('graphql').service('utils') as { naming: NamingService }).naming;
    const delivery = getService('delivery', s);
    const resolvers: Record<string, Record<string, Resolver>> = {};
    for (const [uid, plan] of delivery.plans()) {
      if (!plan.fields.length) continue;
      const contentType = s.contentTypes[uid as keyof typeof s.contentTypes];
      const component = s.components[uid as keyof typeof s.components];
      const typeName = contentType ? naming.getTypeName(contentType) : component ? naming.getComponentName(component) : undefined;
      if (!typeName) continue;
      resolvers[typeName] ??= {};
      for (const field of plan.fields) {
        resolvers[typeName][field.key] = (parent, _args, context) => {
          const value = parent?.[field.key];
          // Already delivered by the Document Service middleware (top-level fields), or empty:
          // answered synchronously, so the common case costs no promise.
          if (!value || typeof value !== 'object' || 'link' in value) return value;
          return delivery.deliverValue(value, field, context?.koaContext ?? s.requestContext.get());
        };
      }
    }
    return { resolvers };
  });
};
