import { LRUCache } from 'lru-cache';

import { MatterportError, type MatterportOperation } from '../../../common/errors';

/**
 * What this process remembers of Matterport's failures, so that a failure is told at once
 * instead of being asked again on every read:
 * - per model (and credentials), "not found" and "bad request" for `failureTtl`;
 * - the credentials breaker: after Matterport refused the credentials, no token request
 *   for a back-off that doubles up to MAX_AUTH_BACKOFF_MS;
 * - the mint breaker: after Matterport refused a mint itself (`request.unauthorized`: the
 *   account token works, Private Model Embed does not), no mint for the same back-off. Other
 *   calls (the picker's listing) go on, since the token still works;
 * - the rate-limit hold: after a 429, no call at all until Retry-After (or a back-off),
 *   never longer than MAX_RATE_HOLD_MS.
 * Each replica keeps its own; all of it is bounded in time and size.
 */
export const FIRST_AUTH_BACKOFF_MS = 5_000;
export const MAX_AUTH_BACKOFF_MS = 5 * 60_000;
export const FIRST_RATE_BACKOFF_MS = 1_000;
export const MAX_RATE_HOLD_MS = 2 * 60_000;
const MAX_REMEMBERED_FAILURES = 10_000;

const REMEMBERED = new Set(['MATTERPORT_NOT_FOUND', 'MATTERPORT_BAD_REQUEST']);

export type BreakerScope = 'token' | 'mint';
export type BreakerCloseReason =
  | 'settings-saved'
  | 'connection-tested'
  | 'token-obtained'
  | 'link-minted';

export interface GuardEvents {
  breakerOpened(until: Date, scope: BreakerScope): void;
  breakerClosed(reason: BreakerCloseReason): void;
}

interface Breaker {
  identity: string;
  openUntil: number;
  backoffMs: number;
}

export class FailureGuard {
  private failures: LRUCache<string, { error: MatterportError; until: number }> | undefined;
  /** What each refusal stops: a refused token every call, a refused mint only mints. */
  private breakers: Record<BreakerScope, Breaker | undefined> = {
    token: undefined,
    mint: undefined,
  };
  private rateHeldUntil = 0;
  private rateBackoffMs = FIRST_RATE_BACKOFF_MS;

  constructor(
    private readonly failureTtlMs: () => number,
    private readonly events: GuardEvents,
    private readonly now: () => number = Date.now
  ) {}

  // Expiry is checked against this guard's clock (the LRU only bounds the size).
  private store(): LRUCache<string, { error: MatterportError; until: number }> {
    this.failures ??= new LRUCache({ max: MAX_REMEMBERED_FAILURES });
    return this.failures;
  }

  /** The remembered failure of this model for these credentials, as a new error (stacks stay honest). */
  knownFailure(identity: string, modelId: string): MatterportError | undefined {
    const key = `${identity}|${modelId}`;
    const known = this.failures?.get(key);
    if (!known) return undefined;
    if (this.now() >= known.until) {
      this.failures?.delete(key);
      return undefined;
    }
    return new MatterportError(known.error.code, known.error.message, {
      operation: known.error.operation,
      cause: known.error,
    });
  }

  rememberFailure(identity: string, modelId: string, error: unknown): void {
    const ttl = this.failureTtlMs();
    if (ttl > 0 && error instanceof MatterportError && REMEMBERED.has(error.code)) {
      this.store().set(`${identity}|${modelId}`, { error, until: this.now() + ttl });
    }
  }

  /** Forgets remembered failures: of these models, or all. */
  forgetFailures(modelIds?: readonly string[]): void {
    if (!this.failures) return;
    if (!modelIds) {
      this.failures.clear();
      return;
    }
    const wanted = new Set(modelIds);
    for (const key of [...this.failures.keys()]) {
      if (wanted.has(key.slice(key.indexOf('|') + 1))) this.failures.delete(key);
    }
  }

