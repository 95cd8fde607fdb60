import { DEFAULT_CONNECTION_ID, type ConnectionView } from '../../../common/contracts/connections';
import type { ResolvedConfig } from '../config';
import { isEncryptedValue, type CipherPurpose, type EncryptedValue } from '../crypto';

export const DEFAULT_VALID_FOR = '1h';

/** The name the default connection shows until an admin names it. */
export const DEFAULT_CONNECTION_NAME = 'Default';

/** One connection as stored (its secret encrypted). */
export interface StoredConnection {
  name?: string;
  clientId?: string;
  secret?: EncryptedValue;
  secretHint?: string;
  secretUpdatedAt?: string;
  /** Display name of the admin who saved the secret (all that settings saved before ids have). */
  secretUpdatedBy?: string;
  secretUpdatedById?: number | null;
  secretUpdatedByEmail?: string | null;
  defaultValidFor?: string;
  /** Absent: enabled (every row written before connections existed). */
  enabled?: boolean;
  /** Admin role ids allowed to browse and pick its spaces (absent or empty: every role with the plugin's permission). */
  roles?: number[];
}

/**
 * The row the plugin keeps in Strapi's core store. Its top-level fields are the `default`
 * connection, exactly as the single settings were stored before connections existed: an
 * existing row already is a valid row with one connection, so an upgrade writes nothing (no
 * migration, nothing for two replicas booting together to race on, and the previous release
 * still reads it). The other connections sit in `connections`, keyed by id, in the same row:
 * one read gives every connection, and every change bumps the one `revision`.
 */
export interface StoredSettings extends StoredConnection {
  revision?: number;
  /** Every connection but `default` (a `default` key here is never written, and ignored). */
  connections?: Record<string, StoredConnection>;
}

/** A connection as the plugin resolves it from the row and the configuration. */
export interface ConnectionRecord {
  id: string;
  name: string;
  enabled: boolean;
  isDefault: boolean;
  managedBy: 'admin' | 'config';
  clientId: string | null;
  /** The stored secret (connections managed by the admin). */
  secret?: EncryptedValue;
  /** The secret from the configuration, in memory only (connections managed by configuration). */
  configSecret?: string;
  secretHint: string | null;
  secretUpdatedAt: string | null;
  secretUpdatedBy: string | null;
  secretUpdatedById: number | null;
  secretUpdatedByEmail: string | null;
  defaultValidFor: string;
  /** Whether the configuration sets defaultValidFor (then it cannot be changed here). */
  defaultValidForPinned: boolean;
  /** See ConnectionView.roles: kept in the stored entry even for connections of the configuration. */
  roles: number[];
}

type ConnectionConfig = Pick<ResolvedConfig, 'clientId' | 'clientSecret' | 'connections'>;

/**
 * What the stored secret of a connection is bound to. `default` keeps the purpose its secret
 * was always encrypted for, so the secret stored before connections existed opens as it is.
 */
export const secretPurpose = (id: string): CipherPurpose =>
  id === DEFAULT_CONNECTION_ID ? 'settings.secret' : `connection.secret:${id}`;

export const hintOf = (secret: string): string => secret.slice(-4);

/** The stored entry of a connection (the top-level fields for `default`). */
export const storedEntry = (stored: StoredSettings, id: string): StoredConnection | undefined => {
  if (id === DEFAULT_CONNECTION_ID) {
    const { connections: _others, revision: _revision, ...own } = stored;
    return own.clientId || isEncryptedValue(own.secret) ? own : undefined;
  }
  return Object.prototype.hasOwnProperty.call(stored.connections ?? {}, id)
    ? stored.connections?.[id]
    : undefined;
};

const fromStored = (id: string, entry: StoredConnection): ConnectionRecord => ({
  id,
  name: entry.name ?? (id === DEFAULT_CONNECTION_ID ? DEFAULT_CONNECTION_NAME : id),
  enabled: entry.enabled !== false,
  isDefault: id === DEFAULT_CONNECTION_ID,
  managedBy: 'admin',
  clientId: entry.clientId ?? null,
  ...(isEncryptedValue(entry.secret) ? { secret: entry.secret } : {}),
  secretHint: entry.secretHint ?? null,
  secretUpdatedAt: entry.secretUpdatedAt ?? null,
  secretUpdatedBy: entry.secretUpdatedBy ?? null,
  secretUpdatedById: entry.secretUpdatedById ?? null,
  secretUpdatedByEmail: entry.secretUpdatedByEmail ?? null,
  defaultValidFor: entry.defaultValidFor ?? DEFAULT_VALID_FOR,
  defaultValidForPinned: false,
  roles: entry.roles ?? [],
});

