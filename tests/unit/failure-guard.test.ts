import { MatterportError } from '../../common/errors';
import {
  FailureGuard,
  MAX_AUTH_BACKOFF_MS,
  MAX_RATE_HOLD_MS,
} from '../../server/src/matterport/guard';

/** The per-process memory of failures (issue 18), on a clock the test moves. */
const setup = (failureTtlMs = 60_000) => {
  let now = 1_000_000;
  const events: string[] = [];
  const guard = new FailureGuard(
    () => failureTtlMs,
    {
      breakerOpened: (until) => events.push(`opened until +${until.getTime() - now}`),
      breakerClosed: (reason) => events.push(`closed ${reason}`),
    },
    () => now
  );
  return { guard, events, advance: (ms: number) => (now += ms) };
};

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as MatterportError).code;
  }
};

describe('remembered model failures', () => {
  test('not found and bad request are remembered for failureTtl, per credentials and model', () => {
    const { guard, advance } = setup();
    guard.rememberFailure('creds', 'M1', new MatterportError('MATTERPORT_NOT_FOUND'));
    guard.rememberFailure('creds', 'M2', new MatterportError('MATTERPORT_BAD_REQUEST'));
    expect(guard.knownFailure('creds', 'M1')?.code).toBe('MATTERPORT_NOT_FOUND');
    expect(guard.knownFailure('creds', 'M2')?.code).toBe('MATTERPORT_BAD_REQUEST');
    expect(guard.knownFailure('other-creds', 'M1')).toBeUndefined();
    advance(60_001);
    expect(guard.knownFailure('creds', 'M1')).toBeUndefined();
  });

  test('transient failures are not remembered', () => {
    const { guard } = setup();
    for (const code of [
      'MATTERPORT_UNAVAILABLE',
      'MATTERPORT_TIMEOUT',
      'MATTERPORT_RATE_LIMITED',
      'MATTERPORT_AUTH_FAILED',
    ] as const) {
      guard.rememberFailure('creds', 'M1', new MatterportError(code));
    }
    expect(guard.knownFailure('creds', 'M1')).toBeUndefined();
  });

  test('forgetting one model keeps the others; forgetting all clears them', () => {
    const { guard } = setup();
    guard.rememberFailure('creds', 'M1', new MatterportError('MATTERPORT_NOT_FOUND'));
    guard.rememberFailure('creds', 'M2', new MatterportError('MATTERPORT_NOT_FOUND'));
    guard.forgetFailures(['M1']);
    expect(guard.knownFailure('creds', 'M1')).toBeUndefined();
    expect(guard.knownFailure('creds', 'M2')?.code).toBe('MATTERPORT_NOT_FOUND');
    guard.forgetFailures();
    expect(guard.knownFailure('creds', 'M2')).toBeUndefined();
  });

  test('failureTtl 0 remembers nothing', () => {
    const { guard } = setup(0);
    guard.rememberFailure('creds', 'M1', new MatterportError('MATTERPORT_NOT_FOUND'));
    expect(guard.knownFailure('creds', 'M1')).toBeUndefined();
  });
});

