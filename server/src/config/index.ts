import { z } from 'zod';

import { parseDuration, parseValidFor } from '../../../common/duration';
import { LEGACY_CIPHERTEXT_POLICIES, type LegacyCiphertextPolicy } from '../crypto';

/**
 * The plugin's configuration (config/plugins.ts → matterport.config). Durations stay
 * strings here, as users write them; `resolveConfig` turns them into numbers once.
 */
export interface PluginConfig {
  apiOrigin: string;
  clientId?: string;
  clientSecret?: string;
  encryptionKey?: string;
  /** Keys used before `encryptionKey`: values written with them stay readable until re-encrypted. */
  previousEncryptionKeys: string[];
  /**
   * Values encrypted by version 1 (no key id, no purpose binding): `'read'` until re-encrypt
   * rewrites them (a deprecation warning is logged), `'refuse'` once it has.
   */
  legacyCiphertexts: LegacyCiphertextPolicy;
  requestTimeout: string;
  retryBudget: string;
  previewValidFor: string;
  minRemaining?: string;
  deliveryTimeout: string;
  cacheMaxEntries: number;
  mintConcurrency: number;
  onError: 'field' | 'throw';
  delivery: boolean;
  revokeOnUnpublish: boolean;
  settingsTtl: string;
  purgeInterval: string;
  thumbnailCacheTtl: string;
  draftLinks: DraftLinksPolicy;
  /** How long before the earliest expiry of a link delivered in published content `matterport.links.expiring` fires. */
  expiringLead: string;
  /** How long expired ledger rows are kept (for the links page and audits) before the purge deletes them. */
  retention: string;
  /** How long a model Matterport answered "not found" or "bad request" for is answered from memory. */
  failureTtl: string;
}

/**
 * Which reads of draft versions get working links. `'api-token'`: only requests
 * authenticated with a Strapi API token (Strapi Preview, site builds); anonymous and
 * end-user reads of drafts get the stored value and a MATTERPORT_DRAFT error.
 */
export const DRAFT_LINKS_POLICIES = ['api-token', 'always', 'never'] as const;
export type DraftLinksPolicy = (typeof DRAFT_LINKS_POLICIES)[number];

export const defaultConfig: PluginConfig = {
  apiOrigin: 'https://api.matterport.com',
  requestTimeout: '5s',
  retryBudget: '10s',
  previewValidFor: '5m',
  deliveryTimeout: '3s',
  cacheMaxEntries: 10000,
  // A page of up to 100 distinct, uncached models is minted in one wave (Strapi's largest
  // default page size). Throttling is handled by the 429 hold, which stops every mint at once.
  mintConcurrency: 100,
  onError: 'field',
  delivery: true,
  revokeOnUnpublish: false,
  settingsTtl: '5s',
  purgeInterval: '1h',
  thumbnailCacheTtl: '10m',
  draftLinks: 'api-token',
  expiringLead: '10m',
  retention: '24h',
  failureTtl: '60s',
  previousEncryptionKeys: [],
  legacyCiphertexts: 'read',
};

