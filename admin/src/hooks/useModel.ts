import { useApiQuery } from '../api/useApiQuery';

/** One model by ID (the selected card, a pasted link); null ID means nothing to load. */
export const useModel = (modelId: string | null) => {
  const { data, problem, loading, reload } = useApiQuery(modelId, (api, signal) =>
    api.getModel(modelId ?? '', signal)
  );
  return { model: data, problem, loading, retry: reload };
};
