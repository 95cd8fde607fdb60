import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');
/**
 * What a test run writes (databases, Strapi logs, recorded responses and webhooks, the previous
 * release's copy, screenshots) goes outside the repository: a run leaves the tree as it found it,
 * and Jest's module map never meets a second package.json named like this one. One folder per
 * checkout (two clones never share a database or a log), MATTERPORT_TEST_TMP to choose another.
 */
export const TMP =
  process.env.MATTERPORT_TEST_TMP ||
  path.join(
    os.tmpdir(),
    `strapi-plugin-matterport-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`
  );
export const CONTEXT_FILE = path.join(TMP, 'test-context.json');
export const RESPONSES_FILE = path.join(TMP, 'test-responses.ndjson');
export const LOG_DIR = path.join(TMP, 'test-logs');
/**
 * Strapi's update notifier writes this on every start, whatever the configuration (a Configstore
 * at the app's root): the integration run removes it afterwards unless it was there before.
 */
export const UPDATER_FILE = path.join(PLAYGROUND, '.strapi-updater.json');
export const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
