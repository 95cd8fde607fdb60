import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import {
  DEFAULT_CONNECTION_ID,
  type ConnectionRemoval,
  type ConnectionView,
  type CreateConnection,
  type DeleteConnection,
  type GetConnection,
  type GetConnections,
  type TestSavedConnection,
  type UpdateConnection,
} from '../../../common/contracts/connections';
import { MatterportError } from '../../../common/errors';
import { invalid, PluginHttpError } from '../errors';
import { emit } from '../events';
import type { AuditAction } from '../ops/audit';
import { REVOKE_ERROR_CODES } from '../links/revocation';
import { publishedEntriesWithValues } from '../ops/published';
import { CONNECTION_TESTS_PER_MINUTE, connectionTestLimiter } from '../settings/attempt-limiter';
import type { PreparedConnection } from '../settings/connection-admin';
import { getService } from '../utils/get-service';
import {
  isObjectBody,
  parseConnectionDeleteQuery,
  parseConnectionTestBody,
  secretNotReadable,
} from './validators';
import { who, type AdminUser } from './who';

/** What the audit trail says of a create or an update: what changed, the secret's rotation, never the secret. */
const changeDetails = (
  before: ConnectionView | undefined,
  after: ConnectionView,
  secretRotated: boolean
) => ({
  connection: after.id,
  name: after.name,
  clientId: after.clientId,
  clientIdChanged: before?.clientId !== after.clientId,
  secretRotated,
  defaultValidFor:
    before?.defaultValidFor !== after.defaultValidFor
      ? { from: before?.defaultValidFor ?? null, to: after.defaultValidFor }
      : null,
  enabled: after.enabled,
  enabledChanged: before !== undefined && before.enabled !== after.enabled,
  // Who may pick its spaces is a permission change: the trail says from what to what.
  roles: after.roles,
  rolesChanged:
    before === undefined || before.roles.join(',') !== after.roles.join(',')
      ? { from: before?.roles ?? null, to: after.roles }
      : null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService('settings', strapi);
  // Shared with the other Test-connection route: the limit is the admin's, whichever route.
  const connectionTests = connectionTestLimiter(strapi);

  /** Checks new credentials at Matterport: a refusal is the admin's input (400 naming the secret). */
  const checkCandidate = async (prepared: PreparedConnection): Promise<void> => {
    if (!prepared.candidate) return;
    try {
      await getService('matterport', strapi).checkCredentials(prepared.candidate);
    } catch (error) {
      if (error instanceof MatterportError && error.code === 'MATTERPORT_AUTH_FAILED') {
        throw invalid(
          'Matterport rejected this client ID and secret. Nothing was saved.',
          'clientSecret'
        );
      }
      throw error;
    }
  };

  /** Writes and audits in one transaction: a change the audit trail cannot record is not saved. */
  const save = async (
    ctx: Context,
    prepared: PreparedConnection,
    action: AuditAction,
    before: ConnectionView | undefined,
    secretRotated: boolean
  ): Promise<ConnectionView> => {
    const actor = who(ctx.state.user as AdminUser | undefined);
    let after: ConnectionView | undefined;
    try {
      await strapi.db.transaction(async () => {
        after = await settings().writeConnection(prepared, actor);
        await getService('ops', strapi).audit.record(
          action,
          actor,
          changeDetails(before, after, secretRotated)
        );
      });
    } catch (error) {
      if (error instanceof PluginHttpError) throw error;
      strapi.log.error(
        `[matterport] connection "${prepared.id}" not saved: the change or its audit entry could not be written: ${(error as Error).message}`
      );
      throw new PluginHttpError(
        500,
        'AuditWriteError',
        'Nothing was saved: the database refused the change or its audit entry (see the server log).'
      );
    }
    await settings().reloadConnections();
    // Saving the default's credentials is the admin's "try again", as on the settings page.
    if (prepared.id === DEFAULT_CONNECTION_ID) getService('matterport', strapi).settingsSaved();
    return after!;
  };

  return {
    async find(ctx: Context) {
      ctx.body = {
        data: await settings().listConnections(),
      } satisfies GetConnections.Response;
    },

    async findOne(ctx: Context) {
      ctx.body = {
        data: await settings().getConnection(String(ctx.params.id)),
      } satisfies GetConnection.Response;
    },

    async create(ctx: Context) {
      const body = ctx.request.body as unknown;
      if (!isObjectBody(body))
        throw invalid(
          'Send a JSON object such as { "id": "harbour", "name": "Harbour Estates", "clientId": "…", "clientSecret": "…" }.'
        );
      const prepared = await settings().prepareCreate(body);
      await checkCandidate(prepared);
      const data = await save(ctx, prepared, 'connection.create', undefined, false);
      ctx.status = 201;
      ctx.body = { data } satisfies CreateConnection.Response;
    },

    async update(ctx: Context) {
      const id = String(ctx.params.id);
      const body = ctx.request.body as unknown;
      if (!isObjectBody(body))
        throw invalid('Send a JSON object with the fields to change, such as { "name": "…" }.');
      const before = await settings().getConnection(id);
      const prepared = await settings().prepareConnectionUpdate(id, body).catch(secretNotReadable);
      await checkCandidate(prepared);
      // Rotated: a new secret was typed and checked (not a client ID change keeping the secret).
      const secretRotated =
        prepared.candidate !== undefined &&
        typeof body.clientSecret === 'string' &&
        body.clientSecret !== '';
      const data = await save(ctx, prepared, 'connection.update', before, secretRotated);
      ctx.body = { data } satisfies UpdateConnection.Response;
    },

    /**
     * Refused while published content uses the connection (unless forced); its links are
     * revoked with its own credentials first, and what could not be revoked is said.
     */
    async delete(ctx: Context) {
      const id = String(ctx.params.id);
      const { force } = parseConnectionDeleteQuery(ctx.query);
      const view = await settings().getConnection(id);
      if (view.managedBy === 'config') {
        throw new PluginHttpError(
          409,
          'ConflictError',
          `The connection "${id}" is set in config/plugins (managed by configuration): remove it there.`,
          { id }
        );
      }
      // Published values naming this connection (for `default`: those naming none, too).
      if (!force) {
        const inUse = await publishedEntriesWithValues(strapi, id);
        if (inUse.entries) {
          throw new PluginHttpError(
            409,
            'ConflictError',
            `The connection "${id}" is used by ${inUse.entries} published ${inUse.entries === 1 ? 'entry' : 'entries'} (${inUse.where.map((w) => `${w.entries} in ${w.uid}`).join(', ')}). Remove or change them first, or remove it anyway with ?force=true (their embeds stop working).`,
            { id, ...inUse }
          );
        }
      }
      const actor = who(ctx.state.user as AdminUser | undefined);
      // Its model event callback goes first, while Matterport still takes its credentials.
      await getService('modelEvents', strapi).forgetConnection(id);
      // Disabled first: every replica reads the settings afresh before minting, so no link is
      // minted with it once this is saved, and the revocation below waits for mints under way.
      if (view.enabled) {
        await settings().writeConnection({ id, creating: false, patch: { enabled: false } }, actor);
        await settings().reloadConnections();
      }
      // Every usable link of the connection (its `connection` column, whichever of its credentials
      // minted it), each with the connection's credentials; a link whose revocation failed (or
      // that could not be tried: credentials unreadable) is listed with its reason.
      const links: ConnectionRemoval['links'] = { revoked: 0, notRevoked: [], error: null };
      try {
        const outcome = await getService('links', strapi).revokeConnection(id, actor);
        links.revoked = outcome.revoked.length;
        links.notRevoked = [...outcome.failed, ...(outcome.unrecorded ?? [])].map((f) => ({
          id: f.link.id,
          modelId: f.link.modelId,
          error: { code: f.error.code, message: f.error.message },
        }));
        const unreadable = outcome.failed.find(
          (f) => f.error.code === REVOKE_ERROR_CODES.noCredentials
        );
        if (unreadable) links.error = unreadable.error.message;
      } catch (error) {
        links.error = `Its links could not be revoked: ${(error as Error).message}`;
      }
      try {
        await strapi.db.transaction(async () => {
          await settings().removeConnection(id);
          await getService('ops', strapi).audit.record('connection.delete', actor, {
            connection: id,
            name: view.name,
            clientId: view.clientId,
            forced: force,
            links: {
              revoked: links.revoked,
              notRevoked: links.notRevoked.length,
              error: links.error,
            },
          });
        });
      } catch (error) {
        if (error instanceof PluginHttpError) throw error;
        strapi.log.error(
          `[matterport] connection "${id}" not removed: the change or its audit entry could not be written: ${(error as Error).message}`
        );
        throw new PluginHttpError(
          500,
          'AuditWriteError',
          'The connection was not removed (it is left disabled, its links revoked as said in details.links): the database refused the change or its audit entry (see the server log).',
          { links }
        );
      }
      await settings().reloadConnections();
      // Its client goes (token, breaker, remembered failures); a connection created later with
      // the same id starts afresh.
      getService('matterport', strapi).forget(id);
      getService('ops', strapi).forgetConnection(id);
      ctx.body = { data: { connection: view, links } } satisfies DeleteConnection.Response;
    },

    async test(ctx: Context) {
      const id = String(ctx.params.id);
      const { clientId, clientSecret } = parseConnectionTestBody(ctx.request.body);
      const view = await settings().getConnection(id);
      const adminId = (ctx.state.user as { id?: number | string } | undefined)?.id;
      const allowed = connectionTests.take(String(adminId ?? 'unknown'));
      if (!allowed.ok) {
        // Answered before anything is asked of Matterport: the test changes nothing.
        ctx.set('Retry-After', String(allowed.retryAfterSeconds));
        throw new errors.RateLimitError(
          `Test connection was run ${CONNECTION_TESTS_PER_MINUTE} times in the last minute; try again in ${allowed.retryAfterSeconds} s.`,
          { retryAfter: allowed.retryAfterSeconds }
        );
      }
      let candidate;
      if (clientSecret) {
        const testedId = clientId?.trim() || view.clientId;
        if (!testedId) throw invalid('Enter the client ID to test with this secret.', 'clientId');
        candidate = { clientId: testedId, clientSecret };
      } else if (clientId) {
        throw invalid('Enter the client secret to test with this client ID.', 'clientSecret');
      } else if (id !== DEFAULT_CONNECTION_ID || !view.enabled) {
        // The default's saved credentials are tested as the settings page does (its outcome counts for health).
        candidate = await settings().connectionCredentials(id).catch(secretNotReadable);
        if (!candidate)
          throw new MatterportError(
            'MATTERPORT_NOT_CONFIGURED',
            `The connection "${id}" holds no credentials.`
          );
      }
      const actor = who(ctx.state.user as AdminUser | undefined);
      try {
        const result = await getService('matterport', strapi).testConnection(candidate);
        emit(strapi, 'credentials.tested', {
          actor,
          connection: id,
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
        } satisfies TestSavedConnection.Response;
      } catch (error) {
        if (error instanceof MatterportError)
          emit(strapi, 'credentials.tested', {
            actor,
            connection: id,
            ok: false,
            code: error.code,
            mintTested: false,
          });
        throw error;
      }
    },
  };
};
