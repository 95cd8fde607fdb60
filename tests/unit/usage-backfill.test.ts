import type { Core } from '@strapi/strapi';

import { buildPlans } from '../../server/src/delivery/plan';
import { BACKFILL_BATCH, createBackfill } from '../../server/src/usage/backfill';

/*
 * The backfill of content older than the index (issue 28): bounded batches, a cursor in the
 * plugin store saved after each, so a restart resumes where the last run stopped; a type
 * whose Matterport fields changed is read again; `complete` only once every type is read.
 */

const field = { type: 'json', customField: 'plugin::matterport.model' };
const schemasWith = (officeFields: Record<string, unknown>) =>
  buildPlans({
    'api::office.office': {
      uid: 'api::office.office',
      modelType: 'contentType',
      attributes: { name: { type: 'string' }, tour: field, ...officeFields },
    },
    'api::article.article': {
      uid: 'api::article.article',
      modelType: 'contentType',
      attributes: { title: { type: 'string' } },
    },
  } as unknown as Parameters<typeof buildPlans>[0]);

const OFFICE = 'api::office.office';
// 1,200 rows: two versions of 600 documents, read in batches of 500.
const ROWS = Array.from({ length: 1200 }, (_, i) => ({ id: i + 1, documentId: `d${i >> 1}` }));

const fakeStrapi = (state: { stored: unknown; plans: ReturnType<typeof schemasWith> }) => {
  const reads: number[] = [];
  const deleted: unknown[] = [];
  const strapi = {
    store: () => ({
      get: async () => state.stored,
      set: async ({ value }: { value: unknown }) => {
        state.stored = JSON.parse(JSON.stringify(value));
      },
    }),
    plugin: () => ({ service: () => ({ plans: () => state.plans }) }),
    db: {
      query: () => ({
        findMany: async ({ where, limit }: { where: { id: { $gt: number } }; limit: number }) => {
          reads.push(where.id.$gt);
          return ROWS.filter((r) => r.id > where.id.$gt).slice(0, limit);
        },
      }),
    },
    log: { warn: jest.fn() },
  } as unknown as Core.Strapi;
  const usages = () => ({ deleteMany: async (q: unknown) => void deleted.push(q) });
  return { strapi, reads, deleted, usages: usages as never };
};

test('reads every row in batches, rebuilds each batch’s documents, then says complete', async () => {
  const state = { stored: null as unknown, plans: schemasWith({}) };
  const { strapi, reads, deleted, usages } = fakeStrapi(state);
  const reindexed: string[][] = [];
  const backfill = createBackfill(strapi, {
    reindex: async (uid, ids) => {
      expect(uid).toBe(OFFICE);
      reindexed.push([...ids]);
      return 0;
    },
    usages,
  });
  expect(await backfill.isComplete()).toBe(false);
  await backfill.run();
  expect(BACKFILL_BATCH).toBe(500);
  expect(reads).toEqual([0, 500, 1000]);
  expect(reindexed.map((ids) => ids.length)).toEqual([500, 500, 200]);
  expect(new Set(reindexed.flat())).toEqual(new Set(ROWS.map((r) => r.documentId)));
  // Rows of types that no longer hold values go.
  expect(deleted).toEqual([{ where: { contentType: { $notIn: [OFFICE] } } }]);
  expect(await backfill.isComplete()).toBe(true);
});

test('stopped by a failure, the next start resumes after the last saved batch', async () => {
  const state = { stored: null as unknown, plans: schemasWith({}) };
  const first = fakeStrapi(state);
  let batches = 0;
  await expect(
    createBackfill(first.strapi, {
      reindex: async () => {
        if (++batches === 2) throw new Error('database went away');
        return 0;
      },
      usages: first.usages,
    }).run()
  ).rejects.toThrow('database went away');
  expect(first.reads).toEqual([0, 500]);

  const second = fakeStrapi(state);
  const reindexed: string[] = [];
  const again = createBackfill(second.strapi, {
    reindex: async (_uid, ids) => {
      reindexed.push(...ids);
      return 0;
    },
    usages: second.usages,
  });
  expect(await again.isComplete()).toBe(false);
  await again.run();
  expect(second.reads).toEqual([500, 1000]);
  expect(reindexed[0]).toBe('d250');
  expect(await again.isComplete()).toBe(true);
});

test('a type given another Matterport field is read again from its start', async () => {
  const state = { stored: null as unknown, plans: schemasWith({}) };
  const before = fakeStrapi(state);
  const none = { reindex: async () => 0 };
  await createBackfill(before.strapi, { ...none, usages: before.usages }).run();

  state.plans = schemasWith({ harbourTour: field });
  const after = fakeStrapi(state);
  const backfill = createBackfill(after.strapi, { ...none, usages: after.usages });
  expect(await backfill.isComplete()).toBe(false);
  await backfill.run();
  expect(after.reads).toEqual([0, 500, 1000]);
  expect(await backfill.isComplete()).toBe(true);
});
