import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DEMO_SCRIPT = path.join(ROOT, 'scripts', 'demo.mjs');

/** True when we can bind 127.0.0.1:port (nothing listens there). */
export const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true))
    );
  });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` resolves true, or fails with `what` after `timeoutMs`. */
export const eventually = async (
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000
) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
};

export interface DemoRun {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until the output matches `pattern`; fails early if the process exits. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Last resort: SIGKILL the demo's whole process group (it and the services it started). */
  killGroup(): void;
}

/**
 * `node scripts/demo.mjs` as a child in its own process group, so a failed test can
 * still end Strapi and the sandbox; signals sent with child.kill() reach the demo alone.
 */
export const runDemo = (env: Record<string, string>, args: string[] = []): DemoRun => {
  const child = spawn(process.execPath, [DEMO_SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    })
  );
  return {
    child,
    output: () => output,
    exited,
    async waitForOutput(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (done) throw new Error(`the demo exited before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline)
          throw new Error(`the demo did not print ${pattern} in time:\n${output}`);
        await sleep(200);
      }
    },
    killGroup() {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    },
  };
};

/** The URLs of the demo's closing summary. */
export const readSummary = (output: string) => {
  const grab = (label: string) => {
    const match = output.match(new RegExp(`^\\s*${label}:\\s+(\\S+)`, 'm'));
    if (!match) throw new Error(`no "${label}:" line in the demo's output:\n${output}`);
    return match[1];
  };
  return {
    rest: grab('REST'),
    graphql: grab('GraphQL'),
    page: grab('Demo page'),
    previewSite: grab('Preview site'),
    login: grab('Admin login'),
  };
};
