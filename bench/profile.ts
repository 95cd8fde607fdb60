/**
 * CPU profile of one warm request shape, for finding where the plugin's warm cost goes:
 * boots the playground with --cpu-prof, seeds the bench content, drives one target for
 * PROFILE_SECONDS and stops Strapi (the profile is written on exit to PROFILE_DIR).
 * PROFILE_TARGET: rest | graphql | plain-rest | plain-graphql, or cold: a cold page of
 * PROFILE_MODELS (25) venues read again and again right after defaultValidFor is changed (every
 * model minted; the sandbox answers mints at once, so the profile shows the plugin's own work).
 */
import { createSandbox, DEFAULT_CLIENT, SEED_MODELS } from '../sandbox/src';
import {
  benchModels,
  ENTRIES,
  generatedModels,
  PLAIN_GRAPHQL_QUERY,
  seedContent,
  seedPlain,
  seedVenues,
} from './lib/content';
import { call, expectStatus } from './lib/http';
import { saveSettings, startInstance } from './lib/instance';
import { runLoad } from './lib/load';

const GRAPHQL_QUERY = `{ spaces(pagination: { pageSize: ${ENTRIES} }) { title tour } }`;

const main = async () => {
  const target = process.env.PROFILE_TARGET ?? 'graphql';
  const dir = process.env.PROFILE_DIR ?? '/tmp/profile';
  const seconds = Number(process.env.PROFILE_SECONDS ?? 20);
  const coldModels = generatedModels('Prof', Number(process.env.PROFILE_MODELS ?? 25));
  const sandbox = createSandbox({
    mintLatencyMs: target === 'cold' ? 0 : 150,
    models: [...SEED_MODELS, ...coldModels],
  });
  const { origin } = await sandbox.start(0);
  const on = await startInstance(
    'prof',
    origin,
    {},
    {
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'],
      env: process.env.PROFILE_DEBUG ? { DEBUG: process.env.PROFILE_DEBUG } : {},
    }
  );
  try {
    await saveSettings(on, { ...DEFAULT_CLIENT, defaultValidFor: '1h' });
    if (target === 'cold') {
      await seedVenues(on, coldModels, 'Prof');
      const list = `${on.url}/api/venues?pagination[pageSize]=${coldModels.length}&filters[name][$startsWith]=Prof`;
      let reads = 0;
      let lifetime = 4000;
      const until = Date.now() + seconds * 1000;
      let readMs = 0;
      while (Date.now() < until) {
        lifetime += 1;
        await saveSettings(on, { defaultValidFor: `${lifetime}s` });
        const started = performance.now();
        expectStatus(await call('GET', list), 'cold read');
        readMs += performance.now() - started;
        reads += 1;
      }
      process.stdout.write(
        `cold: ${reads} cold reads of ${coldModels.length} models, mean ${(readMs / reads).toFixed(1)} ms\n`
      );
      return;
    }
    await seedContent(on, benchModels());
    await seedPlain(on);
    const rest = `${on.url}/api/spaces?pagination[pageSize]=${ENTRIES}`;
    const plainRest = `${on.url}/api/plainspaces?pagination[pageSize]=${ENTRIES}`;
    const gql = (query: string) => ({
      url: `${on.url}/graphql`,
      method: 'POST' as const,
      body: JSON.stringify({ query }),
      headers: { 'content-type': 'application/json' },
      pid: on.pid,
    });
    expectStatus(await call('GET', rest), 'warm');
    expectStatus(
      await call('POST', `${on.url}/graphql`, { body: { query: GRAPHQL_QUERY } }),
      'warm'
    );
    const t =
      target === 'rest'
        ? { url: rest, pid: on.pid }
        : target === 'plain-rest'
          ? { url: plainRest, pid: on.pid }
          : target === 'plain-graphql'
            ? gql(PLAIN_GRAPHQL_QUERY)
            : gql(GRAPHQL_QUERY);
    if (target === 'rest-pair' || target === 'graphql-pair') {
      // Both sides in the same process: windows of 3 s, A B A B …, 1.5 s apart, so the
      // process's CPU time of each window is one side's alone (and the saved profile shows the
      // windows apart). Each side's CPU per request is the sum of its windows.
      const a = target === 'rest-pair' ? { url: rest, pid: on.pid } : gql(GRAPHQL_QUERY);
      const b = target === 'rest-pair' ? { url: plainRest, pid: on.pid } : gql(PLAIN_GRAPHQL_QUERY);
      await runLoad(a, { seconds: 3, connections: 10 });
      await runLoad(b, { seconds: 3, connections: 10 });
      const done = { a: 0, b: 0, cpuA: 0, cpuB: 0 };
      for (let i = 0; i < Math.max(1, Math.round(seconds / 6)); i += 1) {
        await new Promise((r) => setTimeout(r, 1500));
        const ra = await runLoad(a, { seconds: 3, connections: 10 });
        await new Promise((r) => setTimeout(r, 1500));
        const rb = await runLoad(b, { seconds: 3, connections: 10 });
        done.a += ra.ok;
        done.b += rb.ok;
        done.cpuA += ra.cpuMs;
        done.cpuB += rb.cpuMs;
      }
      process.stdout.write(
        `${target}: A ${done.a} requests (${(done.cpuA / done.a).toFixed(3)} ms CPU each), B ${done.b} (${(done.cpuB / done.b).toFixed(3)} ms)\n`
      );
      return;
    }
    await runLoad(t, { seconds: 5, connections: 10 });
    const r = await runLoad(t, { seconds, connections: 10 });
    process.stdout.write(
      `${target}: ${r.ok} ok, ${r.rps.toFixed(1)} req/s, cpu ${(r.cpuMs / r.ok).toFixed(3)} ms/request\n`
    );
  } finally {
    await on.stop();
    await sandbox.stop();
  }
};

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
