import { useCallback, useEffect, useRef, useState } from 'react';

import { isAbortError, toApiProblem, type ApiProblem } from './errors';
import { useMatterportApi, type MatterportApi } from './useMatterportApi';

export interface ApiQueryOptions {
  /** Ask again every so many milliseconds while the page is visible (a live panel). */
  refetchIntervalMs?: number;
  /** Keep showing the previous key's data while a new key loads (a table changing page). */
  keepPreviousData?: boolean;
}

export interface ApiQuery<T> {
  /** The answer for the current key (or the previous key's, with keepPreviousData), else null. */
  data: T | null;
  /** What went wrong for the current key, mapped through api/errors.ts. */
  problem: ApiProblem | null;
  /** A request for the current key is under way (not set by background refreshes). */
  loading: boolean;
  /** Ask again for the current key. */
  reload: () => void;
}

interface State<T> {
  key: string | null;
  data: T | null;
  problem: ApiProblem | null;
  loading: boolean;
}

/**
 * The admin's one way to read from its API. `key` names what is asked for (null: ask
 * nothing); when it changes, the running request is aborted and its late answer
 * ignored, so a slow answer to an older search or page never overwrites a newer one.
 * Errors become an ApiProblem; cancellations are not errors. `run` does the request
 * and checks the answer's shape (api/check.ts) and may change between renders.
 */
export const useApiQuery = <T>(
  key: string | null,
  run: (api: MatterportApi, signal: AbortSignal) => Promise<T>,
  { refetchIntervalMs, keepPreviousData = false }: ApiQueryOptions = {}
): ApiQuery<T> => {
  const api = useMatterportApi();
  const [state, setState] = useState<State<T>>({
    key: null,
    data: null,
    problem: null,
    loading: key !== null,
  });
  const [attempt, setAttempt] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    let latest = 0;

    const request = (background: boolean) => {
      const id = ++latest;
      if (!background) {
        setState((previous) => ({
          key,
          data: previous.key === key || keepPreviousData ? previous.data : null,
          problem: null,
          loading: true,
        }));
      }
      runRef
        .current(api, controller.signal)
        .then((data) => {
          if (id === latest && !controller.signal.aborted)
            setState({ key, data, problem: null, loading: false });
        })
        .catch((error: unknown) => {
          if (id !== latest || controller.signal.aborted || isAbortError(error)) return;
          // A failed background refresh keeps the last good answer beside the problem.
          setState((previous) => ({
            key,
            data: background && previous.key === key ? previous.data : null,
            problem: toApiProblem(error),
            loading: false,
          }));
        });
    };

    request(false);
    const timer =
      refetchIntervalMs === undefined
        ? undefined
        : setInterval(() => {
            if (typeof document === 'undefined' || document.visibilityState !== 'hidden')
              request(true);
          }, refetchIntervalMs);
    return () => {
      controller.abort();
      if (timer !== undefined) clearInterval(timer);
    };
  }, [api, key, attempt, refetchIntervalMs, keepPreviousData]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  if (key === null) return { data: null, problem: null, loading: false, reload };
  const current = state.key === key;
  return {
    data: current || keepPreviousData ? state.data : null,
    problem: current ? state.problem : null,
    loading: !current || state.loading,
    reload,
  };
};
