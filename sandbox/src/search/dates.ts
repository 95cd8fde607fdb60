/**
 * A date or timestamp in a query, as the span of time it names: `2024` is the
 * whole year, `2024-03-01` the whole UTC day, a full timestamp one instant.
 * Range bounds use the span's start or end the way Elasticsearch rounds
 * partial dates (an inclusive upper bound `2024-12-31` takes in that whole day).
 */
export interface DateSpan {
  start: number;
  /** Exclusive. */
  end: number;
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

export function parseDateSpan(text: string): DateSpan | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const milli = ms === undefined ? 0 : Number(ms.padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  // Date.UTC rolls 2024-02-31 over into March; a real date survives the round trip.
  if (new Date(local).getUTCDate() !== day) return null;
  const start = local - offsetMs(zone);
  const next = new Date(start);
  if (mo === undefined) next.setUTCFullYear(next.getUTCFullYear() + 1);
  else if (d === undefined) next.setUTCMonth(next.getUTCMonth() + 1);
  else if (h === undefined) next.setUTCDate(next.getUTCDate() + 1);
  else if (s === undefined) next.setUTCMinutes(next.getUTCMinutes() + 1);
  else if (ms === undefined) next.setUTCSeconds(next.getUTCSeconds() + 1);
  else next.setUTCMilliseconds(next.getUTCMilliseconds() + 1);
  return { start, end: next.getTime() };
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
