export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** Where the plugin's Matterport calls log. Strapi's logger fits; tests pass a capturing one. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface AccessToken {
  token: string;
  /** Epoch ms after which Matterport no longer accepts the token. */
  expiresAt: number;
  expiresIn: number;
  scope: string;
  /** Fingerprint of the credentials the token was issued to. */
  fingerprint: string;
}

export interface ModelSummary {
  id: string;
  name: string;
  state: string | null;
  accessVisibility: string | null;
  created: string | null;
  modified: string | null;
  /** Matterport's signed, expiring thumbnail URL: never stored, never sent to browsers. */
  imageUrl: string | null;
}

export interface ModelPage {
  results: ModelSummary[];
  nextOffset: string | null;
  total: number;
}

export interface EmbedLink {
  modelId: string;
  link: string;
  accessToken: string;
  /** ISO-8601 UTC, as Matterport sends it. */
  validUntil: string;
  /** The client ID that minted it: revocation needs to know whose token it is. */
  clientId?: string;
}
