import type { SandboxControl } from '../../sandbox/src';
import { linkedCount } from '../lib/content';
import { call, expectStatus } from '../lib/http';
import { saveSettings, type Instance } from '../lib/instance';
import { compare, type Comparison } from '../lib/load';
import { median, round } from '../lib/stats';

type Delivered = Parameters<typeof linkedCount>[0][number];

export interface LedgerResult {
  database: string;
  rows: number;
  fill: { ms: number; rowsPerSecond: number; expired: number; revoked: number; active: number };
  trials: number;
  /** Cold read of one model (one mint), median ms: empty ledger vs filled ledger. */
  coldEmpty: number[];
  coldFilled: number[];
  medianColdEmpty: number;
  medianColdFilled: number;
  /** filled / empty: the target's figure (≤ 1.3). */
  coldRatio: number;
  /** GET /matterport/links?page=1&pageSize=25 as an admin, median ms. */
  pageEmpty: number[];
  pageFilled: number[];
  medianPageEmpty: number;
  medianPageFilled: number;
  pageTotal: number;
  /** Warm venue list, filled (as "on") vs empty (as "off"), interleaved rounds. */
  warm?: Comparison;
  /** The same comparison of the same two processes before the fill (both ledgers empty). */
  warmBefore?: Comparison;
  /** warm.ratio / warmBefore.ratio: the fill's effect without the two processes' own difference. */
  warmCalibrated?: number;
  mintsPerColdRead: number;
}

/** Ledger rows of other credentials and models: what months of minting leave behind. */
const FINGERPRINTS = 40;
const MODELS = 5000;
/** Rows per INSERT … SELECT statement: progress shows, and no single statement holds the file for long. */
const CHUNK = 100_000;

/**
 * Fills the ledger table with `rows` rows the plugin never matches (other fingerprints, other
 * models), shaped like what is left after a day of minting under the default retention (24 h):
 * created over the last 24 h with 1 h links, so most are expired (not yet purgeable: the purge
 * deletes rows expired for more than the retention), 1 in 25 revoked (a minute after it was
 * minted, never later than now: a revocation in the future would keep the revocation poll busy),
 * 1 in 50 a preview.
 * Plain SQL (INSERT … SELECT over a generated series): a million rows in seconds.
 */
