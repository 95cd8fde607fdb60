import { errors } from '@strapi/utils';

import {
  parseAuditQuery,
  parseLinksQuery,
  parseRevokeBody,
} from '../../server/src/controllers/validators';
import { createHealthTracker } from '../../server/src/ops/health';

const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

/** The field a refusal names: its first details.errors path, as Strapi's validators give it. */
const fieldOf = (fn: () => unknown): string | undefined => {
  const error = errorOf(fn);
  expect(error).toBeInstanceOf(errors.ValidationError);
  return (
    error as errors.ValidationError<string, { errors: Array<{ path: string[] }> }>
  ).details.errors[0]?.path.join('.');
};

describe('links query', () => {
  test('defaults: first page of 25, newest first, no filter', () => {
    expect(parseLinksQuery({})).toEqual({
      page: 1,
      pageSize: 25,
      sort: { field: 'createdAt', order: 'desc' },
      q: undefined,
      filter: {
        modelIds: undefined,
        status: undefined,
        purpose: undefined,
        from: undefined,
        to: undefined,
        active: undefined,
      },
    });
  });

  test('every parameter, parsed', () => {
    const parsed = parseLinksQuery({
      page: '3',
      pageSize: '100',
      sort: 'validUntil',
      modelId: ' SxQL3iGyoDo ',
      status: 'failed',
      purpose: 'preview',
      from: '2026-01-01',
      to: '2026-01-31T23:59:59Z',
      q: ' lobby ',
      active: 'false',
    });
    expect(parsed).toEqual({
      page: 3,
      pageSize: 100,
      sort: { field: 'validUntil', order: 'asc' },
      q: 'lobby',
      filter: {
        modelIds: ['SxQL3iGyoDo'],
        status: 'failed',
        purpose: 'preview',
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-01-31T23:59:59Z'),
        active: false,
      },
    });
  });

  test('status usable (active or failed revocation) is accepted by the list and by revoke-by-filter', () => {
    expect(parseLinksQuery({ status: 'usable' }).filter.status).toBe('usable');
    expect(parseRevokeBody({ filter: { status: 'usable' } }).filter.status).toBe('usable');
  });

  test.each([
    [{ pageSize: '101' }, 'pageSize'],
    [{ page: '0' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ sort: 'createdAt:sideways' }, 'sort'],
    [{ status: 'ACTIVE' }, 'status'],
    [{ from: '2026-13-45' }, 'from'],
    [{ from: '2026-02-01', to: '2026-01-01' }, 'from'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ modelId: ['SxQL3iGyoDo', 'SxQL3iGyoDo'] }, 'modelId'],
    [{ token: 'x' }, 'token'],
  ])('%j is refused, naming %s', (query, path) => {
    const error = errorOf(() => parseLinksQuery(query));
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect(error).toMatchObject({
      message: expect.stringContaining(path),
      details: { errors: [expect.objectContaining({ path: [path] })] },
    });
  });
});

describe('revoke body', () => {
  test('the list filters plus ids', () => {
    expect(parseRevokeBody({ filter: { ids: [1, 2], purpose: 'delivery' } }).filter).toEqual({
      ids: [1, 2],
      modelIds: undefined,
      status: undefined,
      purpose: 'delivery',
      from: undefined,
      to: undefined,
    });
  });

  test.each([
    [null, 'filter'],
    [[], 'filter'],
    [{}, 'filter'],
    [{ filter: { ids: [] } }, 'filter.ids'],
    [{ filter: { ids: Array.from({ length: 1001 }, (_, i) => i + 1) } }, 'filter.ids'],
    [{ filter: { modelId: 'x' } }, 'filter.modelId'],
    [{ filter: {}, dryRun: true }, 'dryRun'],
  ])('%j is refused, naming %s', (body, path) => {
    expect(fieldOf(() => parseRevokeBody(body))).toBe(path);
  });
});

