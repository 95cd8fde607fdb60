import { toApiProblem } from './errors';

/**
 * The admin reads an error answer as Strapi's own pages do: the body is Strapi's
 * `{ data: null, error: { status, name, message, details } }` inside the fetch client's
 * error (`response.data`); a Matterport failure is known by `details.code`; a
 * ValidationError names its fields in `details.errors[]` (`path` in segments).
 */
const fetchError = (status: number, error: Record<string, unknown>) => ({
  name: 'FetchError',
  status,
  response: { data: { data: null, error: { status, ...error } } },
});

test('a Matterport failure: its kind from details.code, the server message as it is', () => {
  const problem = toApiProblem(
    fetchError(502, {
      name: 'MatterportError',
      message: 'Matterport is unavailable or answered with an error. Try again later.',
      details: { code: 'MATTERPORT_UNAVAILABLE' },
    })
  );
  expect(problem).toEqual({
    kind: 'unavailable',
    status: 502,
    code: 'MATTERPORT_UNAVAILABLE',
    message: 'Matterport is unavailable or answered with an error. Try again later.',
    field: undefined,
    fieldErrors: {},
  });
});

test('a ValidationError: every field it names, path segments joined, first message per field', () => {
  const problem = toApiProblem(
    fetchError(400, {
      name: 'ValidationError',
      message: 'filter.from must not be after filter.to.',
      details: {
        errors: [
          { path: ['filter', 'from'], message: 'filter.from must not be after filter.to.' },
          { path: ['filter', 'ids', '0'], message: 'filter.ids.0: expected number' },
          { path: ['filter', 'from'], message: 'a second message for the same field' },
        ],
      },
    })
  );
  expect(problem.kind).toBe('invalid');
  expect(problem.field).toBe('filter.from');
  expect(problem.fieldErrors).toEqual({
    'filter.from': 'filter.from must not be after filter.to.',
    'filter.ids.0': 'filter.ids.0: expected number',
  });
});

test("Strapi's RateLimitError (the connection test's limit) is rate limited", () => {
  const problem = toApiProblem(
    fetchError(429, {
      name: 'RateLimitError',
      message: 'Test connection was run 10 times in the last minute; try again in 42 s.',
      details: { retryAfter: 42 },
    })
  );
  expect(problem.kind).toBe('rateLimited');
  expect(problem.fieldErrors).toEqual({});
});

test('no answer at all (offline): unavailable, with the fetch error message', () => {
  expect(toApiProblem(new TypeError('Failed to fetch'))).toMatchObject({
    kind: 'unavailable',
    message: 'Failed to fetch',
    fieldErrors: {},
  });
});
