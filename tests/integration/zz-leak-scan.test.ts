import fs from 'node:fs';
import path from 'node:path';

import { SandboxControl } from '../../sandbox/src';
import { CANARY_CLIENT, readContext } from '../harness/context';
import { attachDatabase } from '../harness/database';
import { client, request } from '../harness/http';
import { LOG_DIR, RESPONSES_FILE, TMP } from '../harness/paths';

/**
 * Runs last, and is the one integration file that depends on the others on purpose:
 * what it scans is what every earlier file produced (tests/harness/sequencer.js puts
 * zz-* after them). Every other file sets up its own state.
 *
 * The whole integration run used a recognisable client secret; before
 * scanning, this file rotates it (Matterport's "Reset secret") and then moves the
 * shared Strapi to a second client, delivering content with each, so old and new
 * secrets of two client IDs have all been through the plugin. Then it searches, raw
 * and base64-, base64url- and URL-encoded:
 *
 * - every HTTP response body and header the tests received (tests/harness/http.ts
 *   records them) for the client secrets and every account access token the sandbox
 *   issued (embed tokens belong in content answers, so they are not searched there);
 * - every log line of every Strapi process (the shared one logs at `debug`) and every
 *   row of every table of the shared database for all of the above plus every
 *   Private Model Embed token the sandbox minted (the ledger keeps them encrypted only);
 * - webhook payloads a receiver recorded in TMP/webhook-payloads.ndjson (one JSON
 *   payload per line), for the same. The file is written by whichever test runs a
 *   webhook receiver; no file means no payload was recorded, and nothing is scanned.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const WEBHOOK_PAYLOADS_FILE = path.join(TMP, 'webhook-payloads.ndjson');

/** A second Matterport client of the same organisation, recognisable as well. */
const SECOND_CLIENT = {
  clientId: 'canary-client-id-2c7e',
  clientSecret: 'LEAKCANARY-mp-second-secret-5a4b3c2d1e0f9876',
};

const forms = (secret: string): string[] => [
  ...new Set([
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]),
];

type Needle = { what: string; form: string };
let secretNeedles: Needle[] = [];
/** Embed tokens: many, so looked up in sets instead of searched one by one. */
let embedRaw = new Map<string, string>();
let embedBase64 = new Map<string, string>();
const rotatedSecrets: string[] = [];

const EMBED_LENGTH = 25;
// base64 of 25 bytes: 34 significant characters, then padding.
const EMBED_BASE64_LENGTH = 34;

const embedHits = (haystack: string, where: string): string[] => {
  const found: string[] = [];
  const scan = (pattern: RegExp, length: number, table: Map<string, string>) => {
    for (const [run] of haystack.matchAll(pattern)) {
      for (let i = 0; i + length <= run.length; i++) {
        const what = table.get(run.slice(i, i + length));
        if (what) found.push(`${what} in ${where}`);
      }
    }
  };
  scan(new RegExp(`[a-z0-9]{${EMBED_LENGTH},}`, 'g'), EMBED_LENGTH, embedRaw);
  scan(
    new RegExp(`[A-Za-z0-9+/_-]{${EMBED_BASE64_LENGTH},}`, 'g'),
    EMBED_BASE64_LENGTH,
    embedBase64
  );
  return found;
};

const secretHits = (haystack: string, where: string): string[] =>
  secretNeedles
    .filter(({ form }) => haystack.includes(form))
    .map(({ what, form }) => `${what} (${form.slice(0, 6)}…) in ${where}`);

const allHits = (haystack: string, where: string) => [
  ...secretHits(haystack, where),
  ...embedHits(haystack, where),
];

/** Delivers a fresh space through REST and GraphQL, so the current credentials mint. */
const deliverWithCurrentCredentials = async (label: string, modelId: string) => {
  const api = client(ctx.strapiUrl, ctx.apiToken);
  const made = await api.post<{ data: { documentId: string } }>('/api/spaces', {
    data: { title: `Leak scan ${label} ${Date.now()}`, tour: modelId },
  });
  expect(made.status).toBe(201);
  const read = await client(ctx.strapiUrl).get<{ data: { tour: { link: string | null } } }>(
    `/api/spaces/${made.body.data.documentId}`
  );
  expect(typeof read.body.data.tour.link).toBe('string');
  const gql = await request<{ data?: { spaces: unknown[] } }>('POST', `${ctx.strapiUrl}/graphql`, {
    body: { query: '{ spaces(pagination: { limit: 5 }) { tour } }' },
  });
  expect(gql.status).toBe(200);
};