export const fillLedger = async (
  instance: Instance,
  rows: number,
  log: (line: string) => void
): Promise<LedgerResult['fill']> => {
  const now = Date.now();
  const span = 24 * 3600 * 1000;
  const started = performance.now();
  const client = instance.db.client;
  if (client === 'sqlite') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const writer = new Database(instance.db.env.DATABASE_FILENAME as string);
    writer.pragma('busy_timeout = 30000');
    try {
      // Strapi stores datetimes in SQLite as epoch milliseconds.
      const insert = writer.prepare(`
        WITH RECURSIVE c(x) AS (SELECT @from UNION ALL SELECT x + 1 FROM c WHERE x < @to - 1),
        r(x, created) AS (SELECT x, @now - (x * @span / @rows) - 1000 FROM c)
        INSERT INTO matterport_links (document_id, model_id, secret, token_hint, lifetime, valid_until, fingerprint,
                                      revoked_at, revoked_by, purpose, created_at, updated_at, published_at)
        SELECT lower(hex(randomblob(12))),
               'L' || printf('%010d', x % ${MODELS}),
               '{"v":1,"iv":"' || hex(randomblob(12)) || '","tag":"' || hex(randomblob(16)) || '","data":"' || hex(randomblob(120)) || '"}',
               substr(hex(randomblob(2)), 1, 4),
               3600,
               created + 3600000,
               'f' || printf('%063d', x % ${FINGERPRINTS}),
               CASE WHEN x % 25 = 0 THEN min(created + 60000, @now - 1) ELSE NULL END,
               CASE WHEN x % 25 = 0 THEN 'bench' ELSE NULL END,
               CASE WHEN x % 50 = 1 THEN 'preview' ELSE 'delivery' END,
               created, created, created
        FROM r`);
      for (let from = 0; from < rows; from += CHUNK) {
        insert.run({ from, to: Math.min(rows, from + CHUNK), now, span, rows });
        if ((from / CHUNK) % 3 === 2) log(`    ledger: ${Math.min(rows, from + CHUNK)} rows`);
      }
      writer.prepare('ANALYZE').run();
    } finally {
      writer.close();
    }
  } else if (client === 'postgres') {
    for (let from = 0; from < rows; from += CHUNK) {
      await instance.db.query(
        `INSERT INTO matterport_links (document_id, model_id, secret, token_hint, lifetime, valid_until, fingerprint,
                                       revoked_at, revoked_by, purpose, created_at, updated_at, published_at)
         SELECT substr(md5(random()::text), 1, 24),
                'L' || lpad((x % ${MODELS})::text, 10, '0'),
                json_build_object('v', 1, 'iv', substr(md5(random()::text), 1, 24), 'tag', md5(random()::text),
                                  'data', repeat(md5(random()::text), 7) || substr(md5(random()::text), 1, 16))::jsonb,
                substr(md5(random()::text), 1, 4),
                3600,
                created + interval '1 hour',
                'f' || lpad((x % ${FINGERPRINTS})::text, 63, '0'),
                CASE WHEN x % 25 = 0 THEN LEAST(created + interval '1 minute', to_timestamp($1::bigint / 1000.0)) ELSE NULL END,
                CASE WHEN x % 25 = 0 THEN 'bench' ELSE NULL END,
                CASE WHEN x % 50 = 1 THEN 'preview' ELSE 'delivery' END,
                created, created, created
         FROM (SELECT x, to_timestamp(($1::bigint - (x::bigint * $2::bigint / $3::bigint) - 1000) / 1000.0) AS created
               FROM generate_series($4::int, $5::int - 1) AS x) AS r`,
        [now, span, rows, from, Math.min(rows, from + CHUNK)]
      );
      if ((from / CHUNK) % 3 === 2) log(`    ledger: ${Math.min(rows, from + CHUNK)} rows`);
    }
    await instance.db.query('ANALYZE matterport_links');
  } else {
    throw new Error(`ledger: no bulk fill for ${client}`);
  }
  const ms = performance.now() - started;
  // The SQLite fill holds this process for half a minute (better-sqlite3 is synchronous):
  // the Strapi servers closed their idle keep-alive sockets meanwhile, and fetch only learns
  // it once the event loop turns. Without this, the next call reuses a dead socket
  // (UND_ERR_SOCKET).
  await new Promise((resolve) => setTimeout(resolve, 250));
  const nowValue = client === 'sqlite' ? Date.now() : new Date();
  const [counted] = await instance.db.query<{
    revoked: number | string;
    active: number | string;
    total: number | string;
  }>(
    `SELECT COUNT(*) AS total,
            SUM(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END) AS revoked,
            SUM(CASE WHEN revoked_at IS NULL AND valid_until > ? THEN 1 ELSE 0 END) AS active
     FROM matterport_links`.replace('?', client === 'postgres' ? '$1' : '?'),
    [nowValue]
  );
  const revoked = Number(counted?.revoked);
  const active = Number(counted?.active);
  return {
    ms: round(ms, 0),
    rowsPerSecond: round(rows / (ms / 1000), 0),
    revoked,
    active,
    expired: Number(counted?.total) - revoked - active,
  };
};

/**
 * Two instances with the same content and sandbox, one with an empty ledger and one with
 * `rows` rows of other models and credentials; the same operations on both, interleaved:
 * - a cold read of one model (the venue list's first entry right after defaultValidFor is
 *   set to a lifetime never used: ledger look-up, mint, ledger insert), sandbox counter checked;
 * - the admin links page's first page (25 rows and the total);
 * - warm throughput of the venue list (links cached: the ledger is not read).
 */
