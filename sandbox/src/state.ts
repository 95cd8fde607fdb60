import { AccessTokenStore } from './access-tokens';
import { ClientRegistry } from './clients';
import {
  ConfigError,
  DEFAULT_CLIENT,
  DEFAULT_CONFIG,
  DEFAULT_ORGANIZATION_ID,
  mergeConfig,
  type SandboxOptions,
} from './config';
import type {
  ClientCredentials,
  ClientRegistration,
  SandboxConfigView,
  SandboxModes,
} from './control-types';
import { Counters } from './counters';
import { EmbedTokenStore } from './embed-tokens';
import { FaultRegistry } from './faults';
import { DEFAULT_MODES, mergeModes } from './modes';
import type { RemovedSpace } from './model-events/changes';
import { WebhookRegistry } from './model-events/webhooks';
import type { ModelCatalogue } from './models/catalogue';
import { SEED_MODELS } from './models/seed';
import { Organizations, type OrganizationSpec } from './organizations';
import { ThumbnailSigner } from './thumbnails/signer';

/**
 * Everything the sandbox remembers. In-process tests may read and change it
 * directly; other processes go through the control endpoints.
 */
export class SandboxState {
  readonly counters = new Counters();
  readonly faults = new FaultRegistry();
  readonly accessTokens = new AccessTokenStore();
  readonly embedTokens = new EmbedTokenStore();
  readonly thumbnails = new ThumbnailSigner();
  /** Model event callbacks, and what was posted to them. */
  readonly webhooks = new WebhookRegistry();
  /** Spaces deleted or transferred out of the sandbox, by model ID (for `restore`). */
  readonly removedSpaces = new Map<string, RemovedSpace>();
  /** Every space of every organisation, by model ID (what Showcase and thumbnails look up). */
  readonly catalogue: ModelCatalogue;
  readonly organizations: Organizations;
  readonly clients: ClientRegistry;
  config: SandboxConfigView;
  private currentModes: SandboxModes;

  private readonly initialClients: readonly ClientCredentials[];
  private readonly initialConfig: SandboxConfigView;
  private readonly initialModes: SandboxModes;

  constructor(options: SandboxOptions = {}) {
    if (options.organizations && (options.clients || options.models))
      throw new ConfigError('give organizations, or clients and models, not both');
    const specs: readonly OrganizationSpec[] = options.organizations ?? [
      {
        id: DEFAULT_ORGANIZATION_ID,
        name: 'Sandbox organisation',
        clients: options.clients ?? [DEFAULT_CLIENT],
        models: options.models ?? SEED_MODELS,
      },
    ];
    this.organizations = new Organizations(specs);
    this.initialClients = specs.flatMap((o) => o.clients).map((c) => ({ ...c }));
    this.initialConfig = mergeConfig(DEFAULT_CONFIG, {
      expiresIn: options.expiresIn,
      mintLatencyMs: options.mintLatencyMs,
      thumbnailTtlSeconds: options.thumbnailTtlSeconds,
    });
    this.config = this.initialConfig;
    this.clients = new ClientRegistry(this.initialClients);
    this.catalogue = this.organizations.allModels;
    this.initialModes = mergeModes(DEFAULT_MODES, options.modes ?? {}, (id) =>
      this.clients.has(id)
    );
    this.currentModes = this.initialModes;
  }

  /** The modes in force (a copy: change them with `setModes`). */
  get modes(): SandboxModes {
    return {
      ...this.currentModes,
      clientsWithoutPrivateModelEmbed: [...this.currentModes.clientsWithoutPrivateModelEmbed],
    };
  }

  /** Checks and applies a partial set of modes; throws `ConfigError` on bad input, changing nothing. */
  setModes(patch: unknown): SandboxModes {
    this.currentModes = mergeModes(this.currentModes, patch, (id) => this.clients.has(id));
    return this.modes;
  }

  /** Whether this client's account may mint Private Model Embed links and tokens. */
  hasPrivateModelEmbed(clientId: string): boolean {
    return !this.currentModes.clientsWithoutPrivateModelEmbed.includes(clientId);
  }

  /**
   * Registers (or re-keys) a client in an organisation (default: the first; a known client stays
   * in its own); a changed secret ends that client's access tokens, as a reset would.
   */
  registerClient(client: ClientRegistration): void {
    this.organizations.admit(client.clientId, client.organization);
    const { clientId, clientSecret } = client;
    if (this.clients.register({ clientId, clientSecret }))
      this.accessTokens.invalidateForClient(clientId);
  }

  /** The spaces this client's organisation holds. */
  catalogueFor(clientId: string): ModelCatalogue {
    return this.organizations.catalogueFor(clientId);
  }

  /** A new secret for a client; its access tokens stop working at once (sandbox choice). `null` for an unknown client. */
  resetClientSecret(clientId: string): string | null {
    const secret = this.clients.resetSecret(clientId);
    if (secret !== null) this.accessTokens.invalidateForClient(clientId);
    return secret;
  }

  /** Back to how the sandbox started: clients, secrets, tokens, counters, faults, config, modes, spaces and webhooks. */
  reset(): void {
    this.clients.replaceAll(this.initialClients);
    this.organizations.reset();
    this.webhooks.clear();
    this.removedSpaces.clear();
    this.accessTokens.clear();
    this.embedTokens.clear();
    this.counters.reset();
    this.faults.clear();
    this.config = this.initialConfig;
    this.currentModes = this.initialModes;
  }
}
