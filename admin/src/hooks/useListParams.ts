import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { deepEncodeQueryValues, useQueryParams } from '@strapi/strapi/admin';

import { PAGE_SIZES } from '../components/PageControls';
import { useDebouncedValue } from './useDebouncedValue';

type Filters = Record<string, string>;

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const positiveInteger = (value: unknown): number | undefined => {
  const number = Number(textOf(value));
  return Number.isInteger(number) && number > 0 ? number : undefined;
};

/** For filters with a fixed set of values (a select): the values the page offers. */
export type FilterChoices<F extends Filters> = Partial<Record<keyof F, readonly string[]>>;

/**
 * The filters a URL query names, each falling back to its default when absent or, for a
 * filter with fixed choices, not one of them: a hand-edited or outdated link
 * (`?status=bogus`) shows the default list rather than the server's 400 as a load error.
 */
export const filtersFromQuery = <F extends Filters>(
  query: Record<string, unknown>,
  defaults: F,
  choices: FilterChoices<F> = {}
): F =>
  Object.fromEntries(
    Object.keys(defaults).map((key) => {
      const value = textOf(query[key]);
      const allowed = choices[key as keyof F];
      const ok = value !== undefined && (!allowed || allowed.includes(value));
      return [key, ok ? value : defaults[key]];
    })
  ) as F;

/**
 * A paged list's page, rows per page and filters, kept in the URL's query string (as the
 * content manager does), so a reload, a shared link or Back shows the same list. A value
 * equal to its default is left out of the URL. Changing a filter or the page size starts
 * again from the first page.
 */
export const useListParams = <F extends Filters>(
  defaults: F,
  defaultPageSize: number,
  choices?: FilterChoices<F>
) => {
  const [{ query }, setQuery] = useQueryParams<Record<string, unknown>>();

  const filters = useMemo(
    () => filtersFromQuery(query, defaults, choices),
    [defaults, query, choices]
  );
  const page = positiveInteger(query.page) ?? 1;
  const askedSize = positiveInteger(query.pageSize);
  const pageSize = askedSize && PAGE_SIZES.includes(askedSize) ? askedSize : defaultPageSize;

  // useQueryParams merges into what it read (decoded) and writes it all back unencoded, so
  // every value is encoded here, the ones kept too: "a & b" read back would break the URL.
  // Two changes in one moment (both dates, a filter as typing settles) must not undo each
  // other: the router shows a navigation only after it, so each write builds on the last.
  const latest = useRef({ read: query, written: query });
  if (latest.current.read !== query) latest.current = { read: query, written: query };
  const write = useCallback(
    (next: Record<string, string | number | undefined>, replace: boolean) => {
      const merged: Record<string, unknown> = { ...latest.current.written, ...next };
      latest.current.written = merged;
      setQuery(deepEncodeQueryValues(merged), 'push', replace);
    },
    [setQuery]
  );

  return {
    page,
    pageSize,
    filters,
    setPage: (next: number) => write({ page: next > 1 ? next : undefined }, false),
    setPageSize: (next: number) =>
      write({ pageSize: next === defaultPageSize ? undefined : next, page: undefined }, false),
    /** Typing and choosing replace the history entry: Back leaves the page rather than undoing a keystroke. */
    setFilters: (patch: Partial<F>) =>
      write(
        {
          ...Object.fromEntries(
            Object.entries(patch).map(([key, value]) => [
              key,
              value === defaults[key] ? undefined : value,
            ])
          ),
          page: undefined,
        },
        true
      ),
  };
};

/**
 * A text filter typed by the admin: the box follows every keystroke, the URL (and so the
 * request) only once typing pauses; a URL changed from elsewhere (Back) refills the box.
 */
export const useTextFilter = (value: string, onChange: (value: string) => void) => {
  const [input, setInput] = useState(value);
  const [settled] = useDebouncedValue(input.trim(), 300);

  useEffect(() => {
    if (settled !== value) onChange(settled);
    // Only a pause in typing writes; a new `value` from the URL must not write it back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  useEffect(() => {
    if (value !== settled) setInput(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  return [input, setInput] as const;
};
