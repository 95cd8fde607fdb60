/**
 * `npm run bench:on-demand`: what `on-demand` delivery costs (issue 27), measured side by side
 * on one Strapi process, never asserted:
 *
 * 1. a list of 100 `on-demand` values, no link cached (none is ever minted for them), against
 *    the same list's JSON stored in a plain JSON field: throughput ratio (target ≥ 0.95);
 * 2. a warm activation (link in memory) against the same Strapi's plain `findOne` of the entry
 *    holding it: median latency ratio (target ≤ 1);
 * 3. a cold activation (nothing cached) against one mint: median cold activation minus the
 *    sandbox's configured mint latency (target ≤ 20 ms). The sandbox's own work and the ledger
 *    write are counted as the plugin's, so the figure overstates the plugin's share.
 *
 * The sandbox's mint counter is read after each part: a render that minted would void part 1.
 */
import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_CLIENT, SEED_MODELS, SandboxControl, createSandbox } from '../sandbox/src';
import { ROOT } from '../tests/harness/paths';
import { generatedModels, seedVenues } from './lib/content';
import { call, expectStatus } from './lib/http';
import { saveSettings, startInstance, type Instance } from './lib/instance';
import { compare } from './lib/load';
import { atLeast, atMost, renderTable, type Row } from './lib/report';
import { median, percentile, round } from './lib/stats';

const smoke = process.env.BENCH_SMOKE === '1';
const LIST = 100;
const COLD_MODELS = smoke ? 5 : 20;
const LATENCY_PAIRS = smoke ? 100 : 1000;
const MINT_LATENCY_MS = Number(process.env.BENCH_MINT_LATENCY_MS ?? 150);
const TARGETS = { list: 0.95, warmActivation: 1, coldOverheadMs: 20 };

const started = Date.now();
const log = (line: string) =>
  process.stdout.write(
    `[${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${line}\n`
  );

interface OnDemandValue {
  modelId: string;
  link: string | null;
  accessToken: string | null;
  poster?: { url: string } | null;
  activate?: { url: string } | null;
  error?: unknown;
}
interface Venue {
  documentId: string;
  name: string;
  model: OnDemandValue;
}
interface Space {
  documentId: string;
  title: string;
  tour: OnDemandValue;
}

const cleanups: Array<() => Promise<void>> = [];

