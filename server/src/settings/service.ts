import type { Core } from '@strapi/strapi';

import {
  settingsUpdateSchema,
  type SettingsUpdate,
  type SettingsView,
} from '../../../common/contracts/settings';
import type { ResolvedConfig } from '../config';
import type { Credentials } from '../matterport/types';
import { PLUGIN_ID } from '../../../common/plugin';
import { DURATION_FORMS_HINT, DurationError, parseValidFor } from '../../../common/duration';
import { MatterportError } from '../../../common/errors';
import { DEFAULT_CONNECTION_ID } from '../../../common/contracts/connections';
import { isEncryptedValue, type Cipher } from '../crypto';
import { invalid, validate } from '../errors';
import type { Actor } from '../events';
import {
  connectionsOf,
  DEFAULT_VALID_FOR,
  hintOf,
  secretPurpose,
  type ConnectionRecord,
  type StoredSettings,
} from './connections';
import { createConnectionAdmin } from './connection-admin';

/** What the plugin works with, decrypted, in memory only. */
export interface SettingsSnapshot {
  credentials?: Credentials;
  /** Keyed fingerprint of the credentials, as rows minted from now on carry it. */
  fingerprint?: string;
  /** Every fingerprint rows minted by these credentials may carry (earlier keys, version 1). */
  fingerprints?: string[];
  defaultValidForSeconds: number;
  defaultValidFor: string;
  managedBy: 'admin' | 'config';
  /** Set when the stored secret cannot be read (the encryption key changed), or the connection is disabled. */
  problem?: string;
  revision: number;
  loadedAt: number;
  /** The connection these settings are (absent: no connection, as on a fresh install). */
  connectionId?: string;
  enabled?: boolean;
}

export { DEFAULT_VALID_FOR };
export type { SettingsUpdate, StoredSettings };

