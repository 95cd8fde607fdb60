import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { MatterportEmbed } from '../../common/value';
import { DEFAULT_CLIENT, SandboxControl, createSandbox, type ModelRecord } from '../../sandbox/src';
import { cacheFootprint } from '../lib/footprint';
import { call, expectStatus } from '../lib/http';
import { residentKb, saveSettings, startInstance, type Instance } from '../lib/instance';
import { round, sleep } from '../lib/stats';

type Delivered = MatterportEmbed;

/** One look at the Strapi process: RSS as it is, then heap and RSS right after a full GC. */
interface Sample {
  rssMb: number;
  heapMb: number;
  rssAfterGcMb: number;
}

export interface MemoryResult {
  models: number;
  cacheMaxEntries: number;
  pageSize: number;
  mintLatencyMs: number;
  wal: boolean;
  insert: { method: string; entries: number; rows: number; ms: number; rowsPerSecond: number };
  /** After the REST template entry and the bulk insert. */
  afterSeed: Sample;
  /** After reading every page twice with no credentials saved: Strapi's own cost of serving the pages, no link cached. */
  baseline: Sample;
  /** After minting and caching the first cacheMaxEntries models (the cache is full). */
  cacheFull: Sample;
  /** After minting every model (the cache evicted for the second part). */
  afterAll: Sample;
  /** After the check pass (another cacheMaxEntries-or-so mints). */
  afterCheck: Sample;
  /** Heap right after the last page minus the same after deliveryTimeout idle: what finished requests still hold. */
  retainedByRecentRequestsMb: number;
  deliveryTimeoutSeconds: number;
  peakRssMb: number;
  /** Heap after GC: growth while the cache filled, per cached link, and growth once it was full. */
  heap: { fillingMb: number; bytesPerCachedLink: number; evictingMb: number };
  rss: {
    fillingMb: number;
    evictingMb: number;
    slopeMbPer1000: { filling: number; evicting: number };
  };
  /** After every page of the caching pass, no forced GC: [models minted so far, RSS MB]. */
  series: Array<[number, number]>;
  cachingPass: { ms: number; mints: number; mintsPerSecond: number };
  check: { ms: number; ledgerRowsDeleted: number; mints: number; servedFromMemory: number };
  /** Entries the cache held = servedFromMemory (see the method). */
  cacheSize: number;
  /** A full cache of the same shape built in the benchmark process, heap after GC. */
  footprint: { entries: number; heapMb: number; bytesPerEntry: number };
  method: string;
}

/** Least-squares slope of y over x. */
const slope = (points: Array<[number, number]>): number => {
  if (points.length < 2) return NaN;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? num / den : NaN;
};

const DELIVERY_TIMEOUT_S = 20;

/** 11 letters and digits, like Matterport's ids; distinct for every i. */
const modelId = (i: number) => `B${i.toString(36).padStart(10, '0')}`;

const generateModels = (n: number): ModelRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: modelId(i),
    name: `Bench Space ${i}`,
    description: null,
    created: '2024-01-01T00:00:00Z',
    modified: '2024-01-01T00:00:00Z',
    state: 'active',
    accessVisibility: 'private',
    demo: false,
    publicDescription: null,
  }));

const pad = (i: number) => String(i).padStart(6, '0');

/**
 * RSS of a Strapi process before and after caching links for N distinct models with
 * cacheMaxEntries < N, and the number of entries the cache held at the end.
 *
 * The cache size is measured from outside, exactly: after the caching pass the
 * shared ledger (matterport_links) is emptied, so a read that misses the in-memory
 * cache must mint. The pages are then read newest-first: the cache holds the most
 * recently minted links, which are read (and hit) before any miss inserts anything,
 * so the number of entries served without a mint is the number the cache held.
 */
