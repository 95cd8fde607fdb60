import { useModelQuery } from '../api/queries';

/** One model by ID (the selected card, a pasted link); null ID means nothing to load. */
export const useModel = (modelId: string | null) => {
  const { data, problem, loading, reload } = useModelQuery(modelId);
  return { model: data, problem, loading, retry: reload };
};
