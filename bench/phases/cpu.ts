import { randomBytes } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { FIELD_UID, PLUGIN_ID } from '../../common/plugin';
import { defaultConfig } from '../../server/src/config';
import { runtimeService } from '../../server/src/config/service';
import { credentialsIdentity } from '../../server/src/crypto/fingerprint';
import { deliveryService } from '../../server/src/delivery';
import { linksService } from '../../server/src/links';
import type { EmbedLink } from '../../server/src/matterport/types';
import { median, round } from '../lib/stats';

export interface CpuResult {
  method: string;
  fieldsPerResult: number;
  iterations: number;
  rounds: number;
  /** µs per delivered field: (deliver − build) / fields, median over rounds; wall clock and process CPU. */
  usPerField: number;
  cpuUsPerField: number;
  /** The same fill written by hand (a Map look-up and an object spread per field): the floor any implementation pays. */
  handFillUsPerField: number;
  /** Building the result alone, per field (what both loops share). */
  buildUsPerField: number;
  mintsDuringMeasure: number;
}

const UID = 'api::bench.thing';

/**
 * The plugin's own CPU cost on the warm path, in this process: the real delivery and links
 * services (TypeScript sources) on a small fake `strapi` that provides what they touch
 * (configuration, services, logger, a database for the mint lock: in-memory SQLite through
 * knex; the ledger look-up answers "nothing stored" and the Matterport service is a function
 * answering at once). One warm-up delivery mints and caches every model; the measured loops
 * then deliver results whose links are all in memory, as a content-API request does
 * (a fresh koa-like context per result, route type content-api).
 *
 * Three loops over the same number of results, alternated in rounds:
 *   build:   build a result of N entities with a stored Matterport value each;
 *   hand:    build, then fill each value from a Map of links (spread + 3 fields);
 *   plugin:  build, then `deliverResult` (plans, slot collection, settings snapshot,
 *            cache look-up with refresh check, Showcase parameters, session freshness).
 * Plugin cost per field = (plugin − build) / N, the median over rounds.
 */
