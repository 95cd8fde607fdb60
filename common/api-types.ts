/**
 * Shapes the admin API answers with, shared by the server (which builds them) and the
 * admin panel (which reads them). Type-only and import-free, so the admin bundle can
 * import it without pulling any server code.
 */

/** What GET /matterport/settings answers: never the secret. */
export interface SettingsView {
  clientId: string | null;
  hasSecret: boolean;
  secretHint: string | null;
  secretUpdatedAt: string | null;
  secretUpdatedBy: string | null;
  defaultValidFor: string;
  managedBy: 'admin' | 'config';
  encryptionAvailable: boolean;
}

/** What the admin sees of a minted link: never the token. */
export interface LinkView {
  id: number;
  modelId: string;
  validUntil: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** Last four characters of the token, never the token. */
  tokenHint: string | null;
  /** Seconds the link was minted for. */
  lifetime: number;
  active: boolean;
}
