import type { Core } from '@strapi/strapi';

import type { UsageResponse, UsageStatus, UsageView } from '../../../common/catalogue';

/**
 * Where used (issue 28): an index of every Matterport value in every version of every
 * entry (`matterport_usages`), kept on every Document Service write and backfilled at start.
 * GROUNDWORK: the interface other parts (model events, privacy, health) call; the index
 * itself is built by the where-used work.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  void strapi;
  const service = {
    /** Every place a space of a connection is used (published versions and drafts, or one of them). */
    async forModel(
      connection: string,
      modelId: string,
      options: { status?: UsageStatus; limit?: number } = {}
    ): Promise<UsageResponse> {
      void options;
      return {
        modelId,
        connection,
        entries: [] as UsageView[],
        totals: { published: 0, draft: 0 },
        complete: false,
      };
    },

    /** The distinct spaces used by published content (periodic checks, privacy listing). */
    async publishedModels(): Promise<Array<{ connection: string; modelId: string }>> {
      return [];
    },
  };
  return service;
};
