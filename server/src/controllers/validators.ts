import { z } from 'zod';

import { DecryptionError } from '../crypto';
import { invalid, validate } from '../errors';

import {
  CONNECTION_ID_RULE,
  DEFAULT_CONNECTION_ID,
  isConnectionId,
} from '../../../common/connection-id';
import { modelEventsRegisterSchema } from '../../../common/contracts/connections';
import { LINK_STATUS_FILTERS, type LinkSortField } from '../../../common/contracts/links';
import { ModelIdError, parseModelId } from '../../../common/model-id';
import type { LinkQuery } from '../links';

/** A stored secret the encryption key cannot open is the admin's to enter again: a 400 naming it. */
export const secretNotReadable = (error: unknown): never => {
  if (error instanceof DecryptionError) throw invalid(error.message, 'clientSecret');
  throw error;
};

export const isObjectBody = (body: unknown): body is Record<string, unknown> =>
  !!body && typeof body === 'object' && !Array.isArray(body);

/**
 * Query and body validation of the operations routes. A request that fails is answered
 * 400 (a ValidationError naming the field, errors/validation.ts) before anything is read
 * or changed.
 */
/** Koa gives a repeated query parameter as an array: each of these is accepted once. */
const once = (name: string) =>
  z.unknown().transform((value, ctx) => {
    if (Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be given once.` });
      return z.NEVER;
    }
    return value;
  });

const wholeNumber = (name: string, min: number, max: number) =>
  once(name).pipe(
    z
      .string()
      .regex(/^\d{1,9}$/, `${name} must be a whole number from ${min} to ${max}.`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}.`)
  );

// ISO 8601 dates, with or without a time (a date alone is midnight UTC).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const date = (name: string) =>
  z
    .string()
    .max(40, `${name} is too long.`)
    .regex(ISO_DATE, `${name} must be an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z.`)
    .transform((value, ctx) => {
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime())) {
        ctx.addIssue({ code: 'custom', message: `${name} is not a real date.` });
        return z.NEVER;
      }
      return parsed;
    });

const modelId = z.string().transform((value, ctx) => {
  try {
    return parseModelId(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as ModelIdError).message });
    return z.NEVER;
  }
});

// Any well-formed id: a removed connection's links stay listed, and revocable, by its id.
const connectionId = (name: string) =>
  z.string().refine(isConnectionId, `${name} ${CONNECTION_ID_RULE}.`);
/** `?connection=`: a connection id (its existence and the admin's access are the controller's). */
const connectionParam = once('connection').pipe(connectionId('connection'));

const PURPOSES = ['delivery', 'preview'] as const;
const SORT_FIELDS = ['createdAt', 'validUntil', 'modelId'] as const;
export const MAX_PAGE_SIZE = 100;
const search = (name: string) =>
  z
    .string()
    .trim()
    .min(1, `${name} must not be empty.`)
    .max(200, `${name} is longer than 200 characters.`);

const enumOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { error: () => `${name} must be one of ${values.join(', ')}.` });

const filterFields = {
  modelId: once('modelId').pipe(modelId).optional(),
  connection: connectionParam.optional(),
  status: once('status').pipe(enumOf('status', LINK_STATUS_FILTERS)).optional(),
  purpose: once('purpose').pipe(enumOf('purpose', PURPOSES)).optional(),
  from: once('from').pipe(date('from')).optional(),
  to: once('to').pipe(date('to')).optional(),
  q: once('q').pipe(search('q')).optional(),
};

const sort = once('sort').pipe(
  z
    .string()
    .regex(
      /^(createdAt|validUntil|modelId)(:(asc|desc))?$/,
      `sort must be one of ${SORT_FIELDS.flatMap((f) => [`${f}:asc`, `${f}:desc`]).join(', ')}.`
    )
    .transform((value) => {
      const [field, order] = value.split(':') as [LinkSortField, 'asc' | 'desc' | undefined];
      return { field, order: order ?? 'asc' };
    })
);

const linksQuerySchema = z
  .object({
    page: wholeNumber('page', 1, 1_000_000).optional(),
    pageSize: wholeNumber('pageSize', 1, MAX_PAGE_SIZE).optional(),
    sort: sort.optional(),
    active: once('active')
      .pipe(z.enum(['true', 'false'], { error: () => 'active must be true or false.' }))
      .optional(),
    ...filterFields,
  })
  .strict();