describe('audit query', () => {
  test('filters and paging', () => {
    expect(parseAuditQuery({ action: 'link.revoke', actor: 'Ada', pageSize: '10' })).toEqual({
      page: 1,
      pageSize: 10,
      action: 'link.revoke',
      actor: 'Ada',
      from: undefined,
      to: undefined,
    });
    expect(fieldOf(() => parseAuditQuery({ at: 'now' }))).toBe('at');
  });
});

describe('health tracker', () => {
  test('latency percentiles over the samples; failures of the last hour only, by code', () => {
    let now = 1_000_000_000;
    const health = createHealthTracker(() => now);
    for (const ms of [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]) health.minted(ms);
    health.failed('MATTERPORT_TIMEOUT');
    now += 3600 * 1000 + 1;
    health.failed('MATTERPORT_NOT_FOUND');
    health.failed('MATTERPORT_NOT_FOUND');
    const snapshot = health.snapshot();
    expect(snapshot.mintLatencyMs).toEqual({ p50: 500, p95: 1000, samples: 10 });
    expect(snapshot.failuresLastHour).toEqual({ MATTERPORT_NOT_FOUND: 2 });
    expect(snapshot.lastMintAt).toBe(new Date(1_000_000_000).toISOString());
    expect(snapshot.lastTokenAt).toBeNull();
  });

  test('a refused token is the current state until a later token or mint; it stays in the failures', () => {
    let now = 1_000_000_000;
    const health = createHealthTracker(() => now);
    expect(health.snapshot().auth).toEqual({ failing: false, lastFailureAt: null });
    health.tokenObtained();
    now += 1000;
    health.failed('MATTERPORT_AUTH_FAILED', 'token');
    const refusedAt = new Date(now).toISOString();
    expect(health.snapshot().auth).toEqual({ failing: true, lastFailureAt: refusedAt });
    now += 1000;
    health.failed('MATTERPORT_NOT_FOUND', 'getModel');
    expect(health.snapshot().auth.failing).toBe(true);
    now += 1000;
    health.tokenObtained();
    expect(health.snapshot().auth).toEqual({ failing: false, lastFailureAt: refusedAt });
    expect(health.snapshot().failuresLastHour).toEqual({
      MATTERPORT_AUTH_FAILED: 1,
      MATTERPORT_NOT_FOUND: 1,
    });
    now += 1000;
    health.failed('MATTERPORT_AUTH_FAILED', 'token');
    expect(health.snapshot().auth.failing).toBe(true);
    health.minted(100);
    expect(health.snapshot().auth.failing).toBe(false);
  });

  test('a refused mint is answered by a mint, not by a token (Private Model Embed may be missing)', () => {
    const health = createHealthTracker();
    health.failed('MATTERPORT_AUTH_FAILED', 'createLink');
    health.tokenObtained();
    health.succeeded('listModels');
    expect(health.snapshot().auth.failing).toBe(true);
    health.succeeded('createLink');
    expect(health.snapshot().auth.failing).toBe(false);
  });

  test('a failure storm keeps the history bounded and the counts exact (issue 24)', () => {
    let now = 1_000_000_000;
    const health = createHealthTracker(() => now);
    // 100,000 failures over two hours, 14 a second on average, two codes.
    for (let i = 0; i < 100_000; i += 1) {
      health.failed(i % 2 ? 'MATTERPORT_TIMEOUT' : 'MATTERPORT_UNAVAILABLE');
      now += 72;
    }
    // The last hour is the last 50,000 failures (3,600,000 ms / 72 ms), give or take one second's.
    const { failuresLastHour } = health.snapshot();
    const total = failuresLastHour.MATTERPORT_TIMEOUT + failuresLastHour.MATTERPORT_UNAVAILABLE;
    expect(total).toBeGreaterThanOrEqual(50_000);
    expect(total).toBeLessThanOrEqual(50_000 + 14);
    expect(health.failureBuckets()).toBeLessThanOrEqual(3_601);
  });

  test('no mint yet: no percentiles', () => {
    expect(createHealthTracker().snapshot().mintLatencyMs).toEqual({
      p50: null,
      p95: null,
      samples: 0,
    });
  });
});
