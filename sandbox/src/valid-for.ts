/** Matterport: "The max amount of time that can be configured is 24 hours." */
export const MAX_VALID_FOR_SECONDS = 24 * 60 * 60;

/** Sandbox choice: Matterport does not say what an omitted `validFor` means. */
export const DEFAULT_VALID_FOR_SECONDS = 60 * 60;

const SHORTHAND_UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
};

// Days and a time part; years, months and weeks are rejected since all of them exceed 24 hours.
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

import type { ValidForFormatsMode } from './control-types';

export type ValidForResult = { ok: true; seconds: number } | { ok: false; message: string };

const FORM_NAMES: Readonly<Record<ValidForFormatsMode, string>> = {
  both: 'neither an ISO-8601 duration (PT10M) nor a shorthand like 30s, 5m, 24h',
  iso8601: 'not an ISO-8601 duration like PT10M',
  shorthand: 'not a shorthand like 30s, 5m, 24h',
};

/**
 * Reads `validFor` as Matterport documents it: an ISO-8601 duration (`PT10M`)
 * or digits plus the first letter of the unit (`30s`, `5m`, `24h`). Its docs
 * name both, but nothing public shows both really work, so `formats`
 * (the `validForFormats` mode) can narrow it to one; a refused form gets the
 * same answer as any other unreadable value.
 */
export function parseValidFor(
  input: string | null | undefined,
  formats: ValidForFormatsMode = 'both'
): ValidForResult {
  if (input === null || input === undefined)
    return { ok: true, seconds: DEFAULT_VALID_FOR_SECONDS };
  const seconds =
    (formats === 'iso8601' ? null : shorthandSeconds(input)) ??
    (formats === 'shorthand' ? null : isoSeconds(input));
  if (seconds === null)
    return { ok: false, message: `validFor "${input}" is ${FORM_NAMES[formats]}` };
  if (seconds <= 0) return { ok: false, message: 'validFor must be longer than zero' };
  if (seconds > MAX_VALID_FOR_SECONDS)
    return { ok: false, message: 'validFor must be at most 24 hours' };
  return { ok: true, seconds };
}

function shorthandSeconds(input: string): number | null {
  const match = /^(\d{1,9})([smhd])$/.exec(input);
  if (!match) return null;
  return Number(match[1]) * (SHORTHAND_UNIT_SECONDS[match[2] as string] ?? 0);
}

function isoSeconds(input: string): number | null {
  const match = ISO_DURATION.exec(input);
  // `P` and `PT` alone match the pattern but name no duration.
  if (!match || input === 'P' || input.endsWith('T')) return null;
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return (days ?? 0) * 86_400 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0);
}
