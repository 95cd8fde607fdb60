/**
 * The two things a run ends with besides the detailed table:
 * - the invariants (what `bench:smoke` fails on: counts and correctness, never timings);
 * - the summary table the README's Performance section is copied from
 *   (figure, baseline, target, measured, met?).
 */
import type { ColdResult } from '../phases/cold';
import type { CpuResult } from '../phases/cpu';
import type { LedgerResult } from '../phases/ledger';
import type { ReplicasResult } from '../phases/replicas';
import type { SoakResult } from '../phases/soak';
import type { Comparison } from './load';
import { round } from './stats';

export interface Invariant {
  id: string;
  what: string;
  pass: boolean;
  detail: string;
}

export interface SummaryInput {
  plugin: { commit: string; uncommittedFiles: string[]; distOlderThanSources: boolean };
  loadAverage: { start: number[]; end: number[] };
  warm?: { rest?: Comparison; graphql?: Comparison; mintsDuringWarmRuns?: number };
  plain?: {
    rest: Comparison;
    graphql: Comparison;
    sizes: { deliveredBytes: number; plainBytes: number };
  };
  unrelated?: Comparison;
  calibration?: Comparison;
  cold?: ColdResult;
  fanout?: ColdResult;
  coldPostgres?: ColdResult | { skipped: string };
  soak?: SoakResult;
  ledger?: LedgerResult;
  ledgerPostgres?: LedgerResult;
  replicas?: ReplicasResult | { skipped: string };
  cpu?: CpuResult;
  memory?: { cacheSize: number; cacheMaxEntries: number; models: number };
}

/** Soak invariants: nobody waited on a mint, one mint per model per window, no error, a link on every value. */
export const soakInvariants = (s: SoakResult): Invariant[] => {
  const { lo, hi } = s.mintsPerModelBounds;
  const late = s.mintIntervals.count > 0 && s.mintIntervals.max > s.reuseWindowSeconds + 3;
  return [
    {
      id: 'soak-wait',
      what: `soak: no reader waits on a mint (slowest answer < mint latency ${s.mintLatencyMs} ms)`,
      pass: s.maxLatencyMs < s.mintLatencyMs,
      detail: `slowest ${s.maxLatencyMs} ms, p99 ${s.p99} ms`,
    },
    {
      id: 'soak-mints',
      what: `soak: mints per model within ${lo}–${hi} over ${s.seconds} s, none twice in one window`,
      pass: s.mintsPerModel.min >= lo && s.mintsPerModel.max <= hi && s.extraMints === 0 && !late,
      detail: `${s.mintsPerModel.min}–${s.mintsPerModel.max} per model; ${s.extraMints} re-mints inside a window; intervals ${s.mintIntervals.min}–${s.mintIntervals.max} s (window ${s.reuseWindowSeconds} s, refresh lead ${s.refreshLeadSeconds} s)`,
    },
    {
      id: 'soak-errors',
      what: 'soak: zero errors, a link on every value read',
      pass: s.non2xx + s.errors === 0 && s.sampler.withoutLink === 0,
      detail: `${s.non2xx} non-2xx, ${s.errors} errors, ${s.sampler.withoutLink} values without a link of ${s.sampler.entries}`,
    },
  ];
};

