import { describe, expect, it, jest } from '@jest/globals';
import { createTokenFetcher, MatterportTokenError, tokenInfo, type MatterportEmbed } from './index';
import { embed, failed, NOW, VALID_UNTIL } from './test-fixtures';

type Reload = () => Promise<MatterportEmbed | null | undefined>;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function rejection(promise: Promise<unknown>): Promise<MatterportTokenError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(MatterportTokenError);
  return error as MatterportTokenError;
}

describe('tokenInfo', () => {
  it('gives the initial TokenInfo of an embed', () => {
    expect(tokenInfo(embed(), NOW)).toEqual({ access_token: 'tok123', expires_in: 3600 });
    expect(tokenInfo(embed(), Date.parse(VALID_UNTIL) + 1)).toEqual({
      access_token: 'tok123',
      expires_in: 0,
    });
    expect(tokenInfo(failed(), NOW)).toBeNull();
    expect(tokenInfo(null, NOW)).toBeNull();
  });
});

describe('createTokenFetcher', () => {
  it('resolves the reloaded token with expires_in from validUntil and the clock', async () => {
    const reload = jest
      .fn<Reload>()
      .mockResolvedValue(embed({ accessToken: 'fresh', validUntil: '2026-11-22T11:10:00.900Z' }));
    const fetcher = createTokenFetcher(reload, { now: () => NOW });
    await expect(fetcher.fetch('old')).resolves.toEqual({ access_token: 'fresh', expires_in: 600 });
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('reads the clock after the reload, not before', async () => {
    let now = NOW;
    const pending = deferred<MatterportEmbed>();
    const fetcher = createTokenFetcher(() => pending.promise, { now: () => now });
    const result = fetcher.fetch();
    now = NOW + 10_000;
    pending.resolve(embed());
    await expect(result).resolves.toEqual({ access_token: 'tok123', expires_in: 3590 });
  });

  it('shares one reload between concurrent calls, and reloads again afterwards', async () => {
    const pending = deferred<MatterportEmbed>();
    const reload = jest
      .fn<Reload>()
      .mockReturnValueOnce(pending.promise)
      .mockResolvedValueOnce(embed({ accessToken: 'second' }));
    const fetcher = createTokenFetcher(reload, { now: () => NOW });
    const a = fetcher.fetch();
    const b = fetcher.fetch();
    const c = fetcher.fetch();
    expect(reload).toHaveBeenCalledTimes(1);
    pending.resolve(embed({ accessToken: 'first' }));
    const results = await Promise.all([a, b, c]);
    expect(results).toEqual([
      { access_token: 'first', expires_in: 3600 },
      { access_token: 'first', expires_in: 3600 },
      { access_token: 'first', expires_in: 3600 },
    ]);
    await expect(fetcher.fetch()).resolves.toEqual({ access_token: 'second', expires_in: 3600 });
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('shares a failure between concurrent calls and recovers on the next call', async () => {
    const pending = deferred<MatterportEmbed>();
    const reload = jest
      .fn<Reload>()
      .mockReturnValueOnce(pending.promise)
      .mockResolvedValueOnce(embed());
    const fetcher = createTokenFetcher(reload, { now: () => NOW });
    const a = fetcher.fetch();
    const b = fetcher.fetch();
    const cause = new Error('HTTP 502');
    pending.reject(cause);
    const [ea, eb] = await Promise.all([rejection(a), rejection(b)]);
    expect(ea).toBe(eb);
    expect(ea.code).toBe('MATTERPORT_RELOAD_FAILED');
    expect(ea.message).toBe('Reloading the Matterport embed failed: HTTP 502');
    expect(ea.cause).toBe(cause);
    expect(ea.name).toBe('MatterportTokenError');
    await expect(fetcher.fetch()).resolves.toEqual({ access_token: 'tok123', expires_in: 3600 });
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('wraps a reload that throws synchronously', async () => {
    const fetcher = createTokenFetcher(() => {
      throw 'offline';
    });
    const error = await rejection(fetcher.fetch());
    expect(error.code).toBe('MATTERPORT_RELOAD_FAILED');
    expect(error.message).toBe('Reloading the Matterport embed failed: offline');
  });

  it('rejects with the server error code of an error embed', async () => {
    const fetcher = createTokenFetcher(async () => failed('MATTERPORT_RATE_LIMITED', 'slow down'), {
      now: () => NOW,
    });
    const error = await rejection(fetcher.fetch());
    expect(error.code).toBe('MATTERPORT_RATE_LIMITED');
    expect(error.message).toBe(
      'The server could not renew the Matterport token (MATTERPORT_RATE_LIMITED): slow down'
    );
  });

  it('rejects with MATTERPORT_NO_TOKEN when there is no embed or no token', async () => {
    for (const value of [null, undefined, { modelId: 'SxQL3iGyoDo' }, embed({ accessToken: '' })]) {
      const fetcher = createTokenFetcher(async () => value as MatterportEmbed | null | undefined, {
        now: () => NOW,
      });
      const error = await rejection(fetcher.fetch());
      expect(error.code).toBe('MATTERPORT_NO_TOKEN');
      expect(error.message).toBe('The reloaded entry has no Matterport access token');
    }
  });

  it('rejects a token with less than a second left', async () => {
    const until = Date.parse(VALID_UNTIL);
    const almost = createTokenFetcher(async () => embed(), { now: () => until - 999 });
    expect((await rejection(almost.fetch())).code).toBe('MATTERPORT_TOKEN_EXPIRED');
    const past = createTokenFetcher(async () => embed(), { now: () => new Date(until + 60_000) });
    expect((await rejection(past.fetch())).code).toBe('MATTERPORT_TOKEN_EXPIRED');
    const justEnough = createTokenFetcher(async () => embed(), { now: () => until - 1000 });
    await expect(justEnough.fetch()).resolves.toEqual({ access_token: 'tok123', expires_in: 1 });
  });

  it('never puts the token into an error message', async () => {
    const fetcher = createTokenFetcher(async () => embed({ accessToken: 'secret-token' }), {
      now: () => Date.parse(VALID_UNTIL),
    });
    const error = await rejection(fetcher.fetch());
    expect(error.message).not.toContain('secret-token');
  });
});