const duration = (bounds: { min?: number; max?: number }) =>
  z.string().superRefine((value, ctx) => {
    try {
      parseDuration(value, bounds);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/**
 * 127.0.0.0/8, ::1 and the literal `localhost` only. `*.localhost` names are left out: RFC 6761
 * lets resolvers send them to loopback, but nothing obliges a given resolver (or a proxy) to.
 */
export const isLoopbackHost = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // WHATWG URL parsing has already turned 127.1 and friends into four dotted decimals.
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
};

/** http: only to this machine (the sandbox, a local proxy); anywhere else the secret would cross the network in clear. */
export const isSecureOrigin = (origin: string): boolean => {
  try {
    const url = new URL(origin);
    if (url.protocol === 'https:') return true;
    if (url.protocol !== 'http:') return false;
    return isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
};

const schema = z
  .object({
    apiOrigin: z
      .string()
      .url('must be a URL such as https://api.matterport.com')
      .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
      .refine(
        isSecureOrigin,
        'must use https: (http: is accepted only on loopback: 127.0.0.0/8, ::1, localhost), since the client secret travels to it'
      ),
    clientId: z.string().trim().min(1, 'must not be empty').optional(),
    clientSecret: z.string().min(1, 'must not be empty').optional(),
    encryptionKey: z.string().min(16, 'must be at least 16 characters').optional(),
    previousEncryptionKeys: z
      .array(z.string().min(16, 'must be at least 16 characters'))
      .max(16, 'holds at most 16 keys'),
    legacyCiphertexts: z.enum(LEGACY_CIPHERTEXT_POLICIES, {
      message: `must be one of ${LEGACY_CIPHERTEXT_POLICIES.map((p) => `'${p}'`).join(', ')}`,
    }),
    requestTimeout: duration({ min: 1, max: 120 }),
    retryBudget: duration({ min: 0, max: 300 }),
    previewValidFor: z.string().superRefine((value, ctx) => {
      try {
        parseValidFor(value, 'previewValidFor');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
    minRemaining: duration({ min: 1, max: 86400 }).optional(),
    deliveryTimeout: duration({ min: 1, max: 120 }),
    cacheMaxEntries: z.number().int().min(1).max(10_000_000),
    mintConcurrency: z.number().int().min(1).max(256),
    onError: z.enum(['field', 'throw']),
    delivery: z.boolean(),
    revokeOnUnpublish: z.boolean(),
    settingsTtl: duration({ min: 0, max: 3600 }),
    purgeInterval: duration({ min: 60, max: 7 * 86400 }),
    thumbnailCacheTtl: duration({ min: 0, max: 86400 }),
    draftLinks: z.enum(DRAFT_LINKS_POLICIES, {
      message: `must be one of ${DRAFT_LINKS_POLICIES.map((p) => `'${p}'`).join(', ')}`,
    }),
    // Links live at most 24 h, so a lead beyond that would announce every link at once.
    expiringLead: duration({ min: 1, max: 86400 }),
    retention: duration({ min: 0, max: 90 * 86400 }),
    failureTtl: duration({ min: 0, max: 3600 }),
  })
  .strict();

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Throws a ConfigError naming the first bad key (Strapi refuses to start with it). */
export const validateConfig = (config: unknown): void => {
  const result = schema.safeParse(config);
  if (result.success) {
    if ((result.data.clientId === undefined) !== (result.data.clientSecret === undefined)) {
      throw new ConfigError(
        'matterport: set both clientId and clientSecret in config/plugins, or neither (then the settings page holds them).'
      );
    }
    return;
  }
  const issue = result.error.issues[0];
  const key = issue.path.join('.') || '(root)';
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : `"${key}" ${issue.message}`;
  throw new ConfigError(
    `matterport: invalid configuration: ${message}. See the README's configuration table.`
  );
};

/** Durations as numbers, computed once. */
export interface ResolvedConfig {
  apiOrigin: string;
  clientId?: string;
  clientSecret?: string;
  encryptionKey?: string;
  previousEncryptionKeys: string[];
  legacyCiphertexts: LegacyCiphertextPolicy;
  requestTimeoutMs: number;
  retryBudgetMs: number;
  previewValidForSeconds: number;
  minRemainingSeconds?: number;
  deliveryTimeoutMs: number;
  cacheMaxEntries: number;
  mintConcurrency: number;
  onError: 'field' | 'throw';
  /** Off: content reads return the stored value as is (benchmarks' baseline, emergency switch). */
  delivery: boolean;
  revokeOnUnpublish: boolean;
  settingsTtlMs: number;
  purgeIntervalMs: number;
  thumbnailCacheTtlMs: number;
  draftLinks: DraftLinksPolicy;
  expiringLeadMs: number;
  retentionMs: number;
  failureTtlMs: number;
}

export const resolveConfig = (config: PluginConfig): ResolvedConfig => ({
  apiOrigin: config.apiOrigin.replace(/\/+$/, ''),
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  encryptionKey: config.encryptionKey,
  previousEncryptionKeys: config.previousEncryptionKeys ?? [],
  legacyCiphertexts: config.legacyCiphertexts ?? 'read',
  requestTimeoutMs: parseDuration(config.requestTimeout) * 1000,
  retryBudgetMs: parseDuration(config.retryBudget) * 1000,
  previewValidForSeconds: parseValidFor(config.previewValidFor),
  minRemainingSeconds: config.minRemaining ? parseDuration(config.minRemaining) : undefined,
  deliveryTimeoutMs: parseDuration(config.deliveryTimeout) * 1000,
  cacheMaxEntries: config.cacheMaxEntries,
  mintConcurrency: config.mintConcurrency,
  onError: config.onError,
  delivery: config.delivery,
  revokeOnUnpublish: config.revokeOnUnpublish,
  settingsTtlMs: parseDuration(config.settingsTtl) * 1000,
  purgeIntervalMs: parseDuration(config.purgeInterval) * 1000,
  thumbnailCacheTtlMs: parseDuration(config.thumbnailCacheTtl) * 1000,
  draftLinks: config.draftLinks,
  expiringLeadMs: parseDuration(config.expiringLead) * 1000,
  retentionMs: parseDuration(config.retention) * 1000,
  failureTtlMs: parseDuration(config.failureTtl ?? '60s') * 1000,
});

export default {
  default: defaultConfig,
  validator: validateConfig,
};