describe('credentials breaker', () => {
  test('opens for 5 s, then twice as long after each failed retry, capped at the maximum', () => {
    const { guard, events, advance } = setup();
    guard.authFailed('creds');
    expect(codeOf(() => guard.checkAuth('creds', 'token'))).toBe('MATTERPORT_AUTH_FAILED');
    expect(codeOf(() => guard.checkAuth('other-creds', 'token'))).toBeUndefined();
    const waits: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const { openUntil } = guard.breakerState();
      const wait = (openUntil as Date).getTime() - (1_000_000 + waits.reduce((a, b) => a + b, 0));
      waits.push(wait);
      advance(wait);
      expect(codeOf(() => guard.checkAuth('creds', 'token'))).toBeUndefined();
      guard.authFailed('creds');
    }
    expect(waits.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(Math.max(...waits)).toBe(MAX_AUTH_BACKOFF_MS);
    expect(events[0]).toBe('opened until +5000');
  });

  test('callers sharing one refused request open it once', () => {
    const { guard, events } = setup();
    for (let i = 0; i < 10; i += 1) guard.authFailed('creds');
    expect(events).toEqual(['opened until +5000']);
  });

  test('a saved setting, a connection test or a token obtained closes it', () => {
    const { guard, events } = setup();
    guard.authFailed('creds');
    guard.closeBreaker('settings-saved');
    expect(codeOf(() => guard.checkAuth('creds', 'token'))).toBeUndefined();
    guard.authFailed('creds');
    guard.tokenObtained('creds');
    expect(guard.breakerState().open).toBe(false);
    expect(events).toEqual([
      'opened until +5000',
      'closed settings-saved',
      'opened until +5000',
      'closed token-obtained',
    ]);
  });
});

describe('mint breaker (issue 24: a refused mint while the token works)', () => {
  test('holds mints only, with the same back-off; a token does not end it, a mint or a saved setting does', () => {
    const { guard, events, advance } = setup();
    guard.mintRefused('creds');
    expect(codeOf(() => guard.checkAuth('creds', 'createLink'))).toBe('MATTERPORT_AUTH_FAILED');
    expect(codeOf(() => guard.checkAuth('creds', 'listModels'))).toBeUndefined();
    expect(codeOf(() => guard.checkAuth('creds', 'token'))).toBeUndefined();
    expect(codeOf(() => guard.checkAuth('other-creds', 'createLink'))).toBeUndefined();
    guard.tokenObtained('creds');
    expect(codeOf(() => guard.checkAuth('creds', 'createLink'))).toBe('MATTERPORT_AUTH_FAILED');
    advance(5_000);
    expect(codeOf(() => guard.checkAuth('creds', 'createLink'))).toBeUndefined();
    guard.mintRefused('creds');
    expect(guard.breakerState()).toMatchObject({ open: true, scope: 'mint' });
    expect(events).toEqual(['opened until +5000', 'opened until +10000']);
    guard.mintSucceeded('creds');
    expect(guard.breakerState().open).toBe(false);
    guard.mintRefused('creds');
    guard.closeBreaker('settings-saved');
    expect(codeOf(() => guard.checkAuth('creds', 'createLink'))).toBeUndefined();
    expect(events.slice(2)).toEqual([
      'closed link-minted',
      'opened until +5000',
      'closed settings-saved',
    ]);
  });
});

describe('rate-limit hold', () => {
  test('holds every call until Retry-After, telling the seconds left', () => {
    const { guard, advance } = setup();
    guard.rateLimited(3);
    let retryAfter: number | undefined;
    try {
      guard.checkRate('createLink');
    } catch (error) {
      retryAfter = (error as MatterportError).retryAfter;
    }
    expect(retryAfter).toBe(3);
    advance(3_000);
    expect(codeOf(() => guard.checkRate('listModels'))).toBeUndefined();
  });

  test('without Retry-After the hold doubles, and no hold is longer than the maximum', () => {
    const { guard, advance } = setup();
    const holds: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      guard.rateLimited(undefined);
      const until = guard.rateHeldUntilDate() as Date;
      const hold = until.getTime() - (1_000_000 + holds.reduce((a, b) => a + b, 0));
      holds.push(hold);
      advance(hold);
    }
    expect(holds.slice(0, 3)).toEqual([1_000, 2_000, 4_000]);
    expect(Math.max(...holds)).toBe(MAX_RATE_HOLD_MS);
    guard.rateLimited(86_400);
    expect(
      (guard.rateHeldUntilDate() as Date).getTime() - (1_000_000 + holds.reduce((a, b) => a + b, 0))
    ).toBe(MAX_RATE_HOLD_MS);
  });
});
