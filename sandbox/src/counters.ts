import type { CountersSnapshot } from './control-types';

/** The plain tallies; the in-flight gauges and per-model maps are kept apart. */
export type CounterName =
  | 'tokenRequests'
  | 'tokensIssued'
  | 'tokenFailures'
  | 'graphRequests'
  | 'mints'
  | 'tokenMints'
  | 'revocations'
  | 'modelListQueries'
  | 'modelQueries'
  | 'showRequests'
  | 'thumbnailRequests';

type Tallies = Record<CounterName, number>;

function zeroTallies(): Tallies {
  return {
    tokenRequests: 0,
    tokensIssued: 0,
    tokenFailures: 0,
    graphRequests: 0,
    mints: 0,
    tokenMints: 0,
    revocations: 0,
    modelListQueries: 0,
    modelQueries: 0,
    showRequests: 0,
    thumbnailRequests: 0,
  };
}

/**
 * What the plugin did to the sandbox, for tests to assert on: every call is
 * counted, failed and faulted ones included.
 */
export class Counters {
  private tallies = zeroTallies();
  private mintsByModel = new Map<string, number>();
  private inFlight = 0;
  private maxInFlight = 0;
  /** Live, never reset: requests still running when counters are reset stay counted. */
  private mintsInFlightByModel = new Map<string, number>();
  private maxInFlightByModel = new Map<string, number>();
  private accessTokensUsed = new Set<string>();

  bump(name: CounterName): void {
    this.tallies[name] += 1;
  }

  countMint(modelId: string): void {
    this.mintsByModel.set(modelId, (this.mintsByModel.get(modelId) ?? 0) + 1);
  }

  recordAccessToken(token: string): void {
    this.accessTokensUsed.add(token);
  }

  /** Marks one Matterport-facing request as running; call the result once it has ended. */
  requestStarted(): () => void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return once(() => {
      this.inFlight -= 1;
    });
  }

  /**
   * Marks a mint request for these models as running. Tests prove the plugin
   * de-duplicates concurrent mints by the highest overlap seen per model.
   */
  mintStarted(modelIds: readonly string[]): () => void {
    const unique = [...new Set(modelIds)];
    for (const id of unique) {
      const now = (this.mintsInFlightByModel.get(id) ?? 0) + 1;
      this.mintsInFlightByModel.set(id, now);
      this.maxInFlightByModel.set(id, Math.max(this.maxInFlightByModel.get(id) ?? 0, now));
    }
    return once(() => {
      for (const id of unique) {
        const left = (this.mintsInFlightByModel.get(id) ?? 1) - 1;
        if (left > 0) this.mintsInFlightByModel.set(id, left);
        else this.mintsInFlightByModel.delete(id);
      }
    });
  }

  snapshot(): CountersSnapshot {
    return {
      ...this.tallies,
      mintsByModel: Object.fromEntries(this.mintsByModel),
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      maxInFlightByModel: Object.fromEntries(this.maxInFlightByModel),
      accessTokensUsed: [...this.accessTokensUsed],
    };
  }

  /** Zeroes the tallies; the maxima restart from what is running right now. */
  reset(): void {
    this.tallies = zeroTallies();
    this.mintsByModel.clear();
    this.maxInFlight = this.inFlight;
    this.maxInFlightByModel = new Map(this.mintsInFlightByModel);
    this.accessTokensUsed.clear();
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
