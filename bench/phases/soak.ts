import { randomBytes } from 'node:crypto';

import type { SandboxControl } from '../../sandbox/src';
import { parseValidFor } from '../../common/duration';
import { linkedCount } from '../lib/content';
import { call, expectStatus } from '../lib/http';
import { saveSettings, type Instance } from '../lib/instance';
import { runLoad } from '../lib/load';
import { median, percentile, round, sleep } from '../lib/stats';

type Delivered = Parameters<typeof linkedCount>[0][number];

export interface SoakResult {
  seconds: number;
  connections: number;
  lifetimeSeconds: number;
  minRemainingSeconds: number;
  reuseWindowSeconds: number;
  tokenExpiresIn: number;
  models: number;
  requestsServed: number;
  rps: number;
  p50: number;
  p99: number;
  /** Slowest response of the load and of the sampler (ms): a reader that waited on a mint takes at least the mint latency. */
  maxLatencyMs: number;
  /** Sandbox mint latency during the soak (ms). */
  mintLatencyMs: number;
  /** How early the plugin starts a refresh (s): 1.5 × mint latency + 0.5 s, at most a quarter of the lifetime. */
  refreshLeadSeconds: number;
  /** Whole-number bounds of mints per model over the run (see run.ts). */
  mintsPerModelBounds: { lo: number; hi: number };
  non2xx: number;
  errors: number;
  mints: number;
  expectedMintsPerModel: number;
  mintsPerModel: { min: number; max: number; mean: number };
  /** mean mints per model / expected (duration / reuse window): below 1 by the unfinished last window. */
  mintsPerDuration: number;
  /** reuse window / mean time between two mints of a model (ledger): 1 = exactly one mint per window. */
  mintsPerWindow: number;
  /** From the ledger: time between two mints of the same model (s). */
  mintIntervals: { count: number; min: number; median: number; max: number };
  /** Consecutive mints of one model closer than the reuse window (less 1.5 s for whole-second validUntil). */
  extraMints: number;
  tokenRequests: number;
  tokenLifetimesElapsed: number;
  /** token requests / token lifetimes elapsed. */
  tokensPerLifetime: number;
  accessTokensUsed: number;
  sampler: { reads: number; entries: number; withoutLink: number; minRemainingSeconds: number };
}

/**
 * Full load on the ON instance for a while, with links so short-lived that the reuse
 * window rolls over several times, and account tokens that expire within the run.
 * The venue list is used: its field has no validFor, so defaultValidFor sets the
 * lifetime. A fresh sandbox client is saved first, so the run starts with its own
 * credentials fingerprint (no link of earlier phases can be reused) and its own
 * account token, issued under the short token lifetime.
 */
