import { useApiQuery } from '../api/useApiQuery';

/**
 * A short-lived Showcase link for the preview, asked for only while the preview is
 * open: each one is a Private Model Embed link recorded in the ledger.
 */
export const usePreviewLink = (modelId: string, open: boolean) => {
  const { data, problem, loading, reload } = useApiQuery(open ? modelId : null, (api) =>
    api.createPreviewLink(modelId)
  );
  return { preview: data, problem, loading, retry: reload };
};
