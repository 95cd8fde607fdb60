import type { Core } from '@strapi/strapi';

import {
  isAccessVisibility,
  isGoneState,
  MODEL_STATES,
  type AccessVisibility,
  type ModelState,
  type ModelStateView,
} from '../../../common/catalogue';
import { getService } from '../utils/get-service';

const UID = 'plugin::matterport.model-state';

/** What may change about a space: its state, visibility and name (others keep theirs). */
export interface ModelStatePatch {
  state?: ModelState;
  visibility?: AccessVisibility | null;
  name?: string | null;
}

export interface RecordOutcome {
  /** The state before (undefined: the space was not known). */
  before: ModelStateView | undefined;
  after: ModelStateView;
  /** Whether state or visibility changed (a name or a check alone does not count). */
  changed: boolean;
}

export type CatalogueListener = (outcome: RecordOutcome) => void;

interface Row {
  id: number;
  modelId: string;
  connection: string;
  state: string;
  visibility: string | null;
  name: string | null;
  changedAt: string | Date | null;
  checkedAt: string | Date | null;
}

const iso = (value: string | Date | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null;

const toView = (row: Row): ModelStateView => ({
  modelId: row.modelId,
  connection: row.connection,
  state: (MODEL_STATES as readonly string[]).includes(row.state)
    ? (row.state as ModelState)
    : 'active',
  visibility: isAccessVisibility(row.visibility) ? row.visibility : null,
  name: row.name ?? null,
  changedAt: iso(row.changedAt),
  checkedAt: iso(row.checkedAt),
});

const keyOf = (connection: string, modelId: string) => `${connection}\u0000${modelId}`;

/**
 * The catalogue: what the plugin knows of each Matterport space per connection (state,
 * visibility, name), one row per space in `matterport_models` (issue 28). Model events,
 * the picker and the periodic check write it; delivery reads it on the hot path through
 * `peek`, a synchronous look-up in a snapshot of the table that is reloaded in the
 * background once older than settingsTtl (so replicas agree within that time, and a reader
 * never waits for the reload). The replica that records a change sees it at once.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let snapshot: { byKey: Map<string, ModelStateView>; loadedAt: number } | undefined;
  let loading: Promise<void> | undefined;
  const listeners = new Set<CatalogueListener>();
  const query = () => strapi.db.query(UID);
  const ttlMs = () => getService('runtime', strapi).config().settingsTtlMs;

  const load = (): Promise<void> => {
    loading ??= (async () => {
      const rows = (await query().findMany({})) as Row[];
      const byKey = new Map<string, ModelStateView>();
      for (const row of rows) byKey.set(keyOf(row.connection, row.modelId), toView(row));
      snapshot = { byKey, loadedAt: Date.now() };
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };

  const stale = () => !snapshot || Date.now() - snapshot.loadedAt >= ttlMs();

  const service = {
    /** Loads the snapshot (bootstrap), so the first readers see what the database knows. */
    async init(): Promise<void> {
      await load();
    },

    /**
     * The hot path's look-up: what is known of a space, from the snapshot (undefined: never
     * seen). A stale snapshot is reloaded in the background; this answer does not wait for it.
     */
    peek(connection: string, modelId: string): ModelStateView | undefined {
      if (stale() && !loading) void load().catch(() => undefined);
      return snapshot?.byKey.get(keyOf(connection, modelId));
    },

    /** Whether the space is known to be gone (deleted, inactive, transferred): the hot-path check. */
    isGone(connection: string, modelId: string): boolean {
      const known = service.peek(connection, modelId);
      return known !== undefined && isGoneState(known.state);
    },

    /** What the database knows now (admin routes, event handling). */
    async get(connection: string, modelId: string): Promise<ModelStateView | undefined> {
      const row = (await query().findOne({ where: { connection, modelId } })) as Row | null;
      return row ? toView(row) : undefined;
    },

    /**
     * Records what Matterport said of a space (an event, a read, the picker): upserts its row,
     * updates this replica's snapshot at once, and tells listeners when state or visibility
     * changed. `at` is when Matterport said it (an event's timestamp), for `changedAt`.
     */
    async record(
      connection: string,
      modelId: string,
      patch: ModelStatePatch,
      at: Date = new Date()
    ): Promise<RecordOutcome> {
      const existing = (await query().findOne({ where: { connection, modelId } })) as Row | null;
      const before = existing ? toView(existing) : undefined;
      const now = new Date();
      const next = {
        state: patch.state ?? before?.state ?? 'active',
        visibility:
          patch.visibility !== undefined ? patch.visibility : (before?.visibility ?? null),
        name: patch.name !== undefined ? patch.name : (before?.name ?? null),
      };
      const changed =
        !before || before.state !== next.state || before.visibility !== next.visibility;
      const data = {
        ...next,
        checkedAt: now,
        ...(changed ? { changedAt: at } : {}),
      };
      let row: Row;
      if (existing) {
        row = (await query().update({ where: { id: existing.id }, data })) as Row;
      } else {
        try {
          row = (await query().create({ data: { connection, modelId, ...data } })) as Row;
        } catch (error) {
          // Another replica (or a concurrent event) created it first: the unique index held.
          const raced = (await query().findOne({ where: { connection, modelId } })) as Row | null;
          if (!raced) throw error;
          row = (await query().update({ where: { id: raced.id }, data })) as Row;
        }
      }
      const after = toView(row);
      snapshot?.byKey.set(keyOf(connection, modelId), after);
      const outcome = { before, after, changed };
      if (changed) {
        for (const listener of listeners) {
          try {
            listener(outcome);
          } catch (error) {
            strapi.log.warn(`matterport: a catalogue listener failed: ${(error as Error).message}`);
          }
        }
      }
      return outcome;
    },

    /** Spaces matching a filter (health panel, periodic check), from the database. */
    async list(
      filter: {
        connection?: string;
        states?: ModelState[];
        visibilities?: AccessVisibility[];
      } = {}
    ): Promise<ModelStateView[]> {
      const where: Record<string, unknown> = {};
      if (filter.connection) where.connection = filter.connection;
      if (filter.states) where.state = { $in: filter.states };
      if (filter.visibilities) where.visibility = { $in: filter.visibilities };
      const rows = (await query().findMany({
        where,
        orderBy: [{ connection: 'asc' }, { modelId: 'asc' }],
      })) as Row[];
      return rows.map(toView);
    },

    /** Called after each recorded change of state or visibility (on this replica). */
    onChange(listener: CatalogueListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return service;
};
