import { z } from 'zod';

import {
  CONNECTION_ID_PATTERN,
  CONNECTION_ID_RULE,
  DEFAULT_CONNECTION_ID,
} from '../../../common/contracts/connections';
import { parseDuration, parseValidFor } from '../../../common/duration';
import { PUBLIC_SPACES_POLICIES } from '../../../common/catalogue';
import { DELIVERY_MODES, parseShowcaseParams, PRESET_NAME } from '../../../common/showcase';
import { LEGACY_CIPHERTEXT_POLICIES } from '../crypto';

/**
 * Which reads of draft versions get working links. `'api-token'`: only requests
 * authenticated with a Strapi API token (Strapi Preview, site builds); anonymous and
 * end-user reads of drafts get the stored value and a MATTERPORT_DRAFT error.
 */
export const DRAFT_LINKS_POLICIES = ['api-token', 'always', 'never'] as const;
export type DraftLinksPolicy = (typeof DRAFT_LINKS_POLICIES)[number];

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

/**
 * The plugin's configuration (config/plugins.ts → matterport.config): the one declaration of
 * its keys. The defaults, the type, the start-up validation and (tests/unit/config.test.ts) the
 * README's configuration table all follow from it. Durations stay strings here, as users write
 * them; `resolveConfig` turns them into numbers once.
 */
