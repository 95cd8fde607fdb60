import { useCallback, useEffect, useState } from 'react';

import { toApiProblem, type ApiProblem } from '../api/errors';
import type { PreviewLink } from '../api/types';
import { useMatterportApi } from '../api/useMatterportApi';

/**
 * A short-lived Showcase link for the preview, asked for only while the preview is
 * open: each one is a Private Model Embed link recorded in the ledger.
 */
export const usePreviewLink = (modelId: string, open: boolean) => {
  const api = useMatterportApi();
  const [state, setState] = useState<{ preview: PreviewLink | null; problem: ApiProblem | null }>({
    preview: null,
    problem: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    setState({ preview: null, problem: null });
    api
      .createPreviewLink(modelId)
      .then((preview) => {
        if (!cancelled) setState({ preview, problem: null });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ preview: null, problem: toApiProblem(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [api, modelId, open, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, loading: open && !state.preview && !state.problem, retry };
};
