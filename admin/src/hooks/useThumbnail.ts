import { useEffect, useState } from 'react';

import type { ModelView } from '../../../common/contracts/models';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { useThumbnailQuery } from '../api/queries';

/**
 * The thumbnail route of a model, naming its connection. The server's thumbnailUrl already
 * does; a server that left it out would otherwise fetch the image from the default
 * organisation, which does not hold the model.
 */
export const thumbnailPathOf = (model: ModelView | null | undefined): string | undefined => {
  if (!model) return undefined;
  const path = model.thumbnailUrl;
  if (!model.connection || model.connection === DEFAULT_CONNECTION_ID) return path;
  if (/[?&]connection=/.test(path)) return path;
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}connection=${encodeURIComponent(model.connection)}`;
};

/**
 * A model's thumbnail as an object URL. The thumbnail route needs the admin JWT, which
 * an <img src> cannot send, so the image is fetched as a blob; the admin's CSP allows
 * blob: images. The URL is revoked when the image changes or the component unmounts,
 * otherwise every list refresh would leak the previous images.
 */
export const useThumbnail = (
  path: string | null | undefined
): { src: string | null; failed: boolean } => {
  const { data, problem } = useThumbnailQuery(path || null);
  const [src, setSrc] = useState<{ blob: Blob; url: string } | null>(null);

  useEffect(() => {
    if (!data) return undefined;
    const url = URL.createObjectURL(data);
    setSrc({ blob: data, url });
    return () => URL.revokeObjectURL(url);
  }, [data]);

  // Until the new image is ready, show nothing rather than the previous model's image.
  if (!path) return { src: null, failed: true };
  return { src: data && src?.blob === data ? src.url : null, failed: Boolean(problem) };
};