const schema = z
  .object({
    apiOrigin: z
      .string()
      .url('must be a URL such as https://api.matterport.com')
      .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
      .refine(
        isSecureOrigin,
        'must use https: (http: is accepted only on loopback: 127.0.0.0/8, ::1, localhost), since the client secret travels to it'
      )
      .default('https://api.matterport.com'),
    clientId: z.string().trim().min(1, 'must not be empty').optional(),
    clientSecret: z.string().min(1, 'must not be empty').optional(),
    encryptionKey: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Keys used before `encryptionKey`: values written with them stay readable until re-encrypted. */
    previousEncryptionKeys: z
      .array(z.string().min(16, 'must be at least 16 characters'))
      .max(16, 'holds at most 16 keys')
      .default([]),
    /**
     * Values encrypted by version 1 (no key id, no purpose binding): `'read'` until re-encrypt
     * rewrites them (a deprecation warning is logged), `'refuse'` once it has.
     */
    legacyCiphertexts: z
      .enum(LEGACY_CIPHERTEXT_POLICIES, {
        message: `must be one of ${LEGACY_CIPHERTEXT_POLICIES.map((p) => `'${p}'`).join(', ')}`,
      })
      .default('read'),
    requestTimeout: duration({ min: 1, max: 120 }).default('5s'),
    retryBudget: duration({ min: 0, max: 300 }).default('10s'),
    previewValidFor: z
      .string()
      .superRefine((value, ctx) => {
        try {
          parseValidFor(value, 'previewValidFor');
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .default('5m'),
    minRemaining: duration({ min: 1, max: 86400 }).optional(),
    deliveryTimeout: duration({ min: 1, max: 120 }).default('3s'),
    cacheMaxEntries: z.number().int().min(1).max(10_000_000).default(10000),
    // A page of up to 100 distinct, uncached models is minted in one wave (Strapi's largest
    // default page size). Throttling is handled by the 429 hold, which stops every mint at once.
    mintConcurrency: z.number().int().min(1).max(256).default(100),
    onError: z.enum(['field', 'throw']).default('field'),
    delivery: z.boolean().default(true),
    revokeOnUnpublish: z.boolean().default(false),
    settingsTtl: duration({ min: 0, max: 3600 }).default('5s'),
    purgeInterval: duration({ min: 60, max: 7 * 86400 }).default('1h'),
    thumbnailCacheTtl: duration({ min: 0, max: 86400 }).default('10m'),
    draftLinks: z
      .enum(DRAFT_LINKS_POLICIES, {
        message: `must be one of ${DRAFT_LINKS_POLICIES.map((p) => `'${p}'`).join(', ')}`,
      })
      .default('api-token'),
    /** How long before the earliest expiry of a link delivered in published content `matterport.links.expiring` fires. */
    // Links live at most 24 h, so a lead beyond that would announce every link at once.
    expiringLead: duration({ min: 1, max: 86400 }).default('10m'),
    /** How long expired ledger rows are kept (for the links page and audits) before the purge deletes them. */
    retention: duration({ min: 0, max: 90 * 86400 }).default('24h'),
    /** How long a model Matterport answered "not found" or "bad request" for is answered from memory. */
    failureTtl: duration({ min: 0, max: 3600 }).default('60s'),
    /** The delivery mode of fields whose options name none (issue 27): `link` or `on-demand`. */
    defaultDelivery: z
      .enum(DELIVERY_MODES, {
        message: `must be one of ${DELIVERY_MODES.map((m) => `'${m}'`).join(', ')}`,
      })
      .default('link'),
    /**
     * Named sets of Showcase parameters (issue 28), reusable across fields: a field's `preset`
     * option names one; the field's own options, then an entry's `params`, override it.
     */
    presets: z
      .record(
        z.string().regex(PRESET_NAME, 'names letters, digits, _ and - only (at most 64)'),
        z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
          try {
            parseShowcaseParams(value);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        })
      )
      .default({}),
    /**
     * Site origins allowed to call the activation route from a browser (CORS). Unset: the
     * origins of Strapi's own CORS middleware (`strapi::cors`).
     */
    activationOrigins: z
      .array(
        z
          .string()
          .refine(
            (v) => v === '*' || /^https?:\/\/[^/?#]+$/.test(v),
            "must be '*' or an origin such as https://www.example.com (no path)"
          )
      )
      .max(100, 'holds at most 100 origins')
      .optional(),
    /** Activations one client (IP address) may ask for per minute, on each Strapi process. */
    activationRateLimit: z.number().int().min(1).max(100_000).default(120),
    /** Activations one ref may answer per minute, on each Strapi process (all clients together). */
    activationRefRateLimit: z.number().int().min(1).max(1_000_000).default(600),
    /**
     * The GraphQL schema of Matterport fields. `typedValues`: an object type `MatterportModel`
     * instead of the `JSON` scalar (opt-in: it changes every query selecting the field).
     */
    graphql: z
      .object({ typedValues: z.boolean().default(false) })
      .strict()
      .default({ typedValues: false }),
    /**
     * What a `private` or `auto` field delivers for a space known to be public or unlisted
     * (issue 28): `pme` a PME link all the same, `plain` the plain Showcase link (nothing
     * minted), `refuse` MATTERPORT_NOT_PRIVATE.
     */
    publicSpaces: z
      .enum(PUBLIC_SPACES_POLICIES, {
        message: `must be one of ${PUBLIC_SPACES_POLICIES.map((p) => `'${p}'`).join(', ')}`,
      })
      .default('pme'),
    /** How often the spaces used by published content are read again at Matterport (state, visibility). */
    modelCheckInterval: duration({ min: 60, max: 7 * 86400 }).default('6h'),
    /**
     * Connections (issue 26) defined by configuration, usually from env: read-only in the admin,
     * as `clientId`/`clientSecret` make the default one. Their secret is never stored.
     */
    connections: z
      .array(
        z
          .object({
            id: z.string().regex(CONNECTION_ID_PATTERN, CONNECTION_ID_RULE),
            name: z.string().trim().min(1, 'must not be empty').max(100, 'is too long'),
            clientId: z.string().trim().min(1, 'must not be empty'),
            clientSecret: z.string().min(1, 'must not be empty'),
            defaultValidFor: z
              .string()
              .superRefine((value, ctx) => {
                try {
                  parseValidFor(value, 'defaultValidFor');
                } catch (error) {
                  ctx.addIssue({ code: 'custom', message: (error as Error).message });
                }
              })
              .optional(),
            enabled: z.boolean().optional(),
          })
          .strict()
      )
      .max(100, 'holds at most 100 connections')
      .refine(
        (list) => new Set(list.map((c) => c.id)).size === list.length,
        'names a connection id twice'
      )
      .default([]),
  })
  .strict();

export type PluginConfig = z.output<typeof schema>;

/** The configuration keys, in declaration order (the README's table lists exactly these). */
export const CONFIG_KEYS = Object.keys(schema.shape) as Array<keyof PluginConfig>;

/** Every default, from the declaration (keys without one, such as clientId, stay unset). */
export const defaultConfig: PluginConfig = schema.parse({});

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
    if (
      result.data.clientId !== undefined &&
      result.data.connections.some((c) => c.id === DEFAULT_CONNECTION_ID)
    ) {
      throw new ConfigError(
        `matterport: clientId and clientSecret define the "${DEFAULT_CONNECTION_ID}" connection, and "connections" defines it too: keep one of them.`
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
export type ResolvedConfig = ReturnType<typeof resolveConfig>;

export const resolveConfig = (config: PluginConfig) => ({
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
  /** Off: content reads return the stored value as is (benchmarks' baseline, emergency switch). */
  delivery: config.delivery,
  revokeOnUnpublish: config.revokeOnUnpublish,
  settingsTtlMs: parseDuration(config.settingsTtl) * 1000,
  purgeIntervalMs: parseDuration(config.purgeInterval) * 1000,
  thumbnailCacheTtlMs: parseDuration(config.thumbnailCacheTtl) * 1000,
  draftLinks: config.draftLinks,
  expiringLeadMs: parseDuration(config.expiringLead) * 1000,
  retentionMs: parseDuration(config.retention) * 1000,
  failureTtlMs: parseDuration(config.failureTtl ?? '60s') * 1000,
  defaultDelivery: config.defaultDelivery ?? 'link',
  activationOrigins: config.activationOrigins,
  activationRateLimit: config.activationRateLimit ?? 120,
  activationRefRateLimit: config.activationRefRateLimit ?? 600,
  graphql: { typedValues: config.graphql?.typedValues ?? false },
  /** Each preset's parameters in their URL form (checked at start-up). */
  presets: Object.fromEntries(
    Object.entries(config.presets ?? {}).map(([name, params]) => [
      name,
      parseShowcaseParams(params),
    ])
  ),
  connections: config.connections ?? [],
  publicSpaces: config.publicSpaces ?? 'pme',
  modelCheckIntervalMs: parseDuration(config.modelCheckInterval ?? '6h') * 1000,
});

export default {
  default: defaultConfig,
  validator: validateConfig,
};
