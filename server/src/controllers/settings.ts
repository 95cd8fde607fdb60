import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { SettingsValidationError } from '../settings/service';
import { DecryptionError } from '../crypto';
import { isMatterportError, MatterportError } from '../../../common/errors';
import { emit } from '../events';
import { getService } from '../utils/get-service';
import { badRequest, sendMatterportError } from './respond';

import { who, type AdminUser } from './who';

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
    const before = await settings.getView();
    await settings.save(prepared, ctx.state.user as AdminUser | undefined);
    if (prepared.credentialsChanged) getService('matterport', strapi).resetToken();
    const after = await settings.getView();
    // What changed, for the audit trail and webhooks: the new secret's hint, never the secret.
    const clientIdChanged = before.clientId !== after.clientId;
    const secretRotated = prepared.credentialsChanged && before.secretUpdatedAt !== after.secretUpdatedAt && typeof body.clientSecret === 'string' && body.clientSecret !== '';
    const lifetimeChanged = before.defaultValidFor !== after.defaultValidFor;
    if (clientIdChanged || secretRotated || lifetimeChanged) {
      emit(strapi, 'settings.updated', {
        actor: who(ctx.state.user as AdminUser | undefined),
        clientId: after.clientId,
        clientIdChanged,
        secretRotated,
        secretHint: secretRotated ? after.secretHint : null,
        defaultValidFor: lifetimeChanged ? { from: before.defaultValidFor, to: after.defaultValidFor } : null,
      });
    }
    ctx.body = { data: after };
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
      const actor = who(ctx.state.user as AdminUser | undefined);
      let result;
      try {
        result = await getService('matterport', strapi).checkCredentials(candidate);
      } catch (error) {
        if (isMatterportError(error)) emit(strapi, 'credentials.tested', { actor, ok: false, code: error.code, mintTested: false });
        throw error;
      }
      emit(strapi, 'credentials.tested', { actor, ok: true, mintTested: false });
      ctx.body = { data: { ok: true, scope: result.scope, expiresIn: result.expiresIn } };
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },
});
