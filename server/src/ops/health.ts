import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { HealthView } from '../../../common/contracts/ops';
import type { MatterportErrorCode, MatterportOperation } from '../../../common/errors';

const HOUR_MS = 3600 * 1000;
const BUCKET_MS = 1000;
const LATENCY_SAMPLES = 500;

const percentile = (sorted: number[], p: number): number | null => {
  if (!sorted.length) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
};

/**
 * What this process saw of Matterport: the health panel's figures, kept in memory from the
 * plugin's events (each replica reports its own).
 */
export const createHealthTracker = (now: () => number = Date.now) => {
  let lastTokenAt: number | null = null;
  let lastMintAt: number | null = null;
  /**
   * Failures of the last hour, counted per second and code: at most 3,601 buckets of a handful
   * of codes, however many failures a storm brings (one entry per failure grew without bound).
   */
  const failures: Array<{
    second: number;
    lastAt: number;
    counts: Map<MatterportErrorCode, number>;
  }> = [];
  const latencies: number[] = [];
  let breaker: HealthView['breaker'] = { state: 'closed', reason: null, openUntil: null };
  /**
   * The latest refusal of the saved credentials, and whether it is still the current state:
   * failuresLastHour is history, this is "now". A later success that proves what was refused
   * clears it (see proven).
   */
  let authFailure: { at: number; operation: MatterportOperation | undefined } | null = null;
  let authFailing = false;

  /**
   * A success with the saved credentials. A mint proves everything (token and Private Model
   * Embed); any other success proves the token, which does not answer a refused mint (the
   * account may lack Private Model Embed while its tokens work).
   */
  const proven = (operation: MatterportOperation) => {
    if (!authFailing) return;
    if (operation === 'createLink' || authFailure?.operation !== 'createLink') authFailing = false;
  };

  // A bucket leaves once its latest failure is over an hour old (its earlier ones, within the same second, with it).
  const prune = () => {
    const since = now() - HOUR_MS;
    while (failures.length && failures[0].lastAt < since) failures.shift();
  };

  return {
    tokenObtained() {
      lastTokenAt = now();
      proven('token');
    },
    /** A call with the saved credentials that Matterport answered. */
    succeeded(operation: MatterportOperation) {
      proven(operation);
    },
    minted(latencyMs: number) {
      lastMintAt = now();
      proven('createLink');
      latencies.push(latencyMs);
      if (latencies.length > LATENCY_SAMPLES) latencies.shift();
    },
    failed(code: MatterportErrorCode, operation?: MatterportOperation) {
      const at = now();
      const second = Math.floor(at / BUCKET_MS);
      let bucket = failures[failures.length - 1];
      if (!bucket || bucket.second !== second) {
        bucket = { second, lastAt: at, counts: new Map() };
        failures.push(bucket);
      }
      bucket.lastAt = at;
      bucket.counts.set(code, (bucket.counts.get(code) ?? 0) + 1);
      if (code === 'MATTERPORT_AUTH_FAILED') {
        authFailure = { at: now(), operation };
        authFailing = true;
      }
      prune();
    },
    breakerOpened(reason: string, until: string) {
      breaker = { state: 'open', reason, openUntil: until };
    },
    breakerClosed() {
      breaker = { state: 'closed', reason: null, openUntil: null };
    },
    /** How many entries the failure history holds (bounded: at most one per second of the hour). */
    failureBuckets: () => failures.length,
    snapshot(): Pick<
      HealthView,
      | 'lastTokenAt'
      | 'lastMintAt'
      | 'failuresLastHour'
      | 'auth'
      | 'breaker'
      | 'rateLimitedUntil'
      | 'mintLatencyMs'
    > {
      prune();
      const failuresLastHour: Record<string, number> = {};
      for (const { counts } of failures)
        for (const [code, n] of counts) failuresLastHour[code] = (failuresLastHour[code] ?? 0) + n;
      const sorted = [...latencies].sort((a, b) => a - b);
      // Reason of the last opening, kept even once the time has passed (the client's guard says whether it is open).
      const open = breaker.state === 'open';
      return {
        lastTokenAt: lastTokenAt === null ? null : new Date(lastTokenAt).toISOString(),
        lastMintAt: lastMintAt === null ? null : new Date(lastMintAt).toISOString(),
        failuresLastHour,
        auth: {
          failing: authFailing,
          lastFailureAt: authFailure === null ? null : new Date(authFailure.at).toISOString(),
        },
        breaker: open ? breaker : { state: 'closed', reason: null, openUntil: null },
        rateLimitedUntil:
          open && breaker.reason === 'MATTERPORT_RATE_LIMITED' ? breaker.openUntil : null,
        mintLatencyMs: {
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          samples: sorted.length,
        },
      };
    },
  };
};

export type HealthTracker = ReturnType<typeof createHealthTracker>;

/**
 * One tracker per connection (issue 26): each organisation's credentials, failures and breaker
 * are its own, so one failing shows there and nowhere else. Events without a connection are
 * the default's (as every event was before connections). Mint latency is also kept across
 * every connection: the panel's figure is the plugin's.
 */
export const createHealthTrackers = (now: () => number = Date.now) => {
  const trackers = new Map<string, HealthTracker>();
  const all = createHealthTracker(now);
  const of = (connection: string | undefined): HealthTracker => {
    const id = connection ?? DEFAULT_CONNECTION_ID;
    let tracker = trackers.get(id);
    if (!tracker) trackers.set(id, (tracker = createHealthTracker(now)));
    return tracker;
  };
  return {
    of,
    minted(connection: string | undefined, latencyMs: number) {
      of(connection).minted(latencyMs);
      all.minted(latencyMs);
    },
    /** Mint latency across every connection. */
    mintLatencyMs: () => all.snapshot().mintLatencyMs,
    /** A removed connection: what was seen of it goes (one created later with its id starts afresh). */
    forget(connection: string) {
      trackers.delete(connection);
    },
  };
};