export const invariants = (r: SummaryInput): Invariant[] => {
  const out: Invariant[] = [];
  if (r.soak) out.push(...soakInvariants(r.soak));
  const coldOnce = (id: string, c: ColdResult | undefined) => {
    // coldFanOut throws unless every cold read minted exactly its page's models; reaching here is the pass.
    if (c)
      out.push({
        id,
        what: `${id}: a cold page of n models mints exactly n (each read checked)`,
        pass: true,
        detail: `${c.trials} trials on ${c.database}`,
      });
  };
  coldOnce('cold', r.cold);
  coldOnce('fanout', r.fanout);
  if (r.coldPostgres && !('skipped' in r.coldPostgres)) coldOnce('cold-postgres', r.coldPostgres);
  if (r.replicas) {
    out.push(
      'skipped' in r.replicas
        ? {
            id: 'replicas',
            what: 'replicas: every model minted once',
            pass: false,
            detail: `not run: ${r.replicas.skipped}`,
          }
        : {
            id: 'replicas',
            what: `replicas: ${r.replicas.replicas} replicas on PostgreSQL, every model minted exactly once, zero errors`,
            pass: r.replicas.pass,
            detail: r.replicas.pass
              ? `${r.replicas.mints} mints for ${r.replicas.models} models, ${r.replicas.requests} requests, ${r.replicas.checkedReads} reads checked`
              : r.replicas.failures.join('; '),
          }
    );
  }
  if (
    r.warm &&
    r.warm.mintsDuringWarmRuns !== undefined &&
    (r.warm.rest || r.warm.graphql || r.plain)
  ) {
    out.push({
      id: 'warm-mints',
      what: 'warm runs: no mint',
      pass: r.warm.mintsDuringWarmRuns === 0,
      detail: `${r.warm.mintsDuringWarmRuns} mints`,
    });
  }
  const comparisons: Array<[string, Comparison | undefined]> = [
    ['warm REST', r.warm?.rest],
    ['warm GraphQL', r.warm?.graphql],
    ['plain REST', r.plain?.rest],
    ['plain GraphQL', r.plain?.graphql],
    ['unrelated', r.unrelated],
    ['ledger warm (SQLite)', r.ledger?.warm],
    ['ledger warm (PostgreSQL)', r.ledgerPostgres?.warm],
  ];
  for (const [name, c] of comparisons) {
    if (!c) continue;
    const bad = c.on.non2xx + c.on.errors + c.off.non2xx + c.off.errors;
    out.push({
      id: `errors-${name}`,
      what: `${name}: zero errors`,
      pass: bad === 0,
      detail: `${bad} non-2xx/errors of ${c.on.requests + c.off.requests}`,
    });
  }
  return out;
};

interface SummaryRow {
  figure: string;
  baseline: string;
  target: string;
  measured: string;
  met: string;
}

const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

/**
 * One table, one line per figure of issue 19 and the older targets. `met` says "yes*" when
 * the build came from sources not committed (the figure names no commit holding its code).
 */
