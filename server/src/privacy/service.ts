import type { Core } from '@strapi/strapi';

import {
  isAccessVisibility,
  isGoneState,
  type AccessMode,
  type ModelState,
  type ModelStateView,
  type PmeAvailability,
  type PublicSpacesPolicy,
} from '../../../common/catalogue';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { PrivacyHealthView, PrivacySpaceView } from '../../../common/contracts/ops';
import { MatterportError, toMatterportError } from '../../../common/errors';
import { PLUGIN_ID } from '../../../common/plugin';
import { UnsupportedOperationError } from '../matterport/graphql';
import type { ModelSummary } from '../matterport/types';
import { getService } from '../utils/get-service';
import { decideAccess, type AccessRoute } from './decide';

const STORE_KEY = 'pme-availability';
/** Spaces each privacy list of the health panel shows at most, and entries per space. */
const HEALTH_LIST_MAX = 50;
const HEALTH_ENTRIES_MAX = 20;
/** Spaces the periodic check reads at once. */
const CHECK_CONCURRENCY = 4;

interface StoredAvailability {
  [connection: string]: { pme: PmeAvailability; at: string };
}

/** Matterport's `state` of a model, as the catalogue keeps it (only `inactive` differs from active). */
const stateOf = (state: string | null): ModelState | undefined =>
  state === 'inactive' ? 'inactive' : state === 'active' ? 'active' : undefined;

