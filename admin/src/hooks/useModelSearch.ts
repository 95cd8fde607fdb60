import { useCallback, useEffect, useRef, useState } from 'react';

import { isAbortError, toApiProblem, type ApiProblem } from '../api/errors';
import type { MatterportModel } from '../api/types';
import { useMatterportApi } from '../api/useMatterportApi';

export const SEARCH_PAGE_SIZE = 20;

interface SearchState {
  models: MatterportModel[];
  nextOffset: string | null;
  total: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  problem: ApiProblem | null;
  loadingMore: boolean;
  /** A failed "Load more": the first page stays visible. */
  moreProblem: ApiProblem | null;
}

const INITIAL: SearchState = {
  models: [],
  nextOffset: null,
  total: 0,
  status: 'idle',
  problem: null,
  loadingMore: false,
  moreProblem: null,
};

/**
 * Searches the account's models by name (the server also matches a bare ID) and pages
 * through them with Matterport's nextOffset. `search === null` means "do not search"
 * (the box holds a URL, or the picker has not been opened yet).
 */
export const useModelSearch = (search: string | null) => {
  const api = useMatterportApi();
  const [state, setState] = useState<SearchState>(INITIAL);
  const [attempt, setAttempt] = useState(0);
  // Answers to an older search (or page) must not overwrite a newer one.
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    if (search === null) {
      setState(INITIAL);
      return undefined;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...INITIAL, models: previous.models, status: 'loading' }));
    api
      .listModels({ search: search.trim() || undefined, pageSize: SEARCH_PAGE_SIZE }, controller.signal)
      .then((page) => {
        if (current !== generation.current) return;
        setState({ ...INITIAL, models: page.models, nextOffset: page.nextOffset, total: page.total, status: 'ready' });
      })
      .catch((error: unknown) => {
        if (current !== generation.current || isAbortError(error)) return;
        setState({ ...INITIAL, status: 'error', problem: toApiProblem(error) });
      });
    return () => controller.abort();
  }, [api, search, attempt]);

  const loadMore = useCallback(() => {
    if (search === null || !state.nextOffset || state.loadingMore) return;
    const current = generation.current;
    setState((previous) => ({ ...previous, loadingMore: true, moreProblem: null }));
    api
      .listModels({ search: search.trim() || undefined, offset: state.nextOffset, pageSize: SEARCH_PAGE_SIZE })
      .then((page) => {
        if (current !== generation.current) return;
        setState((previous) => {
          // Matterport pages are not snapshots: a model can move between pages.
          const seen = new Set(previous.models.map((model) => model.id));
          return {
            ...previous,
            models: [...previous.models, ...page.models.filter((model) => !seen.has(model.id))],
            nextOffset: page.nextOffset,
            total: page.total,
            loadingMore: false,
          };
        });
      })
      .catch((error: unknown) => {
        if (current !== generation.current || isAbortError(error)) return;
        setState((previous) => ({ ...previous, loadingMore: false, moreProblem: toApiProblem(error) }));
      });
  }, [api, search, state.nextOffset, state.loadingMore]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { ...state, loadMore, retry };
};
