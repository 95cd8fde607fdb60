#!/usr/bin/env node
// npm run typecheck: strict TypeScript on every folder, one tsc per tsconfig. The projects do
// not depend on each other (each checks its own sources, none reads another's output), so they
// run side by side, as many at once as the machine has cores; a failing project's errors are
// printed whole, after the others, and the exit code is 1.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// Longest first, so the last one to start is a short one.
const PROJECTS = [
  'admin',
  'server',
  'tests',
  'bench',
  'sandbox',
  'client',
  'client/src/dom',
  'common',
];

const check = (project) =>
  new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(
      process.execPath,
      [TSC, '-p', path.join(project, 'tsconfig.json'), '--noEmit', '--pretty'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${project.padEnd(8)} ${seconds} s`);
      resolve({ project, ok: code === 0, output });
    });
  });

const queue = [...PROJECTS];
const results = [];
const lane = async () => {
  for (let project = queue.shift(); project; project = queue.shift())
    results.push(await check(project));
};
const lanes = Math.max(1, Math.min(os.availableParallelism(), PROJECTS.length));
await Promise.all(Array.from({ length: lanes }, lane));

const failed = results.filter((result) => !result.ok);
for (const { project, output } of failed) console.log(`\n── ${project}/tsconfig.json\n${output}`);
process.exit(failed.length ? 1 : 0);
