import type { Core } from '@strapi/strapi';
import knexFactory, { type Knex } from 'knex';

import { PLUGIN_ID } from '../../../common/plugin';
import { defaultConfig, type PluginConfig } from '../../../server/src/config';
import { LOCK_TABLE } from '../../../server/src/links/mint-locks';
import { TOMBSTONE_TABLE } from '../../../server/src/links';
import services from '../../../server/src/services';
import { createMemoryDb, type MemoryDb } from './memory-db';

/** The encryption key of every fake Strapi (Strapi's admin.secrets.encryptionKey). */
export const ENCRYPTION_KEY = 'unit-test-encryption-key-0123456789';

type ServiceName = keyof typeof services;

export interface FakeStrapiOptions {
  /** The plugin's config/plugins entry (validated shape; defaults filled in). */
  config?: Partial<PluginConfig>;
  contentTypes?: Record<string, unknown>;
  components?: Record<string, unknown>;
  /** Services to use instead of the plugin's own (e.g. an in-memory Matterport). */
  services?: Partial<Record<ServiceName, unknown>>;
  /** The request Strapi's requestContext answers with (the content-API or admin request). */
  request?: () => unknown;
  /** Other plugins (e.g. `graphql`) as `strapi.plugin(name)` answers them. */
  plugins?: Record<string, unknown>;
  /** Another replica's database (ledger and locks), to share it as replicas do. */
  shareWith?: FakeStrapi;
}

export interface FakeStrapi {
  strapi: Core.Strapi;
  db: MemoryDb;
  /** The mint-lock table lives in a real SQLite database (the driver Strapi uses). */
  knex: Knex;
  /** Strapi's core store, by `type.name.key`. */
  coreStore: Map<string, unknown>;
  logs: Array<{ level: string; message: string }>;
  /** What the plugin handed `strapi.documents.use` (its Document Service middleware). */
  documentMiddlewares: Array<(ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>>;
  /** Events sent to Strapi's event hub (webhooks). */
  hubEvents: Array<{ event: string; payload: unknown }>;
  setRequest(request: unknown): void;
  close(): Promise<void>;
}

/**
 * A Strapi with what the plugin's services read of it: config, core store, `db.query`
 * (in memory), `db.connection` (SQLite in memory, for the mint locks), transactions, the
 * request context, the log, and the plugin's own services, the real ones unless replaced.
 */
export const createFakeStrapi = async (options: FakeStrapiOptions = {}): Promise<FakeStrapi> => {
  const shared = options.shareWith;
  const db = shared?.db ?? createMemoryDb();
  const knex =
    shared?.knex ??
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    });
  if (!shared)
    await knex.schema.createTable(LOCK_TABLE, (table) => {
      table.string('lock_key', 191).primary();
      table.string('owner', 64).notNullable();
      table.bigInteger('expires_at').notNullable();
    });
  // The revocation tombstones (links revoked at Matterport whose ledger row could not be
  // marked) live beside the locks; the links service creates their table at bootstrap.
  if (!shared)
    await knex.schema.createTable(TOMBSTONE_TABLE, (table) => {
      table.integer('link_id').primary();
      table.bigInteger('revoked_at').notNullable();
      table.bigInteger('valid_until').notNullable();
    });
  const coreStore = shared?.coreStore ?? new Map<string, unknown>();
  const logs: Array<{ level: string; message: string }> = [];
  let request: unknown = options.request?.();
  const pluginConfig: PluginConfig = { ...defaultConfig, ...options.config };
  const instances = new Map<string, unknown>();
  const documentMiddlewares: FakeStrapi['documentMiddlewares'] = [];
  const hubEvents: FakeStrapi['hubEvents'] = [];

  const log = Object.fromEntries(
    ['debug', 'info', 'warn', 'error'].map((level) => [
      level,
      (message: string) => logs.push({ level, message }),
    ])
  );

  const strapi = {
    config: {
      get(key: string, fallback?: unknown) {
        if (key === `plugin::${PLUGIN_ID}`) return pluginConfig;
        if (key === 'admin.secrets.encryptionKey') return ENCRYPTION_KEY;
        return fallback;
      },
    },
    log,
    customFields: { register: () => undefined },
    documents: {
      use: (mw: FakeStrapi['documentMiddlewares'][number]) => documentMiddlewares.push(mw),
    },
    server: { use: () => undefined },
    get: (name: string) =>
      name === 'webhookStore' ? { addAllowedEvent: () => undefined } : undefined,
    eventHub: {
      emit: async (event: string, payload: unknown) => {
        hubEvents.push({ event, payload });
      },
    },
    contentTypes: options.contentTypes ?? {},
    components: options.components ?? {},
    requestContext: { get: () => request },
    store: ({ type, name, key }: { type: string; name: string; key: string }) => {
      const id = `${type}.${name}.${key}`;
      return {
        get: async () => structuredClone(coreStore.get(id) ?? null),
        set: async ({ value }: { value: unknown }) => {
          coreStore.set(id, structuredClone(value));
        },
        delete: async () => {
          coreStore.delete(id);
        },
      };
    },
    db: {
      query: (uid: string) => db.query(uid),
      get connection() {
        return knex;
      },
      dialect: { client: 'sqlite' },
      inTransaction: () => false,
      transaction: async (
        fn: (scope: { trx: Knex.Transaction; onCommit: (cb: () => void) => void }) => unknown
      ) => {
        const commits: Array<() => void> = [];
        const result = await knex.transaction((trx) =>
          Promise.resolve(fn({ trx, onCommit: (cb) => commits.push(cb) }))
        );
        commits.forEach((cb) => cb());
        return result;
      },
    },
    plugin(name: string) {
      if (name !== PLUGIN_ID) return options.plugins?.[name];
      return {
        service(service: ServiceName) {
          if (options.services && service in options.services)
            return options.services[service] as unknown;
          let instance = instances.get(service);
          if (!instance) {
            const factory = services[service] as (deps: { strapi: Core.Strapi }) => unknown;
            instance = factory({ strapi: strapi as unknown as Core.Strapi });
            instances.set(service, instance);
          }
          return instance;
        },
      };
    },
  };

  return {
    strapi: strapi as unknown as Core.Strapi,
    db,
    knex,
    coreStore,
    logs,
    documentMiddlewares,
    hubEvents,
    setRequest(next: unknown) {
      request = next;
    },
    async close() {
      // Minted links still being written hold a lock release: let them finish first.
      const links = instances.get('links') as { flushRecords?: () => Promise<void> } | undefined;
      await links?.flushRecords?.();
      if (!shared) await knex.destroy();
    },
  };
};

