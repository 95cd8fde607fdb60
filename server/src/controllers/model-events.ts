import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import {
  DEFAULT_CONNECTION_ID,
  type GetModelEvents,
  type RegisterModelEvents,
  type UnregisterModelEvents,
} from '../../../common/contracts/connections';
import { getService } from '../utils/get-service';
import { parseModelEventsRegisterBody } from './validators';
import { who, type AdminUser } from './who';

/**
 * Model events (issue 28): the receiver Matterport posts to (content API, no login: the
 * callback's credentials are the authorization) and the admin routes of a connection's
 * registration. The work is in server/src/model-events.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService('modelEvents', strapi);
  /** The connection of an admin route, refused (404) when there is none of that id. */
  const connectionOf = async (ctx: Context): Promise<string> => {
    const id = String(ctx.params.id);
    await getService('settings', strapi).getConnection(id);
    return id;
  };

  return {
    /** POST /api/matterport/events and /api/matterport/events/:connection */
    async receive(ctx: Context) {
      const answer = await service().receive(ctx.params.connection ?? DEFAULT_CONNECTION_ID, {
        headers: ctx.request.headers,
        length: ctx.request.length,
        body: ctx.request.body as unknown,
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.status = answer.status;
      ctx.body = answer.body;
    },

    async status(ctx: Context) {
      ctx.body = {
        data: await service().status(await connectionOf(ctx)),
      } satisfies GetModelEvents.Response;
    },

    async register(ctx: Context) {
      const { credType } = parseModelEventsRegisterBody(ctx.request.body as unknown);
      const connection = await connectionOf(ctx);
      const actor = who(ctx.state.user as AdminUser | undefined);
      ctx.body = {
        data: await service().register(connection, actor, credType),
      } satisfies RegisterModelEvents.Response;
    },

    async unregister(ctx: Context) {
      const connection = await connectionOf(ctx);
      const actor = who(ctx.state.user as AdminUser | undefined);
      ctx.body = {
        data: await service().unregister(connection, actor),
      } satisfies UnregisterModelEvents.Response;
    },
  };
};
