import { createHash } from 'node:crypto';

import { z } from 'zod';

import {
  isAccessVisibility,
  type AccessVisibility,
  type ModelEventPayload,
  type ModelState,
} from '../../../common/catalogue';

/** The largest event body accepted (bytes); Matterport's payloads are a few hundred. */
export const MAX_EVENT_BYTES = 64 * 1024;

/** The documented payload, checked; unknown keys are kept (they count in the dedupe hash). */
export const eventPayloadSchema = z
  .object({
    modelId: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a Matterport model ID'),
    version: z.union([z.string().max(16), z.number()]),
    webhookId: z.union([z.string().max(200), z.number()]).transform(String),
    webhookCustomKey: z.string().max(500).nullish(),
    timestamp: z.union([z.string().max(64), z.number()]),
    type: z.string().min(1).max(64),
    body: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

/**
 * What an event says about a space, by aspect: events of one aspect are ordered by their
 * timestamps (an older one than one applied is recorded, not applied); `none` changes nothing
 * (processed, bundle_updated, an unknown type, a body the plugin cannot read).
 */
export type EventMeaning =
  | { aspect: 'state'; state: ModelState }
  | { aspect: 'visibility'; visibility: AccessVisibility }
  | { aspect: 'details'; name?: string }
  | { aspect: 'none'; reason: string };

const object = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * `activation_state_changed`'s body is undocumented: read as `{ current: { state } }`, a
 * `{ state }`, or `{ active: boolean }` (the sandbox plays the first and the last). Matterport's
 * `inactive` (and `archived`, its word in the app) make the space gone; `active` brings it back.
 */
const activationState = (body: Record<string, unknown>): ModelState | undefined => {
  const raw = object(body.current)?.state ?? body.state;
  if (typeof raw === 'string') {
    const state = raw.toLowerCase();
    if (state === 'active') return 'active';
    if (state === 'inactive' || state === 'archived') return 'inactive';
    return undefined;
  }
  if (typeof body.active === 'boolean') return body.active ? 'active' : 'inactive';
  return undefined;
};

/** What an event means for the catalogue (see EventMeaning). */
export const meaningOf = (payload: Pick<ModelEventPayload, 'type' | 'body'>): EventMeaning => {
  const body = object(payload.body) ?? {};
  switch (payload.type) {
    case 'deleted':
      return { aspect: 'state', state: 'deleted' };
    case 'transferred_out':
      return { aspect: 'state', state: 'transferred' };
    case 'created':
    case 'restored':
    case 'transferred_in':
      return { aspect: 'state', state: 'active' };
    case 'activation_state_changed': {
      const state = activationState(body);
      return state
        ? { aspect: 'state', state }
        : { aspect: 'none', reason: 'unreadable activation state' };
    }
    case 'visibility_changed': {
      const visibility = object(body.current)?.accessVisibility;
      return isAccessVisibility(visibility)
        ? { aspect: 'visibility', visibility }
        : { aspect: 'none', reason: 'unreadable visibility' };
    }
    case 'details_changed': {
      const name = object(body.current)?.name ?? body.name;
      return typeof name === 'string' && name.trim() !== ''
        ? { aspect: 'details', name: name.slice(0, 255) }
        : { aspect: 'details' };
    }
    default:
      return { aspect: 'none', reason: `nothing to do for ${payload.type}` };
  }
};

/**
 * When the event happened: an ISO-8601 instant, or epoch milliseconds (a number or digits;
 * undocumented, both read). Numbers below 10^11 are read as epoch seconds. Undefined when
 * unreadable.
 */
export const eventTime = (timestamp: string | number): Date | undefined => {
  const numeric =
    typeof timestamp === 'number'
      ? timestamp
      : /^\d{1,16}$/.test(timestamp.trim())
        ? Number(timestamp.trim())
        : undefined;
  const ms =
    numeric !== undefined
      ? numeric < 1e11
        ? numeric * 1000
        : numeric
      : typeof timestamp === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(timestamp)
        ? Date.parse(timestamp)
        : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
};

/** JSON with object keys sorted at every level: the same payload always hashes the same. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};

/** The dedupe key of an event: a duplicate delivery or a replay of it hashes the same. */
export const eventHash = (connection: string, payload: unknown): string =>
  createHash('sha256')
    .update(`${connection}\n${canonical(payload)}`)
    .digest('hex');
