import { useModelQuery } from '../api/queries';

/**
 * One model by ID in one connection (the selected card, a pasted link); null ID means
 * nothing to load. A model ID exists in one organisation only, so the connection is part
 * of the question.
 */
export const useModel = (modelId: string | null, connection?: string) => {
  const { data, problem, loading, reload } = useModelQuery(modelId, connection);
  return { model: data, problem, loading, retry: reload };
};
