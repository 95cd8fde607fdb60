import { ConfigError } from './config';
import type { SandboxModes } from './control-types';

export const DEFAULT_MODES: Readonly<SandboxModes> = Object.freeze({
  foreignRevoke: 'accept',
  revokeAnswer: 'true',
  validForFormats: 'both',
  thumbnailHost: 'sandbox',
  clientsWithoutPrivateModelEmbed: Object.freeze([]) as unknown as string[],
  webhookTokenCredentials: 'header',
  webhookDuplicates: 'once',
  webhookOrder: 'in-order',
  webhookRetries: 'none',
  webhookTimestamp: 'iso',
  activationBody: 'state',
  noPmeAnswer: 'request.unauthorized',
  viewEmbeds: 'accept',
});

const CHOICES = {
  foreignRevoke: ['accept', 'refuse'],
  revokeAnswer: ['true', 'false', 'not.found'],
  validForFormats: ['both', 'iso8601', 'shorthand'],
  thumbnailHost: ['sandbox', 'other-host', 'redirect-other-host', 'redirect-same-host'],
  webhookTokenCredentials: ['header', 'bearer'],
  webhookDuplicates: ['once', 'twice'],
  webhookOrder: ['in-order', 'reversed'],
  webhookRetries: ['none', 'until-2xx'],
  webhookTimestamp: ['iso', 'epoch-ms'],
  activationBody: ['state', 'active-flag'],
  noPmeAnswer: ['request.unauthorized', 'request.unsupported'],
  viewEmbeds: ['accept', 'refuse'],
} as const;

/**
 * Another host name of the sandbox, for the thumbnail modes: `localhost` for `127.0.0.1` and
 * `127.0.0.1` for anything else (sandbox choice: both reach a sandbox listening on 127.0.0.1, and
 * a client comparing origins sees two hosts).
 */
export function otherHostOrigin(origin: string): string {
  const url = new URL(origin);
  url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return url.origin;
}

const KNOWN_KEYS: readonly string[] = [...Object.keys(CHOICES), 'clientsWithoutPrivateModelEmbed'];

/**
 * Checks a partial set of modes (from options, the control endpoint or the
 * CLI) and merges it over `base`. Unknown keys, unknown values and unknown
 * client IDs are refused, so a typo cannot leave a test running against the
 * default it meant to avoid.
 */
export function mergeModes(
  base: SandboxModes,
  patch: unknown,
  isClient: (clientId: string) => boolean
): SandboxModes {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw new ConfigError('modes is a JSON object');
  const next: SandboxModes = {
    ...base,
    clientsWithoutPrivateModelEmbed: [...base.clientsWithoutPrivateModelEmbed],
  };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!KNOWN_KEYS.includes(key))
      throw new ConfigError(`unknown mode "${key}"; known: ${KNOWN_KEYS.join(', ')}`);
    if (key === 'clientsWithoutPrivateModelEmbed') {
      next.clientsWithoutPrivateModelEmbed = clientList(value, isClient);
      continue;
    }
    const name = key as keyof typeof CHOICES;
    const allowed: readonly string[] = CHOICES[name];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new ConfigError(
        `mode "${key}" must be one of ${allowed.map((v) => `"${v}"`).join(', ')}`
      );
    }
    // The check above narrows `value` to one of this key's literals.
    (next as unknown as Record<string, string>)[name] = value;
  }
  return next;
}

function clientList(value: unknown, isClient: (clientId: string) => boolean): string[] {
  if (!Array.isArray(value) || !value.every((id): id is string => typeof id === 'string')) {
    throw new ConfigError('mode "clientsWithoutPrivateModelEmbed" must be an array of client IDs');
  }
  const unknown = value.filter((id) => !isClient(id));
  if (unknown.length > 0) {
    throw new ConfigError(
      `mode "clientsWithoutPrivateModelEmbed": unknown client ID ${unknown.map((id) => `"${id}"`).join(', ')} (register it first)`
    );
  }
  return [...new Set(value)];
}
