/** Shapes of the plugin's admin API answers (server/src/controllers). */

export type AccessVisibility = 'private' | 'unlisted' | 'public' | 'password';

export interface MatterportModel {
  id: string;
  name: string;
  /** 'active' or 'inactive' (archived); Matterport may add states, so any string is kept. */
  state: string;
  accessVisibility: AccessVisibility | string;
  created: string | null;
  modified: string | null;
  /** An admin-API path (needs the admin JWT), not a Matterport URL. */
  thumbnailUrl: string | null;
}

export interface ModelPage {
  models: MatterportModel[];
  nextOffset: string | null;
  total: number;
}

// The settings and link shapes are the server's own, so the two sides cannot drift apart.
export type { SettingsView, LinkView as EmbedLinkRecord } from '../../../common/api-types';

export interface SettingsUpdate {
  clientId?: string;
  clientSecret?: string;
  defaultValidFor?: string;
}

export interface ConnectionCheck {
  ok: true;
  scope: string;
  /** Seconds the OAuth token Matterport issued stays valid. */
  expiresIn: number;
}

export interface PreviewLink {
  modelId: string;
  link: string;
  validUntil: string;
}

/** What the custom field stores. */
export interface FieldValue {
  modelId: string;
  name?: string;
}
