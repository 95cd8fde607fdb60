import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { DEMO_PAGE_DIR, KIT_FILE } from './paths.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const escapeAttribute = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]
  );

/**
 * The demo front end: scripts/demo-page/* and the front-end kit (dist/client/index.mjs,
 * served as /kit/index.mjs). index.html gets the Strapi URL in a <meta> tag. Files are
 * read on every request, so a rebuilt kit or an edited page shows on reload.
 */
export const startPageServer = ({ port, host = '127.0.0.1', strapiUrl }) =>
  new Promise((resolve, reject) => {
    const routes = new Map([
      ['/', { file: path.join(DEMO_PAGE_DIR, 'index.html'), template: true }],
      ['/index.html', { file: path.join(DEMO_PAGE_DIR, 'index.html'), template: true }],
      ['/demo.css', { file: path.join(DEMO_PAGE_DIR, 'demo.css') }],
      ['/kit/index.mjs', { file: KIT_FILE }],
    ]);
    const server = http.createServer((req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      const route = routes.get(pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res
          .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' })
          .end('Method not allowed\n');
        return;
      }
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      let body;
      try {
        body = fs.readFileSync(route.file, route.template ? 'utf8' : undefined);
      } catch {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`Cannot read ${path.basename(route.file)}: run npm run build\n`);
        return;
      }
      if (route.template) body = body.replaceAll('%STRAPI_URL%', escapeAttribute(strapiUrl));
      res.writeHead(200, {
        'content-type': TYPES[path.extname(route.file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        url: `http://${host}:${server.address().port}/`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
