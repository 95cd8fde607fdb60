import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { getService } from '../utils/get-service';
import { badRequest } from './respond';
import { InputError, parseAuditQuery } from './validators';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /audit: the audit trail, newest first (AuditListResponse). */
  async audit(ctx: Context) {
    let input;
    try {
      input = parseAuditQuery(ctx.query);
    } catch (error) {
      if (error instanceof InputError) return badRequest(ctx, error.message, error.path);
      throw error;
    }
    ctx.body = await getService('ops', strapi).audit.list(input);
  },

  /** GET /health: whether embeds work, as this replica sees it (HealthView). */
  async health(ctx: Context) {
    if (Object.keys(ctx.query ?? {}).length) return badRequest(ctx, `Unknown parameter(s): ${Object.keys(ctx.query).join(', ')}. /health takes none.`);
    ctx.body = { data: await getService('ops', strapi).health() };
  },
});
