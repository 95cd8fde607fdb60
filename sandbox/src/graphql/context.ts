import type { SandboxState } from '../state';

/** What resolvers get for one Model API request. */
export interface GraphContext {
  state: SandboxState;
  origin: string;
  signal: AbortSignal;
}
