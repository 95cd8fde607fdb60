import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../common/plugin';
import { getService } from '../utils/get-service';
import { indexedTypes, signatureOf } from './extract';

/** The plugin store key of the backfill's cursor. */
export const BACKFILL_STORE_KEY = 'usage-backfill';
/** Rows of a type read per batch. */
export const BACKFILL_BATCH = 500;

/** Where the backfill of one type is: the last row id read, and whether it reached the end. */
interface TypeCursor {
  /** What the index reads of the type when this cursor was started (`signatureOf`). */
  signature: string;
  after: number;
  done: boolean;
}

export interface BackfillCursor {
  types: Record<string, TypeCursor>;
}

type Query = ReturnType<Core.Strapi['db']['query']>;

/**
 * The backfill of content written before the index existed (issue 28): after bootstrap, in
 * the background, each indexed type's rows are read by id in batches of BACKFILL_BATCH and
 * their documents' usage rows rebuilt; the cursor (plugin store `usage-backfill`) is saved
 * after each batch, so a restart resumes where the last one stopped. A type whose indexed
 * fields changed (a new field, a component given one) starts again; rows of types that no
 * longer hold values are removed. Rebuilding a document is idempotent, so the writes that
 * happen meanwhile (and another replica's backfill) leave the same rows.
 */
export const createBackfill = (
  strapi: Core.Strapi,
  deps: {
    reindex: (uid: string, documentIds: readonly string[]) => Promise<number>;
    usages: () => Query;
  }
) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: BACKFILL_STORE_KEY });
  let running: Promise<void> | undefined;
  let stopping = false;
  let completeKnown = false;

  const plans = () => getService('delivery', strapi).plans();

  const readCursor = async (): Promise<BackfillCursor> => {
    const value = (await store().get({})) as BackfillCursor | null | undefined;
    return value && typeof value === 'object' && value.types ? value : { types: {} };
  };

  const finished = (cursor: BackfillCursor): boolean => {
    const all = plans();
    return indexedTypes(all).every((uid) => {
      const at = cursor.types[uid];
      return !!at && at.done && at.signature === signatureOf(all, uid);
    });
  };

  const run = async (): Promise<void> => {
    const all = plans();
    const types = indexedTypes(all);
    // Rows of types that hold no value any more (a field removed, a type deleted).
    await deps.usages().deleteMany({ where: { contentType: { $notIn: types } } });
    const cursor = await readCursor();
    for (const uid of types) {
      const signature = signatureOf(all, uid);
      let at = cursor.types[uid];
      if (!at || at.signature !== signature) at = { signature, after: 0, done: false };
      cursor.types[uid] = at;
      while (!at.done) {
        if (stopping) return;
        const rows = (await strapi.db.query(uid as never).findMany({
          where: { id: { $gt: at.after } },
          select: ['id', 'documentId'],
          orderBy: { id: 'asc' },
          limit: BACKFILL_BATCH,
        })) as Array<{ id: number; documentId: string }>;
        if (rows.length) {
          await deps.reindex(
            uid,
            rows.map((r) => r.documentId)
          );
          at.after = rows[rows.length - 1].id;
        }
        if (rows.length < BACKFILL_BATCH) at.done = true;
        await store().set({ value: cursor });
        // Leaves the event loop to requests between two batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    completeKnown = finished(cursor);
  };

  const backfill = {
    /** Runs the backfill to its end (or until stopped); one run at a time per process. */
    run(): Promise<void> {
      stopping = false;
      running ??= run().finally(() => {
        running = undefined;
      });
      return running;
    },

    /** In the background, after the current tick: start-up never waits for it. */
    start(): void {
      setImmediate(() => {
        backfill
          .run()
          .catch((error: Error) =>
            strapi.log.warn(
              `[matterport] the where-used backfill stopped: ${error.message}; it resumes at the next start`
            )
          );
      });
    },

    async stop(): Promise<void> {
      stopping = true;
      await running?.catch(() => undefined);
    },

    /** Whether every indexed type has been read to its end (the cursor says so). */
    async isComplete(): Promise<boolean> {
      if (completeKnown) return true;
      completeKnown = finished(await readCursor());
      return completeKnown;
    },
  };
  return backfill;
};