export const cpu = async (
  options: { fields: number; iterations: number },
  log: (line: string) => void
): Promise<CpuResult> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const knexFactory = require('knex') as (config: Record<string, unknown>) => import('knex').Knex;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const credentials = {
    clientId: 'bench-cpu-client',
    clientSecret: randomBytes(16).toString('hex'),
  };
  // Any stable name of the credentials: the fake settings hand it to delivery as they are.
  const fingerprint = credentialsIdentity(credentials);
  let mints = 0;
  const noop = () => undefined;
  const services: Record<string, unknown> = {};
  const pluginConfig = { ...defaultConfig, apiOrigin: 'http://127.0.0.1:9' };
  const strapi = {
    config: {
      get: (key: string) =>
        key === `plugin::${PLUGIN_ID}`
          ? pluginConfig
          : key === 'admin.secrets.encryptionKey'
            ? 'bench-cpu-encryption-key'
            : undefined,
    },
    log: { info: noop, warn: noop, error: noop, debug: noop },
    plugin: (id: string) => {
      if (id !== PLUGIN_ID) throw new Error(`cpu: unexpected plugin ${id}`);
      return { service: (name: string) => services[name] };
    },
    db: {
      connection: knex,
      // The ledger: nothing stored (every first look-up mints), writes accepted.
      query: () => ({
        findMany: async () => [],
        createMany: async ({ data }: { data: unknown[] }) => ({ count: data.length }),
      }),
    },
    getModel: () => ({ attributes: {} }),
    // The one content type delivery plans for (on its first read, as in a real app).
    contentTypes: {
      [UID]: {
        uid: UID,
        attributes: {
          title: { type: 'string' },
          tour: {
            type: 'customField',
            customField: FIELD_UID,
            options: { validFor: '30m', play: true, qs: true },
          },
        },
      },
    },
    components: {},
  } as unknown as Core.Strapi;

  const snapshot = {
    credentials,
    fingerprint,
    defaultValidForSeconds: 3600,
    defaultValidFor: '1h',
    managedBy: 'admin' as const,
    revision: 1,
    loadedAt: Date.now(),
  };
  services.runtime = runtimeService({ strapi });
  services.settings = {
    getSnapshot: async () => snapshot,
    peekSnapshot: () => snapshot,
    getCredentials: async () => credentials,
  };
  services.matterport = {
    // No remembered failure: every look-up may mint.
    knownFailure: () => undefined,
    createLink: async (modelId: string, lifetime: number): Promise<EmbedLink> => {
      mints += 1;
      // Shaped like Matterport's answer: a Showcase URL with the token, an ISO validUntil.
      const accessToken = randomBytes(20).toString('hex');
      return {
        modelId,
        link: `https://my.matterport.com/show/?m=${modelId}&auth=Bearer+${accessToken}`,
        accessToken,
        validUntil: new Date(Date.now() + lifetime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    },
  };
  const links = linksService({ strapi });
  services.links = links;
  const delivery = deliveryService({ strapi });
  services.delivery = delivery;
  await links.ensureLockTable();

  const modelIds = Array.from(
    { length: options.fields },
    (_, i) => `Cpu${String(i).padStart(8, '0')}`
  );
  const build = () =>
    modelIds.map((modelId, i) => ({
      id: i + 1,
      documentId: `doc${i}`,
      title: `Entry ${i}`,
      tour: { modelId, name: `Space ${i}` } as Record<string, unknown>,
    }));
  const context = () =>
    ({
      state: { route: { info: { type: 'content-api' } } },
      set: noop,
      throw: noop,
    }) as unknown as Context;

  // Warm-up: the first delivery mints every model; then the path is compiled.
  const first = build();
  await delivery.deliverResult(UID, first, context());
  await links.flushRecords();
  const delivered = first.filter((e) => typeof e.tour.link === 'string').length;
  if (delivered !== options.fields || mints !== options.fields) {
    throw new Error(
      `cpu: the warm-up delivered ${delivered} links with ${mints} mints for ${options.fields} fields: ${JSON.stringify(first[0]?.tour)}`
    );
  }
  const byModel = new Map(first.map((e) => [e.tour.modelId as string, e.tour]));
  for (let i = 0; i < 2000; i += 1) await delivery.deliverResult(UID, build(), context());
  const mintsBefore = mints;

  // Every loop's result escapes (kept until the next one), so the optimiser cannot skip building it.
  let sink = 0;
  let kept: unknown;
  const loops = {
    build: async () => {
      const r = build();
      sink += r.length;
      kept = r;
    },
    hand: async () => {
      const r = build();
      for (const e of r) {
        const link = byModel.get(e.tour.modelId as string) as Record<string, unknown>;
        e.tour = {
          ...e.tour,
          link: link.link,
          accessToken: link.accessToken,
          validUntil: link.validUntil,
        };
      }
      sink += r.length;
      kept = r;
    },
    plugin: async () => {
      const r = build();
      await delivery.deliverResult(UID, r, context());
      if (typeof r[r.length - 1]?.tour.link !== 'string')
        throw new Error('cpu: a warm delivery left a value without a link');
      sink += r.length;
      kept = r;
    },
  };
  type Name = keyof typeof loops;
  const rounds = 10;
  const per = Math.max(1, Math.floor(options.iterations / rounds));
  const wall: Record<Name, number[]> = { build: [], hand: [], plugin: [] };
  const cpuTime: Record<Name, number[]> = { build: [], hand: [], plugin: [] };
  const order: Name[] = ['build', 'hand', 'plugin'];
  for (let round_ = 0; round_ < rounds; round_ += 1) {
    for (const name of round_ % 2 ? [...order].reverse() : order) {
      const fn = loops[name];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < per; i += 1) await fn();
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      const fields = per * options.fields;
      wall[name].push(((t1 - t0) * 1000) / fields);
      cpuTime[name].push((c1.user + c1.system) / fields);
    }
  }
  if (!sink || !kept) throw new Error('cpu: nothing was built');
  const med = (xs: number[]) => median(xs);
  const usPerField = round(med(wall.plugin) - med(wall.build), 3);
  const cpuUsPerField = round(med(cpuTime.plugin) - med(cpuTime.build), 3);
  log(
    `    per field, wall (CPU): delivering ${round(med(wall.plugin), 3)} (${round(med(cpuTime.plugin), 3)}) µs, building ${round(med(wall.build), 3)} (${round(med(cpuTime.build), 3)}) µs, hand fill ${round(med(wall.hand), 3)} (${round(med(cpuTime.hand), 3)}) µs; plugin rounds ${cpuTime.plugin.map((x) => round(x, 2)).join(' ')}`
  );
  await knex.destroy();
  return {
    method:
      'real delivery + links services (TS sources) on a fake strapi in the bench process; warm cache; (deliverResult loop − build loop) / fields, medians of 10 alternated rounds',
    fieldsPerResult: options.fields,
    iterations: per * rounds,
    rounds,
    usPerField,
    cpuUsPerField,
    handFillUsPerField: round(med(wall.hand) - med(wall.build), 3),
    buildUsPerField: round(med(wall.build), 3),
    mintsDuringMeasure: mints - mintsBefore,
  };
};
