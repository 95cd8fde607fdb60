import type { ClientCredentials, SandboxConfigView, SandboxModes } from './control-types';
import type { ModelRecord } from './models/types';
import type { OrganizationSpec } from './organizations';

export interface SandboxOptions {
  /** OAuth applications that may use the sandbox; default: `DEFAULT_CLIENT` alone. */
  clients?: readonly ClientCredentials[];
  /** Seconds an account access token lives (Matterport answers 3599). */
  expiresIn?: number;
  /** Extra milliseconds every mint mutation takes. */
  mintLatencyMs?: number;
  /** Seconds a signed thumbnail URL stays valid (default 600). */
  thumbnailTtlSeconds?: number;
  /**
   * Origin written into embed links and thumbnail URLs, when browsers reach
   * the sandbox under another name than the one it listens on.
   */
  publicOrigin?: string;
  /** Replaces the seeded spaces. */
  models?: readonly ModelRecord[];
  /** Behaviours public material leaves open (see `SandboxModes`); omitted ones keep their defaults. */
  modes?: Partial<SandboxModes>;
  /**
   * Several Matterport organisations, each with its own clients and spaces (the first is where
   * clients registered without one go). Without it there is one organisation, `DEFAULT_ORGANIZATION_ID`,
   * holding `clients` and `models`; giving both is an error.
   */
  organizations?: readonly OrganizationSpec[];
}

export const DEFAULT_ORGANIZATION_ID = 'sandbox-org';

export const DEFAULT_CLIENT: Readonly<ClientCredentials> = Object.freeze({
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789abcdef',
});

export const DEFAULT_CONFIG: Readonly<SandboxConfigView> = Object.freeze({
  expiresIn: 3599,
  mintLatencyMs: 0,
  thumbnailTtlSeconds: 600,
});

export class ConfigError extends Error {}

/**
 * Checks a partial config (from options or the control endpoint) and merges
 * it over `base`. Unknown keys are refused so a typo does not pass silently.
 */
export function mergeConfig(base: SandboxConfigView, patch: unknown): SandboxConfigView {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ConfigError('config is a JSON object');
  }
  const raw = patch as Record<string, unknown>;
  const limits: Record<keyof SandboxConfigView, readonly [number, number]> = {
    expiresIn: [1, 86_400],
    mintLatencyMs: [0, 600_000],
    thumbnailTtlSeconds: [0, 86_400],
  };
  const next = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(key in limits))
      throw new ConfigError(
        `unknown config key "${key}"; known: ${Object.keys(limits).join(', ')}`
      );
    const name = key as keyof SandboxConfigView;
    const [min, max] = limits[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`"${key}" must be an integer from ${min} to ${max}`);
    }
    next[name] = value;
  }
  return next;
}