const STORE_KEY = 'settings';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = (): ResolvedConfig => strapi.plugin(PLUGIN_ID).service('runtime').config();
  const cipher = () => strapi.plugin(PLUGIN_ID).service('runtime').cipher() as Cipher;
  const identify = (credentials: Credentials) => ({
    credentials,
    fingerprint: cipher().fingerprint(credentials.clientId, credentials.clientSecret),
    fingerprints: cipher().fingerprints(credentials.clientId, credentials.clientSecret),
  });
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });

  let snapshot: SettingsSnapshot | undefined;
  let loading: Promise<SettingsSnapshot> | undefined;
  const listeners = new Set<
    (next: SettingsSnapshot, previous: SettingsSnapshot | undefined) => void
  >();

  /** The snapshots of the other connections, read in the same load as `snapshot` (the default's). */
  let others = new Map<string, SettingsSnapshot>();

  const readStored = async (): Promise<StoredSettings> =>
    ((await store().get({})) as StoredSettings | null) ?? {};

  const recordSnapshot = (record: ConnectionRecord, revision: number): SettingsSnapshot => {
    const base = {
      connectionId: record.id,
      enabled: record.enabled,
      defaultValidFor: record.defaultValidFor,
      defaultValidForSeconds: parseValidFor(record.defaultValidFor),
      managedBy: record.managedBy,
      revision,
      loadedAt: Date.now(),
    };
    // Disabled: no credentials, so every reader answers MATTERPORT_NOT_CONFIGURED with this reason.
    if (!record.enabled)
      return {
        ...base,
        problem: `The Matterport connection "${record.id}" is disabled: enable it in Settings → Matterport.`,
      };
    if (record.clientId && record.configSecret !== undefined)
      return {
        ...base,
        ...identify({ clientId: record.clientId, clientSecret: record.configSecret }),
      };
    if (!record.clientId || !record.secret) return base;
    try {
      const credentials = {
        clientId: record.clientId,
        clientSecret: cipher().decrypt(record.secret, secretPurpose(record.id)),
      };
      return { ...base, ...identify(credentials) };
    } catch (error) {
      return { ...base, problem: (error as Error).message };
    }
  };

  const toSnapshots = (
    stored: StoredSettings
  ): { main: SettingsSnapshot; rest: Map<string, SettingsSnapshot> } => {
    const revision = stored.revision ?? 0;
    const rest = new Map<string, SettingsSnapshot>();
    let main: SettingsSnapshot | undefined;
    for (const record of connectionsOf(stored, config())) {
      const one = recordSnapshot(record, revision);
      if (record.isDefault) main = one;
      else rest.set(record.id, one);
    }
    // No default connection (a fresh install, or it was removed): unconfigured, as before connections.
    const defaultValidFor = stored.defaultValidFor ?? DEFAULT_VALID_FOR;
    main ??= {
      defaultValidFor,
      defaultValidForSeconds: parseValidFor(defaultValidFor),
      managedBy: 'admin',
      revision,
      loadedAt: Date.now(),
    };
    return { main, rest };
  };

  const load = (): Promise<SettingsSnapshot> => {
    loading ??= readStored()
      .then((stored) => {
        const previous = snapshot;
        const previousOthers = others;
        const { main: next, rest } = toSnapshots(stored);
        snapshot = next;
        others = rest;
        if (previous && previous.fingerprint !== next.fingerprint)
          listeners.forEach((l) => l(next, previous));
        if (previous) {
          // The other connections: changed, added or removed since the last load.
          for (const [id, one] of rest) {
            const before = previousOthers.get(id);
            if (before?.fingerprint !== one.fingerprint) listeners.forEach((l) => l(one, before));
          }
          for (const [id, before] of previousOthers) {
            if (rest.has(id)) continue;
            const gone: SettingsSnapshot = {
              ...before,
              credentials: undefined,
              fingerprint: undefined,
              fingerprints: undefined,
              problem: `There is no Matterport connection "${id}".`,
            };
            listeners.forEach((l) => l(gone, before));
          }
        }
        return next;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const fresh = (current: SettingsSnapshot | undefined): SettingsSnapshot | undefined => {
    if (!current) return undefined;
    const age = Date.now() - current.loadedAt;
    // Unconfigured is usually a moment (another replica is saving): look again soon, not every request.
    const ttl = current.credentials
      ? config().settingsTtlMs
      : Math.min(config().settingsTtlMs, 1000);
    return age < ttl ? current : undefined;
  };

  const pinnedDefault = ():
    | { clientId: string; clientSecret: string; defaultValidFor?: string }
    | undefined => {
    const cfg = config();
    if (cfg.clientId && cfg.clientSecret)
      return { clientId: cfg.clientId, clientSecret: cfg.clientSecret };
    return cfg.connections.find((c) => c.id === DEFAULT_CONNECTION_ID);
  };

  const service = {
    /** Settings for the hot path: re-read from the database at most every settingsTtl. */
    async getSnapshot(): Promise<SettingsSnapshot> {
      return service.peekSnapshot() ?? load();
    },

    /** The snapshot while it is younger than settingsTtl, without a promise (the warm delivery path). */
    peekSnapshot(): SettingsSnapshot | undefined {
      return fresh(snapshot);
    },

    /**
     * One connection's settings (the default's for `default`), as fresh as getSnapshot's;
     * undefined for a connection that does not exist. Read with every other connection at once.
     */
    async getConnectionSnapshot(id: string): Promise<SettingsSnapshot | undefined> {
      const known = service.peekConnectionSnapshot(id);
      if (known) return known;
      const main = await load();
      return id === DEFAULT_CONNECTION_ID ? (main.connectionId ? main : undefined) : others.get(id);
    },

    /** peekSnapshot for one connection: undefined when stale or unknown. */
    peekConnectionSnapshot(id: string): SettingsSnapshot | undefined {
      if (id === DEFAULT_CONNECTION_ID) {
        const main = fresh(snapshot);
        return main?.connectionId ? main : undefined;
      }
      return fresh(snapshot) ? others.get(id) : undefined;
    },

    /** Settings straight from the database: before any Matterport call, so a replica sees a rotation at once. */
    async refresh(): Promise<SettingsSnapshot> {
      return load();
    },

    /**
     * The credentials to call Matterport with for a connection (default: `default`), read
     * from the database, or MATTERPORT_NOT_CONFIGURED (no such connection, disabled, or its
     * secret unreadable).
     */
    async getCredentials(connection: string = DEFAULT_CONNECTION_ID): Promise<Credentials> {
      const main = await service.refresh();
      const current = connection === DEFAULT_CONNECTION_ID ? main : others.get(connection);
      if (!current)
        throw new MatterportError(
          'MATTERPORT_NOT_CONFIGURED',
          `There is no Matterport connection "${connection}".`
        );
      if (current.problem) throw new MatterportError('MATTERPORT_NOT_CONFIGURED', current.problem);
      if (!current.credentials) throw new MatterportError('MATTERPORT_NOT_CONFIGURED');
      return current.credentials;
    },

    /** The ids of every connection (the default first), as fresh as getSnapshot. */
    async connectionIds(): Promise<string[]> {
      const main = await service.getSnapshot();
      return [...(main.connectionId ? [main.connectionId] : []), ...others.keys()];
    },

    /**
     * Called with the new and old snapshot whenever a connection's credentials change (any
     * replica): `next.connectionId` (or `previous.connectionId`, for a removed one) says which.
     */
    onCredentialsChange(
      listener: (next: SettingsSnapshot, previous: SettingsSnapshot | undefined) => void
    ): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async getView(): Promise<SettingsView> {
      const stored = await readStored();
      const pinned = pinnedDefault();
      const managedBy = pinned ? 'config' : 'admin';
      if (pinned) {
        return {
          clientId: pinned.clientId,
          hasSecret: true,
          secretHint: hintOf(pinned.clientSecret),
          secretUpdatedAt: null,
          secretUpdatedBy: null,
          defaultValidFor: pinned.defaultValidFor ?? stored.defaultValidFor ?? DEFAULT_VALID_FOR,
          managedBy,
          encryptionAvailable: cipher().available,
        };
      }
      return {
        clientId: stored.clientId ?? null,
        hasSecret: isEncryptedValue(stored.secret),
        secretHint: stored.secretHint ?? null,
        secretUpdatedAt: stored.secretUpdatedAt ?? null,
        secretUpdatedBy: stored.secretUpdatedBy ?? null,
        secretUpdatedById: stored.secretUpdatedById ?? null,
        secretUpdatedByEmail: stored.secretUpdatedByEmail ?? null,
        defaultValidFor: stored.defaultValidFor ?? DEFAULT_VALID_FOR,
        managedBy,
        encryptionAvailable: cipher().available,
      };
    },

    /**
     * Validates the body; returns what would be saved, and whether credentials change.
     * Throws a ValidationError (errors/validation.ts) whose message and path name the field.
     */
    async prepareUpdate(body: unknown): Promise<{
      next: StoredSettings;
      credentialsChanged: boolean;
      candidate?: Credentials;
    }> {
      const input = validate(settingsUpdateSchema, body ?? {}, {
        describe: (issue, key) =>
          `${key || 'body'} ${issue.code === 'invalid_type' ? 'must be a string' : issue.message}.`,
        unknownKeys: (keys) =>
          `Unknown setting(s): ${keys.join(', ')}. Accepted: clientId, clientSecret, defaultValidFor.`,
      });
      const stored = await readStored();
      const pinned = pinnedDefault() !== undefined;
      const next: StoredSettings = { ...stored };

      if (input.defaultValidFor !== undefined) {
        try {
          parseValidFor(input.defaultValidFor, 'defaultValidFor');
        } catch (error) {
          const message = error instanceof DurationError ? error.message : DURATION_FORMS_HINT;
          throw invalid(
            `${message}${message.includes('for example') ? '' : ` ${DURATION_FORMS_HINT}`} It must be between 30s and 24h.`,
            'defaultValidFor'
          );
        }
        next.defaultValidFor = input.defaultValidFor.trim();
      }

      const clientId = input.clientId?.trim();
      const secret = input.clientSecret;
      const wantsCredentials =
        (clientId !== undefined && clientId !== stored.clientId) ||
        (secret !== undefined && secret !== '');
      if (!wantsCredentials) return { next, credentialsChanged: false };

      if (pinned) {
        throw invalid(
          'The client ID and secret are set in config/plugins (managed by configuration) and cannot be changed here.',
          clientId !== undefined ? 'clientId' : 'clientSecret'
        );
      }
      if (clientId === '') throw invalid('clientId must not be empty.', 'clientId');
      const newClientId = clientId ?? stored.clientId;
      if (!newClientId)
        throw invalid(
          'Enter the client ID from Matterport (Settings → Developer Tools).',
          'clientId'
        );
      let newSecret = secret;
      if (newSecret === undefined || newSecret === '') {
        if (!isEncryptedValue(stored.secret)) {
          throw invalid('Enter the client secret that goes with this client ID.', 'clientSecret');
        }
        newSecret = cipher().decrypt(stored.secret, 'settings.secret');
      }
      if (/\s/.test(newSecret) || newSecret.length < 8) {
        throw invalid(
          'clientSecret looks wrong: it must be at least 8 characters without spaces.',
          'clientSecret'
        );
      }
      const c = cipher();
      if (!c.available) {
        throw invalid(
          'No encryption key is set, so the client secret cannot be stored safely. Set "encryptionKey" in the matterport plugin config, or admin.secrets.encryptionKey (ENCRYPTION_KEY) in config/admin, then restart Strapi.',
          'clientSecret'
        );
      }
      return {
        next,
        credentialsChanged: true,
        candidate: { clientId: newClientId, clientSecret: newSecret },
      };
    },

    /**
     * Writes what prepareUpdate returned (credentials already checked by the caller), on the
     * caller's transaction when there is one (the audit entry goes in the same commit). The
     * caller re-reads the settings (refresh) once it is committed, so this process never holds
     * settings a rollback undid.
     */
    async write(
      prepared: { next: StoredSettings; credentialsChanged: boolean; candidate?: Credentials },
      actor: Actor
    ): Promise<void> {
      const { next, candidate } = prepared;
      const previous = await readStored();
      // The other connections share this row: keep them as they are now, not as they were when
      // prepareUpdate read the row (one may have been added while Matterport checked the secret).
      if (previous.connections) next.connections = previous.connections;
      else delete next.connections;
      if (prepared.credentialsChanged && candidate) {
        const c = cipher();
        next.clientId = candidate.clientId;
        next.secret = c.encrypt(candidate.clientSecret, 'settings.secret');
        next.secretHint = hintOf(candidate.clientSecret);
        next.secretUpdatedAt = new Date().toISOString();
        next.secretUpdatedBy = actor.name;
        next.secretUpdatedById = actor.id;
        next.secretUpdatedByEmail = actor.email;
      } else if (
        isEncryptedValue(next.secret) &&
        cipher().available &&
        cipher().isStale(next.secret)
      ) {
        // Every write leaves the secret under the current key, whatever key wrote it.
        try {
          next.secret = cipher().reencrypt(next.secret, 'settings.secret');
        } catch {
          // Unreadable with every key: left as is; the settings page asks for the secret again.
        }
      }
      next.revision = (previous.revision ?? 0) + 1;
      await store().set({ value: next });
    },

    /** Re-encrypts every stored secret (each connection's) with the current key; answers whether any changed. */
    async reencrypt(): Promise<boolean> {
      const stored = await readStored();
      let next: StoredSettings = stored;
      if (isEncryptedValue(stored.secret) && cipher().isStale(stored.secret))
        next = { ...next, secret: cipher().reencrypt(stored.secret, 'settings.secret') };
      const connections = { ...(stored.connections ?? {}) };
      let othersChanged = false;
      for (const [id, entry] of Object.entries(connections)) {
        if (!isEncryptedValue(entry.secret) || !cipher().isStale(entry.secret)) continue;
        try {
          connections[id] = {
            ...entry,
            secret: cipher().reencrypt(entry.secret, secretPurpose(id)),
          };
          othersChanged = true;
        } catch {
          // Unreadable with every key: left as is; its Test connection says so.
        }
      }
      if (othersChanged) next = { ...next, connections };
      if (next === stored) return false;
      await store().set({ value: { ...next, revision: (stored.revision ?? 0) + 1 } });
      await load();
      return true;
    },

    /** Whether credentials are stored in the database (start-up refuses them without an encryption key). */
    async hasStoredCredentials(): Promise<boolean> {
      const stored = await readStored();
      return (
        Boolean(stored.clientId && stored.secret) ||
        Object.values(stored.connections ?? {}).some((c) => Boolean(c.clientId && c.secret))
      );
    },

    ...createConnectionAdmin({ strapi, config, cipher, readStored, store, load }),
  };

  return service;
};
