/**
 * `npm run bench:connections`: what spreading content over several connections costs (issue 26:
 * "warm and cold figures with entries spread over 3 connections within 5 % of one"), measured
 * side by side in one run, never asserted:
 *
 * - ONE: a Strapi whose 25 venues all use the `default` connection (one sandbox organisation);
 * - THREE: a Strapi with the same 25 venues spread over 3 connections (`default`, `bench-b`,
 *   `bench-c`: three sandbox organisations, one connection each; venue i names connection i % 3).
 *
 * The same model IDs in both: each side has its own in-process sandbox (a model ID names one
 * space in one organisation, so the split needs a sandbox of its own), both with the same mint
 * latency. Figures:
 *
 * 1. warm: the 25-venue list, every link cached, THREE against ONE in alternated autocannon
 *    rounds (bench/lib/load.ts `compare`): requests/s ratio THREE/ONE (target ≥ 0.95);
 * 2. cold: the same list read right after every connection's defaultValidFor is set to a
 *    lifetime never used before (the venue field has no validFor of its own: nothing cached or
 *    in the ledger matches, all 25 are minted, as bench/phases/cold.ts does), trials alternated:
 *    median ms ratio THREE/ONE (target ≤ 1.05).
 *
 * Invariants (BENCH_SMOKE=1 checks only these, quickly): every value is delivered with a link
 * minted by its own connection's organisation (the sandbox says which client minted each
 * token), names its connection, and each model is minted once per window (a warm run mints
 * nothing; a cold read mints each model once).
 *
 * BENCH_CONNECTIONS_SIDES=one runs the one-connection side alone (a check of the harness).
 */
import fs from 'node:fs';
import path from 'node:path';

import {
  DEFAULT_CLIENT,
  DEFAULT_ORGANIZATION_ID,
  SandboxControl,
  createSandbox,
  type ModelRecord,
  type Sandbox,
} from '../sandbox/src';
import { ROOT } from '../tests/harness/paths';
import { ENTRIES, generatedModels } from './lib/content';
import { call, expectStatus } from './lib/http';
import { saveSettings, startInstance, type Instance } from './lib/instance';
import { compare, type Comparison } from './lib/load';
import { params } from './lib/params';
import { atLeast, atMost, renderTable, type Row } from './lib/report';
import { median, round } from './lib/stats';

const smoke = params.smoke;
const TARGETS = { warm: 0.95, cold: 1.05 };
const SIDES = (process.env.BENCH_CONNECTIONS_SIDES ?? 'one,three').split(',');
const COLD_TRIALS = smoke ? 1 : params.coldTrials;

const started = Date.now();
const log = (line: string) =>
  process.stdout.write(
    `[${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${line}\n`
  );

interface Delivered {
  modelId: string;
  connection?: string;
  link?: string | null;
  accessToken?: string | null;
  error?: { code: string } | null;
}
interface Venue {
  name: string;
  model: Delivered;
}

/** One connection of a side: its id, its organisation's client, the models it holds. */
interface Connection {
  id: string;
  client: { clientId: string; clientSecret: string };
  models: ModelRecord[];
}

interface Side {
  label: 'one' | 'three';
  sandbox: Sandbox;
  control: SandboxControl;
  instance: Instance;
  connections: Connection[];
  /** The connection each model's venue names. */
  connectionOf: Map<string, Connection>;
}

const MODELS = generatedModels('Cnx', ENTRIES);
const PREFIX = 'Cnx';
const listUrl = (side: Side) =>
  `${side.instance.url}/api/venues?pagination[pageSize]=${ENTRIES}&sort=name:asc&filters[name][$startsWith]=${PREFIX}`;

const cleanups: Array<() => Promise<void>> = [];

/** THREE's connections: `default` (the sandbox's default client) and two organisations of their own. */
const spread = (count: number): Connection[] =>
  Array.from({ length: count }, (_, c) => ({
    id: c === 0 ? 'default' : `bench-${String.fromCharCode(97 + c)}`,
    client:
      c === 0
        ? DEFAULT_CLIENT
        : {
            clientId: `bench-${String.fromCharCode(97 + c)}-client`,
            clientSecret: `bench-${String.fromCharCode(97 + c)}-secret-0123456789`,
          },
    models: MODELS.filter((_, i) => i % count === c),
  }));