/**
 * The privacy guard and public spaces (issue 28, items 3 and 4): whether each connection can
 * mint Private Model Embed links, how a value reaches its space (the decision table in
 * decide.ts), a space's visibility read once when delivery needs it and does not know it, what
 * the picker sees recorded into the catalogue, and the periodic check of the spaces used by
 * published content.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const availability = new Map<string, PmeAvailability>();
  const lookups = new Map<string, Promise<ModelStateView | MatterportError>>();
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const catalogue = () => getService('catalogue', strapi);
  let checking: Promise<{ checked: number; failed: number }> | undefined;

  const persist = async () => {
    const value: StoredAvailability = {};
    const at = new Date().toISOString();
    for (const [connection, pme] of availability) value[connection] = { pme, at };
    await store().set({ value });
  };

  const setPme = (connection: string, pme: PmeAvailability) => {
    if ((availability.get(connection) ?? 'unknown') === pme) return;
    if (pme === 'unknown') availability.delete(connection);
    else availability.set(connection, pme);
    strapi.log.info(`[matterport] connection "${connection}": Private Model Embed ${pme}.`);
    void persist().catch((error: Error) =>
      strapi.log.warn(`[matterport] saving PME availability failed: ${error.message}`)
    );
  };

  /** Records what a read of Matterport said of a space, when it says something new. */
  const remember = async (
    connection: string,
    model: Pick<ModelSummary, 'id' | 'name' | 'state' | 'accessVisibility'>,
    withState: boolean
  ): Promise<ModelStateView> => {
    const visibility = isAccessVisibility(model.accessVisibility) ? model.accessVisibility : null;
    const state = withState ? stateOf(model.state) : undefined;
    const known = catalogue().peek(connection, model.id);
    if (
      known &&
      known.visibility === visibility &&
      known.name === model.name &&
      (state === undefined || known.state === state)
    )
      return known;
    const outcome = await catalogue().record(connection, model.id, {
      visibility,
      name: model.name,
      ...(state ? { state } : {}),
    });
    return outcome.after;
  };

  const service = {
    /** Loads what was learnt of each connection's PME (bootstrap); forgets it when credentials change. */
    async init(): Promise<void> {
      const stored = ((await store().get({})) as StoredAvailability | null) ?? {};
      for (const [connection, entry] of Object.entries(stored)) {
        if (entry?.pme === 'available' || entry?.pme === 'unavailable')
          availability.set(connection, entry.pme);
      }
      getService('settings', strapi).onCredentialsChange((next, previous) => {
        const id = next.connectionId ?? previous?.connectionId ?? DEFAULT_CONNECTION_ID;
        if (next.fingerprint !== previous?.fingerprint) setPme(id, 'unknown');
      });
    },

    /** Whether a connection can mint PME links, as last learnt (Test connection, a mint). */
    pme: (connection: string): PmeAvailability => availability.get(connection) ?? 'unknown',

    setPme,

    /**
     * How a value of a field with this `access` reaches its space now, from memory only (the
     * hot path): the default field (`private`, `publicSpaces: 'pme'`) reads nothing.
     */
    route(
      access: AccessMode,
      policy: PublicSpacesPolicy,
      connection: string,
      modelId: string
    ): AccessRoute {
      if (access === 'private' && policy === 'pme') return 'pme';
      return decideAccess({
        access,
        policy,
        pme: service.pme(connection),
        visibility: catalogue().peek(connection, modelId)?.visibility,
      });
    },

    /**
     * Reads a space at Matterport and records it (visibility, name, state): one read per space
     * at a time, whoever asks (single flight); failures are remembered by the Matterport client
     * for failureTtl and held by its breaker and 429 hold, so a failing space is not asked again
     * on every read. Answers the error rather than throwing it.
     */
    lookup(connection: string, modelId: string): Promise<ModelStateView | MatterportError> {
      const key = `${connection}\u0000${modelId}`;
      let running = lookups.get(key);
      if (running) return running;
      running = (async () => {
        try {
          const model = await getService('matterport', strapi).getModel(modelId, connection);
          return await remember(connection, model, true);
        } catch (error) {
          return toMatterportError(error, 'getModel');
        }
      })().finally(() => lookups.delete(key));
      lookups.set(key, running);
      return running;
    },

    /** What the picker saw (a listing, one model): visibility and name recorded when new. */
    async seen(
      connection: string,
      models: ReadonlyArray<Pick<ModelSummary, 'id' | 'name' | 'state' | 'accessVisibility'>>
    ): Promise<void> {
      for (const model of models) await remember(connection, model, false);
    },

    /** Picker reads record without delaying the answer; a failure is logged, never answered. */
    seenInBackground(
      connection: string,
      models: ReadonlyArray<Pick<ModelSummary, 'id' | 'name' | 'state' | 'accessVisibility'>>
    ): void {
      void service
        .seen(connection, models)
        .catch((error: Error) =>
          strapi.log.warn(`[matterport] recording what the picker saw failed: ${error.message}`)
        );
    },

    /**
     * A mint's outcome for a connection: a link proves PME; Matterport refusing the mint itself
     * with a working account token (`request.unauthorized`), or refusing it as unsupported for
     * a space the plugin knows is active (`request.unsupported`), says the account has none.
     */
    mintOutcome(
      connection: string,
      modelId: string,
      outcome: 'minted' | 'refused' | 'unsupported'
    ) {
      if (outcome === 'minted') setPme(connection, 'available');
      else if (outcome === 'refused') setPme(connection, 'unavailable');
      else if (catalogue().peek(connection, modelId)?.state === 'active')
        setPme(connection, 'unavailable');
    },

    /**
     * Whether a mint's failure shows the connection has no PME (an `auto` value is then decided
     * again): known already, or Matterport refused the mint as unsupported for a space that a
     * read shows active.
     */
    async confirmsNoPme(
      connection: string,
      modelId: string,
      failure: MatterportError
    ): Promise<boolean> {
      if (service.pme(connection) === 'unavailable') return true;
      if (!(failure instanceof UnsupportedOperationError)) return false;
      // The refused mint is remembered for the space; its read must reach Matterport.
      getService('matterport', strapi).forgetFailures([modelId], connection);
      await service.lookup(connection, modelId);
      service.mintOutcome(connection, modelId, 'unsupported');
      return service.pme(connection) === 'unavailable';
    },

    /**
     * The health panel's privacy lists: spaces used by published content that the catalogue
     * knows to be public, unlisted or password-protected, or gone, each with its published
     * entries (where used). Only spaces in published content are looked at, in memory; the
     * usage index is asked only for those listed.
     */
    async health(): Promise<PrivacyHealthView> {
      const usage = getService('usage', strapi);
      const exposed: PrivacySpaceView[] = [];
      const gone: PrivacySpaceView[] = [];
      for (const { connection, modelId } of await usage.publishedModels()) {
        const space = catalogue().peek(connection, modelId);
        if (!space) continue;
        const list = isGoneState(space.state)
          ? gone
          : space.visibility && space.visibility !== 'private'
            ? exposed
            : undefined;
        if (!list || list.length >= HEALTH_LIST_MAX) continue;
        const used = await usage.forModel(connection, modelId, {
          status: 'published',
          limit: HEALTH_ENTRIES_MAX,
        });
        if (!used.totals.published) continue;
        list.push({ space, entries: used.entries, published: used.totals.published });
      }
      return { exposed, gone };
    },

    /**
     * Reads every space used by published content at Matterport and records its state and
     * visibility; a space Matterport does not know (with otherwise working credentials) is
     * recorded `deleted`. Bounded concurrency; a connection whose breaker is open or whose
     * calls are held after a 429 is skipped this round. One run at a time.
     */
    check(): Promise<{ checked: number; failed: number }> {
      checking ??= (async () => {
        const models = await getService('usage', strapi).publishedModels();
        const matterport = getService('matterport', strapi);
        let checked = 0;
        let failed = 0;
        let next = 0;
        const worker = async () => {
          while (next < models.length) {
            const { connection, modelId } = models[next++];
            const held = matterport.knownFailure(modelId, connection);
            if (held && held.code !== 'MATTERPORT_NOT_FOUND') {
              failed++;
              continue;
            }
            const outcome = await service.lookup(connection, modelId);
            if (outcome instanceof MatterportError) {
              if (outcome.code === 'MATTERPORT_NOT_FOUND') {
                await catalogue().record(connection, modelId, { state: 'deleted' });
                checked++;
              } else failed++;
            } else checked++;
          }
        };
        await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker));
        return { checked, failed };
      })().finally(() => {
        checking = undefined;
      });
      return checking;
    },
  };
  return service;
};
