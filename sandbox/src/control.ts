import type {
  ClientRegistration,
  CountersSnapshot,
  EmbedTokenView,
  FaultSpec,
  FaultView,
  ModelChange,
  ModelEventPayloadView,
  OrganizationView,
  SandboxConfigView,
  SandboxModes,
  WebhookDeliveryView,
  WebhookRegistrationView,
} from './control-types';

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string
  ) {
    super(message);
    this.name = 'SandboxControlError';
  }
}

/**
 * Drives a sandbox over its `/__sandbox/` endpoints, from any process: a
 * test, a benchmark, the demo. Uses Node's global `fetch`, nothing else.
 */
export class SandboxControl {
  private readonly base: string;

  constructor(origin: string) {
    this.base = `${origin.replace(/\/+$/, '')}/__sandbox`;
  }

  /** Polls until the sandbox answers (for one started as a child process). */
  async waitUntilReady(timeoutMs = 10_000, intervalMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.call('GET', '/health');
        return;
      } catch (error) {
        if (Date.now() >= deadline)
          throw new Error(
            `sandbox at ${this.base} not ready after ${timeoutMs} ms: ${String(error)}`,
            { cause: error }
          );
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    }
  }

  counters(): Promise<CountersSnapshot> {
    return this.call('GET', '/counters');
  }

  /** Zeroes the counters and returns them. */
  resetCounters(): Promise<CountersSnapshot> {
    return this.call('POST', '/counters/reset');
  }

  /** Every account access token issued since the last reset (for leak scans). */
  accessTokens(): Promise<Array<{ token: string; clientId: string }>> {
    return this.call('GET', '/access-tokens');
  }

  /** Every Private Model Embed token minted since the last reset (for leak scans). */
  embedTokens(): Promise<Array<EmbedTokenView & { accessToken: string; clientId: string }>> {
    return this.call('GET', '/embed-tokens');
  }

  addFault(fault: FaultSpec): Promise<FaultView> {
    return this.call('POST', '/faults', fault);
  }

  faults(): Promise<FaultView[]> {
    return this.call('GET', '/faults');
  }

  /** Removes every fault; requests held by a `hang` fault carry on. Returns how many were removed. */
  async clearFaults(): Promise<number> {
    const { cleared } = await this.call<{ cleared: number }>('DELETE', '/faults');
    return cleared;
  }

  /**
   * Adds a client (to `organization`, default the first), or gives an existing one a new secret
   * (its access tokens then stop working).
   */
  async registerClient(client: ClientRegistration): Promise<void> {
    await this.call('POST', '/clients', client);
  }

  /** Each organisation with its clients and spaces. */
  async organizations(): Promise<OrganizationView[]> {
    return this.call<OrganizationView[]>('GET', '/organizations');
  }

  /** Like Matterport's "Reset secret": returns the new secret; the old one and the client's access tokens stop working. */
  async resetClientSecret(clientId: string): Promise<string> {
    const { clientSecret } = await this.call<{ clientSecret: string }>(
      'POST',
      `/clients/${encodeURIComponent(clientId)}/reset-secret`
    );
    return clientSecret;
  }

  /** Ends one account access token, or all of them, mid-life. Returns how many were still usable. */
  async invalidateTokens(accessToken?: string): Promise<number> {
    const { invalidated } = await this.call<{ invalidated: number }>(
      'POST',
      '/tokens/invalidate',
      accessToken === undefined ? {} : { accessToken }
    );
    return invalidated;
  }

  config(): Promise<SandboxConfigView> {
    return this.call('GET', '/config');
  }

  setConfig(patch: Partial<SandboxConfigView>): Promise<SandboxConfigView> {
    return this.call('POST', '/config', patch);
  }

  /** The behaviours public material leaves open, as currently chosen. */
  modes(): Promise<SandboxModes> {
    return this.call('GET', '/modes');
  }

  /**
   * Changes some modes (omitted ones stay); answers all of them. A bad key,
   * value or unknown client ID is a 400 and changes nothing. `reset()` brings
   * back the modes given at creation.
   */
  setModes(patch: Partial<SandboxModes>): Promise<SandboxModes> {
    return this.call('POST', '/modes', patch);
  }

  embedToken(accessToken: string): Promise<EmbedTokenView> {
    return this.call('GET', `/embed-tokens/${encodeURIComponent(accessToken)}`);
  }

  /**
   * Changes a space as an admin would at Matterport (delete, transfer, deactivate, activate,
   * restore, visibility, details), in order; answers the model event payloads it posts, in the
   * background, to the registered callbacks of the organisations concerned.
   */
  async changeModel(modelId: string, ...changes: ModelChange[]): Promise<ModelEventPayloadView[]> {
    const { events } = await this.call<{ events: ModelEventPayloadView[] }>(
      'POST',
      `/models/${encodeURIComponent(modelId)}/changes`,
      { changes }
    );
    return events;
  }

  /** The model event callbacks registered (every organisation), without their secrets. */
  webhooks(): Promise<WebhookRegistrationView[]> {
    return this.call('GET', '/webhooks');
  }

  /** Every attempt to post an event so far; `settled` waits for those under way first. */
  webhookDeliveries(settled = false): Promise<WebhookDeliveryView[]> {
    return this.call('GET', `/webhook-deliveries${settled ? '?settled=1' : ''}`);
  }

  /** Posts a logged delivery again, with the same headers and body: a replay. */
  replayDelivery(index: number): Promise<WebhookDeliveryView> {
    return this.call('POST', `/webhook-deliveries/${index}/replay`);
  }

  /** Back to the initial clients, secrets, tokens, counters, faults, config and modes. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const message =
        typeof parsed === 'object' && parsed !== null && 'error' in parsed
          ? String(parsed.error)
          : text;
      throw new SandboxControlError(
        response.status,
        parsed,
        `${method} ${path}: HTTP ${response.status}: ${message}`
      );
    }
    return parsed as T;
  }
}
