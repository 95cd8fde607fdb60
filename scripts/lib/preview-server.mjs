/**
 * The preview site of Strapi Preview ("Open preview" in the Content Manager), as a site
 * would build it: the admin's iframe loads a URL that config/admin.js signed
 * (playground/src/preview.js); this server checks the signature, reads that entry's
 * draft (or published version) from the content API **on the server** with an API token
 * the browser never sees, and renders every Matterport field with the front-end kit's
 * `iframeHtml` (dist/client). The embed links come from the plugin, minted for this
 * API-token read.
 *
 *   GET /preview?path=/api/spaces/<documentId>&status=draft[&locale=fr]&expires=<unix s>&sig=<hex>
 *
 * Started in-process by `npm run demo` and the e2e tests; on its own:
 *   STRAPI_URL=… STRAPI_PREVIEW_TOKEN=… PREVIEW_SECRET=… PREVIEW_PORT=4030 node scripts/lib/preview-server.mjs
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { KIT_FILE, PLAYGROUND } from './paths.mjs';

const require = createRequire(import.meta.url);
const { verifyPreview } = require(`${PLAYGROUND}/src/preview.js`);

/** Only content-API entry paths: /api/<name> (single type) or /api/<name>/<documentId>. */
const ENTRY_PATH = /^\/api\/[a-z0-9][a-z0-9-]*(\/[A-Za-z0-9_-]+)?$/;

/** How long one read of Strapi may take before the page says so. */
const READ_TIMEOUT_MS = 15_000;

/** Every delivered Matterport field in an entry: objects with a string `modelId` and a `link` member. */
const matterportFields = (value, label = '', found = []) => {
  if (Array.isArray(value)) {
    value.forEach((item, index) => matterportFields(item, `${label}[${index}]`, found));
  } else if (value && typeof value === 'object') {
    if (typeof value.modelId === 'string' && 'link' in value) {
      found.push({ label, embed: value });
    } else {
      for (const [key, child] of Object.entries(value))
        matterportFields(child, label ? `${label}.${key}` : key, found);
    }
  }
  return found;
};

const randomNonce = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');

/**
 * startPreviewServer({ port, host, strapiUrl, apiToken, secret, showcaseOrigins })
 * - apiToken: a read-only API token of the Strapi app (drafts are read with it)
 * - secret: PREVIEW_SECRET, the key config/admin.js signs preview URLs with
 * - showcaseOrigins: origins the page may frame besides https://my.matterport.com
 *   (the sandbox in the demo and tests)
 * Resolves { url, close() }.
 */
