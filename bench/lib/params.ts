/** Every knob of the benchmark, from the environment, with the defaults `npm run bench` uses. */

const int = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
};

const str = (name: string, fallback: string): string => process.env[name]?.trim() || fallback;

/** BENCH_SMOKE=1 (npm run bench:smoke): a short run that checks invariants only (CI). */
const smoke = process.env.BENCH_SMOKE === '1';
const quick = smoke || process.env.BENCH_QUICK === '1';

export const PHASES = [
  'warm',
  'graphql',
  'plain',
  'unrelated',
  'calibration',
  'cold',
  'fanout',
  'soak',
  'cold-postgres',
  'ledger',
  'ledger-postgres',
  'replicas',
  'cpu',
  'memory',
] as const;
export type Phase = (typeof PHASES)[number];

/** What bench:smoke runs: the phases whose invariants it checks. */
export const SMOKE_PHASES: Phase[] = ['cold', 'soak', 'replicas'];

const only = (): Phase[] => {
  const raw = process.env.BENCH_ONLY;
  if (!raw) return smoke ? [...SMOKE_PHASES] : [...PHASES];
  const list = raw.split(',').map((s) => s.trim()) as Phase[];
  const unknown = list.filter((p) => !PHASES.includes(p));
  if (unknown.length)
    throw new Error(
      `BENCH_ONLY: unknown phase(s) ${unknown.join(', ')}; known: ${PHASES.join(', ')}`
    );
  return list;
};

export const params = {
  /** BENCH_QUICK=1: short rounds, 20 s soak, 2,000 models for the memory part (a smoke run, not a result). */
  quick,
  smoke,
  phases: only(),
  /** Latency the sandbox adds to every mint (ms). */
  mintLatencyMs: int('BENCH_MINT_LATENCY_MS', 150),
  /** autocannon connections for every load run. */
  connections: int('BENCH_CONNECTIONS', 10, 1),
  /** Seconds of one measured round (one side). */
  roundSeconds: int('BENCH_ROUND_SECONDS', quick ? 3 : 5, 1),
  /** ON/OFF pairs per comparison, run in A B B A … order (short rounds, many pairs: both sides follow a shared machine's drift). */
  pairs: int('BENCH_PAIRS', quick ? 2 : 10, 1),
  /** Seconds of the uncounted warm-up per side before a comparison. */
  warmupSeconds: int('BENCH_WARMUP_SECONDS', quick ? 2 : 3),
  /** Cold fan-out trials (each: one 25-model cold read and one 1-model cold read). */
  coldTrials: int('BENCH_COLD_TRIALS', smoke ? 1 : quick ? 3 : 7, 1),
  /** Extra cold trials with the sandbox's mint latency set to 0: the plugin's own cost of a fan-out. */
  coldZeroLatencyTrials: int('BENCH_COLD_ZERO_LATENCY_TRIALS', smoke ? 0 : quick ? 1 : 3),
  /** Models read by the fan-out phase's largest cold page (generated sandbox models). */
  fanoutModels: int('BENCH_FANOUT_MODELS', 100, 2),
  /** Seconds of the full-load soak against the ON instance (issue 19's acceptance: 75 s). */
  soakSeconds: int('BENCH_SOAK_SECONDS', smoke ? 35 : quick ? 20 : 75, 5),
  /** Link lifetime during the soak (defaultValidFor, used by the venue field, which has no validFor). */
  soakValidFor: str('BENCH_SOAK_VALID_FOR', quick ? '30s' : '60s'),
  /** Sandbox mint latency during the soak (ms): a slow Matterport, so a reader waiting on a mint shows. */
  // The smoke run uses 2 s: well above what a busy CI machine adds to a warm read, so a slow
  // answer there is a reader waiting on a mint, not noise; and well below the plugin's 5 s
  // request timeout, so a slow machine does not turn a mint into a timeout and a retry.
  soakMintLatencyMs: int('BENCH_SOAK_MINT_LATENCY_MS', smoke ? 2000 : 1000),
  /** Rows of other models and credentials put in the ledger by the ledger phase. */
  ledgerRows: int('BENCH_LEDGER_ROWS', quick ? 100_000 : 1_000_000, 0),
  /** Trials of the ledger phase's cold read (each: one cold 1-model read, one on the empty ledger). */
  ledgerTrials: int('BENCH_LEDGER_TRIALS', quick ? 3 : 7, 1),
  /** Strapi replicas started together on PostgreSQL by the replicas phase. */
  replicas: int('BENCH_REPLICAS', 4, 2),
  /** Seconds of concurrent reads through all replicas. */
  replicasSeconds: int('BENCH_REPLICAS_SECONDS', smoke ? 8 : quick ? 5 : 15, 1),
  /** Delivered fields per result in the in-process CPU phase. */
  cpuFields: int('BENCH_CPU_FIELDS', 25, 1),
  /** Iterations of the in-process CPU phase (each delivers one result). */
  cpuIterations: int('BENCH_CPU_ITERATIONS', quick ? 5000 : 40_000, 100),
  /** Account token lifetime the sandbox grants during the soak (s). */
  tokenExpiresIn: int('BENCH_TOKEN_EXPIRES_IN', 60, 1),
  /** Distinct models for the memory part. */
  memoryModels: int('BENCH_MEMORY_MODELS', quick ? 2000 : 10_000, 1),
  /** cacheMaxEntries of the memory instance. */
  cacheMaxEntries: int('BENCH_CACHE_MAX', quick ? 1000 : 5000, 1),
  /** Mint latency during the memory part (ms): 0 keeps 15,000 mints short; the cache, not the upstream, is measured there. */
  memoryMintLatencyMs: int('BENCH_MEMORY_MINT_LATENCY_MS', 0),
  /** Page size for reading the memory part's entries (the playground's REST maxLimit is 250). */
  memoryPageSize: int('BENCH_MEMORY_PAGE_SIZE', 250, 1),
  /**
   * The memory instance's SQLite file is created in WAL mode (1) so its 15,000 ledger
   * writes do not each wait for an fsync; memory, not write speed, is measured there.
   */
  memoryWal: process.env.BENCH_MEMORY_WAL !== '0',
  // bench/out/ is ignored by git: results belong to a machine and a moment, not to the code.
  results: str('BENCH_RESULTS', 'bench/out/results.json'),
};

export type Params = typeof params;
