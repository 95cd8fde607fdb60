import type { ClientCredentials, SandboxModes } from './control-types';
import { DEFAULT_CLIENT, DEFAULT_CONFIG, DEFAULT_ORGANIZATION_ID } from './config';
import { SEED_MODELS } from './models/seed';
import { SECOND_ORGANIZATION } from './models/second-organization';
import { createSandbox } from './index';
import { DEFAULT_MODES, mergeModes } from './modes';

/**
 * `npm run sandbox`: the sandbox as a process, configured from the
 * environment (SANDBOX_PORT, SANDBOX_HOST, SANDBOX_CLIENTS,
 * SANDBOX_EXPIRES_IN, SANDBOX_MINT_LATENCY_MS, SANDBOX_PUBLIC_ORIGIN,
 * SANDBOX_SECOND_ORGANIZATION) and
 * the modes (SANDBOX_FOREIGN_REVOKE, SANDBOX_REVOKE_ANSWER, SANDBOX_THUMBNAIL_HOST,
 * SANDBOX_VALID_FOR_FORMATS, SANDBOX_CLIENTS_WITHOUT_PME, SANDBOX_NO_PME_ANSWER).
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const clients = parseClients(env.SANDBOX_CLIENTS);
  const second = flag(env, 'SANDBOX_SECOND_ORGANIZATION');
  const sandbox = createSandbox({
    ...(second
      ? {
          organizations: [
            {
              id: DEFAULT_ORGANIZATION_ID,
              name: 'Sandbox organisation',
              clients,
              models: SEED_MODELS,
            },
            SECOND_ORGANIZATION,
          ],
        }
      : { clients }),
    expiresIn: integer(env, 'SANDBOX_EXPIRES_IN', DEFAULT_CONFIG.expiresIn),
    mintLatencyMs: integer(env, 'SANDBOX_MINT_LATENCY_MS', DEFAULT_CONFIG.mintLatencyMs),
    publicOrigin: env.SANDBOX_PUBLIC_ORIGIN || undefined,
    modes: modesFrom(env, second ? [...clients, ...SECOND_ORGANIZATION.clients] : clients),
  });
  const { origin } = await sandbox.start(
    integer(env, 'SANDBOX_PORT', 4010),
    env.SANDBOX_HOST || '127.0.0.1'
  );
  console.log(`Matterport sandbox listening on ${origin}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      }
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `1`/`true` or `0`/`false`/unset; anything else stops start-up. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new Error(`${name}: "${env[name]}" is not 1, true, 0 or false`);
}

/** `id:secret,id2:secret2`; the secret may itself contain ':'. */
function parseClients(value: string | undefined): ClientCredentials[] {
  if (!value) return [{ ...DEFAULT_CLIENT }];
  return value.split(',').map((pair) => {
    const colon = pair.indexOf(':');
    const clientId = pair.slice(0, colon).trim();
    const clientSecret = pair.slice(colon + 1).trim();
    if (colon < 1 || !clientId || !clientSecret)
      throw new Error(`SANDBOX_CLIENTS: "${pair.split(':')[0]}" is not id:secret`);
    return { clientId, clientSecret };
  });
}

/** Unset variables keep the defaults; a bad value stops start-up with a message naming its variable. */
function modesFrom(
  env: NodeJS.ProcessEnv,
  clients: readonly ClientCredentials[]
): Partial<SandboxModes> {
  const variables: ReadonlyArray<[string, keyof SandboxModes, (raw: string) => unknown]> = [
    ['SANDBOX_FOREIGN_REVOKE', 'foreignRevoke', (raw) => raw],
    ['SANDBOX_REVOKE_ANSWER', 'revokeAnswer', (raw) => raw],
    ['SANDBOX_VALID_FOR_FORMATS', 'validForFormats', (raw) => raw],
    ['SANDBOX_THUMBNAIL_HOST', 'thumbnailHost', (raw) => raw],
    ['SANDBOX_WEBHOOK_TOKEN_CREDENTIALS', 'webhookTokenCredentials', (raw) => raw],
    ['SANDBOX_WEBHOOK_DUPLICATES', 'webhookDuplicates', (raw) => raw],
    ['SANDBOX_WEBHOOK_ORDER', 'webhookOrder', (raw) => raw],
    ['SANDBOX_WEBHOOK_RETRIES', 'webhookRetries', (raw) => raw],
    ['SANDBOX_WEBHOOK_TIMESTAMP', 'webhookTimestamp', (raw) => raw],
    ['SANDBOX_ACTIVATION_BODY', 'activationBody', (raw) => raw],
    ['SANDBOX_NO_PME_ANSWER', 'noPmeAnswer', (raw) => raw],
    ['SANDBOX_VIEW_EMBEDS', 'viewEmbeds', (raw) => raw],
    [
      'SANDBOX_CLIENTS_WITHOUT_PME',
      'clientsWithoutPrivateModelEmbed',
      (raw) => raw.split(',').map((id) => id.trim()),
    ],
  ];
  let modes: SandboxModes = { ...DEFAULT_MODES };
  for (const [name, mode, read] of variables) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    try {
      modes = mergeModes(modes, { [mode]: read(raw) }, (id) =>
        clients.some((c) => c.clientId === id)
      );
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  return modes;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

main(process.env).catch((error: unknown) => {
  console.error(
    `Matterport sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`
  );
  process.exit(1);
});
