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
import { isEncryptedValue, type Cipher, type EncryptedValue } from '../crypto';
import { invalid, validate } from '../errors';
import type { Actor } from '../events';

/** The row the plugin keeps in Strapi's core store. The secret rests encrypted. */
export interface StoredSettings {
  clientId?: string;
  secret?: EncryptedValue;
  secretHint?: string;
  secretUpdatedAt?: string;
  /** Display name of the admin who saved the secret (all that settings saved before ids have). */
  secretUpdatedBy?: string;
  secretUpdatedById?: number | null;
  secretUpdatedByEmail?: string | null;
  defaultValidFor?: string;
  revision?: number;
}

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
  /** Set when the stored secret cannot be read (the encryption key changed). */
  problem?: string;
  revision: number;
  loadedAt: number;
}

export const DEFAULT_VALID_FOR = '1h';

export type { SettingsUpdate };

const hintOf = (secret: string): string => secret.slice(-4);

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

  const readStored = async (): Promise<StoredSettings> =>
    ((await store().get({})) as StoredSettings | null) ?? {};

  const toSnapshot = (stored: StoredSettings): SettingsSnapshot => {
    const cfg = config();
    const defaultValidFor = stored.defaultValidFor ?? DEFAULT_VALID_FOR;
    const base = {
      defaultValidFor,
      defaultValidForSeconds: parseValidFor(defaultValidFor),
      revision: stored.revision ?? 0,
      loadedAt: Date.now(),
    };
    if (cfg.clientId && cfg.clientSecret) {
      const credentials = { clientId: cfg.clientId, clientSecret: cfg.clientSecret };
      return { ...base, managedBy: 'config', ...identify(credentials) };
    }
    if (!stored.clientId || !isEncryptedValue(stored.secret))
      return { ...base, managedBy: 'admin' };
    try {
      const credentials = {
        clientId: stored.clientId,
        clientSecret: cipher().decrypt(stored.secret, 'settings.secret'),
      };
      return { ...base, managedBy: 'admin', ...identify(credentials) };
    } catch (error) {
      return { ...base, managedBy: 'admin', problem: (error as Error).message };
    }
  };

  const load = (): Promise<SettingsSnapshot> => {
    loading ??= readStored()
      .then((stored) => {
        const previous = snapshot;
        const next = toSnapshot(stored);
        snapshot = next;
        if (previous && previous.fingerprint !== next.fingerprint)
          listeners.forEach((l) => l(next, previous));
        return next;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const service = {
    /** Settings for the hot path: re-read from the database at most every settingsTtl. */
    async getSnapshot(): Promise<SettingsSnapshot> {
      return service.peekSnapshot() ?? load();
    },

    /** The snapshot while it is younger than settingsTtl, without a promise (the warm delivery path). */
    peekSnapshot(): SettingsSnapshot | undefined {
      if (!snapshot) return undefined;
      const age = Date.now() - snapshot.loadedAt;
      // Unconfigured is usually a moment (another replica is saving): look again soon, not every request.
      const ttl = snapshot.credentials
        ? config().settingsTtlMs
        : Math.min(config().settingsTtlMs, 1000);
      return age < ttl ? snapshot : undefined;
    },

    /** Settings straight from the database: before any Matterport call, so a replica sees a rotation at once. */
    async refresh(): Promise<SettingsSnapshot> {
      return load();
    },

    /** The credentials to call Matterport with, or MATTERPORT_NOT_CONFIGURED. */
    async getCredentials(): Promise<Credentials> {
      const current = await service.refresh();
      if (current.problem) throw new MatterportError('MATTERPORT_NOT_CONFIGURED', current.problem);
      if (!current.credentials) throw new MatterportError('MATTERPORT_NOT_CONFIGURED');
      return current.credentials;
    },

    /** Called with the new and old snapshot whenever the credentials change (any replica). */
    onCredentialsChange(
      listener: (next: SettingsSnapshot, previous: SettingsSnapshot | undefined) => void
    ): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async getView(): Promise<SettingsView> {
      const stored = await readStored();
      const cfg = config();
      const managedBy = cfg.clientId && cfg.clientSecret ? 'config' : 'admin';
      if (managedBy === 'config') {
        return {
          clientId: cfg.clientId ?? null,
          hasSecret: true,
          secretHint: hintOf(cfg.clientSecret ?? ''),
          secretUpdatedAt: null,
          secretUpdatedBy: null,
          defaultValidFor: stored.defaultValidFor ?? DEFAULT_VALID_FOR,
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
      const cfg = config();
      const pinned = Boolean(cfg.clientId && cfg.clientSecret);
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

    /** Re-encrypts the stored secret with the current key; answers whether it changed. */
    async reencrypt(): Promise<boolean> {
      const stored = await readStored();
      if (!isEncryptedValue(stored.secret) || !cipher().isStale(stored.secret)) return false;
      const secret = cipher().reencrypt(stored.secret, 'settings.secret');
      await store().set({ value: { ...stored, secret, revision: (stored.revision ?? 0) + 1 } });
      await load();
      return true;
    },

    /** Whether credentials are stored in the database (start-up refuses them without an encryption key). */
    async hasStoredCredentials(): Promise<boolean> {
      const stored = await readStored();
      return Boolean(stored.clientId && stored.secret);
    },
  };

  return service;
};
