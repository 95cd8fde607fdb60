import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');
export const TMP = path.join(ROOT, '.tmp');
export const CONTEXT_FILE = path.join(TMP, 'test-context.json');
export const RESPONSES_FILE = path.join(TMP, 'test-responses.ndjson');
export const LOG_DIR = path.join(TMP, 'test-logs');
export const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