beforeAll(async () => {
  const admin = client(ctx.strapiUrl, ctx.adminToken);
  // 1. Rotation: the canary client's secret is reset at Matterport and saved in the settings.
  const rotated = await sandbox.resetClientSecret(CANARY_CLIENT.clientId);
  rotatedSecrets.push(rotated);
  expect((await admin.put('/matterport/settings', { clientSecret: rotated })).status).toBe(200);
  await deliverWithCurrentCredentials('rotated', 'yopBRDqxfR4');
  // 2. A second client ID of the same organisation.
  await sandbox.registerClient(SECOND_CLIENT);
  expect((await admin.put('/matterport/settings', SECOND_CLIENT)).status).toBe(200);
  await deliverWithCurrentCredentials('second client', '8BeOIQt5L57');
  // Strapi writes its log through a pipe: let the last lines reach the files.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const accessTokens = await sandbox.accessTokens();
  const secrets = [
    { what: 'client secret (before rotation)', value: CANARY_CLIENT.clientSecret },
    { what: 'client secret (after rotation)', value: rotated },
    { what: 'second client secret', value: SECOND_CLIENT.clientSecret },
    ...accessTokens.map((t) => ({ what: `account token of ${t.clientId}`, value: t.token })),
  ];
  secretNeedles = secrets.flatMap(({ what, value }) =>
    forms(value).map((form) => ({ what, form }))
  );
  const embed = await sandbox.embedTokens();
  embedRaw = new Map(
    embed.map((t) => [
      t.accessToken,
      `embed token of ${t.clientId} (${t.accessToken.slice(0, 4)}…)`,
    ])
  );
  embedBase64 = new Map(
    embed.flatMap((t) => {
      const what = `base64 embed token of ${t.clientId} (${t.accessToken.slice(0, 4)}…)`;
      const b64 = Buffer.from(t.accessToken).toString('base64').slice(0, EMBED_BASE64_LENGTH);
      const b64url = Buffer.from(t.accessToken).toString('base64url').slice(0, EMBED_BASE64_LENGTH);
      return [
        [b64, what],
        [b64url, what],
      ] as Array<[string, string]>;
    })
  );
});

test('the run really used the canaries, both clients, and minted embed tokens to look for', async () => {
  expect(secretNeedles.length).toBeGreaterThan(10);
  const responses = fs.readFileSync(RESPONSES_FILE, 'utf8').trim().split('\n');
  expect(responses.length).toBeGreaterThan(200);
  // Matterport (the sandbox) was called with each client (else the scan proves nothing).
  const clients = new Set((await sandbox.accessTokens()).map((t) => t.clientId));
  expect(clients).toContain(CANARY_CLIENT.clientId);
  expect(clients).toContain(SECOND_CLIENT.clientId);
  const embed = await sandbox.embedTokens();
  // At least one token of each client to look for. How many are left to list depends on which
  // files ran before (npm test's core list or CI's slow list) and when one last reset the
  // sandbox, so no larger floor holds for both runs; the probe below proves the scanner finds one.
  expect(embed.filter((t) => t.clientId === CANARY_CLIENT.clientId).length).toBeGreaterThan(0);
  expect(embed.filter((t) => t.clientId === SECOND_CLIENT.clientId).length).toBeGreaterThan(0);
  // The scanner finds what it looks for (it would otherwise pass on anything).
  const sample = embed[0].accessToken;
  expect(embedHits(`{"x":"${sample}"}`, 'probe')).toHaveLength(1);
  expect(embedHits(Buffer.from(sample).toString('base64'), 'probe')).toHaveLength(1);
  expect(secretHits(encodeURIComponent(rotatedSecrets[0]), 'probe')).toHaveLength(1);
});

