import { DEFAULT_CLIENT, SandboxControl, createSandbox, type ModelRecord } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../../tests/harness/admin';
import { createTestDatabase, type TestDatabase } from '../../tests/harness/database';
import { startStrapi, type StrapiProcess } from '../../tests/harness/strapi';
import { generatedModels, linkedCount, seedVenues } from '../lib/content';
import { call, expectStatus } from '../lib/http';
import type { Instance } from '../lib/instance';
import { runLoad, type RunResult } from '../lib/load';
import { round } from '../lib/stats';

type Delivered = Parameters<typeof linkedCount>[0][number];

export interface ReplicasResult {
  database: string;
  replicas: number;
  bootMs: number;
  models: number;
  seconds: number;
  connectionsPerReplica: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Reads checked entry by entry (every entry must carry a link). */
  checkedReads: number;
  readsWithoutAllLinks: number;
  mints: number;
  mintsByModel: { min: number; max: number; modelsMinted: number };
  /** The invariant: every model minted exactly once, whatever replica read it, and every read answered with links. */
  pass: boolean;
  failures: string[];
}

/**
 * `replicas` Strapi processes of the playground started together on one fresh PostgreSQL
 * database, with their own sandbox (its counters see nothing else). Once all are up and the
 * content is in, the links are made cold (a defaultValidFor never used before), then every
 * replica is read at once, under autocannon load, while a checker reads through each replica
 * in turn: every model must be minted exactly once (sandbox `mintsByModel`).
 */
export const replicas = async (
  options: {
    replicas: number;
    seconds: number;
    connections: number;
    models: number;
    mintLatencyMs: number;
  },
  log: (line: string) => void,
  onStarted: (stop: () => Promise<void>) => void
): Promise<ReplicasResult> => {
  const models: ModelRecord[] = generatedModels('Rep', options.models);
  const sandbox = createSandbox({ models, mintLatencyMs: options.mintLatencyMs });
  const { origin } = await sandbox.start(0);
  const control = new SandboxControl(origin);
  let db: TestDatabase | undefined;
  const processes: StrapiProcess[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    await db?.drop().catch(() => undefined);
    await sandbox.stop();
  };
  onStarted(stop);

  const previous = process.env.DATABASE_CLIENT;
  process.env.DATABASE_CLIENT = 'postgres';
  try {
    db = await createTestDatabase('benchreplicas');
  } finally {
    if (previous === undefined) delete process.env.DATABASE_CLIENT;
    else process.env.DATABASE_CLIENT = previous;
  }
  const database = db;

  // Strapi's own schema sync cannot run in several processes at once on an empty database
  // (two create strapi_migrations; the loser exits), so one process creates the schema
  // first and stops, as a deployment's first start or migration step does. Then all the
  // replicas start together on it, as a rolling restart or a scale-up brings them up:
  // the plugin's start-up (mint lock table, settings) runs in all of them at once.
  const schemaStarted = Date.now();
  const schema = await startStrapi({
    name: 'bench-replica-schema',
    databaseEnv: database.env,
    sandboxOrigin: origin,
    bootTimeoutMs: 240_000,
  });
  await schema.stop();
  log(
    `    schema created by a first process in ${round((Date.now() - schemaStarted) / 1000, 1)} s`
  );
  const started = Date.now();
  const booted = await Promise.allSettled(
    Array.from({ length: options.replicas }, (_, i) =>
      startStrapi({
        name: `bench-replica-${i + 1}`,
        databaseEnv: database.env,
        sandboxOrigin: origin,
        bootTimeoutMs: 240_000,
      })
    )
  );
  for (const b of booted) if (b.status === 'fulfilled') processes.push(b.value);
  const failed = booted.find((b): b is PromiseRejectedResult => b.status === 'rejected');
  if (failed) throw failed.reason;
  const bootMs = Date.now() - started;
  log(
    `    ${options.replicas} replicas started together on PostgreSQL, all up in ${round(bootMs / 1000, 1)} s`
  );

  const first = processes[0] as StrapiProcess;
  const adminJwt = await registerAdmin(first.url);
  const apiToken = await createApiToken(first.url, adminJwt);
  const seeder: Pick<Instance, 'url' | 'apiToken' | 'label'> = {
    url: first.url,
    apiToken,
    label: 'replica-1',
  };
  await seedVenues(seeder as Instance, models, 'Replica');
  // A lifetime never used: every model's link is missing in memory and in the ledger.
  const lifetime = 7000 + Math.floor(Math.random() * 1000);
  expectStatus(
    await call('PUT', `${first.url}/matterport/settings`, {
      token: adminJwt,
      body: { ...DEFAULT_CLIENT, defaultValidFor: `${lifetime}s` },
    }),
    'PUT /matterport/settings (replicas)'
  );
  await control.resetCounters();

  const list = (url: string) =>
    `${url}/api/venues?pagination[pageSize]=${options.models}&sort=name:asc&filters[name][$startsWith]=Replica`;
  let checking = true;
  let checkedReads = 0;
  let readsWithoutAllLinks = 0;
  const checker = (async () => {
    let i = 0;
    while (checking) {
      const p = processes[i % processes.length] as StrapiProcess;
      i += 1;
      const res = await call<{ data: Array<{ model: Delivered }> }>('GET', list(p.url));
      checkedReads += 1;
      if (
        res.status !== 200 ||
        linkedCount((res.body.data ?? []).map((v) => v.model)) !== options.models
      )
        readsWithoutAllLinks += 1;
    }
  })();
  const runs: RunResult[] = await Promise.all(
    processes.map((p) =>
      runLoad({ url: list(p.url) }, { seconds: options.seconds, connections: options.connections })
    )
  );
  checking = false;
  await checker;
  const counters = await control.counters();
  // Nothing of this phase keeps running into the next one.
  await stop();
  const perModel = models.map((m) => counters.mintsByModel[m.id] ?? 0);
  const failures: string[] = [];
  const notOnce = models.filter((m) => (counters.mintsByModel[m.id] ?? 0) !== 1);
  if (notOnce.length)
    failures.push(
      `${notOnce.length} models not minted exactly once (${notOnce
        .slice(0, 5)
        .map((m) => `${m.id}: ${counters.mintsByModel[m.id] ?? 0}`)
        .join(', ')})`
    );
  if (counters.mints !== options.models)
    failures.push(`${counters.mints} mints for ${options.models} models`);
  const non2xx = runs.reduce((a, r) => a + r.non2xx, 0);
  const errors = runs.reduce((a, r) => a + r.errors + r.timeouts, 0);
  if (non2xx + errors) failures.push(`${non2xx} non-2xx answers, ${errors} errors`);
  if (readsWithoutAllLinks)
    failures.push(
      `${readsWithoutAllLinks} of ${checkedReads} checked reads without a link on every entry`
    );
  if (!checkedReads) failures.push('no read was checked');
  return {
    database: 'postgres',
    replicas: options.replicas,
    bootMs,
    models: options.models,
    seconds: options.seconds,
    connectionsPerReplica: options.connections,
    requests: runs.reduce((a, r) => a + r.ok, 0),
    non2xx,
    errors,
    checkedReads,
    readsWithoutAllLinks,
    mints: counters.mints,
    mintsByModel: {
      min: Math.min(...perModel),
      max: Math.max(...perModel),
      modelsMinted: perModel.filter((n) => n > 0).length,
    },
    pass: failures.length === 0,
    failures,
  };
};
