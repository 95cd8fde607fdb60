import type { Core } from '@strapi/strapi';

import { getService } from '../utils/get-service';

/** The Document Service actions that change what an entry's versions hold. */
export const WRITE_ACTIONS: ReadonlySet<string> = new Set([
  'create',
  'update',
  'delete',
  'publish',
  'unpublish',
  'discardDraft',
  'clone',
]);

/** The documents an action touched: the one it names, and the one it answers (create, clone). */
export const documentIdsOf = (params: unknown, result: unknown): string[] => {
  const ids = new Set<string>();
  const named = (params as { documentId?: unknown } | null | undefined)?.documentId;
  if (typeof named === 'string' && named) ids.add(named);
  const answered = (result as { documentId?: unknown } | null | undefined)?.documentId;
  if (typeof answered === 'string' && answered) ids.add(answered);
  return [...ids];
};

/**
 * Keeps the where-used index on every Document Service write: after the action, the
 * document's rows are rebuilt from what the database holds (its drafts and published
 * versions, every locale), so a delete of one locale or of all (`locale: '*'`), a discarded
 * draft or an unpublish leave exactly what remains. Types without the field return at once.
 * A failure to index is logged, never the editor's failure: the write has happened.
 */
export const registerUsageIndex = (strapi: Core.Strapi) => {
  const usage = getService('usage', strapi);
  strapi.documents.use(async (ctx, next) => {
    if (!WRITE_ACTIONS.has(ctx.action) || !usage.watches(ctx.uid)) return next();
    const result = await next();
    const documentIds = documentIdsOf(ctx.params, result);
    try {
      await usage.reindex(ctx.uid, documentIds);
    } catch (error) {
      strapi.log.warn(
        `[matterport] could not update where-used for ${ctx.uid} ${documentIds.join(', ')}: ${(error as Error).message}`
      );
    }
    return result;
  });
};
