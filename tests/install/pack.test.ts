/**
 * The package installs as users will install it: `npm pack` the repository, install
 * the tarball into a fresh Strapi 5 app (its own package.json, config and content
 * type, no link to this repository), start it, and use the plugin and the front-end kit.
 *
 * Slow by nature: `npm install` of a Strapi app compiles better-sqlite3 from source.
 * Timings are printed at the end. INSTALL_KEEP_TMP=1 keeps the temp folders for a look.
 *
 * INSTALL_REUSE_NATIVE=1 (for a short CI): `npm install --ignore-scripts`, then the
 * better-sqlite3 binary this repository already compiled (same version, same Node) is
 * copied in instead of compiling it again. Everything else is installed as usual.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_CLIENT, createSandbox, type Sandbox } from '../../sandbox/src';
import { freePort } from '../harness/ports';
import { ROOT, writeFreshApp } from './fresh-app';

jest.setTimeout(900_000);

const loadedAt = Date.now();
const timings: Record<string, number> = {};
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = seconds(Date.now() - started);
  }
};

/** The environment without what `npm run`/`npm test` adds (npm_package_*, npm_config_* of this repository). */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|registry)$/i.test(key)) continue;
    if (key === 'INIT_CWD' || key === 'NODE_ENV' || key.startsWith('JEST_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
};

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const run = (
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }
) =>
  new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

const must = (what: string, result: RunResult) => {
  if (result.code !== 0) {
    throw new Error(
      `${what} failed (exit ${result.code}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`
    );
  }
  return result;
};

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let tmp: string;
let appDir: string;
let tarball: string;
let packedFiles: string[];
let sandbox: Sandbox;
let sandboxOrigin: string;
let strapi: ChildProcess | undefined;
let strapiLog = '';
let testsStartedAt = 0;

beforeAll(async () => {
  const started = Date.now();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matterport-install-'));
  appDir = path.join(tmp, 'app');
  const packDir = path.join(tmp, 'pack');
  fs.mkdirSync(packDir);

  // 1. The plugin's dist/, built when missing or older than the sources (scripts/lib/freshness.mjs).
  const state = must(
    'the build check',
    await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { pluginBuildState } from './scripts/lib/freshness.mjs'; console.log(JSON.stringify(pluginBuildState()))",
      ],
      {
        cwd: ROOT,
      }
    )
  );
  const { needed, reason } = JSON.parse(state.stdout) as { needed: boolean; reason: string };
  if (needed && !(process.env.SKIP_PLUGIN_BUILD === '1' && !reason.endsWith('is missing'))) {
    await timed('npm run build', async () =>
      must('npm run build', await run(npm, ['run', 'build'], { cwd: ROOT }))
    );
  }

  // 2. npm pack, as `npm publish` would pack it.
  const packed = await timed('npm pack', async () =>
    must(
      'npm pack',
      await run(npm, ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT })
    )
  );
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  tarball = path.join(packDir, info.filename);
  packedFiles = info.files.map((file) => file.path);

  // 3. A fresh app, the sandbox it points at, npm install.
  sandbox = createSandbox({ clients: [DEFAULT_CLIENT] });
  ({ origin: sandboxOrigin } = await sandbox.start(0));
  writeFreshApp(appDir, { tarball, apiOrigin: sandboxOrigin });
  const reuseNative = process.env.INSTALL_REUSE_NATIVE === '1';
  const install = (freshness: '--prefer-offline' | '--prefer-online') =>
    run(
      npm,
      [
        'install',
        freshness,
        '--no-audit',
        '--no-fund',
        ...(reuseNative ? ['--ignore-scripts'] : []),
      ],
      { cwd: appDir, timeoutMs: 720_000 }
    );
  await timed(
    reuseNative ? 'npm install --ignore-scripts (fresh app)' : 'npm install (fresh app)',
    async () => {
      // --prefer-offline trusts cached package documents: one cached before a release that a
      // fresher document now requires (@babel/types 7.29.17 wanting a helper at ^7.29.17)
      // fails with ETARGET although the registry has it. Asked once more, online.
      let result = await install('--prefer-offline');
      if (result.code !== 0 && /ETARGET|notarget/.test(result.stdout + result.stderr))
        result = await install('--prefer-online');
      must('npm install in the fresh app', result);
    }
  );
  if (reuseNative) {
    const binary = path.join(
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node'
    );
    fs.mkdirSync(path.dirname(path.join(appDir, binary)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, binary), path.join(appDir, binary));
  }
  timings['setup total'] = seconds(Date.now() - started);
  testsStartedAt = Date.now();
});

