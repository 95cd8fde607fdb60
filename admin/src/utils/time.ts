/**
 * Small time helpers for "changed 2 hours ago" and link countdowns. react-intl's
 * formatRelativeTime needs a value and a unit; choosing the unit is left to callers,
 * and this is the one place that does it.
 */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** The largest unit that fits, e.g. 7,300 s ago → { value: -2, unit: 'hour' }. */
export const selectRelativeUnit = (
  date: Date | string,
  now: number = Date.now()
): { value: number; unit: Intl.RelativeTimeFormatUnit } => {
  const seconds = Math.round((new Date(date).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return { value: Math.trunc(seconds / size), unit };
  }
  return { value: seconds, unit: 'second' };
};

/** A remaining duration as a clock, e.g. 3,725 s → "1:02:05", 65 s → "1:05"; negative → "0:00". */
export const formatClock = (totalSeconds: number): string => {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
};
