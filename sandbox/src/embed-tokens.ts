import type { EmbedTokenStatus, EmbedTokenView } from './control-types';
import { randomToken } from './random';
import { isoSeconds } from './time';

export interface EmbedTokenRecord {
  accessToken: string;
  modelIds: readonly string[];
  clientId: string;
  /** A whole second, so the `validUntil` the API shows is exactly when the token dies. */
  expiresAt: number;
  revoked: boolean;
}

/** Model-scoped Private Model Embed tokens, the ones that travel to browsers. Revoked ones are kept as revoked. */
export class EmbedTokenStore {
  private tokens = new Map<string, EmbedTokenRecord>();

  mint(
    modelIds: readonly string[],
    clientId: string,
    validForSeconds: number,
    now = Date.now()
  ): EmbedTokenRecord {
    const record: EmbedTokenRecord = {
      accessToken: randomToken(),
      modelIds: [...new Set(modelIds)],
      clientId,
      expiresAt: Math.floor((now + validForSeconds * 1000) / 1000) * 1000,
      revoked: false,
    };
    this.tokens.set(record.accessToken, record);
    return record;
  }

  get(accessToken: string): EmbedTokenRecord | undefined {
    return this.tokens.get(accessToken);
  }

  /** `false` for a token the sandbox never issued; revoking twice is fine. */
  revoke(accessToken: string): boolean {
    const record = this.tokens.get(accessToken);
    if (record === undefined) return false;
    record.revoked = true;
    return true;
  }

  status(record: EmbedTokenRecord | undefined, now = Date.now()): EmbedTokenStatus {
    if (record === undefined) return 'unknown';
    if (record.revoked) return 'revoked';
    return now < record.expiresAt ? 'valid' : 'expired';
  }

  inspect(accessToken: string, now = Date.now()): EmbedTokenView {
    const record = this.tokens.get(accessToken);
    return {
      status: this.status(record, now),
      modelIds: record ? [...record.modelIds] : [],
      validUntil: record ? isoSeconds(record.expiresAt) : null,
    };
  }

  /** Every embed token issued since the last reset, revoked ones included (for leak scans). */
  list(now = Date.now()): Array<EmbedTokenView & { accessToken: string; clientId: string }> {
    return [...this.tokens.values()].map((record) => ({
      accessToken: record.accessToken,
      clientId: record.clientId,
      ...this.inspect(record.accessToken, now),
    }));
  }

  clear(): void {
    this.tokens.clear();
  }
}
