import { randomBytes } from 'node:crypto';

import type {
  ModelEventPayloadView,
  SandboxModes,
  WebhookDeliveryView,
  WebhookRegistrationView,
} from '../control-types';
import { MatterportError } from '../errors';

/** Matterport's model event types (Webhooks v2). */
export const MODEL_EVENT_TYPES = [
  'created',
  'deleted',
  'transferred_in',
  'transferred_out',
  'activation_state_changed',
  'restored',
  'visibility_changed',
  'details_changed',
  'processed',
  'bundle_updated',
] as const;

export interface KeyValue {
  key: string;
  value: string;
}

/** `addModelEventWebhookCallback`'s input, as the documentation shows it. */
export interface WebhookCallbackInput {
  version?: number | null;
  eventTypes: string[];
  callback: {
    scheme: string;
    host: string;
    port?: number | null;
    path?: string | null;
    queryParams?: KeyValue[] | null;
    additionalHeaders?: KeyValue[] | null;
    credType?: 'basic' | 'token' | null;
    credKey?: string | null;
    credSecret?: string | null;
  };
}

interface Registration {
  id: string;
  organization: string;
  version: number;
  eventTypes: string[];
  url: string;
  credType: 'basic' | 'token' | null;
  credKey: string | null;
  credSecret: string | null;
  additionalHeaders: KeyValue[];
}

/** An event about to be posted: what happened to which space, for which organisation's callbacks. */
export interface ModelEvent {
  organization: string;
  modelId: string;
  type: string;
  body: Record<string, unknown>;
  at: number;
}

const RETRY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 150;
const DELIVERY_TIMEOUT_MS = 5000;
/** Deliveries kept for `GET /__sandbox/webhook-deliveries` (oldest dropped first). */
const DELIVERIES_KEPT = 500;

/**
 * Model event callbacks per organisation and the posting of events to them. Sandbox choices
 * where the documentation is silent: only `version: 2` is played (v1 is deprecated and has
 * other event types); `path` is joined to the host with one `/`; `webhookCustomKey` is null
 * (the documentation does not say where it is set); list and removal are
 * `modelEventWebhookCallbacks` and `removeModelEventWebhookCallback(id)`.
 */
export class WebhookRegistry {
  private readonly registrations = new Map<string, Registration>();
  private readonly deliveries: WebhookDeliveryView[] = [];
  private nextDelivery = 0;
  private readonly pending = new Set<Promise<void>>();

  add(organization: string, input: WebhookCallbackInput): WebhookRegistrationView {
    const version = input.version ?? 1;
    if (version !== 2)
      throw new MatterportError(
        'request.unsupported',
        'The sandbox plays Model Event Webhooks v2 only: give version: 2'
      );
    const unknown = input.eventTypes.filter(
      (t) => !(MODEL_EVENT_TYPES as readonly string[]).includes(t)
    );
    if (input.eventTypes.length === 0 || unknown.length > 0)
      throw new MatterportError(
        'request.invalid',
        `eventTypes must name model event types (unknown: ${unknown.join(', ') || 'none given'})`
      );
    const { callback } = input;
    if (callback.scheme !== 'http' && callback.scheme !== 'https')
      throw new MatterportError('request.invalid', 'callback.scheme must be http or https');
    if (!/^[A-Za-z0-9.-]+$/.test(callback.host))
      throw new MatterportError('request.invalid', 'callback.host must be a host name');
    const credType = callback.credType ?? null;
    if (credType !== null && (!callback.credKey || !callback.credSecret))
      throw new MatterportError('request.invalid', 'credType needs credKey and credSecret');
    const url = new URL(
      `${callback.scheme}://${callback.host}${callback.port ? `:${callback.port}` : ''}/${(callback.path ?? '').replace(/^\/+/, '')}`
    );
    for (const { key, value } of callback.queryParams ?? []) url.searchParams.append(key, value);
    const registration: Registration = {
      id: randomBytes(8).toString('hex'),
      organization,
      version,
      eventTypes: [...new Set(input.eventTypes)],
      url: url.toString(),
      credType,
      credKey: credType ? (callback.credKey ?? null) : null,
      credSecret: credType ? (callback.credSecret ?? null) : null,
      additionalHeaders: (callback.additionalHeaders ?? []).map(({ key, value }) => ({
        key,
        value,
      })),
    };
    this.registrations.set(registration.id, registration);
    return view(registration);
  }

