import type { Core } from '@strapi/strapi';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { ConnectionHealthView, HealthView } from '../../../common/contracts/ops';
import { on, systemActor, type PluginEvents } from '../events';
import { getService } from '../utils/get-service';
import { createAudit } from './audit';
import { createExpiringWatch } from './expiring';
import { createHealthTrackers, type HealthTracker } from './health';
import { registerWebhookEvents, sendWebhook, WEBHOOK_EVENTS } from './webhooks';

const outcomeOf = (
  e: Omit<PluginEvents['links.revoked'], 'actor'>
): 'revoked' | 'partial' | 'failed' | 'none' =>
  e.failed === 0 ? (e.revoked === 0 ? 'none' : 'revoked') : e.revoked === 0 ? 'failed' : 'partial';

/** What the audit trail and the webhook say of a settings save (the new secret's hint, never the secret). */
export const settingsAuditDetails = (e: Omit<PluginEvents['settings.updated'], 'actor'>) => ({
  clientId: e.clientId,
  clientIdChanged: e.clientIdChanged,
  secretRotated: e.secretRotated,
  defaultValidFor: e.defaultValidFor,
});

/** What the audit trail and the webhook say of a revocation's outcome. */
export const revocationAuditDetails = (e: Omit<PluginEvents['links.revoked'], 'actor'>) => ({
  scope: e.scope,
  modelIds: e.modelIds,
  // Issue 26: which organisations the revocation touched; `connection` when it is one (the usual
  // case: a link, a model, a connection), and each failure names its own.
  ...(e.connections.length === 1 ? { connection: e.connections[0] } : {}),
  connections: e.connections,
  outcome: outcomeOf(e),
  counts: { revoked: e.revoked, failed: e.failed, unrecorded: e.unrecorded ?? 0 },
  failures: e.failures,
});

/**
 * Operations: listens to what the plugin does (its event bus) and turns it into the audit
 * trail, Strapi webhooks and the health panel's figures. It changes nothing else.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = createAudit(strapi);
  const health = createHealthTrackers();
  const expiring = createExpiringWatch(strapi);
  const unsubscribe: Array<() => void> = [];

  const recordAudit = (...args: Parameters<typeof audit.record>) =>
    audit
      .record(...args)
      .catch((error: Error) =>
        strapi.log.warn(
          `[matterport] could not record the audit entry ${args[0]}: ${error.message}`
        )
      );

  return {
    audit,
    expiring,

    /** From the plugin's register: the webhook store must know the events before webhooks are loaded or saved. */
    registerWebhookEvents: () => registerWebhookEvents(strapi),

    start() {
      audit.registerEnterprise();
      unsubscribe.push(
        // Settings saves and revocations are written to the audit trail by the change itself
        // (settings controller, revocation), before it answers: here they only go to webhooks.
        on(strapi, 'settings.updated', (e) => {
          sendWebhook(strapi, WEBHOOK_EVENTS.MATTERPORT_SETTINGS_UPDATE, {
            actor: e.actor,
            ...settingsAuditDetails(e),
          });
        }),
        on(strapi, 'links.revoked', (e) => {
          sendWebhook(strapi, WEBHOOK_EVENTS.MATTERPORT_LINK_REVOKE, {
            actor: e.actor,
            ...revocationAuditDetails(e),
          });
        }),
        on(strapi, 'credentials.tested', (e) =>
          recordAudit(
            'credentials.test',
            e.actor,
            {
              ok: e.ok,
              code: e.code ?? null,
              mintTested: e.mintTested,
              outcome: e.ok ? 'success' : 'failure',
              ...(e.connection ? { connection: e.connection } : {}),
            },
            { toEnterprise: true }
          )
        ),
        on(strapi, 'breaker.opened', (e) => {
          health.of(e.connection).breakerOpened(e.reason, e.until);
          return recordAudit(
            'breaker.open',
            systemActor('system'),
            {
              reason: e.reason,
              scope: e.scope,
              until: e.until,
              connection: e.connection ?? DEFAULT_CONNECTION_ID,
            },
            { toEnterprise: true }
          );
        }),
        on(strapi, 'breaker.closed', (e) => {
          health.of(e.connection).breakerClosed();
          return recordAudit(
            'breaker.close',
            systemActor('system'),
            { reason: e.reason, connection: e.connection ?? DEFAULT_CONNECTION_ID },
            { toEnterprise: true }
          );
        }),
        on(strapi, 'encryption.reencrypted', (e) =>
          recordAudit('encryption.reencrypt', e.actor, { rows: e.rows }, { toEnterprise: true })
        ),
        on(strapi, 'token.obtained', (e) => health.of(e.connection).tokenObtained()),
        on(strapi, 'link.minted', (e) => health.minted(e.connection, e.latencyMs)),
        on(strapi, 'matterport.succeeded', (e) => health.of(e.connection).succeeded(e.operation)),
        on(strapi, 'matterport.failed', (e) => health.of(e.connection).failed(e.code, e.operation))
      );
      expiring.start();
    },

    stop() {
      expiring.stop();
      while (unsubscribe.length) unsubscribe.pop()?.();
    },

    /** A removed connection: what this process saw of it goes with it. */
    forgetConnection: (id: string) => health.forget(id),

    async health(): Promise<HealthView> {
      const settingsService = getService('settings', strapi);
      const settings = await settingsService.getSnapshot();
      const links = getService('links', strapi);
      const matterport = getService('matterport', strapi);
      const cache = links.cacheStats();
      const lookups = cache.hits + cache.misses;
      // The breaker as each connection's Matterport client holds it now (the events only say why it opened).
      const breakerOf = (
        guard: ReturnType<typeof matterport.breaker>,
        seen: ReturnType<HealthTracker['snapshot']>
      ): HealthView['breaker'] =>
        guard.open
          ? {
              state: 'open',
              reason: seen.breaker.reason ?? 'MATTERPORT_AUTH_FAILED',
              openUntil: guard.openUntil?.toISOString() ?? null,
            }
          : { state: 'closed', reason: null, openUntil: null };
      const connections = await Promise.all(
        (await settingsService.listConnections()).map(
          async (view): Promise<ConnectionHealthView> => {
            const snapshot = await settingsService.getConnectionSnapshot(view.id);
            const seen = health.of(view.id).snapshot();
            const guard = matterport.breaker(view.id);
            return {
              id: view.id,
              name: view.name,
              enabled: view.enabled,
              configured: Boolean(snapshot?.credentials && !snapshot.problem),
              problem: snapshot?.problem ?? null,
              auth: seen.auth,
              breaker: breakerOf(guard, seen),
              rateLimitedUntil: guard.rateLimitedUntil?.toISOString() ?? null,
              failuresLastHour: seen.failuresLastHour,
              lastMintAt: seen.lastMintAt,
              ledger: await links.counts(view.id),
              pme: getService('privacy', strapi).pme(view.id),
            };
          }
        )
      );
      // The top-level figures are the default connection's, as before connections.
      const seen = health.of(DEFAULT_CONNECTION_ID).snapshot();
      const guard = matterport.breaker();
      return {
        connections,
        configured: Boolean(settings.credentials && !settings.problem),
        problem: settings.problem ?? null,
        managedBy: settings.managedBy,
        ...seen,
        mintLatencyMs: health.mintLatencyMs(),
        breaker: breakerOf(guard, seen),
        rateLimitedUntil: guard.rateLimitedUntil?.toISOString() ?? null,
        cache: { ...cache, hitRate: lookups ? cache.hits / lookups : null },
        ledger: await links.counts(),
        privacy: await getService('privacy', strapi).health(),
      };
    },
  };
};
