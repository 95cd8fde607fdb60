import { describe, expect, it } from '@jest/globals';
import { isExpired, secondsLeft, secondsUntilEarliestExpiry } from './index';
import { embed, failed, NOW, publicEmbed, VALID_UNTIL } from './test-fixtures';

const UNTIL = Date.parse(VALID_UNTIL);

describe('secondsLeft', () => {
  it('counts whole seconds, rounding down, to 0 at and after validUntil', () => {
    expect(secondsLeft(embed(), NOW)).toBe(3600);
    expect(secondsLeft(embed(), new Date(NOW))).toBe(3600);
    expect(secondsLeft(embed(), UNTIL - 1001)).toBe(1);
    expect(secondsLeft(embed(), UNTIL - 1000)).toBe(1);
    expect(secondsLeft(embed(), UNTIL - 999)).toBe(0);
    expect(secondsLeft(embed(), UNTIL)).toBe(0);
    expect(secondsLeft(embed(), UNTIL + 5000)).toBe(0);
  });

  it('is 0 without a usable validUntil', () => {
    expect(secondsLeft(failed(), NOW)).toBe(0);
    expect(secondsLeft(null, NOW)).toBe(0);
    expect(secondsLeft(undefined, NOW)).toBe(0);
    expect(secondsLeft({ validUntil: 'soon' }, NOW)).toBe(0);
  });

  it('reads the real clock by default', () => {
    const inAMinute = new Date(Date.now() + 60_500).toISOString();
    expect(secondsLeft({ validUntil: inAMinute })).toBeGreaterThanOrEqual(59);
    expect(secondsLeft({ validUntil: inAMinute })).toBeLessThanOrEqual(60);
  });

  it('rejects an invalid now', () => {
    expect(() => secondsLeft(embed(), new Date('nope'))).toThrow(TypeError);
    expect(() => secondsLeft(embed(), NaN)).toThrow(TypeError);
  });
});

describe('isExpired', () => {
  it('turns true exactly at validUntil', () => {
    expect(isExpired(embed(), NOW)).toBe(false);
    expect(isExpired(embed(), UNTIL - 1)).toBe(false);
    expect(isExpired(embed(), UNTIL)).toBe(true);
    expect(isExpired(embed(), new Date(UNTIL + 1))).toBe(true);
  });

  it('is true without a usable validUntil', () => {
    expect(isExpired(failed(), NOW)).toBe(true);
    expect(isExpired(null, NOW)).toBe(true);
    expect(isExpired({ validUntil: '' }, NOW)).toBe(true);
  });

  it('is never true for a public space value (no expiry), but is for a look-alike with a token', () => {
    expect(isExpired(publicEmbed(), NOW)).toBe(false);
    expect(isExpired(publicEmbed(), Date.parse('2100-01-01T00:00:00Z'))).toBe(false);
    const lookAlike: unknown = { ...publicEmbed(), accessToken: 'tok' };
    expect(isExpired(lookAlike as { validUntil: null }, NOW)).toBe(true);
  });
});

describe('secondsUntilEarliestExpiry', () => {
  const response = {
    data: [
      { id: 1, title: 'A', space: embed({ validUntil: '2026-11-22T13:00:00Z' }) },
      {
        id: 2,
        blocks: [
          { __component: 'media.tour', tour: embed({ validUntil: '2026-11-22T11:30:00Z' }) },
          { __component: 'text.rich', body: 'no embed here', validUntil: '2026-11-22T11:00:01Z' },
        ],
      },
      { id: 3, related: { space: embed() } },
    ],
    meta: { pagination: { page: 1 } },
  };

  it('finds the earliest validUntil anywhere and subtracts the margin (default 300 s)', () => {
    expect(secondsUntilEarliestExpiry(response, { now: NOW })).toBe(1800 - 300);
    expect(secondsUntilEarliestExpiry(response, { now: NOW, margin: 0 })).toBe(1800);
    expect(secondsUntilEarliestExpiry(response, { now: NOW, margin: 0.5 })).toBe(1799);
  });

  it('never goes below 0', () => {
    expect(secondsUntilEarliestExpiry(response, { now: Date.parse('2026-11-22T11:29:00Z') })).toBe(
      0
    );
    expect(secondsUntilEarliestExpiry(response, { now: Date.parse('2026-11-23T00:00:00Z') })).toBe(
      0
    );
  });

  it('returns null when there is no embed', () => {
    expect(
      secondsUntilEarliestExpiry({ data: [{ id: 1, modelId: 'x' }] }, { now: NOW })
    ).toBeNull();
    expect(secondsUntilEarliestExpiry(null, { now: NOW })).toBeNull();
    expect(secondsUntilEarliestExpiry('text', { now: NOW })).toBeNull();
    expect(secondsUntilEarliestExpiry([], { now: NOW })).toBeNull();
  });

  it('retries soon after an error embed, unless told not to', () => {
    const withError = { data: { space: failed(), other: embed() } };
    expect(secondsUntilEarliestExpiry(withError, { now: NOW })).toBe(60);
    expect(secondsUntilEarliestExpiry(withError, { now: NOW, retryErrorsAfter: 10 })).toBe(10);
    expect(secondsUntilEarliestExpiry(withError, { now: NOW, retryErrorsAfter: false })).toBe(3300);
    expect(
      secondsUntilEarliestExpiry({ space: failed() }, { now: NOW, retryErrorsAfter: false })
    ).toBeNull();
  });

  it('ignores public space values: a page of only public spaces stays cacheable (null)', () => {
    const onlyPublic = {
      data: [
        { id: 1, space: publicEmbed() },
        { id: 2, tour: publicEmbed() },
      ],
    };
    expect(secondsUntilEarliestExpiry(onlyPublic, { now: NOW })).toBeNull();
    expect(secondsUntilEarliestExpiry(publicEmbed(), { now: NOW })).toBeNull();
    const mixed = { data: [{ space: publicEmbed() }, { space: embed() }] };
    expect(secondsUntilEarliestExpiry(mixed, { now: NOW })).toBe(3600 - 300);
  });

  it('accepts a single embed and survives cycles', () => {
    expect(secondsUntilEarliestExpiry(embed(), { now: NOW, margin: 60 })).toBe(3540);
    const cyclic: Record<string, unknown> = { space: embed() };
    cyclic.self = cyclic;
    expect(secondsUntilEarliestExpiry(cyclic, { now: NOW, margin: 0 })).toBe(3600);
  });

  it('rejects invalid options', () => {
    expect(() => secondsUntilEarliestExpiry(response, { margin: -1 })).toThrow(TypeError);
    expect(() => secondsUntilEarliestExpiry(response, { retryErrorsAfter: NaN })).toThrow(
      TypeError
    );
  });
});