  /**
   * Throws MATTERPORT_AUTH_FAILED while a breaker is open for these credentials: the token
   * breaker for any operation, the mint breaker for mints.
   */
  checkAuth(identity: string, operation: MatterportOperation): void {
    const scopes: BreakerScope[] = operation === 'createLink' ? ['token', 'mint'] : ['token'];
    for (const scope of scopes) {
      const breaker = this.breakers[scope];
      if (breaker && breaker.identity === identity && this.now() < breaker.openUntil)
        throw new MatterportError('MATTERPORT_AUTH_FAILED', undefined, { operation });
    }
    // Half-open: one call may go; a new failure opens for twice as long.
  }

  /** Matterport refused the account token for these credentials. */
  authFailed(identity: string): void {
    this.open('token', identity);
  }

  /** Matterport refused a mint with a working account token (no Private Model Embed). */
  mintRefused(identity: string): void {
    this.open('mint', identity);
  }

  private open(scope: BreakerScope, identity: string): void {
    const current = this.breakers[scope];
    // Callers that shared one refused request report it once each: it opens once.
    if (current && current.identity === identity && this.now() < current.openUntil) return;
    const backoffMs =
      current && current.identity === identity
        ? Math.min(current.backoffMs * 2, MAX_AUTH_BACKOFF_MS)
        : FIRST_AUTH_BACKOFF_MS;
    const openUntil = this.now() + backoffMs;
    this.breakers[scope] = { identity, openUntil, backoffMs };
    this.events.breakerOpened(new Date(openUntil), scope);
  }

  /** A token was had with these credentials: the token breaker closes (a refused mint stays refused). */
  tokenObtained(identity: string): void {
    if (this.breakers.token?.identity === identity) this.closeScopes(['token'], 'token-obtained');
  }

  /** A mint worked with these credentials: both breakers close (a mint needs a token too). */
  mintSucceeded(identity: string): void {
    if (this.breakers.token?.identity === identity || this.breakers.mint?.identity === identity)
      this.closeScopes(['token', 'mint'], 'link-minted');
  }

  /** Saved settings, or a connection test that passed with the saved credentials: every breaker closes. */
  closeBreaker(reason: 'settings-saved' | 'connection-tested'): void {
    this.closeScopes(['token', 'mint'], reason);
  }

  private closeScopes(scopes: BreakerScope[], reason: BreakerCloseReason): void {
    const wasSet = scopes.some((scope) => this.breakers[scope]);
    for (const scope of scopes) this.breakers[scope] = undefined;
    if (wasSet) this.events.breakerClosed(reason);
  }

  breakerState(): { open: boolean; openUntil: Date | null; scope: BreakerScope | null } {
    let latest: { until: number; scope: BreakerScope } | undefined;
    for (const scope of ['token', 'mint'] as const) {
      const breaker = this.breakers[scope];
      if (
        breaker &&
        this.now() < breaker.openUntil &&
        (!latest || breaker.openUntil > latest.until)
      )
        latest = { until: breaker.openUntil, scope };
    }
    return latest
      ? { open: true, openUntil: new Date(latest.until), scope: latest.scope }
      : { open: false, openUntil: null, scope: null };
  }

  /** Throws MATTERPORT_RATE_LIMITED (with the seconds left) while Matterport asked us to wait. */
  checkRate(operation: MatterportOperation): void {
    const left = this.rateHeldUntil - this.now();
    if (left > 0)
      throw new MatterportError('MATTERPORT_RATE_LIMITED', undefined, {
        operation,
        retryAfter: Math.ceil(left / 1000),
      });
  }

  rateLimited(retryAfterSeconds: number | undefined): void {
    const waitMs = Math.min(
      retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : this.rateBackoffMs,
      MAX_RATE_HOLD_MS
    );
    this.rateBackoffMs = Math.min(this.rateBackoffMs * 2, MAX_RATE_HOLD_MS);
    this.rateHeldUntil = Math.max(this.rateHeldUntil, this.now() + waitMs);
  }

  answered(): void {
    this.rateBackoffMs = FIRST_RATE_BACKOFF_MS;
  }

  rateHeldUntilDate(): Date | null {
    return this.rateHeldUntil > this.now() ? new Date(this.rateHeldUntil) : null;
  }
}