/** A koa-like context of a content-API request (REST unless `path` says otherwise). */
export const contentApiRequest = (
  options: {
    query?: Record<string, unknown>;
    apiToken?: boolean;
    userJwt?: boolean;
    path?: string;
  } = {}
) => {
  const headers = new Map<string, string>();
  const query = options.query ?? {};
  return {
    path: options.path ?? '/api/spaces',
    // Koa's `ctx.origin` (protocol and Host): the base of poster and activation URLs.
    origin: 'http://localhost:1337',
    method: 'GET',
    query,
    request: { query, method: 'GET', path: options.path ?? '/api/spaces' },
    state: {
      route: { info: { type: 'content-api' } },
      auth: options.apiToken
        ? { strategy: { name: 'api-token' }, credentials: { type: 'read-only' } }
        : options.userJwt
          ? { strategy: { name: 'users-permissions' }, credentials: { id: 1 } }
          : undefined,
      isAuthenticated: !!(options.apiToken || options.userJwt),
    },
    headers: {} as Record<string, string>,
    set(name: string, value: string) {
      headers.set(name.toLowerCase(), value);
    },
    get(name: string) {
      return headers.get(name.toLowerCase()) ?? '';
    },
    sent: headers,
    throw(status: number, message: string, props?: Record<string, unknown>): never {
      const error = Object.assign(new Error(message), { status, expose: true, ...props });
      throw error;
    },
  };
};

/** A koa-like context of an admin-panel request (the Content Manager). */
export const adminRequest = () => ({
  ...contentApiRequest(),
  path: '/content-manager/collection-types/api::space.space/abc',
  state: {
    route: { info: { type: 'admin' } },
    user: { id: 1, firstname: 'Ada', email: 'ada@example.com' },
  },
});