const fromConfig = (
  id: string,
  given: {
    name?: string;
    clientId: string;
    clientSecret: string;
    defaultValidFor?: string;
    enabled?: boolean;
  },
  stored: StoredConnection | undefined
): ConnectionRecord => ({
  id,
  name: given.name ?? stored?.name ?? (id === DEFAULT_CONNECTION_ID ? DEFAULT_CONNECTION_NAME : id),
  enabled: given.enabled !== false,
  isDefault: id === DEFAULT_CONNECTION_ID,
  managedBy: 'config',
  clientId: given.clientId,
  configSecret: given.clientSecret,
  secretHint: hintOf(given.clientSecret),
  secretUpdatedAt: null,
  secretUpdatedBy: null,
  secretUpdatedById: null,
  secretUpdatedByEmail: null,
  // As before connections: a lifetime the configuration does not set is the admin's to choose.
  defaultValidFor: given.defaultValidFor ?? stored?.defaultValidFor ?? DEFAULT_VALID_FOR,
  defaultValidForPinned: given.defaultValidFor !== undefined,
  roles: stored?.roles ?? [],
});

/**
 * Every connection, the default first, then those of the configuration in its order, then the
 * stored ones by id. A connection the configuration defines wins over a stored one of that id.
 */
export const connectionsOf = (
  stored: StoredSettings,
  cfg: ConnectionConfig
): ConnectionRecord[] => {
  const records: ConnectionRecord[] = [];
  const configured = new Map(cfg.connections.map((c) => [c.id, c]));
  const defaultStored = stored.clientId || isEncryptedValue(stored.secret) ? stored : undefined;
  if (cfg.clientId && cfg.clientSecret) {
    records.push(
      fromConfig(
        DEFAULT_CONNECTION_ID,
        { clientId: cfg.clientId, clientSecret: cfg.clientSecret, name: stored.name },
        stored
      )
    );
  } else if (configured.has(DEFAULT_CONNECTION_ID)) {
    // The whole top level: the roles an admin gave it are stored there without credentials.
    records.push(fromConfig(DEFAULT_CONNECTION_ID, configured.get(DEFAULT_CONNECTION_ID)!, stored));
  } else if (defaultStored) {
    records.push(fromStored(DEFAULT_CONNECTION_ID, defaultStored));
  }
  for (const given of cfg.connections) {
    if (given.id === DEFAULT_CONNECTION_ID) continue;
    records.push(fromConfig(given.id, given, stored.connections?.[given.id]));
  }
  const others = Object.entries(stored.connections ?? {})
    .filter(([id]) => id !== DEFAULT_CONNECTION_ID && !configured.has(id))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, entry] of others) records.push(fromStored(id, entry));
  return records;
};

export const toView = (record: ConnectionRecord): ConnectionView => ({
  id: record.id,
  name: record.name,
  clientId: record.clientId,
  hasSecret: record.configSecret !== undefined || record.secret !== undefined,
  secretHint: record.secretHint,
  secretUpdatedAt: record.secretUpdatedAt,
  secretUpdatedBy: record.secretUpdatedBy,
  secretUpdatedById: record.secretUpdatedById,
  secretUpdatedByEmail: record.secretUpdatedByEmail,
  defaultValidFor: record.defaultValidFor,
  enabled: record.enabled,
  isDefault: record.isDefault,
  managedBy: record.managedBy,
  roles: record.roles,
});

/** Writes a connection's entry into the row (the top-level fields for `default`): a new row, the old one untouched. */
export const withEntry = (
  stored: StoredSettings,
  id: string,
  entry: StoredConnection
): StoredSettings => {
  if (id === DEFAULT_CONNECTION_ID) {
    const { connections, revision } = stored;
    return {
      ...entry,
      ...(connections ? { connections } : {}),
      ...(revision !== undefined ? { revision } : {}),
    };
  }
  return { ...stored, connections: { ...(stored.connections ?? {}), [id]: entry } };
};

/** The row without this connection. Removing `default` leaves the row as a fresh install's (other connections stay). */
export const withoutEntry = (stored: StoredSettings, id: string): StoredSettings => {
  if (id === DEFAULT_CONNECTION_ID) {
    const { connections, revision } = stored;
    return {
      ...(connections ? { connections } : {}),
      ...(revision !== undefined ? { revision } : {}),
    };
  }
  const { [id]: _removed, ...rest } = stored.connections ?? {};
  return { ...stored, connections: rest };
};
