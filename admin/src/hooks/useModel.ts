import { useCallback, useEffect, useState } from 'react';

import { isAbortError, toApiProblem, type ApiProblem } from '../api/errors';
import type { MatterportModel } from '../api/types';
import { useMatterportApi } from '../api/useMatterportApi';

interface ModelState {
  modelId: string | null;
  model: MatterportModel | null;
  problem: ApiProblem | null;
}

/** One model by ID (the selected card, a pasted link); null ID means nothing to load. */
export const useModel = (modelId: string | null) => {
  const api = useMatterportApi();
  const [state, setState] = useState<ModelState>({ modelId: null, model: null, problem: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!modelId) return undefined;
    const controller = new AbortController();
    let cancelled = false;
    setState({ modelId, model: null, problem: null });
    api
      .getModel(modelId, controller.signal)
      .then((model) => {
        if (!cancelled) setState({ modelId, model, problem: null });
      })
      .catch((error: unknown) => {
        if (!cancelled && !isAbortError(error)) setState({ modelId, model: null, problem: toApiProblem(error) });
      });
    return () => {
      cancelled = true;
      controller.abort();
    };
  }, [api, modelId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = state.modelId === modelId;
  const model = current ? state.model : null;
  const problem = current ? state.problem : null;
  const loading = Boolean(modelId) && !model && !problem;

  return { model, problem, loading, retry };
};
