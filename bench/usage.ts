/**
 * `npm run bench:usage`: what the where-used index (issue 28) costs at size, measured, never
 * asserted:
 *
 * 1. the backfill at start of BENCH_USAGE_ENTRIES entries (default 100,000 Space documents,
 *    each a draft and a published version: twice as many rows and usages) written before the
 *    index existed (seeded straight into SQLite, the index and its cursor emptied): from
 *    "Strapi answers" to `complete: true` (polled every 250 ms, so ±250 ms);
 * 2. one look-up at that size (`GET /matterport/models/:id/usage`, a space used by
 *    BENCH_USAGE_ENTRIES / 1000 entries, the default list of 100 places and both totals):
 *    median and p95 of sequential requests, alternated with the Content Manager's list of 10
 *    spaces (the same Strapi, the same admin) as a baseline.
 *
 * Prints the figures and the machine's state; writes bench/out/usage.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_CLIENT, SEED_MODELS, createSandbox } from '../sandbox/src';
import { ADMIN, login } from '../tests/harness/admin';
import { ROOT } from '../tests/harness/paths';
import { startStrapi, type StrapiProcess } from '../tests/harness/strapi';
import { call, expectStatus } from './lib/http';
import { saveSettings, startInstance } from './lib/instance';
import { median, percentile, round, sleep } from './lib/stats';

const ENTRIES = Number(process.env.BENCH_USAGE_ENTRIES ?? 100_000);
const MODELS = 1000;
const LOOKUPS = Number(process.env.BENCH_USAGE_LOOKUPS ?? 200);

const started = Date.now();
const log = (line: string) =>
  process.stdout.write(
    `[${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${line}\n`
  );

/** Model ids of the seeded content: 11 characters, as Matterport's. */
const modelIdOf = (i: number) => `Use${String(i).padStart(8, '0')}`;

const cleanups: Array<() => Promise<void>> = [];

/** Writes the entries straight into the database, as content older than the index would be. */
const seed = (file: string) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(file, { fileMustExist: true });
  try {
    const now = new Date().toISOString();
    const insert = db.prepare(
      'INSERT INTO spaces (document_id, title, tour, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?)'
    );
    db.transaction(() => {
      for (let i = 0; i < ENTRIES; i++) {
        const documentId = `usagebench${String(i).padStart(14, '0')}`;
        const tour = JSON.stringify({ modelId: modelIdOf(i % MODELS) });
        insert.run(documentId, `Space ${i}`, tour, now, now, null);
        insert.run(documentId, `Space ${i}`, tour, now, now, now);
      }
    })();
    db.prepare('DELETE FROM matterport_usages').run();
    db.prepare(
      "DELETE FROM strapi_core_store_settings WHERE key = 'plugin_matterport_usage-backfill'"
    ).run();
  } finally {
    db.close();
  }
};

interface Usage {
  data: { totals: { published: number; draft: number }; complete: boolean; entries: unknown[] };
}

const main = async () => {
  const sandbox = createSandbox({ models: SEED_MODELS });
  const { origin } = await sandbox.start(0);
  cleanups.push(() => sandbox.stop());

  // A first boot creates the schema; then the content is written behind Strapi's back.
  const first = await startInstance('usage', origin, {});
  cleanups.push(first.stop);
  await saveSettings(first, { ...DEFAULT_CLIENT, defaultValidFor: '1h' });
  await first.strapi.stop();
  const file = first.db.env.DATABASE_FILENAME;
  log(`seeding ${ENTRIES} entries (${ENTRIES * 2} rows) into ${file}`);
  const seedStarted = Date.now();
  seed(file);
  log(`seeded in ${round((Date.now() - seedStarted) / 1000, 1)} s`);

  const loadBefore = os.loadavg();
  const bootStarted = Date.now();
  const strapi: StrapiProcess = await startStrapi({
    name: 'bench-usage-backfill',
    databaseEnv: first.db.env,
    sandboxOrigin: origin,
    bootTimeoutMs: 180_000,
  });
  cleanups.unshift(() => strapi.stop());
  const bootMs = Date.now() - bootStarted;
  const ready = Date.now();
  const jwt = await login(strapi.url, ADMIN.email, ADMIN.password);
  const url = `${strapi.url}/matterport/models/${modelIdOf(0)}/usage`;

  let answer = expectStatus(await call<Usage>('GET', url, { token: jwt }), 'usage');
  while (!answer.body.data.complete) {
    await sleep(250);
    answer = expectStatus(await call<Usage>('GET', url, { token: jwt }), 'usage');
  }
  const backfillMs = Date.now() - ready;
  log(`backfill complete ${round(backfillMs / 1000, 1)} s after Strapi answered`);
  const expected = (ENTRIES / MODELS) * 1;
  if (answer.body.data.totals.published !== expected || answer.body.data.totals.draft !== expected)
    throw new Error(`expected ${expected} published and draft places: ${answer.text}`);

  // Interleaved with a baseline an admin knows: the Content Manager's list of 10 spaces.
  const times: number[] = [];
  const baseline: number[] = [];
  const listUrl = `${strapi.url}/content-manager/collection-types/api::space.space?page=1&pageSize=10`;
  for (let i = 0; i < LOOKUPS; i++) {
    const res = expectStatus(
      await call<Usage>('GET', `${strapi.url}/matterport/models/${modelIdOf(i % MODELS)}/usage`, {
        token: jwt,
      }),
      'usage'
    );
    times.push(res.ms);
    baseline.push(expectStatus(await call('GET', listUrl, { token: jwt }), 'CM list').ms);
  }
  const loadAfter = os.loadavg();

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      loadAverage: {
        before: loadBefore.map((l) => round(l, 2)),
        after: loadAfter.map((l) => round(l, 2)),
      },
    },
    parameters: { entries: ENTRIES, rows: ENTRIES * 2, models: MODELS, lookups: LOOKUPS },
    bootMs,
    backfill: {
      ms: backfillMs,
      usagesPerSecond: round((ENTRIES * 2) / (backfillMs / 1000), 0),
    },
    lookup: {
      placesPerModel: expected * 2,
      listed: answer.body.data.entries.length,
      medianMs: round(median(times), 1),
      p95Ms: round(percentile(times, 95), 1),
      baselineContentManagerList10: {
        medianMs: round(median(baseline), 1),
        p95Ms: round(percentile(baseline, 95), 1),
      },
    },
  };
  const out = path.join(ROOT, 'bench', 'out');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'usage.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
};

main()
  .catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  });
