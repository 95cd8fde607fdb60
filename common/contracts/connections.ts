/**
 * Contracts of the connection routes (server/src/controllers/connections.ts): one Matterport
 * organisation's credentials each (issue 26). One namespace per route: what it takes
 * (`Request`: params, query, body) and what it answers (`Response`).
 */
import { z } from 'zod';

import type { RevokeErrorView } from './links';
import type { ConnectionTestResult } from './settings';
import type { ApiError, Nothing } from './shared';
import { CONNECTION_ID_PATTERN, CONNECTION_ID_RULE } from '../connection-id';

export {
  CONNECTION_ID_PATTERN,
  CONNECTION_ID_RULE,
  DEFAULT_CONNECTION_ID,
  isConnectionId,
} from '../connection-id';

/** A connection as the admin sees it: never the secret, its last four characters at most. */
export interface ConnectionView {
  id: string;
  name: string;
  clientId: string | null;
  hasSecret: boolean;
  secretHint: string | null;
  secretUpdatedAt: string | null;
  secretUpdatedBy: string | null;
  secretUpdatedById: number | null;
  secretUpdatedByEmail: string | null;
  defaultValidFor: string;
  enabled: boolean;
  /** The connection values without `connection` use (today: always `default`). */
  isDefault: boolean;
  /** `config`: defined in config/plugins, read-only here. */
  managedBy: 'admin' | 'config';
  /**
   * The admin roles (ids) whose members may browse this connection's spaces and pick them
   * (issue 26 item 6): empty means every role that has the plugin's read permission. Super
   * Admins always may. Strapi's RBAC cannot scope a plugin action to some records, so the
   * plugin keeps this list itself and checks it on every model route and every write.
   */
  roles: number[];
}

const name = z.string().trim().min(1, 'must not be empty').max(100, 'is too long');
const clientId = z.string().trim().min(1, 'must not be empty').max(256, 'is too long');
const clientSecret = z.string().max(1024, 'is too long');
const defaultValidFor = z.string().max(64, 'is too long');
const roles = z.array(z.number().int().positive()).max(100, 'has too many roles');

/** The body of POST /connections. The meaning of each value (a duration, credentials Matterport accepts) is checked by the service. */
export const connectionCreateSchema = z
  .object({
    id: z.string().regex(CONNECTION_ID_PATTERN, CONNECTION_ID_RULE),
    name,
    clientId,
    clientSecret,
    defaultValidFor: defaultValidFor.optional(),
    enabled: z.boolean().optional(),
    roles: roles.optional(),
  })
  .strict();

export type ConnectionCreate = z.infer<typeof connectionCreateSchema>;

/** The body of PUT /connections/:id: only what changes (an absent or empty clientSecret keeps the saved one). The id never changes. */
export const connectionUpdateSchema = z
  .object({
    name: name.optional(),
    clientId: clientId.optional(),
    clientSecret: clientSecret.optional(),
    defaultValidFor: defaultValidFor.optional(),
    enabled: z.boolean().optional(),
    roles: roles.optional(),
  })
  .strict();

export type ConnectionUpdate = z.infer<typeof connectionUpdateSchema>;

/** What removing a connection did to the links it minted. */
export interface ConnectionRemoval {
  connection: ConnectionView;
  links: {
    revoked: number;
    /** Links Matterport did not revoke (or whose revocation the ledger could not record): still usable until they expire. */
    notRevoked: Array<{ id: number; modelId: string; error: Omit<RevokeErrorView, 'at'> }>;
    /** Set when the links could not be revoked at all (for example, the connection's credentials no longer work). */
    error: string | null;
  };
}

/** GET /matterport/connections: every connection, the default first. */
export declare namespace GetConnections {
  export interface Request {
    query?: Nothing;
  }
  export interface Response {
    data: ConnectionView[];
    error?: ApiError;
  }
}

/**
 * POST /matterport/connections: the credentials are checked against Matterport first (a
 * refusal is a 400 naming clientSecret, and nothing is saved); an id in use is a 409.
 */
export declare namespace CreateConnection {
  export interface Request {
    body: ConnectionCreate;
  }
  export interface Response {
    data: ConnectionView;
    error?: ApiError;
  }
}

/** GET /matterport/connections/:id */
export declare namespace GetConnection {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: ConnectionView;
    error?: ApiError;
  }
}

/** PUT /matterport/connections/:id: new credentials are checked against Matterport first. */
export declare namespace UpdateConnection {
  export interface Request {
    params: { id: string };
    body: ConnectionUpdate;
  }
  export interface Response {
    data: ConnectionView;
    error?: ApiError;
  }
}

/**
 * DELETE /matterport/connections/:id: refused (409, with how many published entries use it and
 * where) while published content uses it, unless `?force=true`; its links are revoked first.
 */
export declare namespace DeleteConnection {
  export interface Request {
    params: { id: string };
    query?: { force?: 'true' | 'false' };
  }
  export interface Response {
    data: ConnectionRemoval;
    error?: ApiError;
  }
}

/**
 * POST /matterport/connections/:id/test: the connection's saved credentials (no body), or a
 * client ID and secret to try unsaved. At most 10 a minute per admin (then 429 with Retry-After).
 */
export declare namespace TestSavedConnection {
  export interface Request {
    params: { id: string };
    body?: { clientId?: string; clientSecret?: string };
  }
  export interface Response {
    data: ConnectionTestResult;
    error?: ApiError;
  }
}

/** Where published content holding Matterport values is (the details of a refused removal). */
export interface ConnectionInUse {
  entries: number;
  where: Array<{ uid: string; entries: number }>;
}

/**
 * A connection's model event webhook at Matterport (issue 28): whether the plugin registered a
 * callback for its organisation, where Matterport posts, and when. Never the callback's secret.
 */
export interface ModelEventsView {
  connection: string;
  registered: boolean;
  /** Matterport's id of the callback. */
  registrationId: string | null;
  /** Where Matterport posts the events (from Strapi's public URL, `server.url`). */
  callbackUrl: string;
  credType: 'basic' | 'token' | null;
  registeredAt: string | null;
  registeredBy: string | null;
  /** When the last event was accepted for this connection (null: none yet). */
  lastEventAt: string | null;
}

/** GET /matterport/connections/:id/events: the connection's model event registration. */
export declare namespace GetModelEvents {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: ModelEventsView;
    error?: ApiError;
  }
}

/**
 * POST /matterport/connections/:id/events: registers a callback at Matterport (new credentials
 * generated by the plugin; a previous registration is removed first). `credType` default `basic`.
 */
export declare namespace RegisterModelEvents {
  export interface Request {
    params: { id: string };
    body?: { credType?: 'basic' | 'token' };
  }
  export interface Response {
    data: ModelEventsView;
    error?: ApiError;
  }
}

/** DELETE /matterport/connections/:id/events: removes the callback at Matterport and here. */
export declare namespace UnregisterModelEvents {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: ModelEventsView;
    error?: ApiError;
  }
}

export const modelEventsRegisterSchema = z
  .object({ credType: z.enum(['basic', 'token']).optional() })
  .strict();
