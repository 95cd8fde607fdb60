export type ModelState = 'active' | 'inactive' | 'processing' | 'failed' | 'pending' | 'staging';

export type AccessVisibility = 'private' | 'unlisted' | 'public' | 'password';

/** One Matterport space as the sandbox stores it. */
export interface ModelRecord {
  /** 11 letters and digits, like `SxQL3iGyoDo`. */
  id: string;
  name: string;
  /** Matterport's "Internal Notes": admin-only text, never for delivered content. */
  description: string | null;
  /** ISO-8601 UTC. */
  created: string;
  modified: string;
  state: ModelState;
  accessVisibility: AccessVisibility;
  /** Demo spaces only appear in lists with `include: [demo]`. */
  demo: boolean;
  /** The public text shown with the space. */
  publicDescription: string | null;
}
