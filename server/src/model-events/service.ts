import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { isGoneState, type ModelEventPayload } from '../../../common/catalogue';
import { DEFAULT_CONNECTION_ID, type ModelEventsView } from '../../../common/contracts/connections';
import { PLUGIN_ID } from '../../../common/plugin';
import { isEncryptedValue, type EncryptedValue } from '../crypto';
import { PluginHttpError, validate } from '../errors';
import { systemActor, type Actor } from '../events';
import { sendWebhook, WEBHOOK_EVENTS } from '../ops/webhooks';
import { getService } from '../utils/get-service';
import { carriesCredentials, generateCredentials, type CallbackCredentials } from './credentials';
import {
  eventHash,
  eventPayloadSchema,
  eventTime,
  MAX_EVENT_BYTES,
  meaningOf,
  type EventMeaning,
} from './payload';

const EVENT_UID = 'plugin::matterport.model-event';
const STORE_KEY = 'model-events';
/** The event types the plugin registers for (processed and bundle_updated change nothing it keeps). */
const REGISTERED_TYPES = [
  'created',
  'deleted',
  'transferred_in',
  'transferred_out',
  'activation_state_changed',
  'restored',
  'visibility_changed',
  'details_changed',
];
/** Where-used entries a model.update webhook carries at most. */
const WEBHOOK_ENTRIES = 100;

/** One connection's registration as stored in the plugin store (the secret encrypted). */
interface StoredRegistration {
  credType: 'basic' | 'token';
  credKey: string;
  secret: EncryptedValue;
  registrationId: string;
  callbackUrl: string;
  registeredAt: string;
  registeredBy: string | null;
}
type StoredRegistrations = Record<string, StoredRegistration>;

interface EventRow {
  id: number;
  hash: string;
  outcome: string;
  occurredAt: string | Date;
  receivedAt: string | Date;
}

/** What the receiver answers (always JSON, never a secret). */
export interface ReceiveAnswer {
  status: number;
  body: { data: { accepted: boolean; outcome: string } };
}

const secretPurpose = (connection: string) => `model-events.secret:${connection}` as const;

