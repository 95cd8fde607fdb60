import { randomToken } from './random';

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  expiresAt: number;
  invalidated: boolean;
}

export type AccessTokenCheck = 'valid' | 'unknown' | 'expired' | 'invalidated';

/** Account-wide OAuth access tokens from the client-credentials grant. */
export class AccessTokenStore {
  private tokens = new Map<string, AccessTokenRecord>();

  issue(clientId: string, expiresInSeconds: number, now = Date.now()): AccessTokenRecord {
    const record: AccessTokenRecord = {
      token: randomToken(),
      clientId,
      expiresAt: now + expiresInSeconds * 1000,
      invalidated: false,
    };
    this.tokens.set(record.token, record);
    return record;
  }

  check(token: string, now = Date.now()): AccessTokenCheck {
    const record = this.tokens.get(token);
    if (record === undefined) return 'unknown';
    if (record.invalidated) return 'invalidated';
    return now < record.expiresAt ? 'valid' : 'expired';
  }

  /** The client a token was issued to; `undefined` for one never issued. */
  clientOf(token: string): string | undefined {
    return this.tokens.get(token)?.clientId;
  }

  /** Ends one token (or all of them) mid-life; returns how many were still usable. */
  invalidate(token?: string): number {
    const targets = token === undefined ? [...this.tokens.values()] : [this.tokens.get(token)];
    return this.markInvalid(targets);
  }

  invalidateForClient(clientId: string): number {
    return this.markInvalid([...this.tokens.values()].filter((r) => r.clientId === clientId));
  }

  /** Every token issued since the last reset, with its client: what a leak scan searches for. */
  list(): Array<{ token: string; clientId: string }> {
    return [...this.tokens.values()].map(({ token, clientId }) => ({ token, clientId }));
  }

  clear(): void {
    this.tokens.clear();
  }

  private markInvalid(records: ReadonlyArray<AccessTokenRecord | undefined>): number {
    let count = 0;
    for (const record of records) {
      if (record === undefined || record.invalidated) continue;
      record.invalidated = true;
      count += 1;
    }
    return count;
  }
}
