import os from 'node:os';

import autocannon from 'autocannon';

import { cpuMs } from './instance';
import { median, percentile, round } from './stats';

/** One HTTP request shape to drive, against one Strapi instance. */
export interface Target {
  url: string;
  /** The server's pid: its CPU time is read before and after each run. */
  pid?: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
}

/** One autocannon run; `latencies` holds every 2xx response time (ms). */
export interface RunResult {
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rps: number;
  latencies: number[];
  /** CPU time the server process used during the run (ms), when its pid is known. */
  cpuMs: number;
}

export const runLoad = async (target: Target, options: LoadOptions): Promise<RunResult> => {
  const latencies: number[] = [];
  const instance = autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    body: target.body,
    headers: target.headers,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
  });
  instance.on(
    'response',
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    }
  );
  const cpuBefore = target.pid ? cpuMs(target.pid) : NaN;
  const result = await instance;
  const cpuUsed = target.pid ? cpuMs(target.pid) - cpuBefore : NaN;
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: ok / result.duration,
    latencies,
    cpuMs: cpuUsed,
  };
};

/** What one side (ON or OFF) did over all its measured rounds. */
export interface SideSummary {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  roundsRps: number[];
  /** Server CPU time per request (ms): what a request costs, whatever else runs on the machine. */
  cpuMsPerRequest: number;
  /** Share of one core the server used while loaded (1 = a full core). */
  cpuShare: number;
}

export interface Comparison {
  on: SideSummary;
  off: SideSummary;
  /** rps_on / rps_off over all measured rounds. */
  ratio: number;
  /**
   * CPU per request OFF / ON: the throughput ratio a CPU-bound server would show.
   * A cross-check of `ratio` that outside load barely moves.
   */
  cpuRatio: number;
  /** rps_on / rps_off of each adjacent ON/OFF pair, to show the spread. */
  pairRatios: number[];
  /** Median of pairRatios: robust to a burst of outside load hitting one round. */
  medianPairRatio: number;
  order: string[];
  /** 1-minute load average before and after the comparison (other processes share the machine). */
  loadAverage: { before: number; after: number };
}

const summarise = (runs: RunResult[]): SideSummary => {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const requests = runs.reduce((a, r) => a + r.ok, 0);
  return {
    rps: round(requests / seconds, 1),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    requests,
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0),
    roundsRps: runs.map((r) => round(r.rps, 1)),
    cpuMsPerRequest: round(runs.reduce((a, r) => a + r.cpuMs, 0) / requests, 3),
    cpuShare: round(runs.reduce((a, r) => a + r.cpuMs, 0) / 1000 / seconds, 2),
  };
};

/**
 * ON and OFF alternate so both see the same machine conditions: one warm-up each
 * (not counted), then pairs in A B B A order (A B, B A, A B, …), so neither side
 * always goes first after the other has heated the machine.
 */
export const compare = async (
  on: Target,
  off: Target,
  options: { pairs: number; seconds: number; warmupSeconds: number; connections: number },
  log: (line: string) => void
): Promise<Comparison> => {
  const loadBefore = os.loadavg()[0] as number;
  if (options.warmupSeconds > 0) {
    await runLoad(on, { seconds: options.warmupSeconds, connections: options.connections });
    await runLoad(off, { seconds: options.warmupSeconds, connections: options.connections });
  }
  const onRuns: RunResult[] = [];
  const offRuns: RunResult[] = [];
  const order: string[] = [];
  const pairRatios: number[] = [];
  for (let pair = 0; pair < options.pairs; pair += 1) {
    const sides = pair % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
    const got: Partial<Record<'on' | 'off', RunResult>> = {};
    for (const side of sides) {
      const run = await runLoad(side === 'on' ? on : off, {
        seconds: options.seconds,
        connections: options.connections,
      });
      got[side] = run;
      (side === 'on' ? onRuns : offRuns).push(run);
      order.push(side.toUpperCase());
      log(
        `    ${side.toUpperCase().padEnd(3)} round ${pair + 1}: ${round(run.rps, 1)} req/s, p50 ${round(percentile(run.latencies, 50), 2)} ms`
      );
    }
    pairRatios.push(round((got.on as RunResult).rps / (got.off as RunResult).rps, 3));
  }
  const onSummary = summarise(onRuns);
  const offSummary = summarise(offRuns);
  return {
    on: onSummary,
    off: offSummary,
    ratio: round(onSummary.rps / offSummary.rps, 3),
    cpuRatio: round(offSummary.cpuMsPerRequest / onSummary.cpuMsPerRequest, 3),
    pairRatios,
    medianPairRatio: round(median(pairRatios), 3),
    order,
    loadAverage: { before: round(loadBefore, 2), after: round(os.loadavg()[0] as number, 2) },
  };
};