afterAll(async () => {
  if (testsStartedAt) timings['tests'] = seconds(Date.now() - testsStartedAt);
  await timed('cleanup', async () => {
    if (strapi && strapi.exitCode === null && strapi.signalCode === null) {
      const child = strapi;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await sandbox?.stop();
    if (tmp && process.env.INSTALL_KEEP_TMP !== '1')
      await fs.promises.rm(tmp, { recursive: true, force: true });
    else if (tmp) console.log(`kept ${tmp}`);
  });
  timings['whole file'] = seconds(Date.now() - loadedAt);
  console.log(`install test timings (s): ${JSON.stringify(timings)}`);
});

test('the tarball holds dist/, the Strapi entry points, README.md and package.json, and no sources or tests', () => {
  for (const file of [
    'package.json',
    'README.md',
    'strapi-server.js',
    'strapi-admin.js',
    'dist/server/index.js',
    'dist/server/index.mjs',
    'dist/admin/index.js',
    'dist/admin/index.mjs',
    'dist/client/index.js',
    'dist/client/index.mjs',
    'dist/client/src/index.d.ts',
  ]) {
    expect(packedFiles).toContain(file);
  }
  const unexpected = packedFiles.filter(
    (file) =>
      /^(server|admin|client|sandbox|tests|playground|scripts)\//.test(file) ||
      /\.test\./.test(file)
  );
  expect(unexpected).toEqual([]);
});

test("the lowest Strapi 5 minor the plugin's peer range claims is the one installed here", () => {
  // package.json's peer range must not claim Strapi versions nobody tests: its lowest minor is
  // the one this fresh app runs (the repository's pinned Strapi).
  const read = (name: string) =>
    JSON.parse(
      fs.readFileSync(path.join(appDir, 'node_modules', name, 'package.json'), 'utf8')
    ) as { version: string; peerDependencies?: Record<string, string> };
  const range = read('strapi-plugin-matterport').peerDependencies?.['@strapi/strapi'];
  const installed = read('@strapi/strapi').version;
  // A caret range ^X.Y.Z starts at minor X.Y; any other form is a new decision to test here.
  const lowestMinor = /^\^(\d+\.\d+)\.\d+$/.exec(range ?? '')?.[1];
  expect({ range, lowestMinor }).toEqual({
    range,
    lowestMinor: installed.split('.').slice(0, 2).join('.'),
  });
});

test('a fresh Strapi 5 app starts with the installed plugin, and delivery runs on its content', async () => {
  const installed = JSON.parse(
    fs.readFileSync(
      path.join(appDir, 'node_modules', 'strapi-plugin-matterport', 'package.json'),
      'utf8'
    )
  );
  expect(installed.strapi).toMatchObject({ kind: 'plugin', name: 'matterport' });
  // Installed from the tarball, not linked to this repository.
  expect(
    fs.lstatSync(path.join(appDir, 'node_modules', 'strapi-plugin-matterport')).isSymbolicLink()
  ).toBe(false);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [path.join(appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start'],
    {
      cwd: appDir,
      env: cleanEnv({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        SERVE_ADMIN: 'false',
        JWT_SECRET: 'install-check-users-permissions-jwt-secret',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
        BROWSER: 'none',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  strapi = child;
  child.stdout?.on('data', (chunk: Buffer) => (strapiLog += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (strapiLog += chunk.toString()));

  await timed('strapi start to /_health', async () => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`strapi start exited with ${child.exitCode}:\n${strapiLog.slice(-4000)}`);
      const health = await fetch(`${url}/_health`).catch(() => undefined);
      if (health?.status === 204) break;
      if (Date.now() > deadline)
        throw new Error(`Strapi did not become healthy:\n${strapiLog.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  const call = async (method: string, route: string, token?: string, body?: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
  };

  const registered = await call('POST', '/admin/register-admin', undefined, {
    email: 'install@example.com',
    password: 'Install-Passw0rd',
    firstname: 'Install',
    lastname: 'Check',
  });
  expect(registered.status).toBe(200);
  const adminToken = registered.body.data.token as string;

  // The plugin's admin routes are there: it is loaded.
  const settings = await call('GET', '/matterport/settings', adminToken);
  expect({ status: settings.status, text: settings.text }).toMatchObject({ status: 200 });

  const apiToken = await call('POST', '/admin/api-tokens', adminToken, {
    name: 'install-check',
    description: '',
    type: 'full-access',
    lifespan: null,
  });
  expect([200, 201]).toContain(apiToken.status);
  const accessKey = apiToken.body.data.accessKey as string;

  const modelId = 'WziSQO0ORu7'; // "Grand Hotel Lobby" in the sandbox seed
  const created = await call('POST', '/api/places', accessKey, {
    data: { title: 'Lobby', tour: { modelId, name: 'Lobby' } },
  });
  expect({ status: created.status, text: created.text }).toMatchObject({ status: 201 });
  const documentId = created.body.data.documentId as string;

  // Not configured yet: the read still answers, with the plugin's error object in the field.
  const unconfigured = await call('GET', `/api/places/${documentId}`, accessKey);
  expect(unconfigured.status).toBe(200);
  expect(unconfigured.body.data.tour).toMatchObject({
    modelId,
    link: null,
    accessToken: null,
    validUntil: null,
    error: { code: 'MATTERPORT_NOT_CONFIGURED' },
  });

  // Configured with the sandbox's client: a link the sandbox Showcase accepts.
  const saved = await call('PUT', '/matterport/settings', adminToken, DEFAULT_CLIENT);
  expect({ status: saved.status, text: saved.text }).toMatchObject({ status: 200 });
  const configured = await call('GET', `/api/places/${documentId}`, accessKey);
  expect(configured.status).toBe(200);
  const tour = configured.body.data.tour as { link: string; error?: unknown };
  expect(tour.error).toBeUndefined();
  expect(tour.link.startsWith(`${sandboxOrigin}/show?m=${modelId}&auth=Bearer+`)).toBe(true);
  expect(await (await fetch(tour.link)).text()).toContain('data-status="valid"');
});

test('the front-end kit imports from the installed package as ESM and as CommonJS', async () => {
  const embed = {
    modelId: 'WziSQO0ORu7',
    name: 'Grand <Hotel> Lobby',
    link: 'https://my.matterport.com/show?m=WziSQO0ORu7&auth=Bearer+abc123',
    accessToken: 'abc123',
    validUntil: '2099-01-01T00:00:00Z',
  };
  const call = `iframeHtml(${JSON.stringify(embed)}, { params: { play: 1 } })`;
  const esm = must(
    'ESM import',
    await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { iframeHtml } from 'strapi-plugin-matterport/client'; console.log(${call});`,
      ],
      {
        cwd: appDir,
      }
    )
  );
  const cjs = must(
    'CommonJS require',
    await run(
      process.execPath,
      [
        '-e',
        `const { iframeHtml } = require('strapi-plugin-matterport/client'); console.log(${call});`,
      ],
      {
        cwd: appDir,
      }
    )
  );
  expect(esm.stdout).toBe(cjs.stdout);
  expect(esm.stdout).toContain('<iframe');
  expect(esm.stdout).toContain(
    'src="https://my.matterport.com/show?m=WziSQO0ORu7&amp;auth=Bearer+abc123&amp;play=1"'
  );
  expect(esm.stdout).toContain('title="Grand &lt;Hotel&gt; Lobby"');
  // The two builds really are the two files of the exports map.
  const resolved = must(
    'require.resolve',
    await run(
      process.execPath,
      ['-e', "console.log(require.resolve('strapi-plugin-matterport/client'))"],
      { cwd: appDir }
    )
  );
  expect(resolved.stdout.trim()).toBe(
    path.join(
      fs.realpathSync(appDir),
      'node_modules',
      'strapi-plugin-matterport',
      'dist',
      'client',
      'index.js'
    )
  );
});
