import { usePreviewLinkQuery } from '../api/queries';

/**
 * A short-lived Showcase link for the preview, asked for only while the preview is
 * open: each one is a Private Model Embed link recorded in the ledger.
 */
export const usePreviewLink = (modelId: string, open: boolean) => {
  const { data, problem, loading, reload } = usePreviewLinkQuery(modelId, open);
  return { preview: data, problem, loading, retry: reload };
};
