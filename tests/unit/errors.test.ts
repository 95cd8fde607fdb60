import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';

import { MatterportError, type MatterportErrorCode } from '../../common/errors';
import {
  answerErrors,
  deliveryError,
  invalid,
  PluginHttpError,
  validate,
} from '../../server/src/errors';
import { AuditWriteError } from '../../server/src/ops/audit';
import { strapiErrorMiddleware } from './fakes/strapi-errors';

/**
 * How errors reach a client, from the README ("Admin API": `{ data: null, error: { status,
 * name, message, details } }`, Matterport failures `name: "MatterportError"` with
 * `details.code`; "Troubleshooting by error code": the admin status of each code; a 429 from
 * Matterport says when to retry) and from Strapi's validators (`details.errors[]` of
 * `{ path, message, name }`, one path segment per string).
 */

interface Answered {
  status: number;
  body: {
    data: null;
    error: { status: number; name: string; message: string; details: Record<string, unknown> };
  };
  headers: Map<string, string>;
}

/** An admin route that throws `error`, run as Strapi runs it (its error middleware, the plugin's). */
const answer = async (error: unknown): Promise<Answered> => {
  const ctx = {
    status: 200,
    body: undefined as unknown,
    headers: new Map<string, string>(),
    set(name: string, value: string) {
      this.headers.set(name.toLowerCase(), value);
    },
  };
  await strapiErrorMiddleware(ctx, () =>
    answerErrors(ctx as unknown as Context, async () => {
      throw error;
    })
  );
  return ctx as unknown as Answered;
};

// The README's "Troubleshooting by error code" table, HTTP (admin) column.
const ADMIN_STATUS: Array<[MatterportErrorCode, number]> = [
  ['MATTERPORT_NOT_CONFIGURED', 400],
  ['MATTERPORT_AUTH_FAILED', 400],
  ['MATTERPORT_NOT_FOUND', 404],
  ['MATTERPORT_RATE_LIMITED', 429],
  ['MATTERPORT_UNAVAILABLE', 502],
  ['MATTERPORT_TIMEOUT', 504],
  ['MATTERPORT_BAD_REQUEST', 400],
  ['MATTERPORT_DRAFT', 403],
  ['MATTERPORT_UNTRUSTED_LINK', 502],
];

describe('a MatterportError on an admin route', () => {
  test.each(ADMIN_STATUS)(
    '%s answers %i, MatterportError, details.code, no Retry-After',
    async (code, status) => {
      const res = await answer(new MatterportError(code, 'What to do next.'));
      expect(res.status).toBe(status);
      expect(res.body).toEqual({
        data: null,
        error: { status, name: 'MatterportError', message: 'What to do next.', details: { code } },
      });
      expect(res.headers.has('retry-after')).toBe(false);
    }
  );

  test('Matterport asking to wait: Retry-After in seconds', async () => {
    const res = await answer(
      new MatterportError('MATTERPORT_RATE_LIMITED', undefined, { retryAfter: 7 })
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  test('nothing of the underlying error (a secret in a request it echoed) reaches the answer', async () => {
    const cause = new Error('client_secret=Sup3r-secret-value-WXYZ');
    const res = await answer(new MatterportError('MATTERPORT_UNAVAILABLE', undefined, { cause }));
    expect(JSON.stringify(res.body)).not.toContain('Sup3r');
  });
});

describe('other errors on an admin route', () => {
  test('an audit entry the database refused: 500 AuditWriteError with its own message', async () => {
    const res = await answer(new AuditWriteError('this link.revoke', new Error('trigger')));
    expect(res.status).toBe(500);
    expect(res.body.error.name).toBe('AuditWriteError');
    expect(res.body.error.message).toMatch(
      /^Nothing was done: the audit trail could not record this link\.revoke/
    );
  });

  test('a status Strapi has no class for keeps it, with name, message and details', async () => {
    const res = await answer(
      new PluginHttpError(409, 'ConflictError', 'Already revoked.', { link: { id: 1 } })
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      status: 409,
      name: 'ConflictError',
      message: 'Already revoked.',
      details: { link: { id: 1 } },
    });
  });

  test("@strapi/utils errors are left to Strapi's error middleware", async () => {
    const res = await answer(new errors.NotFoundError('There is no link with id 9.'));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'There is no link with id 9.',
    });
  });

  test('an unexpected error is a 500 that says nothing of it', async () => {
    const res = await answer(new Error('connection string postgres://user:pw@db'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('postgres');
  });
});

describe("a content read with onError 'throw'", () => {
  // README: a refused draft read answers 403; a link that cannot be had answers 502 (504 for a timeout).
  test.each([
    ['MATTERPORT_DRAFT', 403],
    ['MATTERPORT_NOT_FOUND', 502],
    ['MATTERPORT_NOT_CONFIGURED', 502],
    ['MATTERPORT_RATE_LIMITED', 502],
    ['MATTERPORT_UNAVAILABLE', 502],
    ['MATTERPORT_TIMEOUT', 504],
  ] as Array<[MatterportErrorCode, number]>)('%s answers %i', (code, status) => {
    expect(deliveryError(new MatterportError(code)).status).toBe(status);
  });

  test('a refused draft keeps its message and code through Strapi', async () => {
    const res = await answer(deliveryError(new MatterportError('MATTERPORT_DRAFT')));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'MatterportError',
      message: expect.stringMatching(/API token/),
      details: { code: 'MATTERPORT_DRAFT' },
    });
  });
});

