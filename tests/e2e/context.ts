import fs from 'node:fs';
import path from 'node:path';

import { TMP } from '../harness/paths';

/** What the e2e global setup hands to the browser tests. */
export interface E2eContext {
  strapiUrl: string;
  sandboxOrigin: string;
  /** The demo front end (scripts/demo-page), reading from strapiUrl. */
  demoPageUrl: string;
  /** Where Strapi Preview expects the preview site (PREVIEW_URL); nothing listens until a test starts it. */
  previewUrl: string;
  /** PREVIEW_SECRET: the key Strapi signs preview URLs with (playground/src/preview.js). */
  previewSecret: string;
  logFile: string;
  databaseEnv: Record<string, string>;
}

export const E2E_CONTEXT_FILE = path.join(TMP, 'e2e-context.json');
export const SCREENSHOT_DIR = path.join(TMP, 'screenshots');

export const readE2eContext = (): E2eContext => {
  if (!fs.existsSync(E2E_CONTEXT_FILE)) {
    throw new Error(
      `${E2E_CONTEXT_FILE} is missing: run the e2e tests through their Jest project (npm run test:e2e).`
    );
  }
  return JSON.parse(fs.readFileSync(E2E_CONTEXT_FILE, 'utf8')) as E2eContext;
};
