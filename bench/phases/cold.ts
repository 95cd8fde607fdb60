import type { SandboxControl } from '../../sandbox/src';
import { linkedCount } from '../lib/content';
import { call, expectStatus } from '../lib/http';
import { saveSettings, type Instance } from '../lib/instance';
import { median, round } from '../lib/stats';

export interface ColdRead {
  models: number;
  coldMs: number;
  warmMs: number;
  mints: number;
  maxInFlight: number;
}

export interface ColdResult {
  trials: number;
  method: string;
  cold25: number[];
  cold1: number[];
  warm25: number[];
  warm1: number[];
  medianCold25: number;
  medianCold1: number;
  medianWarm25: number;
  medianWarm1: number;
  /** median cold 25-model read / median cold 1-model read (the target's figure). */
  ratio: number;
  /** Mint-attributable time: (cold25 − warm25) / (cold1 − warm1). */
  mintTimeRatio: number;
  maxInFlight: number;
  sandboxMintLatencyMs: number;
  mintConcurrency: number;
  /** The same reads with the sandbox answering mints at once: what the plugin itself spends. */
  zeroLatency?: {
    trials: number;
    medianCold25: number;
    medianCold1: number;
    medianWarm25: number;
    medianWarm1: number;
    /** (cold25 − warm25) / 25: the plugin's own time per mint when 25 are minted together. */
    perMintMs: number;
  };
  database: string;
  /** The same cold read of a larger page (fan-out phase): `models` entries, all minted. */
  large?: {
    models: number;
    cold: number[];
    warm: number[];
    medianCold: number;
    medianWarm: number;
    ratio: number;
    maxInFlight: number;
  };
}

type Delivered = Parameters<typeof linkedCount>[0][number];

/**
 * A cold read is the first read of the venue list after defaultValidFor was changed to
 * a lifetime never used before. The venue field has no validFor of its own, so its
 * links are keyed by that lifetime: nothing in memory and nothing in the shared ledger
 * matches, and every model on the page must be minted (checked with the sandbox's
 * mint counter), while the account token, the settings, the database and the JIT are
 * as warm as in production. One mint's latency is measured the same way, as the cold
 * read of a one-entry page (same route, same code path, one mint). Each cold read is
 * followed by the same read again (now all links in memory) to show the non-mint part.
 */