const startSide = async (label: Side['label']): Promise<Side> => {
  const connections = spread(label === 'one' ? 1 : 3);
  const sandbox = createSandbox({
    mintLatencyMs: params.mintLatencyMs,
    organizations: connections.map((c, i) => ({
      id: i === 0 ? DEFAULT_ORGANIZATION_ID : c.id,
      name: `Bench organisation ${c.id}`,
      clients: [c.client],
      models: c.models,
    })),
  });
  const { origin } = await sandbox.start(0);
  cleanups.push(() => sandbox.stop());
  const instance = await startInstance(`connections-${label}`, origin, {});
  cleanups.push(instance.stop);
  log(`${label}: Strapi ${instance.url} (pid ${instance.pid}), sandbox ${origin}`);
  await saveSettings(instance, { ...connections[0]!.client, defaultValidFor: '1h' });
  for (const c of connections.slice(1)) {
    expectStatus(
      await call('POST', `${instance.url}/matterport/connections`, {
        token: instance.adminJwt,
        body: { id: c.id, name: `Bench ${c.id}`, ...c.client, defaultValidFor: '1h' },
      }),
      `POST /matterport/connections ${c.id} (${label})`,
      [201]
    );
  }
  const connectionOf = new Map<string, Connection>();
  for (const c of connections) for (const m of c.models) connectionOf.set(m.id, c);
  // The same venues on both sides; THREE's values name their connection (default: none, as
  // content written before connections).
  for (const [i, model] of MODELS.entries()) {
    const c = connectionOf.get(model.id)!;
    const value =
      c.id === 'default'
        ? { modelId: model.id, name: model.name }
        : { modelId: model.id, name: model.name, connection: c.id };
    expectStatus(
      await call('POST', `${instance.url}/api/venues`, {
        token: instance.apiToken,
        body: { data: { name: `${PREFIX} ${String(i + 1).padStart(3, '0')}`, model: value } },
      }),
      `POST /api/venues (${label})`,
      [200, 201]
    );
  }
  return {
    label,
    sandbox,
    control: new SandboxControl(origin),
    instance,
    connections,
    connectionOf,
  };
};

/**
 * Reads the list and checks every value: a link minted by its own connection's client, the
 * connection named. Answers the read's time and the tokens by model.
 */
const readChecked = async (side: Side, what: string) => {
  const res = expectStatus(await call<{ data: Venue[] }>('GET', listUrl(side)), what);
  const minted = new Map(
    (await side.control.embedTokens()).map((t) => [t.accessToken, t.clientId] as const)
  );
  const wrong: string[] = [];
  if (res.body.data.length !== ENTRIES) wrong.push(`${res.body.data.length} venues`);
  for (const { model } of res.body.data) {
    const c = side.connectionOf.get(model.modelId);
    const minter = model.accessToken ? minted.get(model.accessToken) : undefined;
    if (
      !c ||
      model.error ||
      typeof model.link !== 'string' ||
      model.connection !== c.id ||
      minter !== c.client.clientId
    )
      wrong.push(
        `${model.modelId}: connection ${model.connection}, minted by ${minter}, error ${model.error?.code}`
      );
  }
  if (wrong.length)
    throw new Error(
      `${side.label} ${what}: ${wrong.length} value(s) not delivered as expected: ${wrong.slice(0, 3).join('; ')}`
    );
  return { ms: res.ms, tokens: res.body.data.map((v) => v.model.accessToken) };
};

/** Per model, how many mints since the last counter reset; every model must be `expected`. */
const checkMints = async (side: Side, expected: number, what: string) => {
  const counters = await side.control.counters();
  const off = MODELS.filter((m) => (counters.mintsByModel[m.id] ?? 0) !== expected).map(
    (m) => `${m.id}: ${counters.mintsByModel[m.id] ?? 0}`
  );
  if (off.length || counters.mints !== expected * ENTRIES)
    throw new Error(
      `${side.label} ${what}: expected ${expected} mint(s) per model, got ${counters.mints} in all (${off.join(', ')})`
    );
  return counters;
};

let lifetime = 4000 + Math.floor(Math.random() * 1000) * 10;

/** A cold read: every connection's defaultValidFor set to a lifetime never used, then the list. */
const coldRead = async (side: Side) => {
  lifetime += 1;
  for (const c of side.connections) {
    expectStatus(
      await call('PUT', `${side.instance.url}/matterport/connections/${c.id}`, {
        token: side.instance.adminJwt,
        body: { defaultValidFor: `${lifetime}s` },
      }),
      `PUT /matterport/connections/${c.id} (${side.label})`
    );
  }
  await side.control.resetCounters();
  const cold = await readChecked(side, 'cold read');
  const counters = await checkMints(side, 1, 'cold read');
  const warm = await readChecked(side, 'read after the cold one');
  await checkMints(side, 1, 'read after the cold one');
  return { coldMs: cold.ms, warmMs: warm.ms, maxInFlight: counters.maxInFlight };
};

