import { useEffect, useState } from 'react';

import { useMatterportApi } from '../api/useMatterportApi';

/**
 * A model's thumbnail as an object URL. The thumbnail route needs the admin JWT, which
 * an <img src> cannot send, so the image is fetched as a blob; the admin's CSP allows
 * blob: images. The URL is revoked when the path changes or the component unmounts,
 * otherwise every list refresh would leak the previous images.
 */
export const useThumbnail = (path: string | null | undefined): { src: string | null; failed: boolean } => {
  const api = useMatterportApi();
  const [state, setState] = useState<{ path: string | null; src: string | null; failed: boolean }>({
    path: null,
    src: null,
    failed: false,
  });

  useEffect(() => {
    if (!path) return undefined;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    let cancelled = false;
    api
      .getThumbnail(path, controller.signal)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ path, src: objectUrl, failed: false });
      })
      .catch(() => {
        if (!cancelled) setState({ path, src: null, failed: true });
      });
    return () => {
      cancelled = true;
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, path]);

  // Until the new path has loaded, show nothing rather than the previous model's image.
  if (!path || state.path !== path) return { src: null, failed: !path };
  return { src: state.src, failed: state.failed };
};