const main = async () => {
  const listModels = generatedModels('Ond', LIST);
  const coldModels = generatedModels('Cld', COLD_MODELS);
  const sandbox = createSandbox({
    mintLatencyMs: MINT_LATENCY_MS,
    models: [...SEED_MODELS, ...listModels, ...coldModels],
  });
  const { origin } = await sandbox.start(0);
  cleanups.push(() => sandbox.stop());
  const control = new SandboxControl(origin);

  // One client (this script) activates 1,000 times a minute: the per-process limits
  // (activationRateLimit 120/min per client, activationRefRateLimit 600/min per ref) would
  // answer 429. The benchmark measures the route's work, not its limits.
  const on: Instance = await startInstance('ondemand', origin, {
    defaultDelivery: 'on-demand',
    activationRateLimit: 100_000,
    activationRefRateLimit: 1_000_000,
  });
  cleanups.push(on.stop);
  log(`Strapi ${on.url} (pid ${on.pid}), sandbox ${origin} (mint latency ${MINT_LATENCY_MS} ms)`);
  await saveSettings(on, { ...DEFAULT_CLIENT, defaultValidFor: '1h' });
  // Spaces against plainspaces: the playground's two types of the same shape (title, slug,
  // tour, rooms, sections, one relation), the plain one holding a JSON field where the other
  // holds the Matterport field, so the comparison isolates what delivery adds.
  for (const [i, model] of listModels.entries()) {
    expectStatus(
      await call('POST', `${on.url}/api/spaces`, {
        token: on.apiToken,
        body: {
          data: {
            title: `Ond ${String(i + 1).padStart(3, '0')}`,
            tour: { modelId: model.id, name: model.name },
          },
        },
      }),
      'POST /api/spaces',
      [200, 201]
    );
  }
  await seedVenues(on, coldModels, 'Cld');

  const listUrl = `${on.url}/api/spaces?pagination[pageSize]=${LIST}&sort=title:asc&filters[title][$startsWith]=Ond`;
  const first = expectStatus(await call<{ data: Space[] }>('GET', listUrl), 'on-demand list');
  const values = first.body.data.map((v) => v.tour);
  const usable = values.filter(
    (v) => v.link === null && v.accessToken === null && v.activate?.url && v.poster?.url && !v.error
  );
  if (values.length !== LIST || usable.length !== LIST)
    throw new Error(
      `expected ${LIST} on-demand values with a poster and an activation URL and no token: ${first.text.slice(0, 400)}`
    );

  // The baseline: the same JSON, byte for byte, stored in a plain JSON field.
  for (const space of first.body.data) {
    expectStatus(
      await call('POST', `${on.url}/api/plainspaces`, {
        token: on.apiToken,
        body: { data: { title: space.title, tour: space.tour } },
      }),
      'POST /api/plainspaces',
      [200, 201]
    );
  }
  const plainUrl = `${on.url}/api/plainspaces?pagination[pageSize]=${LIST}&sort=title:asc&filters[title][$startsWith]=Ond`;
  const plain = expectStatus(await call('GET', plainUrl), 'plain list');
  await control.resetCounters();

  log(
    `1. ${LIST} on-demand values vs plain JSON (${first.text.length} vs ${plain.text.length} bytes)`
  );
  const list = await compare(
    { url: listUrl, pid: on.pid },
    { url: plainUrl, pid: on.pid },
    {
      pairs: smoke ? 2 : 10,
      seconds: smoke ? 3 : 10,
      warmupSeconds: smoke ? 1 : 3,
      connections: 10,
    },
    log
  );
  const mintsDuringList = (await control.counters()).mints;

  log(`2. warm activation vs findOne of its entry: ${LATENCY_PAIRS} pairs, alternated`);
  const space = first.body.data[0] as Space;
  const activateUrl = space.tour.activate?.url as string;
  const findOneUrl = `${on.url}/api/spaces/${space.documentId}`;
  expectStatus(await call('GET', activateUrl), 'first activation');
  const activation: number[] = [];
  const findOne: number[] = [];
  for (let i = 0; i < LATENCY_PAIRS; i += 1) {
    const order = i % 2 === 0 ? [activateUrl, findOneUrl] : [findOneUrl, activateUrl];
    for (const url of order) {
      const res = expectStatus(
        await call('GET', url),
        url === activateUrl ? 'activation' : 'findOne'
      );
      (url === activateUrl ? activation : findOne).push(res.ms);
    }
  }
  const warmRatio = median(activation) / median(findOne);

  log(`3. cold activation of ${COLD_MODELS} models never minted`);
  const cold = expectStatus(
    await call<{ data: Venue[] }>(
      'GET',
      `${on.url}/api/venues?pagination[pageSize]=${COLD_MODELS}&filters[name][$startsWith]=Cld`
    ),
    'cold list'
  ).body.data;
  await control.resetCounters();
  const coldMs: number[] = [];
  for (const v of cold) {
    const res = expectStatus(await call('GET', v.model.activate?.url as string), 'cold activation');
    coldMs.push(res.ms);
  }
  const coldMints = (await control.counters()).mints;
  if (coldMints !== COLD_MODELS)
    throw new Error(
      `cold activations: expected ${COLD_MODELS} mints, the sandbox counted ${coldMints}`
    );
  const overhead = median(coldMs) - MINT_LATENCY_MS;

  const rows: Row[] = [
    {
      id: 'O1',
      measurement: `list of ${LIST} on-demand values (no link cached), req/s`,
      result: String(list.on.rps),
      comparedWith: `same JSON in a plain field: ${list.off.rps}`,
      ratio: String(list.ratio),
      target: `≥ ${TARGETS.list}`,
      verdict: `${atLeast(list.ratio, TARGETS.list).text}; mints during the runs: ${mintsDuringList}`,
    },
    {
      id: 'O2',
      measurement: 'warm activation, median ms',
      result: String(round(median(activation), 2)),
      comparedWith: `findOne of the entry: ${round(median(findOne), 2)} ms`,
      ratio: String(round(warmRatio, 3)),
      target: `≤ ${TARGETS.warmActivation}`,
      verdict: atMost(warmRatio, TARGETS.warmActivation).text,
    },
    {
      id: 'O3',
      measurement: `cold activation, median ms (p95 ${round(percentile(coldMs, 95), 1)})`,
      result: String(round(median(coldMs), 1)),
      comparedWith: `one mint: ${MINT_LATENCY_MS} ms (sandbox latency)`,
      ratio: `+${round(overhead, 1)} ms`,
      target: `≤ +${TARGETS.coldOverheadMs} ms`,
      verdict: atMost(overhead, TARGETS.coldOverheadMs).text,
    },
  ];
  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  const out = path.join(ROOT, 'bench', 'out');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, smoke ? 'on-demand-smoke.json' : 'on-demand.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        mintLatencyMs: MINT_LATENCY_MS,
        list,
        mintsDuringList,
        warm: { activation, findOne },
        cold: { coldMs, mints: coldMints },
        rows,
      },
      null,
      2
    )
  );
  // Invariants, not timings: an on-demand render never mints.
  if (mintsDuringList !== 0)
    throw new Error(`${mintsDuringList} mints while rendering on-demand lists`);
};

main()
  .catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    while (cleanups.length) await (cleanups.pop() as () => Promise<void>)().catch(() => undefined);
  });
