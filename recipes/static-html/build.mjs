// Builds dist/index.html once from Strapi's REST API: one request at build time, then a static
// page any CDN may cache for as long as it likes. `on-demand` values carry no token, so nothing
// in the page expires; each space asks Strapi for a fresh link when a visitor opens it.
//
//   STRAPI_URL=https://cms.example.com node build.mjs     # read the API (default localhost:1337)
//   STRAPI_JSON=../fixtures/spaces.json node build.mjs    # or a saved REST response (CI, offline)
//
// Other settings (all optional): STRAPI_TOKEN (a read-only API token, for content the Public
// role may not read), STRAPI_COLLECTION (spaces), STRAPI_FIELD (tour: the Matterport field),
// STRAPI_TITLE (title), STRAPI_QUERY (extra query string, e.g. populate for nested fields),
// MATTERPORT_CONSENT=required (nothing is fetched before the visitor's consent), OUT_DIR (dist).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { embedHtml, escapeHtml } from 'strapi-plugin-matterport/client';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const collection = env.STRAPI_COLLECTION || 'spaces';
const field = env.STRAPI_FIELD || 'tour';
const titleField = env.STRAPI_TITLE || 'title';
const consent = env.MATTERPORT_CONSENT === 'required' ? 'required' : undefined;
const outDir = path.resolve(here, env.OUT_DIR || 'dist');

/** The REST response: `{ data: [entry, …], meta }`, from a file or from Strapi. */
async function readEntries() {
  if (env.STRAPI_JSON) {
    return JSON.parse(fs.readFileSync(path.resolve(env.STRAPI_JSON), 'utf8'));
  }
  const base = (env.STRAPI_URL || 'http://localhost:1337').replace(/\/+$/, '');
  // A top-level Matterport field comes with the entry; one inside a component, a dynamic zone
  // or a relation needs `populate` (STRAPI_QUERY='populate[rooms]=true').
  const query = new URLSearchParams(env.STRAPI_QUERY || '');
  if (!query.has('sort')) query.set('sort', `${titleField}:asc`);
  if (!query.has('pagination[pageSize]')) query.set('pagination[pageSize]', '100');
  const url = `${base}/api/${collection}?${query}`;
  const response = await fetch(url, {
    headers: {
      Accept: 'application/json',
      ...(env.STRAPI_TOKEN ? { Authorization: `Bearer ${env.STRAPI_TOKEN}` } : {}),
    },
  });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

const { data } = await readEntries();
if (!Array.isArray(data)) throw new Error('The REST response has no `data` list.');

// One <matterport-embed> per value: the value travels in its `value` attribute (escaped JSON),
// with a poster-and-name fallback shown until the element's script runs. An entry without a
// space is simply listed without one.
const items = data
  .map((entry) => {
    const title = escapeHtml(String(entry[titleField] ?? ''));
    const value = entry[field];
    const player = value ? embedHtml(value, { loading: 'click', consent }) : '';
    return `<article><h2>${title}</h2>${player}</article>`;
  })
  .join('\n');

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(path.join(outDir, 'assets'), { recursive: true });
// The element's script: one dependency-free ES module, served next to the page.
fs.copyFileSync(
  fileURLToPath(import.meta.resolve('strapi-plugin-matterport/client/element')),
  path.join(outDir, 'assets', 'matterport-element.mjs')
);
fs.writeFileSync(
  path.join(outDir, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spaces</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
  matterport-embed { border-radius: 12px; }
</style>
</head>
<body>
<h1>Spaces</h1>
<main>
${items}
</main>
<script type="module">
  import { defineMatterportEmbed } from './assets/matterport-element.mjs';
  defineMatterportEmbed();
</script>
</body>
</html>
`
);
console.log(`${path.relative(process.cwd(), outDir) || '.'}/index.html: ${data.length} entries`);
