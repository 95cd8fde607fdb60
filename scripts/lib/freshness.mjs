import fs from 'node:fs';
import path from 'node:path';

import { ADMIN_BUILD_INDEX, PLAYGROUND, ROOT, rel } from './paths.mjs';

const SKIP_DIRS = new Set(['node_modules', '.git', '.tmp', '__tests__']);
const isTestFile = (name) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);

/** The newest file under `entries` (files or folders, walked recursively): { file, mtimeMs }. */
export const newest = (entries, { skipTests = false } = {}) => {
  let best = { file: null, mtimeMs: 0 };
  const visit = (entry) => {
    let stat;
    try {
      stat = fs.statSync(entry);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (SKIP_DIRS.has(path.basename(entry))) return;
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
      return;
    }
    if (skipTests && isTestFile(path.basename(entry))) return;
    if (stat.mtimeMs > best.mtimeMs) best = { file: entry, mtimeMs: stat.mtimeMs };
  };
  for (const entry of entries) visit(entry);
  return best;
};

/** The oldest of `files`, or `missing` naming the first one that does not exist. */
const oldest = (files) => {
  let best = { file: null, mtimeMs: Infinity };
  for (const file of files) {
    if (!fs.existsSync(file)) return { missing: file };
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs < best.mtimeMs) best = { file, mtimeMs };
  }
  return best;
};

// common/ (the vocabulary shared by server, admin and client) counts when it exists.
const PLUGIN_SOURCES = ['admin/src', 'server/src', 'client/src', 'common', 'package.json'].map(
  (p) => path.join(ROOT, p)
);
const PLUGIN_OUTPUTS = ['server', 'admin', 'client'].flatMap((part) =>
  ['index.js', 'index.mjs'].map((file) => path.join(ROOT, 'dist', part, file))
);

/** Does `npm run build` need to run? { needed, reason } */
export const pluginBuildState = () => {
  const outputs = oldest(PLUGIN_OUTPUTS);
  if (outputs.missing) return { needed: true, reason: `${rel(outputs.missing)} is missing` };
  const sources = newest(PLUGIN_SOURCES, { skipTests: true });
  if (sources.mtimeMs > outputs.mtimeMs) {
    return { needed: true, reason: `${rel(sources.file)} changed after the last build` };
  }
  return { needed: false, reason: 'dist/ is up to date' };
};

const ADMIN_INPUTS = [
  path.join(ROOT, 'dist', 'admin'),
  path.join(PLAYGROUND, 'config', 'admin.js'),
  path.join(PLAYGROUND, 'config', 'plugins.js'),
  path.join(PLAYGROUND, 'package.json'),
  path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'package.json'),
];

/** Does the playground's admin panel (`strapi build`, into playground/build) need to be built? */
export const adminBuildState = () => {
  if (!fs.existsSync(ADMIN_BUILD_INDEX))
    return { needed: true, reason: `${rel(ADMIN_BUILD_INDEX)} is missing` };
  const built = fs.statSync(ADMIN_BUILD_INDEX).mtimeMs;
  const inputs = newest(ADMIN_INPUTS);
  if (inputs.mtimeMs > built)
    return { needed: true, reason: `${rel(inputs.file)} is newer than the admin build` };
  return { needed: false, reason: 'playground/build is up to date' };
};
