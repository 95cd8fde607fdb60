import type { Core } from '@strapi/strapi';

import type { UsageResponse, UsageStatus, UsageView } from '../../../common/catalogue';
import { PLUGIN_ID } from '../../../common/plugin';
import { getService } from '../utils/get-service';
import { createBackfill } from './backfill';
import {
  holdsValues,
  indexedTypes,
  populateFor,
  selectFor,
  usagesIn,
  type UsageRow,
  type ZoneComponents,
} from './extract';
import { describeEntries } from './views';

export const USAGE_UID = `plugin::${PLUGIN_ID}.usage` as const;

/** Rows written per insert (SQLite's bound-parameter limit stays far away). */
const INSERT_CHUNK = 500;
/** `forModel` lists at most this many places unless asked for fewer. */
export const DEFAULT_USAGE_LIMIT = 100;

interface StoredUsage extends UsageRow {
  id: number;
}

/**
 * Where used (issue 28): an index of every Matterport value in every version of every
 * entry (`matterport_usages`), one row per value, kept on every Document Service write
 * (`./middleware.ts`) and backfilled at start (`./backfill.ts`) for content written before
 * the index existed. Writes replace a document's rows from what the database holds after
 * the write (drafts and published versions, every locale), so every action, and any order
 * of them, leaves the rows the content says.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const usages = () => strapi.db.query(USAGE_UID);
  const plans = () => getService('delivery', strapi).plans();
  const zoneComponents: ZoneComponents = (uid, key) => {
    const schema = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] ??
      strapi.components[uid as keyof typeof strapi.components]) as
      | { attributes?: Record<string, { components?: string[] }> }
      | undefined;
    return schema?.attributes?.[key]?.components ?? [];
  };

  /** Rebuilds the rows of some documents of a type from what the database holds now. */
  const reindex = async (uid: string, documentIds: readonly string[]): Promise<number> => {
    const all = plans();
    const plan = all.get(uid);
    if (!plan?.contentType || !holdsValues(all, uid) || !documentIds.length) return 0;
    const ids = [...new Set(documentIds)];
    const rows = (await strapi.db.query(uid as never).findMany({
      where: { documentId: { $in: ids } },
      select: selectFor(plan),
      populate: populateFor(all, uid, zoneComponents),
    })) as Record<string, unknown>[];
    const found = usagesIn(all, uid, rows);
    await strapi.db.transaction(async () => {
      await usages().deleteMany({ where: { contentType: uid, entryDocumentId: { $in: ids } } });
      for (let i = 0; i < found.length; i += INSERT_CHUNK)
        await usages().createMany({ data: found.slice(i, i + INSERT_CHUNK) });
    });
    return found.length;
  };

  // The watched types, computed once per set of plans (they are built once, at start).
  const watched = new WeakMap<object, Set<string>>();
  const backfill = createBackfill(strapi, { reindex, usages });

  const service = {
    reindex,

    /** Whether a type's writes touch the index (types without the field cost nothing). */
    watches(uid: string): boolean {
      const all = plans();
      let types = watched.get(all);
      if (!types) {
        types = new Set(indexedTypes(all));
        watched.set(all, types);
      }
      return types.has(uid);
    },

    /** Starts the backfill in the background (bootstrap); start-up does not wait for it. */
    startBackfill: backfill.start,
    /** Stops it between two batches (destroy); the cursor says where the next start resumes. */
    stopBackfill: backfill.stop,
    /** Runs the backfill to its end now (tests, benchmark). */
    runBackfill: backfill.run,
    isComplete: backfill.isComplete,

    /** Every place a space of a connection is used (published versions and drafts, or one of them). */
    async forModel(
      connection: string,
      modelId: string,
      options: { status?: UsageStatus; limit?: number } = {}
    ): Promise<UsageResponse> {
      const where = { connection, modelId };
      const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_USAGE_LIMIT, 1000));
      const [rows, published, draft, complete] = await Promise.all([
        usages().findMany({
          where: options.status ? { ...where, entryStatus: options.status } : where,
          orderBy: [
            { contentType: 'asc' },
            { entryDocumentId: 'asc' },
            { entryLocale: 'asc' },
            { entryStatus: 'desc' },
            { path: 'asc' },
          ],
          limit,
        }) as Promise<StoredUsage[]>,
        usages().count({ where: { ...where, entryStatus: 'published' } }),
        usages().count({ where: { ...where, entryStatus: 'draft' } }),
        backfill.isComplete(),
      ]);
      const entries: UsageView[] = await describeEntries(strapi, rows);
      return { modelId, connection, entries, totals: { published, draft }, complete };
    },

    /** The distinct spaces used by published content (periodic checks, privacy listing). */
    async publishedModels(): Promise<Array<{ connection: string; modelId: string }>> {
      const { tableName } = strapi.db.metadata.get(USAGE_UID);
      const rows = (await strapi.db
        .getConnection(tableName)
        .distinct('connection', 'model_id')
        .where('entry_status', 'published')
        .orderBy(['connection', 'model_id'])) as Array<{ connection: string; model_id: string }>;
      return rows.map((row) => ({ connection: row.connection, modelId: row.model_id }));
    },
  };
  return service;
};
