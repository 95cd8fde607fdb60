import type { Core } from '@strapi/strapi';

import { collectSlots, type SchemaPlan } from '../delivery/plan';
import { connectionOf, storedPart } from '../../../common/field-value';
import { systemActor } from '../events';
import { getService } from '../utils/get-service';

type Populate = Record<string, true | { populate: Populate }>;

/** What to populate, through components and dynamic zones only, to see every stored value of a type. */
export const populateFor = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  depth = 0
): Populate => {
  const plan = plans.get(uid);
  const populate: Populate = {};
  if (!plan || depth > 8) return populate;
  for (const { key, uid: component } of plan.components) {
    const nested = populateFor(plans, component, depth + 1);
    populate[key] = Object.keys(nested).length ? { populate: nested } : true;
  }
  for (const { key } of plan.dynamicZones) populate[key] = true;
  return populate;
};

export const modelIdsIn = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  entries: unknown
): Set<string> => {
  const ids = new Set<string>();
  for (const slot of collectSlots(plans, uid, entries, { followRelations: false })) {
    const stored = storedPart(slot.holder[slot.field.key]);
    if (stored) ids.add(stored.modelId);
  }
  return ids;
};

/** The connections the stored values of entries name (`default` for values naming none). */
export const connectionsIn = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  entries: unknown
): Set<string> => {
  const ids = new Set<string>();
  for (const slot of collectSlots(plans, uid, entries, { followRelations: false })) {
    const stored = storedPart(slot.holder[slot.field.key]);
    if (stored) ids.add(connectionOf(stored));
  }
  return ids;
};

/**
 * With `revokeOnUnpublish`, a model's links are revoked once no published entry refers
 * to it any more (after an unpublish or a delete). Reads go through db.query, outside
 * the Document Service, so they mint nothing.
 */
export const registerRevokeOnUnpublish = (strapi: Core.Strapi) => {
  const delivery = getService('delivery', strapi);

  const publishedModelIds = async (
    uid: string,
    where: Record<string, unknown>
  ): Promise<Set<string>> => {
    const plans = delivery.plans();
    const entries = await strapi.db.query(uid as never).findMany({
      where: { ...where, publishedAt: { $notNull: true } },
      populate: populateFor(plans, uid),
    });
    return modelIdsIn(plans, uid, entries);
  };

  const stillPublished = async (modelId: string): Promise<boolean> => {
    for (const uid of delivery.plans().keys()) {
      const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
      if (!contentType || uid.startsWith('plugin::matterport.')) continue;
      if ((await publishedModelIds(uid, {})).has(modelId)) return true;
    }
    return false;
  };

  strapi.documents.use(async (ctx, next) => {
    if ((ctx.action !== 'unpublish' && ctx.action !== 'delete') || !delivery.hasPlan(ctx.uid))
      return next();
    const documentId = (ctx.params as { documentId?: string }).documentId;
    const before = documentId
      ? await publishedModelIds(ctx.uid, { documentId })
      : new Set<string>();
    const result = await next();
    for (const modelId of before) {
      try {
        if (await stillPublished(modelId)) continue;
        const { revoked, failed } = await getService('links', strapi).revokeWhere(
          { modelId },
          systemActor('revokeOnUnpublish'),
          'unpublish'
        );
        if (revoked.length)
          strapi.log.info(
            `[matterport] revoked ${revoked.length} link(s) of ${modelId}: no published entry uses it any more`
          );
        // Failed rows keep their revokeError (links page, "could not revoke") and can be revoked again from there.
        if (failed.length)
          strapi.log.warn(
            `[matterport] ${failed.length} link(s) of ${modelId} could not be revoked after unpublish; see the links page`
          );
      } catch (error) {
        strapi.log.warn(
          `[matterport] could not revoke the links of ${modelId} after unpublish: ${(error as Error).message}`
        );
      }
    }
    return result;
  });
};
