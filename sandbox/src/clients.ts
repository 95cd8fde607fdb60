import { timingSafeEqual } from 'node:crypto';
import type { ClientCredentials } from './control-types';
import { randomSecret } from './random';

/** The OAuth applications of the sandbox's one Matterport organisation. */
export class ClientRegistry {
  private secrets = new Map<string, string>();

  constructor(initial: readonly ClientCredentials[]) {
    this.replaceAll(initial);
  }

  replaceAll(clients: readonly ClientCredentials[]): void {
    this.secrets = new Map(clients.map((c) => [c.clientId, c.clientSecret]));
  }

  /** Adds a client, or gives an existing one this secret; says whether the secret changed. */
  register(client: ClientCredentials): boolean {
    const previous = this.secrets.get(client.clientId);
    this.secrets.set(client.clientId, client.clientSecret);
    return previous !== undefined && previous !== client.clientSecret;
  }

  has(clientId: string): boolean {
    return this.secrets.has(clientId);
  }

  verify(clientId: string, clientSecret: string): boolean {
    const expected = this.secrets.get(clientId);
    if (expected === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(clientSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Matterport's "Reset secret" button: a new secret, the old one dead at once. `null` for an unknown client. */
  resetSecret(clientId: string): string | null {
    if (!this.secrets.has(clientId)) return null;
    const secret = randomSecret();
    this.secrets.set(clientId, secret);
    return secret;
  }
}
