import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import {
  DEFAULT_CONNECTION_ID,
  connectionCreateSchema,
  connectionUpdateSchema,
  isConnectionId,
  type ConnectionView,
} from '../../../common/contracts/connections';
import { DURATION_FORMS_HINT, DurationError, parseValidFor } from '../../../common/duration';
import type { ResolvedConfig } from '../config';
import type { Cipher } from '../crypto';
import { invalid, PluginHttpError, validate } from '../errors';
import type { Actor } from '../events';
import type { Credentials } from '../matterport/types';
import {
  connectionsOf,
  hintOf,
  secretPurpose,
  storedEntry,
  toView,
  withEntry,
  withoutEntry,
  type ConnectionRecord,
  type StoredConnection,
  type StoredSettings,
} from './connections';

interface Deps {
  strapi: Core.Strapi;
  config: () => ResolvedConfig;
  cipher: () => Cipher;
  readStored: () => Promise<StoredSettings>;
  store: () => { set(params: { value: unknown }): Promise<void> };
  load: () => Promise<unknown>;
}

/** What a create or an update will write, validated; credentials still to be checked at Matterport by the caller. */
export interface PreparedConnection {
  id: string;
  creating: boolean;
  /** The entry's fields that change (the secret is added by writeConnection, encrypted). */
  patch: StoredConnection;
  /** New credentials to check and store, when they change. */
  candidate?: Credentials;
}

const describe = (issue: { code: string; message: string }, key: string) =>
  `${key || 'body'} ${issue.code === 'invalid_type' ? `must be a ${issue.message.includes('boolean') ? 'boolean' : 'string'}` : issue.message}.`;

const lifetime = (value: string): string => {
  try {
    parseValidFor(value, 'defaultValidFor');
  } catch (error) {
    const message = error instanceof DurationError ? error.message : DURATION_FORMS_HINT;
    throw invalid(
      `${message}${message.includes('for example') ? '' : ` ${DURATION_FORMS_HINT}`} It must be between 30s and 24h.`,
      'defaultValidFor'
    );
  }
  return value.trim();
};

const checkSecretShape = (secret: string): void => {
  if (/\s/.test(secret) || secret.length < 8) {
    throw invalid(
      'clientSecret looks wrong: it must be at least 8 characters without spaces.',
      'clientSecret'
    );
  }
};

const notFound = (id: string): never => {
  throw new errors.NotFoundError(`There is no Matterport connection "${id}".`);
};

/**
 * The connections' admin side (issue 26): list, read, create, change and remove entries of the
 * settings row. Writes go through the same row and revision as the settings page's (the caller
 * runs them in its transaction with the audit entry, then reloads).
 */
