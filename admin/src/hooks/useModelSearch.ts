import { useCallback, useEffect, useMemo, useState } from 'react';

import type { ApiProblem } from '../api/errors';
import type { GetModels, ModelView } from '../../../common/contracts/models';
import { useModelPageQuery } from '../api/queries';

export const SEARCH_PAGE_SIZE = 20;
const NO_PAGES: GetModels.Response[] = [];
const NO_MODELS: ModelView[] = [];

/**
 * Searches one connection's models (an organisation's account) by name (the server also matches a bare ID) and pages
 * through them with Matterport's nextOffset. `search === null` means "do not search"
 * (the box holds a URL, or the picker has not been opened yet). Both the first page
 * and "Load more" are react-query queries, keyed by search and offset, so an answer to
 * an older search never lands in a newer list.
 */
export const useModelSearch = (search: string | null, connection?: string) => {
  const text = search === null ? undefined : search.trim() || undefined;
  const firstKey = search === null ? null : JSON.stringify([connection ?? '', text ?? '']);
  const first = useModelPageQuery(text, undefined, SEARCH_PAGE_SIZE, firstKey !== null, connection);

  // Pages after the first, in order, for the current search.
  const [more, setMore] = useState<{
    key: string | null;
    pages: GetModels.Response[];
    offset: string | null;
  }>({ key: null, pages: [], offset: null });
  const moreKey =
    firstKey !== null && more.key === firstKey && more.offset
      ? JSON.stringify([connection ?? '', text ?? '', more.offset])
      : null;
  const next = useModelPageQuery(
    text,
    more.offset ?? undefined,
    SEARCH_PAGE_SIZE,
    moreKey !== null,
    connection
  );

  useEffect(() => {
    if (!next.data || !moreKey) return;
    const page = next.data;
    setMore((previous) =>
      previous.offset
        ? { key: previous.key, pages: [...previous.pages, page], offset: null }
        : previous
    );
  }, [next.data, moreKey]);

  const morePages = more.key === firstKey ? more.pages : NO_PAGES;
  const settled = first.data !== null && !first.loading;
  // Memoised: the picker resets its highlighted option whenever the list changes identity.
  const { pages, models } = useMemo(() => {
    const pages = settled && first.data ? [first.data, ...morePages] : NO_PAGES;
    const models: ModelView[] = [];
    const seen = new Set<string>();
    // Matterport pages are not snapshots: a model can move between pages.
    for (const page of pages)
      for (const model of page.data)
        if (!seen.has(model.id) && seen.add(model.id)) models.push(model);
    return { pages, models };
  }, [settled, first.data, morePages]);
  const last = pages[pages.length - 1];

  const status: 'idle' | 'loading' | 'ready' | 'error' =
    search === null ? 'idle' : first.problem ? 'error' : first.loading ? 'loading' : 'ready';
  const loadingMore = moreKey !== null && next.loading;
  const moreProblem: ApiProblem | null = moreKey !== null ? next.problem : null;

  const reloadNext = next.reload;
  const loadMore = useCallback(() => {
    if (firstKey === null || !last?.meta.nextOffset || loadingMore) return;
    if (moreProblem) {
      reloadNext();
      return;
    }
    const offset = last.meta.nextOffset;
    setMore((previous) => ({
      key: firstKey,
      pages: previous.key === firstKey ? previous.pages : [],
      offset,
    }));
  }, [firstKey, last?.meta.nextOffset, loadingMore, moreProblem, reloadNext]);

  return {
    // While a new search runs, the previous results stay in view.
    models:
      status === 'loading'
        ? (first.data?.data ?? NO_MODELS)
        : status === 'ready'
          ? models
          : NO_MODELS,
    nextOffset: last?.meta.nextOffset ?? null,
    total: last?.meta.total ?? 0,
    status,
    problem: first.problem,
    loadingMore,
    moreProblem,
    loadMore,
    retry: first.reload,
  };
};
