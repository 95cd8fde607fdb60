import fs from 'node:fs';
import path from 'node:path';

import { SandboxControl } from '../../sandbox/src';
import { CANARY_CLIENT, readContext } from '../harness/context';
import { attachDatabase } from '../harness/database';
import { LOG_DIR, RESPONSES_FILE } from '../harness/paths';
import { WEBHOOK_PAYLOADS_FILE } from '../harness/webhooks';

/**
 * Runs last. The whole integration run used a recognisable client secret; this
 * searches every HTTP response body and header the tests received, every log line of
 * every Strapi process, and every row of every table of the shared database for that
 * secret and for every account access token Matterport (the sandbox) issued, raw and
 * base64-, base64url- and URL-encoded. Zero hits.
 */
const ctx = readContext();

const forms = (secret: string): string[] => [
  secret,
  Buffer.from(secret).toString('base64'),
  Buffer.from(secret).toString('base64url'),
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
];

let needles: Array<{ what: string; form: string }> = [];

beforeAll(async () => {
  const tokens = await new SandboxControl(ctx.sandboxOrigin).accessTokens();
  const secrets = [{ what: 'client secret', value: CANARY_CLIENT.clientSecret }, ...tokens.map((t) => ({ what: `account token of ${t.clientId}`, value: t.token }))];
  needles = secrets.flatMap(({ what, value }) => [...new Set(forms(value))].map((form) => ({ what, form })));
});

const hits = (haystack: string, where: string): string[] =>
  needles.filter(({ form }) => haystack.includes(form)).map(({ what, form }) => `${what} (${form.slice(0, 6)}…) in ${where}`);

test('the run really used the canary and received answers to scan', async () => {
  expect(needles.length).toBeGreaterThan(5);
  const responses = fs.readFileSync(RESPONSES_FILE, 'utf8').trim().split('\n');
  expect(responses.length).toBeGreaterThan(200);
  // The canary did its job: Matterport was called with it (else the scan proves nothing).
  const tokens = await new SandboxControl(ctx.sandboxOrigin).accessTokens();
  expect(tokens.some((t) => t.clientId === CANARY_CLIENT.clientId)).toBe(true);
});

test('no HTTP response body or header carries a secret', () => {
  const found: string[] = [];
  for (const line of fs.readFileSync(RESPONSES_FILE, 'utf8').split('\n')) {
    if (!line) continue;
    const { method, url, headers, text } = JSON.parse(line) as { method: string; url: string; headers: Record<string, string>; text: string };
    found.push(...hits(`${JSON.stringify(headers)}\n${text}`, `${method} ${url}`));
  }
  expect(found).toEqual([]);
});

test('no webhook payload the plugin sent carries a secret', () => {
  // Written by the operations test's receiver: settings, revocation and expiring-links events.
  const lines = fs.readFileSync(WEBHOOK_PAYLOADS_FILE, 'utf8').split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThanOrEqual(4);
  const found = lines.flatMap((line, i) => hits(line, `webhook payload ${i + 1}`));
  expect(found).toEqual([]);
});

test('no log line of any Strapi process carries a secret', () => {
  const files = fs.readdirSync(LOG_DIR).filter((f) => f.endsWith('.log'));
  expect(files.length).toBeGreaterThan(0);
  const found = files.flatMap((file) => hits(fs.readFileSync(path.join(LOG_DIR, file), 'utf8'), `log ${file}`));
  expect(found).toEqual([]);
});

test('no database row carries a secret', async () => {
  const db = await attachDatabase(ctx.databaseEnv);
  try {
    const tables =
      db.client === 'sqlite'
        ? (await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name)
        : db.client === 'postgres'
          ? (await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).map((t) => t.tablename)
          : (await db.query<Record<string, string>>('SHOW TABLES')).map((t) => Object.values(t)[0]);
    expect(tables).toEqual(expect.arrayContaining(['strapi_core_store_settings', 'matterport_links']));
    const found: string[] = [];
    let rows = 0;
    for (const table of tables) {
      const quoted = db.client === 'mysql' ? `\`${table}\`` : `"${table}"`;
      const content = await db.query(`SELECT * FROM ${quoted}`);
      rows += content.length;
      found.push(...hits(JSON.stringify(content), `table ${table}`));
    }
    expect(rows).toBeGreaterThan(50);
    expect(found).toEqual([]);
  } finally {
    await db.close();
  }
});