test('no HTTP response body or header carries a client secret or an account token', () => {
  const found: string[] = [];
  for (const line of fs.readFileSync(RESPONSES_FILE, 'utf8').split('\n')) {
    if (!line) continue;
    const { method, url, headers, text } = JSON.parse(line) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      text: string;
    };
    found.push(...secretHits(`${JSON.stringify(headers)}\n${text}`, `${method} ${url}`));
  }
  expect(found).toEqual([]);
});

test('the shared Strapi logged at debug level (so the log scan reads the chattiest output)', () => {
  // Strapi colours the level: strip the ANSI escapes before looking for "] debug:".
  const shared = fs.readFileSync(ctx.logFile, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  expect(shared).toMatch(/\] debug: \[matterport\]/);
});

test('no log line of any Strapi process carries a secret, an account token or an embed token', () => {
  const files = fs.readdirSync(LOG_DIR).filter((f) => f.endsWith('.log'));
  expect(files.length).toBeGreaterThan(0);
  const found = files.flatMap((file) =>
    allHits(fs.readFileSync(path.join(LOG_DIR, file), 'utf8'), `log ${file}`)
  );
  expect(found).toEqual([]);
});

test('no database row carries a secret, an account token or an embed token in plain text', async () => {
  const db = await attachDatabase(ctx.databaseEnv);
  try {
    const tables =
      db.client === 'sqlite'
        ? (
            await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
          ).map((t) => t.name)
        : db.client === 'postgres'
          ? (
              await db.query<{ tablename: string }>(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
              )
            ).map((t) => t.tablename)
          : (await db.query<Record<string, string>>('SHOW TABLES')).map((t) => Object.values(t)[0]);
    expect(tables).toEqual(
      expect.arrayContaining(['strapi_core_store_settings', 'matterport_links'])
    );
    const found: string[] = [];
    let rows = 0;
    for (const table of tables) {
      const quoted = db.client === 'mysql' ? `\`${table}\`` : `"${table}"`;
      const content = await db.query(`SELECT * FROM ${quoted}`);
      rows += content.length;
      found.push(...allHits(JSON.stringify(content), `table ${table}`));
    }
    expect(rows).toBeGreaterThan(50);
    expect(found).toEqual([]);
  } finally {
    await db.close();
  }
});

test('the ledger holds a row for the minted links, each token only encrypted', async () => {
  const db = await attachDatabase(ctx.databaseEnv);
  try {
    const ledger = await db.query<{ secret: unknown; token_hint: string | null }>(
      'SELECT * FROM matterport_links'
    );
    // purge.test.ts deletes expired rows; what is left depends on the files run after it.
    expect(ledger.length).toBeGreaterThan(0);
    const minted = new Set(embedRaw.keys());
    // Every row's hint is the end of a token the sandbox minted: the rows are real links.
    const hinted = ledger.filter((row) =>
      [...minted].some((token) => row.token_hint && token.endsWith(row.token_hint))
    );
    expect(hinted.length).toBe(ledger.length);
    expect(ledger.flatMap((row) => embedHits(JSON.stringify(row), 'matterport_links'))).toEqual([]);
  } finally {
    await db.close();
  }
});

test('no recorded webhook payload carries a secret, an account token or an embed token', () => {
  // Global set-up empties the file; the receivers of operations.test.ts (settings update,
  // revocation, expiring links) and model-events.test.ts (space updates) record every payload
  // of the plugin's four events into it (both files run before this one in the core and slow lists).
  const lines = fs.readFileSync(WEBHOOK_PAYLOADS_FILE, 'utf8').split('\n').filter(Boolean);
  const events = new Set(
    lines.map((line) => (JSON.parse(JSON.parse(line).body) as { event?: string }).event)
  );
  expect([...events].filter((e) => e?.startsWith('matterport.')).sort()).toEqual([
    'matterport.link.revoke',
    'matterport.links.expiring',
    'matterport.model.update',
    'matterport.settings.update',
  ]);
  const found = lines.flatMap((line, i) => allHits(line, `webhook payload ${i + 1}`));
  expect(found).toEqual([]);
});
