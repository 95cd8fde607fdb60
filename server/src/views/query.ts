import type { StoredModelValue } from '../../../common/field-value';

/**
 * The Showcase parameters of one delivered value, as a query string appended to its link
 * (withShowcaseParams: the last value of a key wins). The order is the issue's: the field's
 * preset, then the field's options (both already in `fieldQuery`), then the View's start (a
 * View delivered as its model), then the entry's own `params`. A value with neither answers
 * `fieldQuery` itself (no work on the common path).
 */
export const valueQuery = (
  fieldQuery: string,
  stored: Pick<StoredModelValue, 'params'>,
  start?: string | null
): string => {
  if (!stored.params && !start) return fieldQuery;
  const parts: string[] = fieldQuery ? [fieldQuery] : [];
  if (start) parts.push(`start=${encodeURIComponent(start)}`);
  if (stored.params) parts.push(new URLSearchParams(stored.params).toString());
  return parts.filter(Boolean).join('&');
};

/**
 * A delivered value with the stored value's View and per-entry parameters (issue 28), when it
 * has them; the value itself otherwise (nothing added on the common path).
 */
export const withPresentation = <T extends object>(
  value: T,
  stored: Pick<StoredModelValue, 'view' | 'params'>
): T & { view?: string; params?: Record<string, string> } => {
  const out = value as T & { view?: string; params?: Record<string, string> };
  if (stored.view !== undefined) out.view = stored.view;
  if (stored.params !== undefined) out.params = stored.params;
  return out;
};
