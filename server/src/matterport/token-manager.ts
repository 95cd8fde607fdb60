import axios, { type AxiosInstance } from 'axios';

import { MatterportError } from '../../../common/errors';
import { credentialsIdentity } from '../crypto/fingerprint';
import { loggedCall, transportError } from './http';
import type { AccessToken, Credentials, Logger } from './types';

interface TokenResponse {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/**
 * The account-wide OAuth token (client-credentials grant). One is kept per set of
 * credentials, reused until shortly before it expires, and fetched by a single
 * request however many callers wait for it. It never leaves this object except as
 * an Authorization header to Matterport.
 */
export class TokenManager {
  private current: AccessToken | undefined;
  private inFlight = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly http: AxiosInstance,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly onObtained: () => void = () => undefined
  ) {}

  async get(credentials: Credentials): Promise<AccessToken> {
    const fingerprint = credentialsIdentity(credentials);
    const cached = this.current;
    if (cached && cached.fingerprint === fingerprint && this.now() < this.refreshAt(cached)) {
      return cached;
    }
    if (cached && cached.fingerprint !== fingerprint) {
      // Credentials changed: the old token belongs to credentials we no longer use.
      this.current = undefined;
    }
    const pending = this.inFlight.get(fingerprint);
    if (pending) return pending;
    const request = this.request(credentials, fingerprint)
      .then((token) => {
        // Told here, not for probe(): a token for credentials typed into the form says nothing of the saved ones.
        this.onObtained();
        // A rotation during the request wins over this older answer.
        if (
          !this.current ||
          this.current.fingerprint === fingerprint ||
          this.inFlight.get(fingerprint) === request
        ) {
          this.current = token;
        }
        return token;
      })
      .finally(() => this.inFlight.delete(fingerprint));
    this.inFlight.set(fingerprint, request);
    return request;
  }

  /** Drops the cached token if it is this one (or any, without an argument). */
  invalidate(token?: AccessToken): void {
    if (!token || this.current?.token === token.token) this.current = undefined;
  }

  /** Fetches a token without caching it: for checking credentials that are not saved yet. */
  async probe(credentials: Credentials): Promise<AccessToken> {
    return this.request(credentials, credentialsIdentity(credentials));
  }

  private refreshAt(token: AccessToken): number {
    const lifetimeMs = token.expiresIn * 1000;
    const margin = Math.min(60_000, lifetimeMs / 10);
    return token.expiresAt - margin;
  }

  private async request(credentials: Credentials, fingerprint: string): Promise<AccessToken> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
    const requestedAt = this.now();
    let data: TokenResponse;
    try {
      const response = await loggedCall<TokenResponse>(
        this.http,
        this.logger,
        { operation: 'oauth/token' },
        {
          method: 'post',
          url: '/api/oauth/token',
          data: body.toString(),
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
        }
      );
      data = response.data;
    } catch (error) {
      const status = axios.isAxiosError(error) ? error.response?.status : undefined;
      if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
        throw new MatterportError('MATTERPORT_AUTH_FAILED');
      }
      throw transportError(error, 'token');
    }
    if (
      !data ||
      typeof data !== 'object' ||
      typeof data.access_token !== 'string' ||
      !data.access_token
    ) {
      throw new MatterportError(
        'MATTERPORT_UNAVAILABLE',
        'Matterport answered the token request with something that is not a token. Try again later.'
      );
    }
    const expiresIn =
      typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 3600;
    return {
      token: data.access_token,
      expiresIn,
      expiresAt: requestedAt + expiresIn * 1000,
      scope: typeof data.scope === 'string' ? data.scope : '',
      fingerprint,
    };
  }
}