describe('validate: bad input as Strapi reports it', () => {
  const schema = z
    .object({
      name: z.string().min(1, 'name must not be empty.'),
      filter: z
        .object({ ids: z.array(z.number()) })
        .strict()
        .optional(),
    })
    .strict();

  const refusal = (input: unknown, options?: Parameters<typeof validate>[2]) => {
    try {
      validate(schema, input, options);
    } catch (error) {
      return error as errors.ValidationError;
    }
    throw new Error('accepted');
  };

  test('valid input is returned parsed', () => {
    expect(validate(schema, { name: 'Lobby', filter: { ids: [1] } })).toEqual({
      name: 'Lobby',
      filter: { ids: [1] },
    });
  });

  test('a ValidationError (400) with one { path, message, name } per issue, path in segments', () => {
    const error = refusal({ name: '', filter: { ids: ['1'] } });
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect(error.name).toBe('ValidationError');
    expect(error.details).toEqual({
      errors: [
        { path: ['name'], message: 'name must not be empty.', name: 'ValidationError' },
        {
          path: ['filter', 'ids', '0'],
          message: expect.stringMatching(/^filter\.ids\.0: /),
          name: 'ValidationError',
        },
      ],
    });
    expect(error.message).toBe('name must not be empty.');
  });

  test('an unknown key is named by its own path, with the accepted ones', () => {
    const error = refusal(
      { name: 'x', filter: { ids: [], all: true } },
      { accepted: ['name', 'filter'] }
    );
    expect(error.message).toBe('Unknown parameter(s): filter.all. Use name, filter.');
    expect(error.details).toMatchObject({ errors: [{ path: ['filter', 'all'] }] });
  });

  test('a lone value is named where it sits in the request', () => {
    let error: unknown;
    try {
      validate(z.string().regex(/^\d+$/, 'The link id must be a whole number.'), 'x', { at: 'id' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      message: 'The link id must be a whole number.',
      details: { errors: [{ path: ['id'] }] },
    });
  });

  test('invalid(): a dotted field is split into segments; no field, no errors', () => {
    expect(invalid('filter.from must not be after filter.to.', 'filter.from').details).toEqual({
      errors: [
        {
          path: ['filter', 'from'],
          message: 'filter.from must not be after filter.to.',
          name: 'ValidationError',
        },
      ],
    });
    expect(invalid('Send a JSON object.').details).toEqual({});
  });
});
