import { createRequire } from 'node:module';

import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { MatterportError } from '../../../common/errors';

/** True when this content-API request is the GraphQL endpoint's. */
export const isGraphQLRequest = (strapi: Core.Strapi, ctx: Context): boolean => {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return false;
  return ctx.path === ((graphql.config('endpoint', '/graphql') as unknown) ?? '/graphql');
};

type GraphQLErrorClass = new (
  message: string,
  options: { extensions: Record<string, unknown> }
) => Error;
let graphQLErrorClass: GraphQLErrorClass | null | undefined;

/**
 * The GraphQLError class of the `graphql` package the GraphQL plugin itself loads: Strapi's
 * error formatter keeps a GraphQLError's own `extensions.code` but turns any other error into
 * INTERNAL_SERVER_ERROR, and it tells them apart with instanceof.
 */
const loadGraphQLError = (): GraphQLErrorClass | null => {
  if (graphQLErrorClass !== undefined) return graphQLErrorClass;
  try {
    const fromPlugin = createRequire(require.resolve('@strapi/plugin-graphql/package.json'));
    graphQLErrorClass = (fromPlugin('graphql') as { GraphQLError: GraphQLErrorClass }).GraphQLError;
  } catch {
    graphQLErrorClass = null;
  }
  return graphQLErrorClass;
};

/**
 * The error `onError: 'throw'` raises on a GraphQL request: its code stays in
 * `errors[].extensions.code`, and the HTTP status is the one REST answers with
 * (Apollo reads `extensions.http` and removes it from the response).
 */
export const graphQLDeliveryError = (error: MatterportError, status: number): Error => {
  const extensions = { code: error.code, http: { status } };
  const GraphQLError = loadGraphQLError();
  if (GraphQLError) return new GraphQLError(error.message, { extensions });
  // Without the class the status still holds; the code is then also in the message.
  return Object.assign(new Error(`${error.code}: ${error.message}`), { extensions });
};