const main = async () => {
  const sides: Side[] = [];
  for (const label of ['one', 'three'] as const)
    if (SIDES.includes(label)) sides.push(await startSide(label));
  const [one, three] = [
    sides.find((s) => s.label === 'one'),
    sides.find((s) => s.label === 'three'),
  ];

  // Warm-up and the first invariant: each model minted once, then nothing more.
  for (const side of sides) {
    await side.control.resetCounters();
    await readChecked(side, 'first read');
    await readChecked(side, 'second read');
    await checkMints(side, 1, 'first two reads');
  }

  log(`cold: ${COLD_TRIALS} trial(s), ${ENTRIES} models minted per read, sides alternated`);
  await Promise.all(sides.map((s) => s.control.resetCounters()));
  // One untimed round: the mint path compiled and its statements prepared on both sides.
  for (const side of sides) await coldRead(side);
  const cold: Record<string, Array<{ coldMs: number; warmMs: number; maxInFlight: number }>> = {
    one: [],
    three: [],
  };
  for (let t = 0; t < COLD_TRIALS; t += 1) {
    const order = t % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) cold[side.label]!.push(await coldRead(side));
    log(
      `    trial ${t + 1}: ${sides.map((s) => `${s.label} ${round(cold[s.label]!.at(-1)!.coldMs, 1)} ms`).join(', ')}`
    );
  }

  let warm: Comparison | undefined;
  if (one && three && !smoke) {
    log(`warm: ${ENTRIES}-venue list, THREE vs ONE, ${params.pairs} pairs`);
    await Promise.all(sides.map((s) => s.control.resetCounters()));
    warm = await compare(
      { url: listUrl(three), pid: three.instance.pid },
      { url: listUrl(one), pid: one.instance.pid },
      {
        pairs: params.pairs,
        seconds: params.roundSeconds,
        warmupSeconds: params.warmupSeconds,
        connections: params.connections,
      },
      log
    );
    // Links were cached: a warm run mints nothing.
    for (const side of sides) await checkMints(side, 0, 'warm runs');
  } else if (smoke) {
    // The smoke run's warm check: reads with everything cached mint nothing.
    for (const side of sides) {
      await side.control.resetCounters();
      for (let i = 0; i < 5; i += 1) await readChecked(side, 'warm read');
      await checkMints(side, 0, 'warm reads');
    }
  }

  const medianCold = (label: string) => round(median(cold[label]!.map((r) => r.coldMs)), 1);
  const medianWarmRead = (label: string) => round(median(cold[label]!.map((r) => r.warmMs)), 1);
  const rows: Row[] = [];
  for (const side of sides)
    rows.push({
      id: `C-${side.label}`,
      measurement: `cold read of ${ENTRIES} venues, ${side.connections.length} connection(s), median ms`,
      result: String(medianCold(side.label)),
      comparedWith: `same list warm: ${medianWarmRead(side.label)} ms`,
      ratio: '',
      target: '',
      verdict: `max in flight ${Math.max(...cold[side.label]!.map((r) => r.maxInFlight))}`,
    });
  if (one && three) {
    const coldRatio = round(medianCold('three') / medianCold('one'), 3);
    rows.push({
      id: 'C1',
      measurement: `cold read, ${ENTRIES} venues over 3 connections vs 1, median ms`,
      result: String(medianCold('three')),
      comparedWith: `1 connection: ${medianCold('one')}`,
      ratio: String(coldRatio),
      target: `≤ ${TARGETS.cold}`,
      verdict: smoke ? 'smoke: not a figure' : atMost(coldRatio, TARGETS.cold).text,
    });
    if (warm)
      rows.push({
        id: 'W1',
        measurement: `warm list of ${ENTRIES} venues over 3 connections vs 1, req/s`,
        result: String(warm.on.rps),
        comparedWith: `1 connection: ${warm.off.rps}`,
        ratio: `${warm.ratio} (pairs median ${warm.medianPairRatio}; CPU ${warm.cpuRatio})`,
        target: `≥ ${TARGETS.warm}`,
        verdict: atLeast(warm.ratio, TARGETS.warm).text,
      });
  }
  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  const out = path.join(ROOT, 'bench', 'out');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, smoke ? 'connections-smoke.json' : 'connections.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        mintLatencyMs: params.mintLatencyMs,
        sides: sides.map((s) => ({
          label: s.label,
          connections: s.connections.map((c) => ({ id: c.id, models: c.models.length })),
        })),
        cold,
        warm,
        rows,
      },
      null,
      2
    )
  );
  log(
    'invariants held: every value delivered with its own connection’s link, one mint per model per window'
  );
};

main()
  .catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    while (cleanups.length) await (cleanups.pop() as () => Promise<void>)().catch(() => undefined);
  });