const revokeBodySchema = z
  .object({
    filter: z
      .object({
        modelId: modelId.optional(),
        connection: connectionId('filter.connection').optional(),
        status: enumOf('filter.status', LINK_STATUS_FILTERS).optional(),
        purpose: enumOf('filter.purpose', PURPOSES).optional(),
        from: date('filter.from').optional(),
        to: date('filter.to').optional(),
        q: search('filter.q').optional(),
        ids: z
          .array(z.number().int().positive(), {
            error: () => 'filter.ids must be a list of link ids.',
          })
          .min(1)
          .max(1000)
          .optional(),
      })
      .strict(),
  })
  .strict();

const auditQuerySchema = z
  .object({
    page: wholeNumber('page', 1, 1_000_000).optional(),
    pageSize: wholeNumber('pageSize', 1, MAX_PAGE_SIZE).optional(),
    action: once('action')
      .pipe(z.string().trim().min(1).max(64, 'action is longer than 64 characters.'))
      .optional(),
    actor: once('actor').pipe(search('actor')).optional(),
    from: once('from').pipe(date('from')).optional(),
    to: once('to').pipe(date('to')).optional(),
  })
  .strict();

const checkRange = (from: Date | undefined, to: Date | undefined, path: string) => {
  if (from && to && from > to)
    throw invalid(`${path}from must not be after ${path}to.`, `${path}from`);
};

export interface LinksListInput {
  page: number;
  pageSize: number;
  sort: { field: LinkSortField; order: 'asc' | 'desc' };
  filter: LinkQuery;
  /** A model-name search, resolved to model ids by the controller. */
  q?: string;
}

export const parseLinksQuery = (query: unknown): LinksListInput => {
  const input = validate(linksQuerySchema, query ?? {}, {
    accepted: Object.keys(linksQuerySchema.shape),
  });
  checkRange(input.from, input.to, '');
  return {
    page: input.page ?? 1,
    pageSize: input.pageSize ?? 25,
    sort: input.sort ?? { field: 'createdAt', order: 'desc' },
    q: input.q,
    filter: {
      modelIds: input.modelId ? [input.modelId] : undefined,
      connection: input.connection,
      status: input.status,
      purpose: input.purpose,
      from: input.from,
      to: input.to,
      active: input.active === undefined ? undefined : input.active === 'true',
    },
  };
};

export interface RevokeFilterInput {
  filter: LinkQuery;
  q?: string;
}

export const parseRevokeBody = (body: unknown): RevokeFilterInput => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(
      'Send a JSON object such as { "filter": { "modelId": "SxQL3iGyoDo", "status": "active" } }.',
      'filter'
    );
  }
  if (!('filter' in body))
    throw invalid(
      'filter is required: say which links to revoke ({} for every active link).',
      'filter'
    );
  const { filter } = validate(revokeBodySchema, body, { accepted: ['filter'] });
  checkRange(filter.from, filter.to, 'filter.');
  return {
    q: filter.q,
    filter: {
      ids: filter.ids,
      modelIds: filter.modelId ? [filter.modelId] : undefined,
      connection: filter.connection,
      status: filter.status,
      purpose: filter.purpose,
      from: filter.from,
      to: filter.to,
    },
  };
};

