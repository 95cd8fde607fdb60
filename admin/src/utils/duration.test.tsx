import { checkValidFor, parseDurationSeconds } from './duration';

describe('parseDurationSeconds', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86400],
    ['PT10M', 600],
    ['PT1H30M', 5400],
    ['P1D', 86400],
    ['PT0.5S', 1],
    [' 2h ', 7200],
  ])('reads %s as %i seconds', (input, seconds) => {
    expect(parseDurationSeconds(input)).toBe(seconds);
  });

  it.each(['10', '10 m', '1y', 'P1M', 'P1Y', 'PT', 'P', '1.5h', 'abc', 'PT10'])(
    'refuses %p',
    (input) => {
      expect(parseDurationSeconds(input)).toBeNull();
    }
  );
});

describe('checkValidFor', () => {
  it('accepts an empty value (the settings default applies) and values from 30 s to 24 h', () => {
    expect(checkValidFor('')).toBeNull();
    expect(checkValidFor(null)).toBeNull();
    expect(checkValidFor(undefined)).toBeNull();
    expect(checkValidFor('30s')).toBeNull();
    expect(checkValidFor('24h')).toBeNull();
    expect(checkValidFor('PT24H')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkValidFor('29s')).toBe('tooShort');
    expect(checkValidFor('25h')).toBe('tooLong');
    expect(checkValidFor('2d')).toBe('tooLong');
    expect(checkValidFor('soon')).toBe('format');
  });
});