export const createConnectionAdmin = ({
  strapi,
  config,
  cipher,
  readStored,
  store,
  load,
}: Deps) => {
  const records = async (): Promise<ConnectionRecord[]> =>
    connectionsOf(await readStored(), config());

  const recordOf = async (id: string): Promise<ConnectionRecord> => {
    if (!isConnectionId(id)) return notFound(id);
    return (await records()).find((r) => r.id === id) ?? notFound(id);
  };

  /** The roles list as stored: each id once, in order, every one an existing admin role (else 400 naming roles). */
  const checkRoles = async (roles: number[] | undefined): Promise<number[] | undefined> => {
    if (roles === undefined) return undefined;
    const unique = [...new Set(roles)].sort((a, b) => a - b);
    if (!unique.length) return [];
    const found = (await strapi.db
      .query('admin::role')
      .findMany({ where: { id: { $in: unique } }, select: ['id'] })) as Array<{ id: number }>;
    const known = new Set(found.map((r) => Number(r.id)));
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length)
      throw invalid(
        `roles: there is no admin role with the id${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}.`,
        'roles'
      );
    return unique;
  };

  const requireKey = () => {
    if (!cipher().available) {
      throw invalid(
        'No encryption key is set, so the client secret cannot be stored safely. Set "encryptionKey" in the matterport plugin config, or admin.secrets.encryptionKey (ENCRYPTION_KEY) in config/admin, then restart Strapi.',
        'clientSecret'
      );
    }
  };

  return {
    /** Every connection, the default first. Never a secret. */
    async listConnections(): Promise<ConnectionView[]> {
      return (await records()).map(toView);
    },

    /** One connection's view; NotFoundError (404) for an unknown id. */
    async getConnection(id: string): Promise<ConnectionView> {
      return toView(await recordOf(id));
    },

    /**
     * The credentials a connection holds, enabled or not (its links must stay revocable); throws
     * a 400 naming clientSecret when the stored secret cannot be read.
     */
    async connectionCredentials(id: string): Promise<Credentials | undefined> {
      const record = await recordOf(id);
      if (!record.clientId) return undefined;
      if (record.configSecret !== undefined)
        return { clientId: record.clientId, clientSecret: record.configSecret };
      if (!record.secret) return undefined;
      return {
        clientId: record.clientId,
        clientSecret: cipher().decrypt(record.secret, secretPurpose(record.id)),
      };
    },

    /** Validates a creation: 400 naming the field, 409 when the id is taken. Nothing is written. */
    async prepareCreate(body: unknown): Promise<PreparedConnection> {
      const input = validate(connectionCreateSchema, body ?? {}, {
        describe,
        unknownKeys: (keys) =>
          `Unknown field(s): ${keys.join(', ')}. Accepted: id, name, clientId, clientSecret, defaultValidFor, enabled, roles.`,
      });
      if ((await records()).some((r) => r.id === input.id)) {
        throw new PluginHttpError(
          409,
          'ConflictError',
          `A Matterport connection "${input.id}" exists already: choose another id (ids never change).`,
          { id: input.id }
        );
      }
      checkSecretShape(input.clientSecret);
      requireKey();
      const roles = await checkRoles(input.roles);
      return {
        id: input.id,
        creating: true,
        patch: {
          name: input.name,
          defaultValidFor:
            input.defaultValidFor === undefined ? undefined : lifetime(input.defaultValidFor),
          enabled: input.enabled ?? true,
          roles,
        },
        candidate: { clientId: input.clientId, clientSecret: input.clientSecret },
      };
    },

    /** Validates a change: 404 for an unknown id, 400 naming the field. Nothing is written. */
    async prepareConnectionUpdate(id: string, body: unknown): Promise<PreparedConnection> {
      const record = await recordOf(id);
      const input = validate(connectionUpdateSchema, body ?? {}, {
        describe,
        unknownKeys: (keys) =>
          `Unknown field(s): ${keys.join(', ')}. Accepted: name, clientId, clientSecret, defaultValidFor, enabled, roles (the id never changes).`,
      });
      const patch: StoredConnection = {};
      // Roles are not credentials: they stay the admin's to set for connections of the configuration too.
      if (record.managedBy === 'config') {
        const locked = (['name', 'clientId', 'clientSecret', 'enabled'] as const).find(
          (key) => input[key] !== undefined
        );
        const lockedLifetime = record.defaultValidForPinned && input.defaultValidFor !== undefined;
        if (locked || lockedLifetime) {
          throw invalid(
            `The connection "${id}" is set in config/plugins (managed by configuration) and cannot be changed here.`,
            locked ?? 'defaultValidFor'
          );
        }
      }
      if (input.name !== undefined) patch.name = input.name;
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      const roles = await checkRoles(input.roles);
      if (roles !== undefined) patch.roles = roles;
      if (input.defaultValidFor !== undefined)
        patch.defaultValidFor = lifetime(input.defaultValidFor);

      const clientId = input.clientId;
      const secret = input.clientSecret;
      const wantsCredentials =
        (clientId !== undefined && clientId !== record.clientId) ||
        (secret !== undefined && secret !== '');
      if (!wantsCredentials) return { id, creating: false, patch };
      let newSecret = secret;
      if (newSecret === undefined || newSecret === '') {
        if (!record.secret)
          throw invalid('Enter the client secret that goes with this client ID.', 'clientSecret');
        newSecret = cipher().decrypt(record.secret, secretPurpose(id));
      }
      checkSecretShape(newSecret);
      requireKey();
      return {
        id,
        creating: false,
        patch,
        candidate: { clientId: clientId ?? record.clientId ?? '', clientSecret: newSecret },
      };
    },

    /**
     * Writes a prepared create or update (on the caller's transaction), encrypting a new secret
     * for this connection only; answers the connection as saved. The row is read again here, so
     * another connection saved meanwhile is kept.
     */
    async writeConnection(prepared: PreparedConnection, actor: Actor): Promise<ConnectionView> {
      const stored = await readStored();
      const existing = storedEntry(stored, prepared.id);
      if (prepared.creating && existing)
        throw new PluginHttpError(
          409,
          'ConflictError',
          `A Matterport connection "${prepared.id}" exists already: choose another id (ids never change).`,
          { id: prepared.id }
        );
      // An update keeps what the entry held even without credentials (a connection of the
      // configuration stores only its roles and lifetime here).
      const { connections: _others, revision: _revision, ...top } = stored;
      const kept =
        existing ??
        (prepared.creating
          ? {}
          : prepared.id === DEFAULT_CONNECTION_ID
            ? top
            : (stored.connections?.[prepared.id] ?? {}));
      const entry: StoredConnection = { ...kept };
      for (const [key, value] of Object.entries(prepared.patch))
        if (value !== undefined) (entry as Record<string, unknown>)[key] = value;
      const { candidate } = prepared;
      if (candidate) {
        entry.clientId = candidate.clientId;
        entry.secret = cipher().encrypt(candidate.clientSecret, secretPurpose(prepared.id));
        entry.secretHint = hintOf(candidate.clientSecret);
        entry.secretUpdatedAt = new Date().toISOString();
        entry.secretUpdatedBy = actor.name;
        entry.secretUpdatedById = actor.id;
        entry.secretUpdatedByEmail = actor.email;
      }
      const next = withEntry(stored, prepared.id, entry);
      next.revision = (stored.revision ?? 0) + 1;
      await store().set({ value: next });
      const saved = connectionsOf(next, config()).find((r) => r.id === prepared.id);
      return saved ? toView(saved) : notFound(prepared.id);
    },

    /**
     * Removes a connection's entry (on the caller's transaction). One set in config/plugins
     * cannot be removed here (409).
     */
    async removeConnection(id: string): Promise<ConnectionView> {
      const record = await recordOf(id);
      if (record.managedBy === 'config') {
        throw new PluginHttpError(
          409,
          'ConflictError',
          `The connection "${id}" is set in config/plugins (managed by configuration): remove it there.`,
          { id }
        );
      }
      const stored = await readStored();
      const next = withoutEntry(stored, id);
      next.revision = (stored.revision ?? 0) + 1;
      await store().set({ value: next });
      return toView(record);
    },

    /** Re-reads the settings (after the caller's transaction committed). */
    async reloadConnections(): Promise<void> {
      await load();
    },
  };
};
