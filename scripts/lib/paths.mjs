import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');
export const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
export const SANDBOX_CLI = path.join(ROOT, 'sandbox', 'src', 'cli.ts');
export const DEMO_PAGE_DIR = path.join(ROOT, 'scripts', 'demo-page');
export const DEMO_CONTENT_FILE = path.join(ROOT, 'scripts', 'demo-content.json');
/** The front-end kit as `npm run build` emits it (ES module, no imports of its own). */
export const KIT_FILE = path.join(ROOT, 'dist', 'client', 'index.mjs');
/** Where `strapi build` puts the admin panel of a JavaScript app (dist root = app root). */
export const ADMIN_BUILD_INDEX = path.join(PLAYGROUND, 'build', 'index.html');
export const DEMO_TMP = path.join(PLAYGROUND, '.tmp');

/** A path relative to the repository root when inside it, for messages; absolute otherwise. */
export const rel = (file) => {
  const relative = path.relative(ROOT, file);
  return !relative ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};
