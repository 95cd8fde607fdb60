import type { SandboxState } from '../state';

/** What resolvers get for one Model API request. */
export interface GraphContext {
  state: SandboxState;
  origin: string;
  /** The client whose account access token made the call. */
  accountClientId: string;
  signal: AbortSignal;
}