/**
 * Matterport's model events (issue 28): the registration of a callback per connection, and the
 * receiver. An accepted event is stored once (its payload's hash is unique), then applied: the
 * catalogue learns the space's state, visibility or name; a space gone (deleted, transferred
 * out, archived) has its links of that connection revoked, and delivery answers
 * MATTERPORT_MODEL_GONE for it (catalogue.isGone, on the hot path). Every applied event is
 * written to the audit trail and sent as the Strapi webhook `matterport.model.update`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const cipher = () => getService('runtime', strapi).cipher();
  const events = () => strapi.db.query(EVENT_UID as never);

  const readAll = async (): Promise<StoredRegistrations> =>
    ((await store().get({})) as StoredRegistrations | null) ?? {};

  const registrationOf = async (connection: string): Promise<StoredRegistration | undefined> => {
    const all = await readAll();
    const entry = Object.prototype.hasOwnProperty.call(all, connection)
      ? all[connection]
      : undefined;
    return entry && isEncryptedValue(entry.secret) ? entry : undefined;
  };

  const writeRegistration = async (connection: string, entry: StoredRegistration | undefined) => {
    const all = { ...(await readAll()) };
    if (entry) all[connection] = entry;
    else delete all[connection];
    await store().set({ value: all });
  };

  /** Where Matterport posts a connection's events: Strapi's public URL and the REST prefix. */
  const callbackUrl = (connection: string): string => {
    const base = String(strapi.config.get('server.absoluteUrl') ?? '').replace(/\/+$/, '');
    const prefix = String(strapi.config.get('api.rest.prefix') ?? '/api').replace(/\/+$/, '');
    const tail = connection === DEFAULT_CONNECTION_ID ? '' : `/${connection}`;
    return `${base}${prefix}/${PLUGIN_ID}/events${tail}`;
  };

  const lastEventAt = async (connection: string): Promise<string | null> => {
    const [row] = (await events().findMany({
      where: { connection },
      orderBy: [{ receivedAt: 'desc' }],
      limit: 1,
    })) as EventRow[];
    return row ? new Date(row.receivedAt).toISOString() : null;
  };

  const view = async (connection: string): Promise<ModelEventsView> => {
    const entry = await registrationOf(connection);
    return {
      connection,
      registered: entry !== undefined,
      registrationId: entry?.registrationId ?? null,
      callbackUrl: entry?.callbackUrl ?? callbackUrl(connection),
      credType: entry?.credType ?? null,
      registeredAt: entry?.registeredAt ?? null,
      registeredBy: entry?.registeredBy ?? null,
      lastEventAt: await lastEventAt(connection),
    };
  };

  const audit =
    (action: 'model.event' | 'model-events.register' | 'model-events.unregister') =>
    (actor: Actor, details: Record<string, unknown>) =>
      getService('ops', strapi).audit.record(action, actor, details, { toEnterprise: true });

  /** The registration's credentials, decrypted; undefined when they cannot be read. */
  const credentialsOf = (connection: string, entry: StoredRegistration) => {
    try {
      return {
        credType: entry.credType,
        credKey: entry.credKey,
        secret: cipher().decrypt(entry.secret, secretPurpose(connection)),
      } satisfies CallbackCredentials;
    } catch {
      return undefined;
    }
  };

  /** Applies an event's meaning; answers what the webhook and the audit trail say of it. */
  const apply = async (
    connection: string,
    payload: ModelEventPayload,
    meaning: Exclude<EventMeaning, { aspect: 'none' }>,
    at: Date
  ) => {
    const catalogue = getService('catalogue', strapi);
    const patch =
      meaning.aspect === 'state'
        ? { state: meaning.state }
        : meaning.aspect === 'visibility'
          ? { visibility: meaning.visibility }
          : meaning.name !== undefined
            ? { name: meaning.name }
            : {};
    const { after } = await catalogue.record(connection, payload.modelId, patch, at);
    let revoked = 0;
    if (meaning.aspect === 'state' && isGoneState(meaning.state)) {
      // The model's links of this connection, each with the credentials that minted it.
      const outcomes = await getService('links', strapi).revokeWhere(
        { modelId: payload.modelId, connection },
        systemActor('modelEvents'),
        'model'
      );
      revoked = outcomes.revoked.length;
      if (outcomes.failed.length)
        strapi.log.warn(
          `[matterport] ${outcomes.failed.length} link(s) of gone model ${payload.modelId} (${connection}) could not be revoked at Matterport; delivery refuses the model all the same.`
        );
    }
    // A space back (restored, transferred in, active again): what Matterport answered for it
    // while it was gone (not found, refused) is no longer remembered.
    if (meaning.aspect === 'state' && !isGoneState(meaning.state))
      getService('matterport', strapi).forgetFailures([payload.modelId], connection);
    if (meaning.aspect === 'details')
      getService('embeds', strapi).forgetPoster(connection, payload.modelId);
    return { after, revoked };
  };

  const service = {
    status: (connection: string) => view(connection),

    /**
     * Registers a callback for the connection's organisation at Matterport, with new
     * credentials (a previous registration is removed first, its credentials then stop working).
     */
    async register(
      connection: string,
      actor: Actor,
      credType: 'basic' | 'token' = 'basic'
    ): Promise<ModelEventsView> {
      const matterport = getService('matterport', strapi);
      const previous = await registrationOf(connection);
      const url = new URL(callbackUrl(connection));
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new errors.ValidationError('Strapi has no public http(s) URL (server.url).');
      const credentials = generateCredentials(credType);
      const id = await matterport.addModelEventCallback(
        {
          version: 2,
          eventTypes: REGISTERED_TYPES,
          callback: {
            scheme: url.protocol.slice(0, -1),
            host: url.hostname,
            ...(url.port ? { port: Number(url.port) } : {}),
            path: url.pathname.replace(/^\//, ''),
            credType: credentials.credType,
            credKey: credentials.credKey,
            credSecret: credentials.secret,
          },
        },
        connection
      );
      await writeRegistration(connection, {
        credType: credentials.credType,
        credKey: credentials.credKey,
        secret: cipher().encrypt(credentials.secret, secretPurpose(connection)),
        registrationId: id,
        callbackUrl: url.toString(),
        registeredAt: new Date().toISOString(),
        registeredBy: actor.name,
      });
      if (previous && previous.registrationId !== id) {
        await matterport
          .removeModelEventCallback(previous.registrationId, connection)
          .catch((error: Error) =>
            strapi.log.warn(
              `[matterport] could not remove the previous model event callback of "${connection}": ${error.message}`
            )
          );
      }
      await audit('model-events.register')(actor, {
        connection,
        registrationId: id,
        callbackUrl: url.toString(),
        credType,
        replaced: previous?.registrationId ?? null,
      });
      return view(connection);
    },

    /** Removes the callback at Matterport (an unknown one counts as removed) and here. */
    async unregister(connection: string, actor: Actor): Promise<ModelEventsView> {
      const previous = await registrationOf(connection);
      if (previous) {
        await getService('matterport', strapi).removeModelEventCallback(
          previous.registrationId,
          connection
        );
        await writeRegistration(connection, undefined);
        await audit('model-events.unregister')(actor, {
          connection,
          registrationId: previous.registrationId,
        });
      }
      return view(connection);
    },

    /**
     * A connection being removed: its callback is removed at Matterport (best effort: while its
     * credentials still work) and its registration here, so a connection made again under
     * the same id does not accept events with the old credentials.
     */
    async forgetConnection(connection: string): Promise<void> {
      const previous = await registrationOf(connection);
      if (!previous) return;
      await getService('matterport', strapi)
        .removeModelEventCallback(previous.registrationId, connection)
        .catch((error: Error) =>
          strapi.log.warn(
            `[matterport] could not remove the model event callback of removed connection "${connection}" at Matterport: ${error.message}`
          )
        );
      await writeRegistration(connection, undefined);
    },

    /**
     * POST /api/matterport/events(/:connection). Wrong or missing credentials: 401, nothing
     * read or written. A duplicate or a replay of an accepted event: 200, nothing changes. An
     * event older than one applied for the same space and aspect: recorded, not applied.
     */
    async receive(
      connection: string,
      request: {
        headers: Record<string, string | string[] | undefined>;
        length?: number;
        body: unknown;
      }
    ): Promise<ReceiveAnswer> {
      if ((request.length ?? 0) > MAX_EVENT_BYTES)
        throw new PluginHttpError(413, 'PayloadTooLargeError', 'The event is too large.');
      const entry = await registrationOf(connection);
      const expected = entry && credentialsOf(connection, entry);
      // The same refusal for an unknown connection, no registration and wrong credentials.
      if (!expected || !carriesCredentials(request.headers, expected))
        throw new errors.UnauthorizedError('Missing or invalid credentials');
      if (JSON.stringify(request.body ?? null).length > MAX_EVENT_BYTES)
        throw new PluginHttpError(413, 'PayloadTooLargeError', 'The event is too large.');
      const payload = validate(eventPayloadSchema, request.body) as ModelEventPayload;
      const at = eventTime(payload.timestamp);
      if (!at)
        throw new errors.ValidationError(
          'timestamp is not an ISO-8601 instant or epoch milliseconds'
        );
      const meaning = meaningOf(payload);
      const hash = eventHash(connection, request.body);

      // Claimed first: the unique hash makes a duplicate (or a replay, or a concurrent copy on
      // another replica) fail here, before anything changes.
      let row: EventRow;
      try {
        row = (await events().create({
          data: {
            hash,
            connection,
            modelId: payload.modelId,
            type: payload.type,
            aspect: meaning.aspect,
            outcome: 'pending',
            webhookId: String(payload.webhookId),
            occurredAt: at,
            receivedAt: new Date(),
          },
        })) as EventRow;
      } catch (error) {
        const existing = await events().findOne({ where: { hash } });
        if (existing) return answer(false, 'duplicate');
        throw error;
      }

      const settle = (outcome: string) =>
        events().update({ where: { id: row.id }, data: { outcome } });
      try {
        if (meaning.aspect === 'none') {
          await settle('ignored');
          return answer(true, 'ignored');
        }
        const newer = await events().count({
          where: {
            connection,
            modelId: payload.modelId,
            aspect: meaning.aspect,
            outcome: 'applied',
            occurredAt: { $gt: at },
          },
        });
        if (Number(newer) > 0) {
          await settle('stale');
          return answer(true, 'stale');
        }
        const { after, revoked } = await apply(connection, payload, meaning, at);
        await settle('applied');
        await audit('model.event')(systemActor('modelEvents'), {
          connection,
          modelId: payload.modelId,
          type: payload.type,
          state: after.state,
          visibility: after.visibility,
          name: after.name,
          revoked,
          occurredAt: at.toISOString(),
        });
        const usage = await getService('usage', strapi).forModel(connection, payload.modelId, {
          limit: WEBHOOK_ENTRIES,
        });
        sendWebhook(strapi, WEBHOOK_EVENTS.MATTERPORT_MODEL_UPDATE, {
          modelId: payload.modelId,
          connection,
          type: payload.type,
          state: after.state,
          visibility: after.visibility,
          name: after.name,
          entries: usage.entries,
        });
        return answer(true, 'applied');
      } catch (error) {
        // Not applied: the claim goes, so Matterport's retry (if it retries) applies it.
        await events()
          .delete({ where: { id: row.id } })
          .catch(() => undefined);
        throw error;
      }
    },
  };
  return service;
};

const answer = (accepted: boolean, outcome: string): ReceiveAnswer => ({
  status: 200,
  body: { data: { accepted, outcome } },
});
