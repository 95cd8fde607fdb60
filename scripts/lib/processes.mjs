import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const TAIL_LINES = 60;

/**
 * A long-running child (the sandbox, Strapi): output to a log file (and to the
 * console, prefixed, when `verbose`), the last lines kept for error messages.
 */
export const startService = ({ name, command, args, cwd, env, logFile, verbose = false }) => {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile, { flags: 'w' });
  const lines = [];
  let partial = '';
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });

  const collect = (chunk) => {
    log.write(chunk);
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      if (verbose) process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let done = false;
  exited.then(() => {
    done = true;
  });

  return {
    name,
    logFile,
    pid: child.pid,
    exited,
    get running() {
      return !done && child.exitCode === null && child.signalCode === null;
    },
    /** The last lines it printed. */
    tail: () => [...lines, partial].filter(Boolean).join('\n'),
    /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited and its log is closed. */
    async stop(graceMs = 10_000) {
      if (this.running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((resolve) => log.end(resolve));
    },
    kill() {
      if (this.running) child.kill('SIGKILL');
    },
  };
};

/**
 * A one-off step (a build), its output shown as it comes. Resolves on exit code 0,
 * rejects otherwise. `track` receives the child so a signal handler can end it.
 */
export const runStep = ({ command, args, cwd, env, track }) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    track?.(child);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      track?.(null);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `\`${[path.basename(command), ...args].join(' ')}\` failed (${signal ?? `exit code ${code}`})`
          )
        );
    });
  });
