/**
 * Contracts of the settings routes (server/src/controllers/settings.ts). One namespace per
 * route: what it takes (`Request`: params, query, body) and what it answers (`Response`).
 */
import { z } from 'zod';

import type { MatterportErrorCode } from '../errors';
import type { PmeAvailability } from '../catalogue';
import type { ApiError, Nothing } from './shared';

/** The settings as the admin sees them: never the secret. */
export interface SettingsView {
  clientId: string | null;
  hasSecret: boolean;
  secretHint: string | null;
  secretUpdatedAt: string | null;
  /** Display name of the admin who saved the secret (older settings: all there is). */
  secretUpdatedBy: string | null;
  /** That admin's id and email (null on settings saved before they were recorded). */
  secretUpdatedById?: number | null;
  secretUpdatedByEmail?: string | null;
  defaultValidFor: string;
  managedBy: 'admin' | 'config';
  encryptionAvailable: boolean;
}

/**
 * The body of PUT /settings: only what changes (an absent clientSecret keeps the saved one).
 * The schema is the server's first check (unknown keys and oversized strings are refused);
 * the meaning of each value (a duration, a client ID) is checked by the settings service.
 */
export const settingsUpdateSchema = z
  .object({
    clientId: z.string().max(256, 'is too long').optional(),
    clientSecret: z.string().max(1024, 'is too long').optional(),
    defaultValidFor: z.string().max(64, 'is too long').optional(),
  })
  .strict();

export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** What Test connection found beyond the token: the outcome of one real mint. Never holds a token. */
export interface MintTest {
  /** False when no mint was tried: the account has no models, or listing them failed (then `code` says why). */
  tested: boolean;
  /** Null when not tested. */
  ok: boolean | null;
  modelId: string | null;
  code: MatterportErrorCode | null;
  message: string | null;
}

export interface ConnectionTestResult {
  /** The token worked and the mint worked (or could not be tried for want of models). */
  ok: boolean;
  scope: string;
  /** Seconds the OAuth token Matterport issued stays valid. */
  expiresIn: number;
  mint: MintTest;
  /**
   * Whether the account has Private Model Embed (issue 28): `available` (the test link was
   * minted), `unavailable` (Matterport refused it with working credentials), `unknown` (no
   * link could be tried). Without it, fields with `access: auto` or `public` deliver public
   * and unlisted spaces with plain Showcase links.
   */
  pme: PmeAvailability;
}

/** What a re-encryption did. */
export interface ReencryptResult {
  /** Id of the encryption key everything is now encrypted with. */
  kid: string | null;
  /** Whether the stored secret was re-encrypted (false: none is stored). */
  secret: boolean;
  /** Ledger tokens re-encrypted. */
  links: number;
  /** Ledger tokens no configured key could open (left as they were). */
  undecryptable: number;
}

/** GET /matterport/settings */
export declare namespace GetSettings {
  export interface Request {
    query?: Nothing;
  }
  export interface Response {
    data: SettingsView;
    error?: ApiError;
  }
}

/**
 * PUT /matterport/settings: new credentials are checked against Matterport first (a refusal is
 * a 400 naming clientSecret, and nothing is saved).
 */
export declare namespace UpdateSettings {
  export interface Request {
    body: SettingsUpdate;
  }
  export interface Response {
    data: SettingsView;
    error?: ApiError;
  }
}

/**
 * POST /matterport/settings/test: the saved credentials (no body), or a client ID and secret
 * to try unsaved. At most 10 a minute per admin (then 429 with Retry-After).
 */
export declare namespace TestConnection {
  export interface Request {
    body?: { clientId?: string; clientSecret?: string };
  }
  export interface Response {
    data: ConnectionTestResult;
    error?: ApiError;
  }
}

/** POST /matterport/settings/reencrypt: the secret and every ledger token with the current key. */
export declare namespace ReencryptSecrets {
  export interface Request {
    body?: Nothing;
  }
  export interface Response {
    data: ReencryptResult;
    error?: ApiError;
  }
}