export const ledger = async (
  empty: Instance,
  filled: Instance,
  control: SandboxControl,
  options: {
    rows: number;
    trials: number;
    database: string;
    warm?: { pairs: number; seconds: number; warmupSeconds: number; connections: number };
  },
  log: (line: string) => void
): Promise<LedgerResult> => {
  const list = (i: Instance) => ({
    url: `${i.url}/api/venues?pagination[pageSize]=25&sort=name:asc`,
    pid: i.pid,
  });
  // Two processes never serve at quite the same rate: the same comparison before the fill
  // measures their own difference, which the figure then divides out.
  let warmBefore: Comparison | undefined;
  if (options.warm) {
    log(
      `    warm venue list, both ledgers still empty: ${options.warm.pairs} pairs of ${options.warm.seconds} s`
    );
    warmBefore = await compare(list(filled), list(empty), options.warm, log);
  }
  log(`    filling the ledger of ${filled.label} with ${options.rows} rows`);
  const fill = await fillLedger(filled, options.rows, log);
  log(`    ${options.rows} rows in ${round(fill.ms / 1000, 1)} s`);

  let lifetime = 6000 + Math.floor(Math.random() * 1000) * 10;
  const coldRead = async (instance: Instance): Promise<number> => {
    lifetime += 1;
    await saveSettings(instance, { defaultValidFor: `${lifetime}s` });
    await control.resetCounters();
    const res = expectStatus(
      await call<{ data: Array<{ model: Delivered }> }>(
        'GET',
        `${instance.url}/api/venues?pagination[pageSize]=1&sort=name:asc`
      ),
      `cold read (${instance.label})`
    );
    const counters = await control.counters();
    if (linkedCount(res.body.data.map((v) => v.model)) !== 1 || counters.mints !== 1) {
      throw new Error(
        `ledger: expected one link and one mint on ${instance.label}, got ${counters.mints} mints: ${res.text.slice(0, 300)}`
      );
    }
    return res.ms;
  };
  const page = async (instance: Instance): Promise<{ ms: number; total: number }> => {
    const res = expectStatus(
      await call<{ data: unknown[]; meta: { pagination: { total: number } } }>(
        'GET',
        `${instance.url}/matterport/links?page=1&pageSize=25`,
        {
          token: instance.adminJwt,
        }
      ),
      `links page (${instance.label})`
    );
    if (res.body.data.length !== 25 && instance === filled)
      throw new Error(`ledger: the links page held ${res.body.data.length} rows`);
    return { ms: res.ms, total: res.body.meta.pagination.total };
  };

  // Untimed first round: statements prepared, code compiled, both sides.
  for (const i of [empty, filled]) {
    await coldRead(i);
    await page(i);
  }
  const coldEmpty: number[] = [];
  const coldFilled: number[] = [];
  const pageEmpty: number[] = [];
  const pageFilled: number[] = [];
  let pageTotal = 0;
  for (let t = 0; t < options.trials; t += 1) {
    for (const i of t % 2 === 0 ? [empty, filled] : [filled, empty]) {
      (i === empty ? coldEmpty : coldFilled).push(await coldRead(i));
      const p = await page(i);
      (i === empty ? pageEmpty : pageFilled).push(p.ms);
      if (i === filled) pageTotal = p.total;
    }
    log(
      `    trial ${t + 1}: cold read ${round(coldEmpty[t] as number, 1)} ms empty / ${round(coldFilled[t] as number, 1)} ms filled; links page ${round(pageEmpty[t] as number, 1)} / ${round(pageFilled[t] as number, 1)} ms`
    );
  }
  let warm: Comparison | undefined;
  if (options.warm) {
    log(
      `    warm venue list, filled vs empty ledger: ${options.warm.pairs} pairs of ${options.warm.seconds} s`
    );
    warm = await compare(list(filled), list(empty), options.warm, log);
  }
  const r = (xs: number[]) => xs.map((x) => round(x, 1));
  const medianColdEmpty = round(median(coldEmpty), 1);
  const medianColdFilled = round(median(coldFilled), 1);
  return {
    database: options.database,
    rows: options.rows,
    fill,
    trials: options.trials,
    coldEmpty: r(coldEmpty),
    coldFilled: r(coldFilled),
    medianColdEmpty,
    medianColdFilled,
    coldRatio: round(medianColdFilled / medianColdEmpty, 3),
    pageEmpty: r(pageEmpty),
    pageFilled: r(pageFilled),
    medianPageEmpty: round(median(pageEmpty), 1),
    medianPageFilled: round(median(pageFilled), 1),
    pageTotal,
    warm,
    warmBefore,
    warmCalibrated: warm && warmBefore ? round(warm.ratio / warmBefore.ratio, 3) : undefined,
    mintsPerColdRead: 1,
  };
};
