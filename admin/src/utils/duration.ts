import { VALID_FOR_BOUNDS, parseDuration } from '../../../common/duration';

/**
 * Link lifetimes, checked with the same parser and bounds as the server
 * (common/duration.ts) so the Content-Type Builder refuses a value the server would
 * refuse at start-up. Only the problem's kind is kept: the UI says it in the
 * admin's language rather than showing the parser's English message.
 */
export const VALID_FOR_MIN_SECONDS = VALID_FOR_BOUNDS.min;
export const VALID_FOR_MAX_SECONDS = VALID_FOR_BOUNDS.max;

/** Whole seconds, or null when the text is not a duration in either form. */
export const parseDurationSeconds = (input: string): number | null => {
  try {
    return parseDuration(input);
  } catch {
    return null;
  }
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
