import {
  hasLink,
  type Instant,
  type MatterportEmbed,
  type MatterportErrorCode,
  type TokenInfo,
} from './types';
import { secondsLeft } from './time';

/** Codes of {@link MatterportTokenError}: the server's codes plus what the fetcher itself detects. */
export type MatterportTokenErrorCode =
  | MatterportErrorCode
  /** The reloaded entry has no Matterport field, or it carries no token and no error. */
  | 'MATTERPORT_NO_TOKEN'
  /** The reloaded token is already expired or has less than a second left (a stale cache?). */
  | 'MATTERPORT_TOKEN_EXPIRED'
  /** `reload()` itself rejected (network, HTTP error...); see `cause`. */
  | 'MATTERPORT_RELOAD_FAILED';

/**
 * Why {@link createTokenFetcher} could not produce a fresh token. `code` is
 * stable; `message` is for developers. Never contains a token.
 */
export class MatterportTokenError extends Error {
  readonly code: MatterportTokenErrorCode;
  /** The error `reload()` rejected with, for `MATTERPORT_RELOAD_FAILED`. */
  declare cause?: unknown;

  constructor(code: MatterportTokenErrorCode, message: string, cause?: unknown) {
    super(message);
    this.name = 'MatterportTokenError';
    this.code = code;
    if (cause !== undefined) this.cause = cause;
  }
}

/** Options of {@link createTokenFetcher}. */
export interface TokenFetcherOptions {
  /** The clock, for tests (default `Date.now`). */
  now?: () => Instant;
}

/** The `OAuth.ITokenFetcher` the Showcase SDK's `createTokenRefresher` expects. */
export interface MatterportTokenFetcher {
  /**
   * Reloads the entry and resolves the fresh model-scoped token with the whole
   * seconds it has left. Concurrent calls share one reload. The SDK passes the
   * old token; it is not needed, since the server mints a new one on every read.
   */
  fetch(oldToken?: string): Promise<TokenInfo>;
}

/**
 * The first argument of `mpSdk.OAuth.createTokenRefresher`: the embed's token
 * and its whole seconds left, or `null` when the embed has no token.
 *
 * @param now the current time (default `Date.now()`)
 */
export function tokenInfo(embed: unknown, now?: Instant): TokenInfo | null {
  return hasLink(embed)
    ? { access_token: embed.accessToken, expires_in: secondsLeft(embed, now) }
    : null;
}

/**
 * A token fetcher for the Showcase SDK, so a Private Model Embed session
 * outlives its token: `mpSdk.OAuth.createTokenRefresher(tokenInfo(space), createTokenFetcher(reload))`.
 *
 * The browser never talks to Matterport for this: `reload` re-reads the entry
 * through your Strapi content API (the plugin mints a fresh token on every
 * read) and resolves the Matterport field of it. The fetcher turns that into
 * `{ access_token, expires_in }`, `expires_in` being the whole seconds from
 * now until `validUntil`.
 *
 * `fetch()` rejects with a {@link MatterportTokenError} when the reload
 * rejects (`MATTERPORT_RELOAD_FAILED`, original error in `cause`), the field
 * carries an error (its code, e.g. `MATTERPORT_RATE_LIMITED`), has no token
 * (`MATTERPORT_NO_TOKEN`) or a token with under a second left
 * (`MATTERPORT_TOKEN_EXPIRED`, e.g. a response served from a stale cache).
 * While one reload is in flight, further calls get the same promise.
 *
 * @param reload re-reads the entry and returns its Matterport field
 * @example
 * const fetcher = createTokenFetcher(async () => {
 *   const res = await fetch(`/api/places/${id}?populate=*`);
 *   if (!res.ok) throw new Error(`HTTP ${res.status}`);
 *   return (await res.json()).data.space;
 * });
 */
export function createTokenFetcher(
  reload: () => Promise<MatterportEmbed | null | undefined>,
  options: TokenFetcherOptions = {}
): MatterportTokenFetcher {
  const clock = options.now ?? Date.now;
  let inFlight: Promise<TokenInfo> | null = null;

  const fetchOnce = async (): Promise<TokenInfo> => {
    let embed: unknown;
    try {
      embed = await reload();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MatterportTokenError(
        'MATTERPORT_RELOAD_FAILED',
        `Reloading the Matterport embed failed: ${reason}`,
        error
      );
    }
    const failure =
      embed && typeof embed === 'object'
        ? (embed as { error?: { code?: unknown; message?: unknown } }).error
        : undefined;
    if (failure != null) {
      const code =
        typeof failure.code === 'string'
          ? (failure.code as MatterportErrorCode)
          : 'MATTERPORT_NO_TOKEN';
      const message = typeof failure.message === 'string' ? failure.message : 'no message';
      throw new MatterportTokenError(
        code,
        `The server could not renew the Matterport token (${code}): ${message}`
      );
    }
    const info = tokenInfo(embed, clock());
    if (info === null) {
      throw new MatterportTokenError(
        'MATTERPORT_NO_TOKEN',
        'The reloaded entry has no Matterport access token'
      );
    }
    if (info.expires_in <= 0) {
      throw new MatterportTokenError(
        'MATTERPORT_TOKEN_EXPIRED',
        'The reloaded Matterport token is already expired: is the content API response cached for longer than the token lives?'
      );
    }
    return info;
  };

  return {
    fetch() {
      if (inFlight === null) {
        inFlight = fetchOnce().finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
  };
}
