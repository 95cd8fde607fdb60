import { parse as parseIso, toSeconds as isoToSeconds } from 'iso8601-duration';

/**
 * Durations in the plugin use the two forms Matterport accepts for `validFor`:
 * ISO-8601 (`PT10M`, `PT1H30M`, `P1D`) and shorthand digits plus the unit's first
 * letter (`30s`, `5m`, `24h`, `1d`). A bare number is refused: `10` could mean
 * seconds or milliseconds, and guessing wrong would mint links that die at once.
 */
export const DURATION_FORMS_HINT =
  'Use a number followed by s, m, h or d (for example 30s, 5m, 1h) or an ISO-8601 duration (for example PT10M).';

const SHORTHAND = /^(\d{1,9})([smhd])$/;
// iso8601-duration is lenient about trailing junk in some versions; this keeps the
// accepted grammar explicit (time part needs at least one component; no fractions of weeks).
const ISO_8601 = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

export interface DurationBounds {
  /** Smallest accepted value, in seconds. */
  min?: number;
  /** Largest accepted value, in seconds. */
  max?: number;
  /** What is being parsed, for messages ("validFor", "cacheTtl"...). */
  label?: string;
}

const describe = (seconds: number): string => {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
};

/** Parses a duration into whole seconds, or throws a DurationError a person can act on. */
export const parseDuration = (input: unknown, bounds: DurationBounds = {}): number => {
  const label = bounds.label ?? 'duration';
  if (typeof input !== 'string') {
    throw new DurationError(`${label} must be a string. ${DURATION_FORMS_HINT}`);
  }
  const text = input.trim();
  let seconds: number;
  const shorthand = SHORTHAND.exec(text);
  if (shorthand) {
    seconds = Number(shorthand[1]) * UNIT_SECONDS[shorthand[2]];
  } else if (ISO_8601.test(text) && !/[YM]/.test(text.split('T')[0].slice(1))) {
    // Years and months have no fixed length, so they are refused rather than guessed.
    seconds = Math.round(isoToSeconds(parseIso(text)));
  } else {
    throw new DurationError(
      `${label} "${truncate(text)}" is not a duration. ${DURATION_FORMS_HINT}`
    );
  }
  if (bounds.min !== undefined && seconds < bounds.min) {
    throw new DurationError(
      `${label} must be at least ${describe(bounds.min)} (got "${truncate(text)}").`
    );
  }
  if (bounds.max !== undefined && seconds > bounds.max) {
    throw new DurationError(
      `${label} must be at most ${describe(bounds.max)} (got "${truncate(text)}").`
    );
  }
  return seconds;
};

/** Matterport's limits for a PME link's `validFor`: it advises at least 30 s and allows at most 24 h. */
export const VALID_FOR_BOUNDS = { min: 30, max: 24 * 3600 } as const;

export const parseValidFor = (input: unknown, label = 'validFor'): number =>
  parseDuration(input, { ...VALID_FOR_BOUNDS, label });

/** The forms of `validFor` Matterport documents; which one it accepts in practice is not verified. */
export type ValidForFormat = 'shorthand' | 'iso8601';

/** What Matterport is sent: always whole seconds, so nothing is lost in conversion (`3600s` or `PT3600S`). */
export const toMatterportDuration = (
  seconds: number,
  format: ValidForFormat = 'shorthand'
): string => (format === 'iso8601' ? `PT${seconds}S` : `${seconds}s`);

const truncate = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
