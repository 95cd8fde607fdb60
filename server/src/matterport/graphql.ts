import axios, { type AxiosInstance } from 'axios';

import {
  MatterportError,
  type MatterportErrorCode,
  type MatterportOperation,
} from '../../../common/errors';
import { loggedCall, transportError } from './http';
import type { AccessToken, Logger, ModelSummary } from './types';

/*
 * Matterport's Model API as the wire carries it: one GraphQL POST with the account token,
 * its error codes mapped to MatterportError, a stale token told apart, a model as answered.
 */

interface GraphQLError {
  message?: string;
  extensions?: { code?: string; httpStatus?: number };
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

export interface RawModel {
  id: string;
  name?: string | null;
  state?: string | null;
  accessVisibility?: string | null;
  created?: string | null;
  modified?: string | null;
  image?: { resizeUrl?: string | null } | null;
}

const CODE_BY_GRAPHQL_CODE: Record<string, MatterportErrorCode> = {
  'not.found': 'MATTERPORT_NOT_FOUND',
  'request.unauthorized': 'MATTERPORT_AUTH_FAILED',
  'request.unauthenticated': 'MATTERPORT_AUTH_FAILED',
  'request.invalid': 'MATTERPORT_BAD_REQUEST',
  'request.unsupported': 'MATTERPORT_BAD_REQUEST',
  'not.unique': 'MATTERPORT_BAD_REQUEST',
  'quota.exceeded': 'MATTERPORT_RATE_LIMITED',
  'error.internal': 'MATTERPORT_UNAVAILABLE',
};

/** Matterport told us the account token is no good: fetch a new one and try once more. */
export class StaleTokenError extends Error {}

/**
 * Matterport refused the operation itself (`request.unauthorized`) while accepting the account
 * token: told apart from a refused token, since a refused mint has its own breaker.
 */
export class RefusedOperationError extends MatterportError {
  constructor() {
    super('MATTERPORT_AUTH_FAILED');
  }
}

/**
 * Matterport refused the operation as unsupported (`request.unsupported`): an archived space,
 * or (undocumented) an account without Private Model Embed; the privacy guard tells them apart.
 */
export class UnsupportedOperationError extends MatterportError {
  constructor() {
    super('MATTERPORT_BAD_REQUEST');
  }
}

/** One GraphQL call with this token; an answer without the data asked for is an error. */
export const postGraph = async <T>(
  http: AxiosInstance,
  logger: Logger,
  operation: string,
  query: string,
  variables: Record<string, unknown>,
  token: AccessToken
): Promise<T> => {
  let body: GraphQLBody<T> | string;
  try {
    const response = await loggedCall<GraphQLBody<T> | string>(
      http,
      logger,
      { operation: `models/graph ${operation}` },
      {
        method: 'post',
        url: '/api/models/graph',
        data: { query, variables, operationName: operation },
        headers: {
          Authorization: `Bearer ${token.token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
      }
    );
    body = response.data;
  } catch (error) {
    if (axios.isAxiosError(error) && error.response) {
      const { status, data } = error.response;
      const oauthError =
        data && typeof data === 'object' ? (data as { error?: unknown }).error : undefined;
      if ((status === 400 || status === 401) && oauthError === 'invalid_grant')
        throw new StaleTokenError();
      // Throttling and server errors keep their HTTP meaning (and Retry-After) whatever the body says.
      if (status === 429 || status >= 500)
        throw transportError(error, operation as MatterportOperation);
      const graphBody = data && typeof data === 'object' ? (data as GraphQLBody<T>) : undefined;
      if (graphBody?.errors?.length) {
        if (graphBody.errors.some((e) => e.extensions?.code === 'request.unauthenticated'))
          throw new StaleTokenError();
        throw fromGraphQLErrors(graphBody.errors);
      }
      if (status === 401) throw new StaleTokenError();
      if (status >= 400 && status < 500 && status !== 429)
        throw new MatterportError('MATTERPORT_BAD_REQUEST');
    }
    throw transportError(error, operation as MatterportOperation);
  }
  if (typeof body !== 'object' || body === null) {
    throw new MatterportError(
      'MATTERPORT_UNAVAILABLE',
      'Matterport answered with a malformed body. Try again later.'
    );
  }
  if (body.errors?.length) {
    if (body.errors.some((e) => e.extensions?.code === 'request.unauthenticated'))
      throw new StaleTokenError();
    // Partial answers (data next to errors) are only trusted when the data we need is there.
    if (!body.data || Object.values(body.data as object).every((v) => v === null)) {
      throw fromGraphQLErrors(body.errors);
    }
  }
  if (!body.data) {
    throw new MatterportError(
      'MATTERPORT_UNAVAILABLE',
      'Matterport answered without data. Try again later.'
    );
  }
  return body.data;
};

const fromGraphQLErrors = (errors: GraphQLError[]): MatterportError => {
  const code =
    errors.map((e) => CODE_BY_GRAPHQL_CODE[e.extensions?.code ?? '']).find(Boolean) ??
    'MATTERPORT_UNAVAILABLE';
  if (code === 'MATTERPORT_AUTH_FAILED') return new RefusedOperationError();
  if (errors.some((e) => e.extensions?.code === 'request.unsupported'))
    return new UnsupportedOperationError();
  return new MatterportError(code);
};

export const toSummary = (model: RawModel): ModelSummary => ({
  id: model.id,
  name: model.name ?? model.id,
  state: model.state ?? null,
  accessVisibility: model.accessVisibility ?? null,
  created: model.created ?? null,
  modified: model.modified ?? null,
  imageUrl: model.image?.resizeUrl ?? null,
});
