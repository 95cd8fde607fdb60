import type { SandboxOptions } from './config';
import { listen, type ListeningServer } from './server';
import { SandboxState } from './state';

export interface Sandbox {
  /** Listens on `port` (0 = any free port). */
  start(port?: number, host?: string): Promise<{ origin: string }>;
  /** Stops listening and ends every open connection, hanging ones included. */
  stop(): Promise<void>;
  /** `http://host:port` once started (or `publicOrigin`); throws before. */
  readonly origin: string;
  /** The sandbox's memory, for in-process tests. */
  readonly state: SandboxState;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const state = new SandboxState(options);
  let server: ListeningServer | null = null;
  return {
    state,
    get origin(): string {
      if (!server) throw new Error('The sandbox is not started');
      return server.origin;
    },
    async start(port = 0, host = '127.0.0.1') {
      if (server) throw new Error(`The sandbox is already listening on ${server.origin}`);
      server = await listen(state, port, host, options.publicOrigin);
      return { origin: server.origin };
    },
    async stop() {
      const running = server;
      server = null;
      await running?.close();
    },
  };
}

export { SandboxControl, SandboxControlError } from './control';
export {
  DEFAULT_CLIENT,
  DEFAULT_CONFIG,
  DEFAULT_ORGANIZATION_ID,
  type SandboxOptions,
} from './config';
export { SEED_MODELS } from './models/seed';
export { SECOND_ORGANIZATION } from './models/second-organization';
export { viewsOf, modelOfView, userView, type ViewRecord } from './models/views';
export type { OrganizationSpec } from './organizations';
export { parseValidFor } from './valid-for';
export { DEFAULT_MODES } from './modes';
export { SandboxState } from './state';
export type { ModelRecord, ModelState, AccessVisibility } from './models/types';
export type {
  ClientCredentials,
  ClientRegistration,
  OrganizationView,
  CountersSnapshot,
  EmbedTokenStatus,
  EmbedTokenView,
  FaultMode,
  FaultSpec,
  FaultTarget,
  FaultView,
  ForeignRevokeMode,
  RevokeAnswerMode,
  SandboxConfigView,
  SandboxModes,
  ValidForFormatsMode,
  ModelChange,
  ModelEventPayloadView,
  WebhookDeliveryView,
  WebhookRegistrationView,
  ViewEmbedsMode,
} from './control-types';