export const coldFanOut = async (
  on: Instance,
  control: SandboxControl,
  options: {
    trials: number;
    zeroLatencyTrials: number;
    entries: number;
    mintLatencyMs: number;
    mintConcurrency: number;
    database: string;
    /** Also read a cold page of this many entries in every trial (fan-out phase). */
    large?: number;
    /** Only venues whose name starts with this (the fan-out phase's own venues). */
    namePrefix?: string;
  },
  log: (line: string) => void
): Promise<ColdResult> => {
  let lifetime = 4000 + Math.floor(Math.random() * 1000) * 10;
  const filter = `&filters[name][$startsWith]=${encodeURIComponent(options.namePrefix ?? 'Venue')}`;
  const list = (n: number) =>
    `${on.url}/api/venues?pagination[pageSize]=${n}&sort=name:asc${filter}`;

  const read = async (n: number): Promise<ColdRead> => {
    lifetime += 1;
    await saveSettings(on, { defaultValidFor: `${lifetime}s` });
    await control.resetCounters();
    const cold = expectStatus(
      await call<{ data: Array<{ model: Delivered }> }>('GET', list(n)),
      'cold read'
    );
    const counters = await control.counters();
    const warm = expectStatus(
      await call<{ data: Array<{ model: Delivered }> }>('GET', list(n)),
      'warm read'
    );
    const after = await control.counters();
    if (
      linkedCount(cold.body.data.map((v) => v.model)) !== n ||
      linkedCount(warm.body.data.map((v) => v.model)) !== n
    ) {
      throw new Error(
        `cold fan-out: expected ${n} links on the cold and the warm read: ${cold.text.slice(0, 400)}`
      );
    }
    if (counters.mints !== n || after.mints !== n) {
      throw new Error(
        `cold fan-out: expected exactly ${n} mints, the sandbox counted ${counters.mints} (then ${after.mints})`
      );
    }
    return {
      models: n,
      coldMs: cold.ms,
      warmMs: warm.ms,
      mints: counters.mints,
      maxInFlight: counters.maxInFlight,
    };
  };

  // One untimed round first: the mint path's code is compiled and its database statements prepared.
  await read(options.entries);
  await read(1);
  if (options.large) await read(options.large);

  const cold25: ColdRead[] = [];
  const cold1: ColdRead[] = [];
  const coldLarge: ColdRead[] = [];
  const sizes = [options.entries, 1, ...(options.large ? [options.large] : [])];
  for (let t = 0; t < options.trials; t += 1) {
    // The order rotates so no size always follows the same other one.
    const order = sizes.map((_, i) => sizes[(i + t) % sizes.length] as number);
    if (t % 2 === 1) order.reverse();
    for (const n of order) {
      const r = await read(n);
      (n === 1 ? cold1 : n === options.entries ? cold25 : coldLarge).push(r);
    }
    const a = cold25[cold25.length - 1] as ColdRead;
    const b = cold1[cold1.length - 1] as ColdRead;
    const c = coldLarge[coldLarge.length - 1];
    log(
      `    trial ${t + 1}: ${options.entries} models cold ${round(a.coldMs, 1)} ms (warm ${round(a.warmMs, 1)}), 1 model cold ${round(b.coldMs, 1)} ms (warm ${round(b.warmMs, 1)})${c ? `, ${options.large} models cold ${round(c.coldMs, 1)} ms (warm ${round(c.warmMs, 1)})` : ''}`
    );
  }
  const m = (rs: ColdRead[], k: 'coldMs' | 'warmMs') => round(median(rs.map((r) => r[k])), 1);
  const medianCold25 = m(cold25, 'coldMs');
  const medianCold1 = m(cold1, 'coldMs');
  const medianWarm25 = m(cold25, 'warmMs');
  const medianWarm1 = m(cold1, 'warmMs');
  let zeroLatency: ColdResult['zeroLatency'];
  if (options.zeroLatencyTrials > 0) {
    await control.setConfig({ mintLatencyMs: 0 });
    try {
      const z25: ColdRead[] = [];
      const z1: ColdRead[] = [];
      for (let t = 0; t < options.zeroLatencyTrials; t += 1) {
        for (const n of t % 2 === 0 ? [options.entries, 1] : [1, options.entries])
          (n === 1 ? z1 : z25).push(await read(n));
      }
      const zc25 = m(z25, 'coldMs');
      const zw25 = m(z25, 'warmMs');
      zeroLatency = {
        trials: options.zeroLatencyTrials,
        medianCold25: zc25,
        medianCold1: m(z1, 'coldMs'),
        medianWarm25: zw25,
        medianWarm1: m(z1, 'warmMs'),
        perMintMs: round((zc25 - zw25) / options.entries, 1),
      };
      log(
        `    sandbox latency 0: ${options.entries} models cold ${zc25} ms (warm ${zw25}), 1 model cold ${zeroLatency.medianCold1} ms`
      );
    } finally {
      await control.setConfig({ mintLatencyMs: options.mintLatencyMs });
    }
  }
  const large = options.large
    ? {
        models: options.large,
        cold: coldLarge.map((r) => round(r.coldMs, 1)),
        warm: coldLarge.map((r) => round(r.warmMs, 1)),
        medianCold: m(coldLarge, 'coldMs'),
        medianWarm: m(coldLarge, 'warmMs'),
        ratio: round(m(coldLarge, 'coldMs') / medianCold1, 3),
        maxInFlight: Math.max(...coldLarge.map((r) => r.maxInFlight)),
      }
    : undefined;
  return {
    database: options.database,
    large,
    zeroLatency,
    trials: options.trials,
    method:
      'venue list (no validFor on the field) read right after defaultValidFor is set to a lifetime never used before: every model is minted (sandbox counter checked); one mint = the same read of a 1-entry page; medians of the trials, order alternated',
    cold25: cold25.map((r) => round(r.coldMs, 1)),
    cold1: cold1.map((r) => round(r.coldMs, 1)),
    warm25: cold25.map((r) => round(r.warmMs, 1)),
    warm1: cold1.map((r) => round(r.warmMs, 1)),
    medianCold25,
    medianCold1,
    medianWarm25,
    medianWarm1,
    ratio: round(medianCold25 / medianCold1, 3),
    mintTimeRatio: round((medianCold25 - medianWarm25) / (medianCold1 - medianWarm1), 3),
    maxInFlight: Math.max(...cold25.map((r) => r.maxInFlight)),
    sandboxMintLatencyMs: options.mintLatencyMs,
    mintConcurrency: options.mintConcurrency,
  };
};
