import { EventEmitter } from 'node:events';

import type { Core } from '@strapi/strapi';

import type { ActorView } from '../../../common/contracts/shared';
import type { MatterportErrorCode, MatterportOperation } from '../../../common/errors';

/** Who did something: an admin user (id, email, display name), or the plugin itself (name only). */
export type Actor = ActorView;

/** The plugin acting on its own (no admin): a name, no id, no email. */
export const systemActor = (name: 'system' | 'revokeOnUnpublish' | 'modelEvents'): Actor => ({
  id: null,
  email: null,
  name,
});

/**
 * What the plugin does, as facts other parts listen to (audit trail, webhooks, health).
 * Payloads never carry a secret, an account token or an embed token.
 */
export interface PluginEvents {
  'settings.updated': {
    actor: Actor;
    clientId: string | null;
    clientIdChanged: boolean;
    /** Whether a new secret was saved; nothing of the secret itself (not even its last characters). */
    secretRotated: boolean;
    defaultValidFor: { from: string; to: string } | null;
  };
  'credentials.tested': {
    actor: Actor;
    ok: boolean;
    code?: MatterportErrorCode;
    mintTested: boolean;
    /** The connection tested (POST /connections/:id/test); absent from the settings page's test. */
    connection?: string;
  };
  'links.revoked': {
    actor: Actor;
    scope: 'link' | 'model' | 'previous-credentials' | 'filter' | 'unpublish';
    modelIds: string[];
    /** The connections of the matched links (issue 26), sorted. */
    connections: string[];
    revoked: number;
    failed: number;
    /** Revoked at Matterport, but the ledger row could not be marked (see RevokeOutcome.unrecorded). */
    unrecorded?: number;
    failures: Array<{ id: number; modelId: string; connection: string; code: string }>;
  };
  'link.minted': {
    modelId: string;
    /** The connection whose credentials minted it. */
    connection: string;
    lifetimeSeconds: number;
    latencyMs: number;
    purpose: 'delivery' | 'preview';
  };
  // `connection`: the connection (Matterport organisation) whose client emitted it (issue 26).
  'token.obtained': { connection?: string };
  /** A call with the saved credentials that Matterport answered (failures of others are not told either). */
  'matterport.succeeded': { operation: MatterportOperation; connection?: string };
  'matterport.failed': {
    code: MatterportErrorCode;
    operation?: MatterportOperation;
    connection?: string;
  };
  /** scope: what the refusal stops (token: every call; mint: mints only, the token still works). */
  'breaker.opened': {
    reason: MatterportErrorCode;
    scope: 'token' | 'mint';
    until: string;
    connection?: string;
  };
  'breaker.closed': {
    reason: 'settings-saved' | 'connection-tested' | 'token-obtained' | 'link-minted';
    connection?: string;
  };
  'encryption.reencrypted': { actor: Actor; rows: number };
}

export type PluginEventName = keyof PluginEvents;

const buses = new WeakMap<object, EventEmitter>();

const busOf = (strapi: Core.Strapi): EventEmitter => {
  let bus = buses.get(strapi);
  if (!bus) {
    bus = new EventEmitter();
    bus.setMaxListeners(50);
    buses.set(strapi, bus);
  }
  return bus;
};

/** Tells every listener; a listener that throws is logged, never breaks the caller. */
export const emit = <K extends PluginEventName>(
  strapi: Core.Strapi,
  name: K,
  payload: PluginEvents[K]
): void => {
  for (const listener of busOf(strapi).listeners(name)) {
    try {
      const result = (listener as (p: PluginEvents[K]) => unknown)(payload);
      if (result && typeof (result as Promise<unknown>).catch === 'function') {
        (result as Promise<unknown>).catch((error: Error) =>
          strapi.log.warn(`[matterport] ${name} listener failed: ${error.message}`)
        );
      }
    } catch (error) {
      strapi.log.warn(`[matterport] ${name} listener failed: ${(error as Error).message}`);
    }
  }
};

export const on = <K extends PluginEventName>(
  strapi: Core.Strapi,
  name: K,
  listener: (payload: PluginEvents[K]) => unknown
): (() => void) => {
  busOf(strapi).on(name, listener);
  return () => busOf(strapi).off(name, listener);
};