export interface AuditQueryInput {
  page: number;
  pageSize: number;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

export const parseAuditQuery = (query: unknown): AuditQueryInput => {
  const input = validate(auditQuerySchema, query ?? {}, {
    accepted: Object.keys(auditQuerySchema.shape),
  });
  checkRange(input.from, input.to, '');
  return {
    page: input.page ?? 1,
    pageSize: input.pageSize ?? 25,
    action: input.action,
    actor: input.actor,
    from: input.from,
    to: input.to,
  };
};

/*
 * Path parameters and the picker's and settings' inputs: the same zod style and the same
 * validate(), so every controller answers a bad request in one shape.
 */

/** `:modelId` in a path: 11 letters and digits. */
export const parseModelIdParam = (value: unknown): string =>
  validate(modelId, value, { at: 'modelId' });

const linkId = z
  .string()
  .regex(/^\d{1,12}$/, 'The link id must be a whole number.')
  .transform(Number);

/** `:id` of a link in a path. */
export const parseLinkIdParam = (value: unknown): number =>
  validate(linkId, String(value ?? ''), { at: 'id' });

const modelsQuerySchema = z
  .object({
    connection: connectionParam.optional(),
    search: once('search')
      .pipe(z.string().max(200, 'search is longer than 200 characters.'))
      .optional(),
    // Matterport's own paging cursor, passed back as it came.
    offset: once('offset')
      .pipe(
        z
          .string()
          .max(512, 'offset must be the nextOffset of a previous answer.')
          .regex(/^[\w\-=+/.:]*$/, 'offset must be the nextOffset of a previous answer.')
      )
      .optional(),
    pageSize: wholeNumber('pageSize', 1, 100).optional(),
  })
  .strict();

export interface ModelsQueryInput {
  /** Default `default`. */
  connection: string;
  search?: string;
  offset?: string;
  pageSize: number;
}

/** GET /models: the picker's search, Matterport's paging cursor and a page size (default 24). */
export const parseModelsQuery = (query: unknown): ModelsQueryInput => {
  const input = validate(modelsQuerySchema, query ?? {}, {
    accepted: Object.keys(modelsQuerySchema.shape),
  });
  return {
    connection: input.connection ?? DEFAULT_CONNECTION_ID,
    search: input.search,
    offset: input.offset || undefined,
    pageSize: input.pageSize ?? 24,
  };
};

const connectionQuerySchema = z.object({ connection: connectionParam.optional() }).strict();

/** GET /models/:modelId, its thumbnail: `?connection=` (default `default`), nothing else. */
export const parseConnectionQuery = (query: unknown): string =>
  validate(connectionQuerySchema, query ?? {}, { accepted: ['connection'] }).connection ??
  DEFAULT_CONNECTION_ID;

const fieldQuerySchema = z
  .object({
    uid: once('uid')
      .pipe(z.string().min(1, 'uid must not be empty.').max(200, 'uid is too long.'))
      .optional(),
    field: once('field')
      .pipe(z.string().min(1, 'field must not be empty.').max(200, 'field is too long.'))
      .optional(),
  })
  .strict();

/**
 * GET /pickable-connections, GET /models/:modelId/connections: `?uid&field` name the field
 * the picker serves (both or neither).
 */
export const parseFieldQuery = (query: unknown): { uid: string; field: string } | undefined => {
  const input = validate(fieldQuerySchema, query ?? {}, { accepted: ['uid', 'field'] });
  if (input.uid === undefined && input.field === undefined) return undefined;
  if (input.uid === undefined) throw invalid('Give uid with field (or neither).', 'uid');
  if (input.field === undefined) throw invalid('Give field with uid (or neither).', 'field');
  return { uid: input.uid, field: input.field };
};

const connectionTestSchema = z
  .object({
    clientId: z
      .string({ error: () => 'clientId and clientSecret must be strings.' })
      .max(256, 'clientId is too long.')
      .optional(),
    clientSecret: z
      .string({ error: () => 'clientId and clientSecret must be strings.' })
      .max(1024, 'clientSecret is too long.')
      .optional(),
  })
  .strict();

/** POST /settings/test: nothing (the saved credentials), or a client ID and secret to try. */
export const parseConnectionTestBody = (
  body: unknown
): { clientId?: string; clientSecret?: string } => {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('Send a JSON object, or no body to test the saved credentials.');
  }
  return validate(connectionTestSchema, body, {
    describe: (issue) => issue.message,
    unknownKeys: (keys) =>
      `Unknown field(s): ${keys.join(', ')}. Send clientId and clientSecret, or nothing.`,
  });
};

const connectionDeleteSchema = z
  .object({
    force: z.enum(['true', 'false'], { error: () => 'force must be true or false.' }).optional(),
  })
  .strict();

/** DELETE /connections/:id: `?force=true` removes a connection published content uses. */
export const parseConnectionDeleteQuery = (query: unknown): { force: boolean } => {
  const input = validate(connectionDeleteSchema, query ?? {}, {
    describe: (issue) => issue.message,
    unknownKeys: (keys) => `Unknown parameter(s): ${keys.join(', ')}. Accepted: force.`,
  });
  return { force: input.force === 'true' };
};

export const MAX_USAGE_LIMIT = 500;
const USAGE_STATUSES = ['published', 'draft'] as const;
const usageQuerySchema = z
  .object({
    connection: connectionParam.optional(),
    status: once('status').pipe(enumOf('status', USAGE_STATUSES)).optional(),
    limit: wholeNumber('limit', 1, MAX_USAGE_LIMIT).optional(),
  })
  .strict();

/** GET /models/:modelId/usage: `?connection=` (default `default`), `?status=published|draft`, `?limit=`. */
export const parseUsageQuery = (
  query: unknown
): { connection: string; status?: (typeof USAGE_STATUSES)[number]; limit?: number } => {
  const input = validate(usageQuerySchema, query ?? {}, {
    accepted: Object.keys(usageQuerySchema.shape),
  });
  return {
    connection: input.connection ?? DEFAULT_CONNECTION_ID,
    status: input.status,
    limit: input.limit,
  };
};

/** POST /connections/:id/events: nothing, or `{ credType }` (basic, the default, or token). */
export const parseModelEventsRegisterBody = (body: unknown): { credType?: 'basic' | 'token' } => {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalid('Send a JSON object, or no body.');
  return validate(modelEventsRegisterSchema, body);
};
