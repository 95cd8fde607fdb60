import type { Core } from '@strapi/strapi';

import type { HealthView } from '../../../common/contracts/ops';
import { on, systemActor, type PluginEvents } from '../events';
import { getService } from '../utils/get-service';
import { createAudit } from './audit';
import { createExpiringWatch } from './expiring';
import { createHealthTracker } from './health';
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
  const health = createHealthTracker();
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
          health.breakerOpened(e.reason, e.until);
          return recordAudit(
            'breaker.open',
            systemActor('system'),
            { reason: e.reason, scope: e.scope, until: e.until },
            { toEnterprise: true }
          );
        }),
        on(strapi, 'breaker.closed', (e) => {
          health.breakerClosed();
          return recordAudit(
            'breaker.close',
            systemActor('system'),
            { reason: e.reason },
            { toEnterprise: true }
          );
        }),
        on(strapi, 'encryption.reencrypted', (e) =>
          recordAudit('encryption.reencrypt', e.actor, { rows: e.rows }, { toEnterprise: true })
        ),
        on(strapi, 'token.obtained', () => health.tokenObtained()),
        on(strapi, 'link.minted', (e) => health.minted(e.latencyMs)),
        on(strapi, 'matterport.succeeded', (e) => health.succeeded(e.operation)),
        on(strapi, 'matterport.failed', (e) => health.failed(e.code, e.operation))
      );
      expiring.start();
    },

    stop() {
      expiring.stop();
      while (unsubscribe.length) unsubscribe.pop()?.();
    },

    async health(): Promise<HealthView> {
      const settings = await getService('settings', strapi).getSnapshot();
      const links = getService('links', strapi);
      const cache = links.cacheStats();
      const lookups = cache.hits + cache.misses;
      // The breaker as the Matterport client holds it now (the events only say why it opened).
      const guard = getService('matterport', strapi).breaker();
      const seen = health.snapshot();
      return {
        // Filled per connection by issue 26's operations work.
        connections: [],
        configured: Boolean(settings.credentials && !settings.problem),
        problem: settings.problem ?? null,
        managedBy: settings.managedBy,
        ...seen,
        breaker: guard.open
          ? {
              state: 'open',
              reason: seen.breaker.reason ?? 'MATTERPORT_AUTH_FAILED',
              openUntil: guard.openUntil?.toISOString() ?? null,
            }
          : { state: 'closed', reason: null, openUntil: null },
        rateLimitedUntil: guard.rateLimitedUntil?.toISOString() ?? null,
        cache: { ...cache, hitRate: lookups ? cache.hits / lookups : null },
        ledger: await links.counts(),
      };
    },
  };
};
