import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { Counters } from '../counters';
import { HTTP_STATUS_BY_CODE, type MatterportErrorCode } from '../errors';
import { applyFaults } from '../fault-responses';
import {
  faultTargets,
  mintedModelIds,
  rootFields,
  stringList,
  type RootField,
} from '../graphql/classify';
import { attachResolvers } from '../graphql/resolvers';
import { buildModelApiSchema } from '../graphql/schema';
import type { GraphContext } from '../graphql/context';
import { readBody, sendJson, type RequestContext } from '../http';

const schema = attachResolvers(buildModelApiSchema());

/**
 * Parsed and validated documents by query text, as GraphQL servers keep them (Apollo's
 * document store): clients send the same few operations with different variables, and
 * parsing and validating each of a burst of mints again would make the stand-in, not the
 * client, the slow part of a fan-out measurement. Bounded; oldest entries go first.
 */
const DOCUMENTS_KEPT = 200;
const documents = new Map<string, { document: DocumentNode } | { error: GraphQLError }>();
const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();

const parseCached = (query: string): { document: DocumentNode } | { error: GraphQLError } => {
  let entry = documents.get(query);
  if (!entry) {
    try {
      entry = { document: parse(query) };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      entry = { error };
    }
    if (documents.size >= DOCUMENTS_KEPT) documents.delete(documents.keys().next().value as string);
    documents.set(query, entry);
  }
  return entry;
};

const validateCached = (document: DocumentNode): readonly GraphQLError[] => {
  let errors = validated.get(document);
  if (!errors) validated.set(document, (errors = validate(schema, document)));
  return errors;
};

type GraphRequest =
  | {
      ok: true;
      document: DocumentNode;
      variables: Record<string, unknown>;
      operationName: string | null;
    }
  | { ok: false; error: GraphQLFormattedError };

/**
 * `POST /api/models/graph`. Order matters: count, then faults, then the
 * account token (an OAuth error, not GraphQL-shaped), then GraphQL parsing,
 * validation and execution.
 */
export async function handleGraphRequest(ctx: RequestContext): Promise<void> {
  const { state, req, res } = ctx;
  state.counters.bump('graphRequests');
  const body = req.method === 'POST' ? await readBody(req) : '';
  const read = readGraphRequest(body);
  const fields = read.ok ? rootFields(read.document, read.operationName, read.variables) : [];
  countRequest(state.counters, fields);
  const minting = mintedModelIds(fields);
  if (minting.length > 0) res.once('close', state.counters.mintStarted(minting));

  if (await applyFaults(ctx, ['graph', ...faultTargets(fields)], 'graphql')) return;

  if (req.method !== 'POST') {
    sendJson(
      res,
      405,
      { errors: [errorEntry('request.unsupported', 'The Model API takes POST requests')] },
      { allow: 'POST' }
    );
    return;
  }
  const token = bearerToken(req.headers.authorization);
  if (token === null) {
    sendJson(res, 401, {
      errors: [
        errorEntry(
          'request.unauthenticated',
          'An Authorization: Bearer <access token> header is required'
        ),
      ],
    });
    return;
  }
  state.counters.recordAccessToken(token);
  if (state.accessTokens.check(token) !== 'valid') {
    sendJson(res, 400, { error: 'invalid_grant' });
    return;
  }
  if (!read.ok) {
    sendJson(res, 400, { errors: [read.error] });
    return;
  }
  const { document, variables, operationName } = read;
  const validationErrors = validateCached(document);
  if (validationErrors.length > 0) {
    sendJson(res, 400, { errors: validationErrors.map((e) => formatError(e, 'request.invalid')) });
    return;
  }
  const contextValue: GraphContext = {
    state,
    origin: ctx.origin,
    signal: ctx.signal,
    // The token was just checked as valid, so it has a client.
    accountClientId: state.accessTokens.clientOf(token) ?? '',
  };
  const result: ExecutionResult = await execute({
    schema,
    document,
    contextValue,
    variableValues: variables,
    operationName,
  });
  // Without `data` the request itself was at fault (unknown operation, bad variables).
  const requestFailed = result.data === undefined || result.data === null;
  const errors = result.errors?.map((e) =>
    formatError(e, requestFailed ? 'request.invalid' : 'error.internal')
  );
  if (requestFailed) sendJson(res, 400, { errors });
  else sendJson(res, 200, errors ? { data: result.data, errors } : { data: result.data });
}

function countRequest(counters: Counters, fields: readonly RootField[]): void {
  for (const field of fields) {
    switch (field.name) {
      case 'models':
        counters.bump('modelListQueries');
        break;
      case 'model':
        counters.bump('modelQueries');
        break;
      case 'createPrivateModelEmbedLink':
        counters.bump('mints');
        for (const id of stringList([field.args.modelId])) counters.countMint(id);
        break;
      case 'createPrivateModelEmbedToken':
        counters.bump('tokenMints');
        for (const id of stringList(field.args.modelIds)) counters.countMint(id);
        break;
      case 'deletePrivateModelEmbedToken':
        counters.bump('revocations');
        break;
    }
  }
}

/** The JSON body as GraphQL-over-HTTP has it, parsed down to a GraphQL document, or the error to answer with. */
function readGraphRequest(body: string): GraphRequest {
  const invalid = (message: string): GraphRequest => ({
    ok: false,
    error: errorEntry('request.invalid', message),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return invalid(
      'The body must be JSON: {"query": "...", "variables": {...}, "operationName": "..."}'
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return invalid('The body must be a JSON object');
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '')
    return invalid('The body needs a "query" string');
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return invalid('"variables" must be an object');
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return invalid('"operationName" must be a string');
  }
  const parsedQuery = parseCached(query);
  if ('error' in parsedQuery)
    return { ok: false, error: formatError(parsedQuery.error, 'request.invalid') };
  return {
    ok: true,
    document: parsedQuery.document,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: operationName ?? null,
  };
}

/** The token of an `Authorization: Bearer <token>` header; `null` when there is none. */
function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? (match[1] as string) : null;
}

function errorEntry(code: MatterportErrorCode, message: string): GraphQLFormattedError {
  return { message, extensions: { code, httpStatus: HTTP_STATUS_BY_CODE[code] } };
}

/** Every error carries Matterport's `extensions: { code, httpStatus }`; `fallback` covers errors that came without. */
function formatError(error: GraphQLError, fallback: MatterportErrorCode): GraphQLFormattedError {
  const formatted = error.toJSON();
  const code = isCode(error.extensions.code) ? error.extensions.code : fallback;
  return {
    ...formatted,
    extensions: { ...formatted.extensions, code, httpStatus: HTTP_STATUS_BY_CODE[code] },
  };
}

function isCode(value: unknown): value is MatterportErrorCode {
  return (
    typeof value === 'string' && Object.prototype.hasOwnProperty.call(HTTP_STATUS_BY_CODE, value)
  );
}
