#!/usr/bin/env node
// Runs Jest with the given arguments; under CI (JEST_JSON_DIR set) also writes the
// results as JSON there, so .ci/run can print one closing count for every run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [name, ...args] = process.argv.slice(2);
const extra = process.env.JEST_JSON_DIR
  ? ['--json', `--outputFile=${path.join(process.env.JEST_JSON_DIR, `${name}.json`)}`]
  : [];
const jest = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  'node_modules',
  'jest',
  'bin',
  'jest.js'
);
const result = spawnSync(process.execPath, [jest, ...args, ...extra], { stdio: 'inherit' });
process.exit(result.status ?? 1);
