import { usePreviewLinkQuery } from '../api/queries';

/**
 * A short-lived Showcase link for the preview, asked for only while the preview is
 * open: each one is a Private Model Embed link recorded in the ledger, minted with the
 * credentials of the connection that holds the model.
 */
export const usePreviewLink = (modelId: string, open: boolean, connection?: string) => {
  const { data, problem, loading, reload } = usePreviewLinkQuery(modelId, open, connection);
  return { preview: data, problem, loading, retry: reload };
};