export const soak = async (
  on: Instance,
  control: SandboxControl,
  options: {
    seconds: number;
    connections: number;
    validFor: string;
    tokenExpiresIn: number;
    entries: number;
    mintLatencyMs: number;
    restoreMintLatencyMs: number;
  },
  log: (line: string) => void
): Promise<SoakResult> => {
  const lifetime = parseValidFor(options.validFor);
  const minRemaining = lifetime / 2; // the plugin's default when minRemaining is not configured
  const window = lifetime - minRemaining;
  // The plugin's refresh-ahead lead (server/src/links/coordinator.ts), from the sandbox's mint latency.
  const lead = Math.min(lifetime / 4, (1.5 * options.mintLatencyMs + 500) / 1000);
  const list = `${on.url}/api/venues?pagination[pageSize]=${options.entries}&sort=name:asc&filters[name][$startsWith]=Venue`;

  await control.setConfig({
    expiresIn: options.tokenExpiresIn,
    mintLatencyMs: options.mintLatencyMs,
  });
  const credentials = {
    clientId: 'bench-soak-client',
    clientSecret: `bench-soak-${randomBytes(12).toString('hex')}`,
  };
  await control.registerClient(credentials);
  await saveSettings(on, { ...credentials, defaultValidFor: options.validFor });

  // The first read mints every model under the new credentials; the soak starts once every
  // link is cached (with slow mints the first reads may answer before the mints end: those
  // keep running and fill the cache).
  for (let attempt = 0; ; attempt += 1) {
    const first = expectStatus(
      await call<{ data: Array<{ model: Delivered }> }>('GET', list),
      'soak first read'
    );
    if (linkedCount(first.body.data.map((v) => v.model)) === options.entries) break;
    if (attempt >= 30)
      throw new Error(`soak: the first reads did not deliver ${options.entries} links`);
    await sleep(1000);
  }
  await control.resetCounters();
  const t0 = Date.now();

  // A reader beside the load checks what clients get: a link on every entry, never one
  // with less than minRemaining left (less 1 s: validUntil is whole seconds).
  const sampler = {
    reads: 0,
    entries: 0,
    withoutLink: 0,
    minRemainingSeconds: Number.POSITIVE_INFINITY,
    maxMs: 0,
  };
  let sampling = true;
  const sampling$ = (async () => {
    while (sampling) {
      const res = await call<{ data: Array<{ model: Delivered }> }>('GET', list);
      const now = Date.now();
      sampler.reads += 1;
      sampler.maxMs = Math.max(sampler.maxMs, res.ms);
      for (const { model } of res.body.data ?? []) {
        sampler.entries += 1;
        if (!model || typeof model.link !== 'string' || model.error || !model.validUntil) {
          sampler.withoutLink += 1;
          continue;
        }
        sampler.minRemainingSeconds = Math.min(
          sampler.minRemainingSeconds,
          (Date.parse(model.validUntil) - now) / 1000
        );
      }
      await sleep(1000);
    }
  })();

  let lastLog = Date.now();
  const progress = setInterval(() => {
    if (Date.now() - lastLog >= 30_000) {
      lastLog = Date.now();
      log(`    soak: ${Math.round((Date.now() - t0) / 1000)} s of ${options.seconds} s`);
    }
  }, 5000);
  const run = await runLoad(
    { url: list },
    { seconds: options.seconds, connections: options.connections }
  );
  clearInterval(progress);
  sampling = false;
  await sampling$;
  const seconds = (Date.now() - t0) / 1000;
  const counters = await control.counters();
  await control.setConfig({ mintLatencyMs: options.restoreMintLatencyMs });

  const perModel = Object.values(counters.mintsByModel);
  const expectedPerModel = seconds / window;
  const meanPerModel = perModel.reduce((a, b) => a + b, 0) / Math.max(1, options.entries);

  // The ledger records every mint (created_at): the time between two mints of a model.
  // The stored fingerprint is keyed by the encryption key; the client ID column names the credentials.
  const rows = await on.db.query<{ model_id: string; created_at: number | string }>(
    'SELECT model_id, created_at FROM matterport_links WHERE client_id = ? AND lifetime = ? ORDER BY created_at',
    [credentials.clientId, lifetime]
  );
  const byModel = new Map<string, number[]>();
  for (const row of rows) {
    const at = typeof row.created_at === 'number' ? row.created_at : Date.parse(row.created_at);
    byModel.set(row.model_id, [...(byModel.get(row.model_id) ?? []), at]);
  }
  const intervals: number[] = [];
  for (const times of byModel.values())
    for (let i = 1; i < times.length; i += 1)
      intervals.push(((times[i] as number) - (times[i - 1] as number)) / 1000);
  // A refresh starts `lead` before the window's end and is recorded when Matterport answers;
  // validUntil is whole seconds. Closer than that is a second mint inside one window.
  const extraMints = intervals.filter((s) => s < window - lead - 1.5).length;

  const tokenLifetimesElapsed = seconds / options.tokenExpiresIn;
  return {
    seconds: round(seconds, 1),
    connections: options.connections,
    lifetimeSeconds: lifetime,
    minRemainingSeconds: minRemaining,
    reuseWindowSeconds: window,
    tokenExpiresIn: options.tokenExpiresIn,
    models: options.entries,
    requestsServed: run.ok + sampler.reads,
    rps: round(run.rps, 1),
    p50: round(percentile(run.latencies, 50), 2),
    p99: round(percentile(run.latencies, 99), 2),
    maxLatencyMs: round(
      run.latencies.reduce((a, b) => Math.max(a, b), sampler.maxMs),
      1
    ),
    mintLatencyMs: options.mintLatencyMs,
    refreshLeadSeconds: round(lead, 2),
    // Each model is re-minted once per window, the refresh starting up to `lead` early; the
    // last window is cut by the end of the run.
    mintsPerModelBounds: {
      lo: Math.floor(seconds / (window + 3)),
      hi: Math.ceil(seconds / (window - lead)),
    },
    non2xx: run.non2xx,
    errors: run.errors + run.timeouts,
    mints: counters.mints,
    expectedMintsPerModel: round(expectedPerModel, 2),
    mintsPerModel: {
      min: perModel.length === options.entries ? Math.min(...perModel) : 0,
      max: Math.max(0, ...perModel),
      mean: round(meanPerModel, 2),
    },
    mintsPerDuration: round(meanPerModel / expectedPerModel, 3),
    mintsPerWindow: intervals.length
      ? round(window / (intervals.reduce((a, b) => a + b, 0) / intervals.length), 3)
      : NaN,
    mintIntervals: {
      count: intervals.length,
      min: round(Math.min(...intervals), 2),
      median: round(median(intervals), 2),
      max: round(Math.max(...intervals), 2),
    },
    extraMints,
    tokenRequests: counters.tokenRequests,
    tokenLifetimesElapsed: round(tokenLifetimesElapsed, 2),
    tokensPerLifetime: round(counters.tokenRequests / tokenLifetimesElapsed, 3),
    accessTokensUsed: counters.accessTokensUsed.length,
    sampler: {
      reads: sampler.reads,
      entries: sampler.entries,
      withoutLink: sampler.withoutLink,
      minRemainingSeconds: round(sampler.minRemainingSeconds, 1),
    },
  };
};
