import type { Core } from '@strapi/strapi';

import type { ModelStateView, UsageResponse } from '../../common/catalogue';
import { MatterportError } from '../../common/errors';
import privacyService from '../../server/src/privacy/service';

/*
 * Issue 28, privacy guard: the periodic check reads each space used by published content
 * (`usage.publishedModels()`) at Matterport and records its state and visibility; a space
 * Matterport does not know, with otherwise working credentials, is recorded `deleted`; the
 * breaker and the 429 hold are respected (no call for a held connection); bounded concurrency.
 * The health panel lists published spaces that are not private, and those that are gone.
 */

interface Summary {
  id: string;
  name: string;
  state: string | null;
  accessVisibility: string | null;
}

const view = (modelId: string, patch: Partial<ModelStateView> = {}): ModelStateView => ({
  modelId,
  connection: 'default',
  state: 'active',
  visibility: null,
  name: null,
  changedAt: null,
  checkedAt: null,
  ...patch,
});

const setup = (options: {
  published: Array<{ connection: string; modelId: string }>;
  models?: Record<string, Summary | MatterportError>;
  held?: Record<string, MatterportError>;
  known?: ModelStateView[];
  usage?: Record<string, UsageResponse>;
}) => {
  const recorded: Array<[string, string, Record<string, unknown>]> = [];
  const read: string[] = [];
  const known = new Map((options.known ?? []).map((v) => [`${v.connection}/${v.modelId}`, v]));
  let inFlight = 0;
  let maxInFlight = 0;
  const services: Record<string, unknown> = {
    usage: {
      publishedModels: async () => options.published,
      forModel: async (connection: string, modelId: string) =>
        options.usage?.[`${connection}/${modelId}`] ?? {
          modelId,
          connection,
          entries: [],
          totals: { published: 0, draft: 0 },
          complete: true,
        },
    },
    matterport: {
      knownFailure: (modelId: string) => options.held?.[modelId],
      forgetFailures: () => undefined,
      getModel: async (modelId: string) => {
        read.push(modelId);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        const answer = options.models?.[modelId];
        if (!answer || answer instanceof MatterportError)
          throw answer ?? new MatterportError('MATTERPORT_NOT_FOUND');
        return answer;
      },
    },
    catalogue: {
      peek: (connection: string, modelId: string) => known.get(`${connection}/${modelId}`),
      record: async (connection: string, modelId: string, patch: Record<string, unknown>) => {
        recorded.push([connection, modelId, patch]);
        const after = view(modelId, { connection, ...(patch as Partial<ModelStateView>) });
        known.set(`${connection}/${modelId}`, after);
        return { before: undefined, after, changed: true };
      },
    },
    runtime: { config: () => ({ publicSpaces: 'pme' }) },
  };
  const strapi = {
    plugin: () => ({ service: (name: string) => services[name] }),
    store: () => ({ get: async () => null, set: async () => undefined }),
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
  } as unknown as Core.Strapi;
  return { privacy: privacyService({ strapi }), recorded, read, maxInFlight: () => maxInFlight };
};

const summary = (id: string, state: string, accessVisibility: string): Summary => ({
  id,
  name: `Space ${id}`,
  state,
  accessVisibility,
});

describe('the periodic check', () => {
  test('records state and visibility; not found is deleted; a held connection is not called', async () => {
    const { privacy, recorded, read } = setup({
      published: [
        { connection: 'default', modelId: 'AAAAAAAAAAA' },
        { connection: 'default', modelId: 'BBBBBBBBBBB' },
        { connection: 'default', modelId: 'CCCCCCCCCCC' },
        { connection: 'default', modelId: 'DDDDDDDDDDD' },
      ],
      models: {
        AAAAAAAAAAA: summary('AAAAAAAAAAA', 'active', 'public'),
        DDDDDDDDDDD: summary('DDDDDDDDDDD', 'inactive', 'private'),
      },
      held: { CCCCCCCCCCC: new MatterportError('MATTERPORT_RATE_LIMITED') },
    });
    expect(await privacy.check()).toEqual({ checked: 3, failed: 1 });
    expect(read.sort()).toEqual(['AAAAAAAAAAA', 'BBBBBBBBBBB', 'DDDDDDDDDDD']);
    expect(recorded.sort((a, b) => (a[1] < b[1] ? -1 : 1))).toEqual([
      [
        'default',
        'AAAAAAAAAAA',
        { visibility: 'public', name: 'Space AAAAAAAAAAA', state: 'active' },
      ],
      ['default', 'BBBBBBBBBBB', { state: 'deleted' }],
      [
        'default',
        'DDDDDDDDDDD',
        { visibility: 'private', name: 'Space DDDDDDDDDDD', state: 'inactive' },
      ],
    ]);
  });

  test('a failure other than not found records nothing', async () => {
    const { privacy, recorded } = setup({
      published: [{ connection: 'default', modelId: 'AAAAAAAAAAA' }],
      models: { AAAAAAAAAAA: new MatterportError('MATTERPORT_UNAVAILABLE') },
    });
    expect(await privacy.check()).toEqual({ checked: 0, failed: 1 });
    expect(recorded).toEqual([]);
  });

  test('reads at most 4 spaces at once', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `M${String(i).padStart(10, '0')}`);
    const { privacy, read, maxInFlight } = setup({
      published: ids.map((modelId) => ({ connection: 'default', modelId })),
      models: Object.fromEntries(ids.map((id) => [id, summary(id, 'active', 'private')])),
    });
    await privacy.check();
    expect(read).toHaveLength(12);
    expect(maxInFlight()).toBe(4);
  });
});

describe('the health panel’s privacy lists', () => {
  test('published spaces not private, and gone ones, each with its published entries; private ones are not listed', async () => {
    const used = (modelId: string, published: number): UsageResponse => ({
      modelId,
      connection: 'default',
      entries: [
        {
          contentType: 'api::gallery.gallery',
          contentTypeName: 'Gallery',
          documentId: `doc-${modelId}`,
          locale: null,
          status: 'published',
          path: 'tour',
          modelId,
          connection: 'default',
          title: null,
          adminPath: `/content-manager/collection-types/api::gallery.gallery/doc-${modelId}`,
        },
      ],
      totals: { published, draft: 0 },
      complete: true,
    });
    const spaces = {
      open: view('AAAAAAAAAAA', { visibility: 'unlisted' }),
      locked: view('BBBBBBBBBBB', { visibility: 'password' }),
      closed: view('CCCCCCCCCCC', { visibility: 'private' }),
      gone: view('DDDDDDDDDDD', { state: 'transferred', visibility: 'private' }),
    };
    const { privacy } = setup({
      published: Object.values(spaces).map(({ connection, modelId }) => ({ connection, modelId })),
      known: Object.values(spaces),
      usage: Object.fromEntries(
        Object.values(spaces).map((s) => [`default/${s.modelId}`, used(s.modelId, 2)])
      ),
    });
    const health = await privacy.health();
    expect(health.exposed.map((v) => [v.space.modelId, v.published, v.entries.length])).toEqual([
      ['AAAAAAAAAAA', 2, 1],
      ['BBBBBBBBBBB', 2, 1],
    ]);
    expect(health.gone.map((v) => [v.space.modelId, v.space.state])).toEqual([
      ['DDDDDDDDDDD', 'transferred'],
    ]);
  });
});