  /** Removes a callback of this organisation; false when there is none of that id. */
  remove(organization: string, id: string): boolean {
    const registration = this.registrations.get(id);
    if (!registration || registration.organization !== organization) return false;
    return this.registrations.delete(id);
  }

  list(organization?: string): WebhookRegistrationView[] {
    return [...this.registrations.values()]
      .filter((r) => organization === undefined || r.organization === organization)
      .map(view);
  }

  deliveryLog(): WebhookDeliveryView[] {
    return this.deliveries.map((d) => ({ ...d }));
  }

  /**
   * Posts events, in the background, to every callback of their organisation that asked for
   * their type (modes: order, duplicates, retries, timestamp, token credentials). Answers the
   * payloads, one per callback and event (before any duplicate).
   */
  dispatch(events: readonly ModelEvent[], modes: SandboxModes): ModelEventPayloadView[] {
    const ordered = modes.webhookOrder === 'reversed' ? [...events].reverse() : [...events];
    const jobs: Array<{ registration: Registration; payload: ModelEventPayloadView }> = [];
    for (const event of ordered) {
      for (const registration of this.registrations.values()) {
        if (registration.organization !== event.organization) continue;
        if (!registration.eventTypes.includes(event.type)) continue;
        jobs.push({
          registration,
          payload: {
            modelId: event.modelId,
            version: registration.version,
            webhookId: registration.id,
            webhookCustomKey: null,
            timestamp:
              modes.webhookTimestamp === 'epoch-ms' ? event.at : new Date(event.at).toISOString(),
            type: event.type,
            body: event.body,
          },
        });
      }
    }
    const copies = modes.webhookDuplicates === 'twice' ? 2 : 1;
    // One after another, so `webhookOrder` is the order the receiver sees.
    const run = (async () => {
      for (const { registration, payload } of jobs)
        for (let copy = 0; copy < copies; copy++) await this.post(registration, payload, modes);
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return jobs.map((j) => j.payload);
  }

  /** Sends one logged delivery again, exactly as it was (a replay by someone who captured it). */
  async replay(index: number, modes: SandboxModes): Promise<WebhookDeliveryView | undefined> {
    const original = this.deliveries.find((d) => d.index === index);
    const registration = original && this.registrations.get(original.webhookId);
    if (!original || !registration) return undefined;
    return this.attempt(registration, original.payload, modes, 1);
  }

  /** Resolves once every event dispatched so far has been posted (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  clear(): void {
    this.registrations.clear();
    this.deliveries.length = 0;
  }

  private async post(
    registration: Registration,
    payload: ModelEventPayloadView,
    modes: SandboxModes
  ): Promise<void> {
    const attempts = modes.webhookRetries === 'until-2xx' ? 1 + RETRY_ATTEMPTS : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outcome = await this.attempt(registration, payload, modes, attempt);
      if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) return;
      if (attempt < attempts) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
  }

  private async attempt(
    registration: Registration,
    payload: ModelEventPayloadView,
    modes: SandboxModes,
    attempt: number
  ): Promise<WebhookDeliveryView> {
    const entry: WebhookDeliveryView = {
      index: this.nextDelivery++,
      webhookId: registration.id,
      url: registration.url,
      payload,
      attempt,
      status: null,
      error: null,
    };
    this.deliveries.push(entry);
    if (this.deliveries.length > DELIVERIES_KEPT) this.deliveries.shift();
    try {
      const response = await fetch(registration.url, {
        method: 'POST',
        headers: headersFor(registration, modes),
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      entry.status = response.status;
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    return entry;
  }
}

/** The request headers of a callback: JSON, its credentials (as the modes say), its additional headers. */
export function headersFor(
  registration: Registration,
  modes: SandboxModes
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const { key, value } of registration.additionalHeaders) headers[key.toLowerCase()] = value;
  const { credType, credKey, credSecret } = registration;
  if (credType === 'basic' && credKey && credSecret) {
    headers.authorization = `Basic ${Buffer.from(`${credKey}:${credSecret}`).toString('base64')}`;
  } else if (credType === 'token' && credKey && credSecret) {
    if (modes.webhookTokenCredentials === 'bearer') headers.authorization = `Bearer ${credSecret}`;
    else headers[credKey.toLowerCase()] = credSecret;
  }
  return headers;
}

function view(r: Registration): WebhookRegistrationView {
  return {
    id: r.id,
    organization: r.organization,
    version: r.version,
    eventTypes: [...r.eventTypes],
    url: r.url,
    credType: r.credType,
    credKey: r.credKey,
    additionalHeaders: r.additionalHeaders.map((h) => ({ ...h })),
  };
}
