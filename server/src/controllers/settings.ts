import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import { CONNECTION_TESTS_PER_MINUTE, connectionTestLimiter } from '../settings/attempt-limiter';
import { MatterportError } from '../../../common/errors';
import { emit, type PluginEvents } from '../events';
import { settingsAuditDetails } from '../ops/service';
import type {
  GetSettings,
  ReencryptSecrets,
  SettingsView,
  TestConnection,
  UpdateSettings,
} from '../../../common/contracts/settings';
import { getService } from '../utils/get-service';
import { invalid, PluginHttpError } from '../errors';
import { isObjectBody, parseConnectionTestBody, secretNotReadable } from './validators';
import { who, type AdminUser } from './who';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Shared with the other Test-connection route: the limit is the admin's, whichever route.
  const connectionTests = connectionTestLimiter(strapi);
  return {
    async get(ctx: Context) {
      ctx.body = {
        data: await getService('settings', strapi).getView(),
      } satisfies GetSettings.Response;
    },

    async update(ctx: Context) {
      const settings = getService('settings', strapi);
      const body = ctx.request.body as unknown;
      if (!isObjectBody(body))
        throw invalid(
          'Send a JSON object such as { "clientId": "…", "clientSecret": "…", "defaultValidFor": "1h" }.'
        );
      const prepared = await settings.prepareUpdate(body).catch(secretNotReadable);
      if (prepared.credentialsChanged && prepared.candidate) {
        try {
          await getService('matterport', strapi).checkCredentials(prepared.candidate);
        } catch (error) {
          // Wrong credentials are the admin's input, answered as the field they typed.
          if (error instanceof MatterportError && error.code === 'MATTERPORT_AUTH_FAILED') {
            throw invalid(
              'Matterport rejected this client ID and secret. Nothing was saved.',
              'clientSecret'
            );
          }
          throw error;
        }
      }
      const actor = who(ctx.state.user as AdminUser | undefined);
      const before = await settings.getView();
      let after: SettingsView | undefined;
      let change: Omit<PluginEvents['settings.updated'], 'actor'> | undefined;
      try {
        // The settings and their audit entry are written in one transaction: a change the audit
        // trail cannot record (the database refuses the entry) is not saved either.
        await strapi.db.transaction(async () => {
          await settings.write(prepared, actor);
          after = await settings.getView();
          // What changed, for the audit trail and webhooks: whether the secret rotated, nothing of it.
          const clientIdChanged = before.clientId !== after.clientId;
          const secretRotated =
            prepared.credentialsChanged &&
            before.secretUpdatedAt !== after.secretUpdatedAt &&
            typeof body.clientSecret === 'string' &&
            body.clientSecret !== '';
          const lifetimeChanged = before.defaultValidFor !== after.defaultValidFor;
          if (clientIdChanged || secretRotated || lifetimeChanged) {
            change = {
              clientId: after.clientId,
              clientIdChanged,
              secretRotated,
              defaultValidFor: lifetimeChanged
                ? { from: before.defaultValidFor, to: after.defaultValidFor }
                : null,
            };
            await getService('ops', strapi).audit.record(
              'settings.update',
              actor,
              settingsAuditDetails(change)
            );
          }
        });
      } catch (error) {
        strapi.log.error(
          `[matterport] settings not saved: the change or its audit entry could not be written: ${(error as Error).message}`
        );
        throw new PluginHttpError(
          500,
          'AuditWriteError',
          'Nothing was saved: the database refused the change or its audit entry (see the server log).'
        );
      }
      await settings.refresh();
      // Any save is the admin's "try again": the credentials breaker closes and remembered failures go.
      getService('matterport', strapi).settingsSaved();
      if (change) emit(strapi, 'settings.updated', { actor, ...change });
      // Set inside the transaction, which completed.
      ctx.body = { data: after! } satisfies UpdateSettings.Response;
    },

    /** Re-encrypts the stored secret and every ledger token with the current encryption key. */
    async reencrypt(ctx: Context) {
      const runtime = getService('runtime', strapi);
      if (!runtime.cipher().available) {
        throw invalid(
          'No encryption key is set: set "encryptionKey" in the matterport plugin config (or ENCRYPTION_KEY), then restart Strapi.'
        );
      }
      const secret = await getService('settings', strapi).reencrypt().catch(secretNotReadable);
      const ledger = await getService('links', strapi).reencrypt();
      const rows = ledger.rows + (secret ? 1 : 0);
      emit(strapi, 'encryption.reencrypted', {
        actor: who(ctx.state.user as AdminUser | undefined),
        rows,
      });
      ctx.body = {
        data: {
          kid: runtime.cipher().kid,
          secret,
          links: ledger.rows,
          undecryptable: ledger.failed,
        },
      } satisfies ReencryptSecrets.Response;
    },

    async test(ctx: Context) {
      const { clientId, clientSecret } = parseConnectionTestBody(ctx.request.body);
      // Keyed by the admin's id (immutable), not a display name an admin can change.
      const adminId = (ctx.state.user as { id?: number | string } | undefined)?.id;
      const allowed = connectionTests.take(String(adminId ?? 'unknown'));
      if (!allowed.ok) {
        // Answered before anything is read or asked of Matterport: the test changes nothing.
        ctx.set('Retry-After', String(allowed.retryAfterSeconds));
        throw new errors.RateLimitError(
          `Test connection was run ${CONNECTION_TESTS_PER_MINUTE} times in the last minute; try again in ${allowed.retryAfterSeconds} s.`,
          { retryAfter: allowed.retryAfterSeconds }
        );
      }
      let candidate;
      if (clientSecret) {
        const id = clientId?.trim() || (await getService('settings', strapi).getView()).clientId;
        if (!id) throw invalid('Enter the client ID to test with this secret.', 'clientId');
        candidate = { clientId: id, clientSecret };
      } else if (clientId) {
        throw invalid('Enter the client secret to test with this client ID.', 'clientSecret');
      }
      try {
        // The token alone does not prove links can be delivered: one mint is tried too (and revoked at once).
        const result = await getService('matterport', strapi).testConnection(candidate);
        emit(strapi, 'credentials.tested', {
          actor: who(ctx.state.user as AdminUser | undefined),
          ok: result.ok,
          ...(result.mint.code ? { code: result.mint.code } : {}),
          mintTested: result.mint.tested,
        });
        ctx.body = {
          data: {
            ok: result.ok,
            scope: result.scope,
            expiresIn: result.expiresIn,
            mint: result.mint,
            pme: result.pme,
          },
        } satisfies TestConnection.Response;
      } catch (error) {
        if (error instanceof MatterportError) {
          emit(strapi, 'credentials.tested', {
            actor: who(ctx.state.user as AdminUser | undefined),
            ok: false,
            code: error.code,
            mintTested: false,
          });
        }
        throw error;
      }
    },
  };
};