export const startPreviewServer = async ({
  port,
  host = '127.0.0.1',
  strapiUrl,
  apiToken,
  secret,
  showcaseOrigins = [],
}) => {
  if (!strapiUrl || !apiToken || !secret)
    throw new Error('The preview server needs strapiUrl, apiToken and secret');
  const kit = await import(pathToFileURL(KIT_FILE).href);
  const strapi = new URL(strapiUrl);
  const frameSources = [...new Set(['https://my.matterport.com', ...showcaseOrigins])];

  const page = (res, status, { nonce, title, body }) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      // Drafts and short-lived embed tokens: nothing may keep a copy.
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      // Shown only inside Strapi's admin; frames only Showcase; the one script is ours.
      'content-security-policy': [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        // iframeHtml's responsive box uses inline style attributes.
        "style-src 'unsafe-inline'",
        `frame-src ${frameSources.join(' ')}`,
        `frame-ancestors ${strapi.origin}`,
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
    });
    res.end(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${kit.escapeHtml(title)}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 1.5rem; color: #222; }
      .status { display: inline-block; padding: 0 .5rem; border-radius: 4px; background: #fdf1d6; font-size: .85rem; }
      .status[data-status="published"] { background: #dcf5e3; }
      .field { margin: 1.5rem 0; }
      .field h2 { font-size: 1rem; margin: 0 0 .5rem; }
      .matterport-embed-unavailable { padding: 2rem; text-align: center; background: #f4f4f4; }
      .problem { color: #a00; }
    </style>
  </head>
  <body>
${body}
    <script nonce="${nonce}">
      // Strapi's admin posts { type: 'strapiUpdate' } after the entry is saved: show the new draft.
      window.addEventListener('message', (event) => {
        if (event.origin === ${JSON.stringify(strapi.origin)} && event.data && event.data.type === 'strapiUpdate') location.reload();
      });
    </script>
  </body>
</html>
`);
  };

  const problem = (res, status, nonce, message) =>
    page(res, status, {
      nonce,
      title: 'Preview',
      body: `    <p class="problem" data-problem="${status}">${kit.escapeHtml(message)}</p>`,
    });

  const preview = async (query, res, nonce) => {
    const fields = {
      path: query.get('path') ?? '',
      status: query.get('status') ?? '',
      locale: query.get('locale') || null,
      expires: Number(query.get('expires')),
    };
    if (!ENTRY_PATH.test(fields.path) || !['draft', 'published'].includes(fields.status)) {
      return problem(res, 400, nonce, 'This is not a preview link.');
    }
    if (!verifyPreview(secret, fields, query.get('sig'))) {
      return problem(
        res,
        403,
        nonce,
        'This preview link is not valid or has expired: open the preview again from the Content Manager.'
      );
    }

    const read = new URL(fields.path, strapi);
    read.searchParams.set('status', fields.status);
    if (fields.locale) read.searchParams.set('locale', fields.locale);
    read.searchParams.set('populate', '*');
    let answer;
    try {
      answer = await fetch(read, {
        headers: { authorization: `Bearer ${apiToken}`, accept: 'application/json' },
        cache: 'no-store',
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
    } catch {
      return problem(res, 502, nonce, 'Strapi could not be reached.');
    }
    if (answer.status === 404)
      return problem(res, 404, nonce, 'This entry does not exist (any more).');
    // Strapi's error body is for developers; the page only names the status.
    if (!answer.ok) return problem(res, 502, nonce, `Strapi answered HTTP ${answer.status}.`);
    const { data } = await answer.json();
    if (!data) return problem(res, 404, nonce, 'This entry does not exist (any more).');

    const title = String(data.title ?? data.name ?? data.documentId ?? 'Preview');
    const embeds = matterportFields(data);
    const now = Date.now();
    const sections = embeds.map(
      (
        { label, embed },
        index
      ) => `    <section class="field" data-field="${kit.escapeHtml(label)}" data-model-id="${kit.escapeHtml(embed.modelId)}">
      <h2>${kit.escapeHtml(label)}: ${kit.escapeHtml(embed.name || embed.modelId)}</h2>
      ${kit.iframeHtml(embed, { now, loading: index < 2 ? 'eager' : 'lazy' })}
    </section>`
    );
    page(res, 200, {
      nonce,
      title: `Preview: ${title}`,
      body: `    <header>
      <h1>${kit.escapeHtml(title)}</h1>
      <span class="status" data-status="${fields.status}">${fields.status === 'draft' ? 'Draft' : 'Published'}</span>
    </header>
${sections.join('\n') || '    <p>No Matterport space in this entry.</p>'}`,
    });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const nonce = randomNonce();
    if (req.method !== 'GET') {
      res
        .writeHead(405, { allow: 'GET', 'content-type': 'text/plain' })
        .end('Method not allowed\n');
      return;
    }
    if (url.pathname === '/preview') {
      preview(url.searchParams, res, nonce).catch(() => {
        if (!res.headersSent) problem(res, 500, nonce, 'The preview could not be rendered.');
        else res.end();
      });
      return;
    }
    if (url.pathname === '/') {
      res
        .writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
        })
        .end(
          'Preview site for Strapi Preview: open an entry in the Content Manager and click "Open preview".\n'
        );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: `http://${host}:${server.address().port}`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
};

// `node scripts/lib/preview-server.mjs`: the same server, configured from the environment.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { STRAPI_URL, STRAPI_PREVIEW_TOKEN, PREVIEW_SECRET, PREVIEW_PORT, MATTERPORT_SHOW_ORIGIN } =
    process.env;
  const server = await startPreviewServer({
    port: Number(PREVIEW_PORT || 4030),
    strapiUrl: STRAPI_URL || 'http://127.0.0.1:1337',
    apiToken: STRAPI_PREVIEW_TOKEN,
    secret: PREVIEW_SECRET,
    showcaseOrigins: MATTERPORT_SHOW_ORIGIN ? MATTERPORT_SHOW_ORIGIN.split(',') : [],
  });
  console.log(`Preview site on ${server.url}`);
}
