import type { Core } from '@strapi/strapi';

import { connectionsIn, modelIdsIn, populateFor } from '../links/revoke-on-unpublish';
import { getService } from '../utils/get-service';

export interface EntryRef {
  uid: string;
  documentId: string;
  locale: string | null;
}

const PAGE = 200;

/**
 * The published entries that hold any of these models, read through db.query (outside the
 * Document Service, so nothing is delivered or minted), a page at a time.
 */
export const publishedEntriesHolding = async (
  strapi: Core.Strapi,
  modelIds: ReadonlySet<string>
): Promise<Map<string, EntryRef[]>> => {
  const found = new Map<string, EntryRef[]>();
  if (!modelIds.size) return found;
  const plans = getService('delivery', strapi).plans();
  for (const [uid, plan] of plans) {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    if (!contentType || uid.startsWith('plugin::matterport.')) continue;
    // The plan's flag is Strapi's own test (contentTypes.hasDraftAndPublish), decided once.
    const hasPublishing = plan.draftAndPublish;
    const populate = populateFor(plans, uid);
    for (let offset = 0; ; offset += PAGE) {
      const entries = (await strapi.db.query(uid as never).findMany({
        where: hasPublishing ? { publishedAt: { $notNull: true } } : {},
        populate,
        orderBy: { id: 'asc' },
        offset,
        limit: PAGE,
      })) as Array<Record<string, unknown>>;
      for (const entry of entries) {
        for (const modelId of modelIdsIn(plans, uid, entry)) {
          if (!modelIds.has(modelId)) continue;
          const ref: EntryRef = {
            uid,
            documentId: String(entry.documentId),
            locale: typeof entry.locale === 'string' ? entry.locale : null,
          };
          const list = found.get(modelId);
          if (list) list.push(ref);
          else found.set(modelId, [ref]);
        }
      }
      if (entries.length < PAGE) break;
    }
  }
  return found;
};

/**
 * How many published entries hold at least one Matterport value of this connection, and in which
 * content types (what removing the connection would break). A value naming no connection is the
 * default's (content written before connections, or stored with `default`).
 */
export const publishedEntriesWithValues = async (
  strapi: Core.Strapi,
  connection: string
): Promise<{ entries: number; where: Array<{ uid: string; entries: number }> }> => {
  const plans = getService('delivery', strapi).plans();
  const where: Array<{ uid: string; entries: number }> = [];
  for (const [uid, plan] of plans) {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    if (!contentType || uid.startsWith('plugin::matterport.')) continue;
    const populate = populateFor(plans, uid);
    let count = 0;
    for (let offset = 0; ; offset += PAGE) {
      const entries = (await strapi.db.query(uid as never).findMany({
        where: plan.draftAndPublish ? { publishedAt: { $notNull: true } } : {},
        populate,
        orderBy: { id: 'asc' },
        offset,
        limit: PAGE,
      })) as Array<Record<string, unknown>>;
      for (const entry of entries) if (connectionsIn(plans, uid, entry).has(connection)) count += 1;
      if (entries.length < PAGE) break;
    }
    if (count) where.push({ uid, entries: count });
  }
  return { entries: where.reduce((sum, w) => sum + w.entries, 0), where };
};