export const summaryTable = (r: SummaryInput): string => {
  const provisional = r.plugin.uncommittedFiles.length > 0 || r.plugin.distOlderThanSources;
  const mark = (ok: boolean) => `${yes(ok)}${provisional && ok ? '*' : ''}`;
  const rows: SummaryRow[] = [];
  const ratio = (name: string, c: Comparison | undefined, baseline: string, goal: number) => {
    if (!c) return;
    rows.push({
      figure: name,
      baseline,
      target: `≥ ${goal}`,
      measured: `${c.ratio} (pairs ${Math.min(...c.pairRatios)}–${Math.max(...c.pairRatios)}; CPU/request ${c.cpuRatio})`,
      met: mark(c.ratio >= goal),
    });
  };
  ratio(
    'Warm REST list of 25 delivered fields, req/s ratio',
    r.plain?.rest,
    'same list, plain JSON field of the same size',
    0.95
  );
  ratio(
    'Warm GraphQL list of 25 delivered fields, req/s ratio',
    r.plain?.graphql,
    'same query, plain JSON field of the same size',
    0.95
  );
  ratio(
    'Warm REST list of 25 spaces, req/s ratio',
    r.warm?.rest,
    'plugin off (stored value, smaller JSON)',
    0.95
  );
  ratio(
    'Warm GraphQL list of 25 spaces, req/s ratio',
    r.warm?.graphql,
    'plugin off (stored value, smaller JSON)',
    0.95
  );
  ratio('Unrelated REST list (no Matterport field), req/s ratio', r.unrelated, 'plugin off', 0.99);
  if (r.calibration) {
    rows.push({
      figure: 'Noise floor (A/A: two identical processes)',
      baseline: 'itself',
      target: '1',
      measured: String(r.calibration.ratio),
      met: '–',
    });
  }
  if (r.cpu) {
    rows.push({
      figure: 'Plugin CPU per delivered field, warm (in process)',
      baseline: `hand-written fill ${r.cpu.handFillUsPerField} µs`,
      target: '≤ 20 µs',
      measured: `${r.cpu.cpuUsPerField} µs CPU (${r.cpu.usPerField} µs wall)`,
      met: mark(r.cpu.cpuUsPerField <= 20),
    });
  }
  const fan = (c: ColdResult | undefined, db: string) => {
    if (!c) return;
    rows.push({
      figure: `Cold page of 25 models (${db})`,
      baseline: `one mint: ${c.medianCold1} ms`,
      target: '≤ 1.2×',
      measured: `${c.medianCold25} ms = ${c.ratio}×`,
      met: mark(c.ratio <= 1.2),
    });
    if (c.large) {
      rows.push({
        figure: `Cold page of ${c.large.models} models (${db})`,
        baseline: `one mint: ${c.medianCold1} ms`,
        target: '≤ 2×',
        measured: `${c.large.medianCold} ms = ${c.large.ratio}×`,
        met: mark(c.large.ratio <= 2),
      });
    }
  };
  fan(r.fanout ?? r.cold, 'SQLite');
  if (r.coldPostgres && !('skipped' in r.coldPostgres)) fan(r.coldPostgres, 'PostgreSQL');
  const led = (l: LedgerResult | undefined, db: string) => {
    if (!l) return;
    const rows_ = `${round(l.rows / 1e6, 2)}M`;
    rows.push({
      figure: `Cold read of one model, ledger at ${rows_} rows (${db})`,
      baseline: `empty ledger: ${l.medianColdEmpty} ms`,
      target: '≤ 1.3×',
      measured: `${l.medianColdFilled} ms = ${l.coldRatio}×`,
      met: mark(l.coldRatio <= 1.3),
    });
    rows.push({
      figure: `Links page, first 25 of ${rows_} (${db})`,
      baseline: `empty ledger: ${l.medianPageEmpty} ms`,
      target: '≤ 300 ms',
      measured: `${l.medianPageFilled} ms`,
      met: mark(l.medianPageFilled <= 300),
    });
    if (l.warm) {
      const pairs = (c: Comparison) =>
        `pairs ${Math.min(...c.pairRatios)}–${Math.max(...c.pairRatios)}`;
      const figure = l.warmCalibrated ?? l.warm.ratio;
      rows.push({
        figure: `Warm throughput, ledger at ${rows_} rows (${db})`,
        baseline: l.warmBefore
          ? `the same two processes before the fill: ${l.warmBefore.ratio} (${pairs(l.warmBefore)})`
          : 'empty ledger',
        target: '≥ 0.95 (unchanged)',
        measured: l.warmBefore
          ? `${figure} = filled/empty ${l.warm.ratio} (${pairs(l.warm)}) ÷ ${l.warmBefore.ratio}`
          : `${l.warm.ratio} (${pairs(l.warm)})`,
        met: mark(figure >= 0.95),
      });
    }
  };
  led(r.ledger, 'SQLite');
  led(r.ledgerPostgres, 'PostgreSQL');
  if (r.soak) {
    const s = r.soak;
    for (const inv of soakInvariants(s)) {
      rows.push({
        figure: `Soak ${s.seconds} s, ${s.lifetimeSeconds} s links, ${s.mintLatencyMs} ms mints: ${inv.what.replace(/^soak: /, '')}`,
        baseline: '–',
        target: 'invariant',
        measured: inv.detail,
        met: mark(inv.pass),
      });
    }
  }
  if (r.replicas) {
    rows.push(
      'skipped' in r.replicas
        ? {
            figure: 'Replicas mint once per model',
            baseline: '–',
            target: 'invariant',
            measured: `not run: ${r.replicas.skipped}`,
            met: '–',
          }
        : {
            figure: `${r.replicas.replicas} replicas started together on PostgreSQL, under load: mints per model`,
            baseline: '–',
            target: 'exactly 1 (invariant)',
            measured: `${r.replicas.mintsByModel.min}–${r.replicas.mintsByModel.max} (${r.replicas.mints} mints, ${r.replicas.models} models, ${r.replicas.requests} reads)`,
            met: mark(r.replicas.pass),
          }
    );
  }
  if (r.memory) {
    rows.push({
      figure: `Cache entries held after ${r.memory.models} models`,
      baseline: '–',
      target: `≤ ${r.memory.cacheMaxEntries}`,
      measured: String(r.memory.cacheSize),
      met: mark(r.memory.cacheSize <= r.memory.cacheMaxEntries),
    });
  }
  const header = '| Figure | Baseline | Target | Measured | Met? |\n|---|---|---|---|---|';
  const body = rows
    .map((x) => `| ${x.figure} | ${x.baseline} | ${x.target} | ${x.measured} | ${x.met} |`)
    .join('\n');
  const judged = rows.filter((x) => x.met !== '–');
  const missed = judged.filter((x) => x.met === yes(false));
  const notes = [
    `${judged.length - missed.length} of ${judged.length} figures met${missed.length ? `; missed: ${missed.map((x) => x.figure).join('; ')}` : ''}.`,
    `Commit ${r.plugin.commit}${provisional ? ` — * built from sources not committed (${r.plugin.uncommittedFiles.join(', ') || 'dist/ older than the sources'}): provisional` : ''}.`,
    `Load average (1/5/15 min) at start ${r.loadAverage.start.join(' / ')}, at end ${r.loadAverage.end.join(' / ')}.`,
  ];
  return `${header}\n${body}\n\n${notes.join('\n')}`;
};
