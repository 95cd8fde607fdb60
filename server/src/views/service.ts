import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';

import { toMatterportError } from '../../../common/errors';
import type { StoredModelValue } from '../../../common/field-value';
import type { ViewOption } from '../../../common/contracts/models';
import type { CachedLink } from '../links';
import type { LinkPurpose } from '../links/types';
import { getService } from '../utils/get-service';
import { valueQuery } from './query';

/** The ID delivery mints for, and whether what the link needs (a View's start) is known. */
export interface ViewTarget {
  id: string;
  /** Known: a link for `id` can be delivered now (from memory, or minted) with `start`. */
  ready: boolean;
  /** The View's start, added to a model's link when the View itself is not minted for. */
  start?: string | null;
}

/**
 * Views of a value (issue 28). Whether Matterport's Private Model Embed takes a View ID is not
 * documented. The first mint for a View asks for the View; when Matterport refuses it
 * (not found / bad request) while the model lists that View, the connection is remembered as
 * refusing View IDs (this process, until restart) and its Views are delivered as the model's
 * link with the View's start. A View the model no longer lists is delivered as the model (its
 * base View), without a start.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Connections whose Private Model Embed refused a View ID. */
  const refusing = new Set<string>();
  /** Views delivered as their model, by `connection|viewId`: the View's start (null: none). */
  const asModel = new LRUCache<string, { start: string | null }>({ max: 10_000 });
  /** One look-up of a model's View starts at a time, by `connection|modelId`. */
  const lookups = new Map<string, Promise<void>>();

  const keyOf = (connection: string, viewId: string) => `${connection}|${viewId}`;

  /** Every View of the model with its start, into `asModel` (a refused field: no starts). */
  const learnStarts = (connection: string, modelId: string, viewId: string): Promise<void> => {
    const lookupKey = keyOf(connection, modelId);
    let pending = lookups.get(lookupKey);
    if (!pending) {
      pending = (async () => {
        try {
          const views = await getService('matterport', strapi).listViews(modelId, connection, true);
          for (const view of views)
            if (view.id !== modelId)
              asModel.set(keyOf(connection, view.id), { start: view.start ?? null });
        } catch (error) {
          strapi.log.warn(
            `[matterport] could not read where the Views of model ${modelId} start (${toMatterportError(error).code}); its View ${viewId} opens at the model's start.`
          );
        }
        if (!asModel.has(keyOf(connection, viewId)))
          asModel.set(keyOf(connection, viewId), { start: null });
      })().finally(() => lookups.delete(lookupKey));
      lookups.set(lookupKey, pending);
    }
    return pending;
  };

  const service = {
    /** What to mint for a value with a View (synchronous: the warm path). */
    target(stored: StoredModelValue & { view: string }, connection: string): ViewTarget {
      const known = asModel.get(keyOf(connection, stored.view));
      if (known) return { id: stored.modelId, ready: true, start: known.start };
      if (refusing.has(connection)) return { id: stored.modelId, ready: false };
      return { id: stored.view, ready: true };
    },

    /** Whether this process knows the connection's Private Model Embed refuses View IDs. */
    refuses: (connection: string): boolean => refusing.has(connection),

    /**
     * A link for a value with a View: for the View, or (refused) for its model, with the
     * target delivery composes the link with.
     */
    async getLink(
      stored: StoredModelValue & { view: string },
      connection: string,
      lifetime: number,
      fingerprint: string,
      purpose: LinkPurpose = 'delivery'
    ): Promise<{ link: CachedLink; target: ViewTarget }> {
      const links = getService('links', strapi);
      let target = service.target(stored, connection);
      if (target.id === stored.view) {
        try {
          const link = await links.getLink(stored.view, lifetime, fingerprint, purpose, connection);
          return { link, target };
        } catch (error) {
          const failure = toMatterportError(error);
          if (failure.code !== 'MATTERPORT_NOT_FOUND' && failure.code !== 'MATTERPORT_BAD_REQUEST')
            throw failure;
          // Does the model list this View? Then Matterport refuses View IDs, not this one.
          let listed: boolean;
          try {
            const views = await getService('matterport', strapi).listViews(
              stored.modelId,
              connection
            );
            listed = views.some((v) => v.id === stored.view);
          } catch {
            // The model itself is not there (or Matterport fails): the mint's own answer stands.
            throw failure;
          }
          if (listed && !refusing.has(connection)) {
            refusing.add(connection);
            strapi.log.info(
              `[matterport] Matterport's Private Model Embed of connection "${connection}" refuses View IDs: Views are delivered as their model's link with the View's start.`
            );
          }
          if (!listed) asModel.set(keyOf(connection, stored.view), { start: null });
        }
      }
      if (!asModel.has(keyOf(connection, stored.view)))
        await learnStarts(connection, stored.modelId, stored.view);
      target = service.target(stored, connection);
      const link = await links.getLink(stored.modelId, lifetime, fingerprint, purpose, connection);
      return { link, target };
    },

    /** The model's Views for the picker: Matterport's answer, base View first and marked. */
    async list(modelId: string, connection: string): Promise<ViewOption[]> {
      const views = await getService('matterport', strapi).listViews(modelId, connection);
      return views
        .map((view) => ({
          id: view.id,
          name: view.name ?? view.id,
          type: view.type ?? null,
          base: view.id === modelId,
        }))
        .sort((a, b) => Number(b.base) - Number(a.base));
    },

    valueQuery,
  };
  return service;
};