export const memory = async (
  options: {
    models: number;
    cacheMaxEntries: number;
    pageSize: number;
    mintLatencyMs: number;
    wal: boolean;
  },
  log: (line: string) => void,
  onStarted: (stop: () => Promise<void>) => void
): Promise<MemoryResult> => {
  const models = generateModels(options.models);
  const sandbox = createSandbox({ models, mintLatencyMs: options.mintLatencyMs });
  const { origin } = await sandbox.start(0);
  // Declared before stop(), which is handed out before the instance starts.
  // eslint-disable-next-line prefer-const
  let instance: Instance | undefined;
  const stop = async () => {
    await instance?.stop();
    await sandbox.stop();
    fs.rmSync(probeFile, { force: true });
    fs.rmSync(`${probeFile}.snap`, { force: true });
  };
  onStarted(stop);
  const control = new SandboxControl(origin);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  // The GC probe (bench/lib/gc-probe.cjs) answers SIGUSR2 with a full GC and process.memoryUsage().
  const probeFile = path.join(os.tmpdir(), `bench-gc-${randomBytes(6).toString('hex')}.json`);
  const probe = path.join(__dirname, '..', 'lib', 'gc-probe.cjs');
  instance = await startInstance(
    'memory',
    origin,
    // Long enough for a page of 250 first mints; short enough to wait out before each clean sample.
    { cacheMaxEntries: options.cacheMaxEntries, deliveryTimeout: `${DELIVERY_TIMEOUT_S}s` },
    {
      env: {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(probe)}`.trim(),
        BENCH_GC_PROBE_FILE: probeFile,
      },
      beforeStart: (db) => {
        if (!options.wal) return;
        // WAL is a property of the file: Strapi opens it in WAL mode from the start.
        const file = new Database(db.env.DATABASE_FILENAME as string);
        file.pragma('journal_mode = WAL');
        file.close();
      },
    }
  );
  const on = instance;
  log(`    memory instance up (pid ${on.pid}, boot ${round(on.bootMs / 1000, 1)} s)`);

  // Entry 0 through the REST API: its rows are the template for the bulk insert.
  const template = expectStatus(
    await call<{ data: { documentId: string } }>('POST', `${on.url}/api/venues`, {
      token: on.apiToken,
      body: {
        data: { name: `Venue ${pad(0)}`, model: { modelId: modelId(0), name: `Bench Space 0` } },
      },
    }),
    'POST /api/venues (memory template)',
    [200, 201]
  ).body.data;

  // The rest straight into the database, the same rows Strapi wrote for entry 0
  // (draft and published), with their own document id, name and model.
  const writer = new Database(on.db.env.DATABASE_FILENAME as string);
  writer.pragma('busy_timeout = 10000');
  let inserted = 0;
  let insertMs: number;
  try {
    const rows = writer
      .prepare('SELECT * FROM venues WHERE document_id = ?')
      .all(template.documentId) as Array<Record<string, unknown>>;
    if (rows.length < 1) throw new Error('memory: the template venue has no rows');
    const columns = Object.keys(rows[0] as object).filter((c) => c !== 'id');
    const insert = writer.prepare(
      `INSERT INTO venues (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
    );
    const started = performance.now();
    writer.transaction(() => {
      for (let i = 1; i < options.models; i += 1) {
        const documentId = randomBytes(12).toString('hex');
        for (const row of rows) {
          insert.run({
            ...Object.fromEntries(columns.map((c) => [c, row[c]])),
            document_id: documentId,
            name: `Venue ${pad(i)}`,
            model: JSON.stringify({ modelId: modelId(i), name: `Bench Space ${i}` }),
          });
          inserted += 1;
        }
      }
    })();
    insertMs = performance.now() - started;
  } finally {
    writer.close();
  }
  log(`    inserted ${options.models - 1} venues (${inserted} rows) in ${round(insertMs, 0)} ms`);

  const pages = Math.ceil(options.models / options.pageSize);
  const page = async (p: number) => {
    const res = expectStatus(
      await call<{ data: Array<{ model: Delivered }>; meta: { pagination: { total: number } } }>(
        'GET',
        `${on.url}/api/venues?sort=name:asc&pagination[page]=${p}&pagination[pageSize]=${options.pageSize}`
      ),
      `GET venues page ${p}`
    );
    return res.body;
  };
  /** Reads these pages; with `linked`, every entry must carry a link. Returns the number of entries read. */
  const readPages = async (order: number[], expect: 'linked' | 'anything'): Promise<number> => {
    let entries = 0;
    for (const p of order) {
      const body = await page(p);
      for (const { model } of body.data) {
        entries += 1;
        if (expect === 'linked' && (!model || typeof model.link !== 'string' || model.error)) {
          throw new Error(
            `memory: page ${p}: an entry was delivered without a link: ${JSON.stringify(model).slice(0, 300)}`
          );
        }
      }
    }
    return entries;
  };
  const readAll = async (order: number[], expect: 'linked' | 'anything') => {
    const entries = await readPages(order, expect);
    if (entries !== options.models)
      throw new Error(`memory: read ${entries} entries, expected ${options.models}`);
  };
  const ascending = Array.from({ length: pages }, (_, i) => i + 1);

  const sample = async (snapshot = false): Promise<Sample> => {
    const rssMb = round(residentKb(on.pid).rssKb / 1024, 1);
    const sentAt = Date.now();
    if (snapshot && process.env.BENCH_GC_PROBE_SNAPSHOTS) fs.writeFileSync(`${probeFile}.snap`, '');
    process.kill(on.pid, 'SIGUSR2');
    for (let waited = 0; ; waited += 20) {
      try {
        const usage = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as {
          at: number;
          heapUsed: number;
        };
        if (usage.at >= sentAt) {
          return {
            rssMb,
            heapMb: round(usage.heapUsed / 1024 / 1024, 2),
            rssAfterGcMb: round(residentKb(on.pid).rssKb / 1024, 1),
          };
        }
      } catch {
        // not written yet
      }
      if (waited > (process.env.BENCH_GC_PROBE_SNAPSHOTS ? 600_000 : 30_000))
        throw new Error('memory: the GC probe in the Strapi process did not answer');
      await sleep(20);
    }
  };

  // A request's delivery keeps its context reachable until its deliveryTimeout timer
  // fires, even after it has answered; clean samples wait that out first.
  const settled = async (snapshot = false) => {
    await sleep(DELIVERY_TIMEOUT_S * 1000 + 1000);
    return sample(snapshot);
  };

  const afterSeed = await sample();
  // Baseline: no credentials saved yet, so every value is delivered with an error at once
  // and nothing is cached; Strapi's own memory for serving these pages is in the baseline.
  await readAll(ascending, 'anything');
  await readAll(ascending, 'anything');
  const baseline = await settled();
  log(`    baseline: RSS ${baseline.rssMb} MB, heap after GC ${baseline.heapMb} MB`);

  await saveSettings(on, { ...DEFAULT_CLIENT, defaultValidFor: '24h' });
  await control.resetCounters();
  const fillPages = Math.min(pages, Math.ceil(options.cacheMaxEntries / options.pageSize));
  const series: Array<[number, number]> = [[0, baseline.rssMb]];
  let cacheFull = baseline;
  let cachingMs = 0;
  for (const [i, p] of ascending.entries()) {
    const t = performance.now();
    await readPages([p], 'linked');
    cachingMs += performance.now() - t;
    // RSS as it is after each page (no forced GC here: V8 collects when it would in production).
    series.push([
      Math.min(options.models, (i + 1) * options.pageSize),
      round(residentKb(on.pid).rssKb / 1024, 1),
    ]);
    if (i + 1 === fillPages) {
      cacheFull = await settled(true);
      log(
        `    cached the first ${Math.min(options.models, fillPages * options.pageSize)} models: RSS ${cacheFull.rssMb} MB, heap after GC ${cacheFull.heapMb} MB (settled)`
      );
    }
  }
  const afterAllImmediate = await sample();
  const afterAll = await settled(true);
  const filled = await control.counters();
  log(
    `    minted ${filled.mints} links in ${round(cachingMs / 1000, 1)} s: RSS ${afterAll.rssMb} MB, heap after GC ${afterAll.heapMb} MB`
  );
  if (filled.mints !== options.models)
    throw new Error(
      `memory: expected ${options.models} mints, the sandbox counted ${filled.mints}`
    );

  // Empty the shared ledger so that a miss in memory shows as a mint, then read newest first.
  const wipe = new Database(on.db.env.DATABASE_FILENAME as string);
  wipe.pragma('busy_timeout = 10000');
  const deleted = wipe.prepare('DELETE FROM matterport_links').run().changes;
  wipe.close();
  await control.resetCounters();
  const started = performance.now();
  await readAll([...ascending].reverse(), 'linked');
  const checkMs = performance.now() - started;
  const check = await control.counters();
  const afterCheck = await settled();
  const servedFromMemory = options.models - check.mints;
  log(`    check pass: ${check.mints} mints, ${servedFromMemory} served from memory`);

  const full = fillPages * options.pageSize;
  const filling = series.filter(([x]) => x <= full);
  const evicting = series.filter(([x]) => x >= full);
  const cached = Math.min(options.models, options.cacheMaxEntries);
  return {
    models: options.models,
    cacheMaxEntries: options.cacheMaxEntries,
    pageSize: options.pageSize,
    mintLatencyMs: options.mintLatencyMs,
    wal: options.wal,
    deliveryTimeoutSeconds: DELIVERY_TIMEOUT_S,
    insert: {
      method:
        'entry 0 through REST; the others as copies of its database rows (draft + published) in one SQLite transaction',
      entries: options.models,
      rows: inserted,
      ms: round(insertMs, 0),
      rowsPerSecond: round(inserted / (insertMs / 1000), 0),
    },
    afterSeed,
    baseline,
    cacheFull,
    afterAll,
    afterCheck,
    retainedByRecentRequestsMb: round(afterAllImmediate.heapMb - afterAll.heapMb, 2),
    peakRssMb: round(residentKb(on.pid).hwmKb / 1024, 1),
    heap: {
      fillingMb: round(cacheFull.heapMb - baseline.heapMb, 2),
      bytesPerCachedLink: Math.round(((cacheFull.heapMb - baseline.heapMb) * 1024 * 1024) / cached),
      evictingMb: round(afterAll.heapMb - cacheFull.heapMb, 2),
    },
    rss: {
      fillingMb: round(cacheFull.rssMb - baseline.rssMb, 1),
      evictingMb: round(afterAll.rssMb - cacheFull.rssMb, 1),
      slopeMbPer1000: {
        filling: round(slope(filling) * 1000, 2),
        evicting: round(slope(evicting) * 1000, 2),
      },
    },
    series,
    cachingPass: {
      ms: round(cachingMs, 0),
      mints: filled.mints,
      mintsPerSecond: round(filled.mints / (cachingMs / 1000), 0),
    },
    check: {
      ms: round(checkMs, 0),
      ledgerRowsDeleted: deleted,
      mints: check.mints,
      servedFromMemory,
    },
    cacheSize: servedFromMemory,
    footprint: cacheFootprint(cached, { origin, lifetimeSeconds: 86_400 }),
    method:
      'after caching every model, the ledger table is emptied and all pages are read newest-first: the cache holds the most recent links, all read before any miss inserts, so entries served without a mint = entries the cache held',
  };
};
