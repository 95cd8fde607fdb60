import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { jsonOf } from './harness';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function startCli(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(TSX, ['sandbox/src/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitFor(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 15_000
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in output: ${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run sandbox (sandbox/src/cli.ts)', () => {
  it('listens, takes clients from SANDBOX_CLIENTS, and exits cleanly on SIGTERM', async () => {
    const { child, output } = startCli({
      SANDBOX_PORT: '0',
      SANDBOX_CLIENTS: 'app-one:secret-one,app-two:secret:with:colons',
      SANDBOX_EXPIRES_IN: '60',
    });
    try {
      const [line, origin] = await waitFor(
        output,
        /^Matterport sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/m
      );
      expect(line).toBe(`Matterport sandbox listening on ${origin}`);
      const response = await fetch(`${origin}/api/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'app-two',
          client_secret: 'secret:with:colons',
        }),
      });
      expect(response.status).toBe(200);
      expect((await jsonOf(response)).expires_in).toBe(60);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);

  it('takes the modes from SANDBOX_FOREIGN_REVOKE, SANDBOX_REVOKE_ANSWER, SANDBOX_VALID_FOR_FORMATS, SANDBOX_CLIENTS_WITHOUT_PME, SANDBOX_NO_PME_ANSWER, SANDBOX_VIEW_EMBEDS and the webhook modes', async () => {
    const { child, output } = startCli({
      SANDBOX_PORT: '0',
      SANDBOX_CLIENTS: 'app-one:secret-one,app-two:secret-two',
      SANDBOX_FOREIGN_REVOKE: 'refuse',
      SANDBOX_REVOKE_ANSWER: 'false',
      SANDBOX_VALID_FOR_FORMATS: 'shorthand',
      SANDBOX_CLIENTS_WITHOUT_PME: 'app-two',
      SANDBOX_WEBHOOK_TOKEN_CREDENTIALS: 'bearer',
      SANDBOX_WEBHOOK_DUPLICATES: 'twice',
      SANDBOX_WEBHOOK_ORDER: 'reversed',
      SANDBOX_WEBHOOK_RETRIES: 'until-2xx',
      SANDBOX_WEBHOOK_TIMESTAMP: 'epoch-ms',
      SANDBOX_ACTIVATION_BODY: 'active-flag',
      SANDBOX_NO_PME_ANSWER: 'request.unsupported',
      SANDBOX_VIEW_EMBEDS: 'refuse',
    });
    try {
      const [, origin] = await waitFor(
        output,
        /^Matterport sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/m
      );
      expect(await jsonOf(await fetch(`${origin}/__sandbox/modes`))).toEqual({
        foreignRevoke: 'refuse',
        revokeAnswer: 'false',
        validForFormats: 'shorthand',
        thumbnailHost: 'sandbox',
        clientsWithoutPrivateModelEmbed: ['app-two'],
        webhookTokenCredentials: 'bearer',
        webhookDuplicates: 'twice',
        webhookOrder: 'reversed',
        webhookRetries: 'until-2xx',
        webhookTimestamp: 'epoch-ms',
        activationBody: 'active-flag',
        noPmeAnswer: 'request.unsupported',
        viewEmbeds: 'refuse',
      });
    } finally {
      // SIGTERM, not SIGKILL: tsx passes SIGTERM on to the sandbox process it started, SIGKILL would orphan it.
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  }, 20_000);

  it.each([
    ['SANDBOX_VALID_FOR_FORMATS', 'iso'],
    ['SANDBOX_CLIENTS_WITHOUT_PME', 'not-a-registered-client'],
    ['SANDBOX_WEBHOOK_ORDER', 'random'],
  ])(
    'refuses a bad %s with exit code 1 and a message naming it',
    async (name, value) => {
      const { child, output } = startCli({ SANDBOX_PORT: '0', [name]: value });
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(output()).toContain(name);
    },
    20_000
  );

  it('refuses a malformed SANDBOX_CLIENTS with exit code 1 and a message', async () => {
    const { child, output } = startCli({ SANDBOX_PORT: '0', SANDBOX_CLIENTS: 'no-secret-here' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(/SANDBOX_CLIENTS/);
  }, 20_000);
});
