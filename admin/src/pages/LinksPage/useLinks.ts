import { useCallback, useEffect, useRef, useState } from 'react';

import { toApiProblem, type ApiProblem } from '../../api/errors';
import type { EmbedLinkRecord } from '../../api/types';
import { useMatterportApi } from '../../api/useMatterportApi';

/** The ledger's links, all or only the active ones; `reload` after a revocation. */
export const useLinks = (activeOnly: boolean) => {
  const api = useMatterportApi();
  const [links, setLinks] = useState<EmbedLinkRecord[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const current = ++generation.current;
    setLoading(true);
    setProblem(null);
    api
      .listLinks(activeOnly ? { active: true } : {})
      .then((result) => {
        if (current === generation.current) setLinks(result);
      })
      .catch((error: unknown) => {
        if (current === generation.current) setProblem(toApiProblem(error));
      })
      .finally(() => {
        if (current === generation.current) setLoading(false);
      });
  }, [api, activeOnly]);

  useEffect(reload, [reload]);

  return { links, problem, loading, reload };
};
