import { formatClock, selectRelativeUnit } from './time';

describe('selectRelativeUnit', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');

  it.each([
    ['2024-06-01T11:59:30Z', -30, 'second'],
    ['2024-06-01T11:58:00Z', -2, 'minute'],
    ['2024-06-01T10:00:00Z', -2, 'hour'],
    ['2024-05-30T12:00:00Z', -2, 'day'],
    ['2024-06-01T12:05:00Z', 5, 'minute'],
  ])('%s is %i %s from now', (date, value, unit) => {
    expect(selectRelativeUnit(date, now)).toEqual({ value, unit });
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [65, '1:05'],
    [3725, '1:02:05'],
    [-10, '0:00'],
    [59.9, '0:59'],
  ])('%d s reads %s', (seconds, clock) => {
    expect(formatClock(seconds)).toBe(clock);
  });
});
