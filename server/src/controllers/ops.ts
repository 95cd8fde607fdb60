import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { GetAudit, GetHealth } from '../../../common/contracts/ops';
import { getService } from '../utils/get-service';
import { badRequest, validInput } from './respond';
import { parseAuditQuery } from './validators';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /audit: the audit trail, newest first (AuditListResponse). */
  async audit(ctx: Context) {
    const input = validInput(ctx, () => parseAuditQuery(ctx.query));
    if (!input) return;
    ctx.body = (await getService('ops', strapi).audit.list(input)) satisfies GetAudit.Response;
  },

  /** GET /health: whether embeds work, as this replica sees it (HealthView). */
  async health(ctx: Context) {
    if (Object.keys(ctx.query ?? {}).length)
      return badRequest(
        ctx,
        `Unknown parameter(s): ${Object.keys(ctx.query).join(', ')}. /health takes none.`
      );
    ctx.body = { data: await getService('ops', strapi).health() } satisfies GetHealth.Response;
  },
});
