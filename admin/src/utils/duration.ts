/**
 * Link lifetimes in the two forms Matterport accepts for `validFor`, as the server
 * parses them (server/src/utils/duration.ts): shorthand digits plus the unit's first
 * letter (30s, 5m, 1h, 1d) or ISO-8601 (PT10M, PT1H30M, P1D). Checked client-side so
 * the Content-Type Builder refuses a value the server would refuse at start-up.
 */
const SHORTHAND = /^(\d{1,9})([smhd])$/;
// Years and months have no fixed length, so the ISO form only takes weeks and smaller.
const ISO_8601 = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Matterport advises at least 30 seconds (Showcase must start) and allows at most 24 hours. */
export const VALID_FOR_MIN_SECONDS = 30;
export const VALID_FOR_MAX_SECONDS = 24 * 3600;

/** Whole seconds, or null when the text is not a duration in either form. */
export const parseDurationSeconds = (input: string): number | null => {
  const text = input.trim();
  const shorthand = SHORTHAND.exec(text);
  if (shorthand) return Number(shorthand[1]) * UNIT_SECONDS[shorthand[2]];
  const iso = ISO_8601.exec(text);
  if (!iso) return null;
  const [, weeks, days, hours, minutes, seconds] = iso;
  const n = (part: string | undefined) => (part ? Number(part) : 0);
  return Math.round(n(weeks) * 604800 + n(days) * 86400 + n(hours) * 3600 + n(minutes) * 60 + n(seconds));
};

export type ValidForProblem = 'format' | 'tooShort' | 'tooLong';

/** Why a link lifetime would be refused, or null when it is fine (empty means "the settings default"). */
export const checkValidFor = (input: string | null | undefined): ValidForProblem | null => {
  if (input === undefined || input === null || input.trim() === '') return null;
  const seconds = parseDurationSeconds(input);
  if (seconds === null) return 'format';
  if (seconds < VALID_FOR_MIN_SECONDS) return 'tooShort';
  if (seconds > VALID_FOR_MAX_SECONDS) return 'tooLong';
  return null;
};
