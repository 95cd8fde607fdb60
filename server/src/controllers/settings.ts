import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { SettingsValidationError } from '../settings/service';
import { DecryptionError } from '../crypto';
import { MatterportError } from '../../../common/errors';
import { getService } from '../utils/get-service';
import { badRequest, sendMatterportError } from './respond';

interface AdminUser {
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  username?: string | null;
}

const isObjectBody = (body: unknown): body is Record<string, unknown> =>
  !!body && typeof body === 'object' && !Array.isArray(body);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: Context) {
    ctx.body = { data: await getService('settings', strapi).getView() };
  },

  async update(ctx: Context) {
    const settings = getService('settings', strapi);
    const body = ctx.request.body as unknown;
    if (!isObjectBody(body)) return badRequest(ctx, 'Send a JSON object such as { "clientId": "…", "clientSecret": "…", "defaultValidFor": "1h" }.');
    let prepared;
    try {
      prepared = await settings.prepareUpdate(body);
    } catch (error) {
      if (error instanceof SettingsValidationError) return badRequest(ctx, error.message, error.path);
      if (error instanceof DecryptionError) return badRequest(ctx, error.message, 'clientSecret');
      throw error;
    }
    if (prepared.credentialsChanged && prepared.candidate) {
      try {
        await getService('matterport', strapi).checkCredentials(prepared.candidate);
      } catch (error) {
        if (error instanceof MatterportError && error.code === 'MATTERPORT_AUTH_FAILED') {
          return badRequest(ctx, 'Matterport rejected this client ID and secret. Nothing was saved.', 'clientSecret');
        }
        return sendMatterportError(ctx, error);
      }
    }
    await settings.save(prepared, ctx.state.user as AdminUser | undefined);
    if (prepared.credentialsChanged) getService('matterport', strapi).resetToken();
    ctx.body = { data: await settings.getView() };
  },

  async test(ctx: Context) {
    const body = (ctx.request.body ?? {}) as unknown;
    if (!isObjectBody(body)) return badRequest(ctx, 'Send a JSON object, or no body to test the saved credentials.');
    const { clientId, clientSecret } = body;
    if ((clientId !== undefined && typeof clientId !== 'string') || (clientSecret !== undefined && typeof clientSecret !== 'string')) {
      return badRequest(ctx, 'clientId and clientSecret must be strings.');
    }
    const unknown = Object.keys(body).filter((k) => k !== 'clientId' && k !== 'clientSecret');
    if (unknown.length) return badRequest(ctx, `Unknown field(s): ${unknown.join(', ')}. Send clientId and clientSecret, or nothing.`);
    try {
      let candidate;
      if (clientSecret) {
        const id = (clientId as string | undefined)?.trim() || (await getService('settings', strapi).getView()).clientId;
        if (!id) return badRequest(ctx, 'Enter the client ID to test with this secret.', 'clientId');
        candidate = { clientId: id, clientSecret };
      } else if (clientId) {
        return badRequest(ctx, 'Enter the client secret to test with this client ID.', 'clientSecret');
      }
      const result = await getService('matterport', strapi).checkCredentials(candidate);
      ctx.body = { data: { ok: true, scope: result.scope, expiresIn: result.expiresIn } };
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },
});
