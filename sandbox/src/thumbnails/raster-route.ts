import type { IncomingMessage, ServerResponse } from 'node:http';

import { thumbnailPng } from './png';
import type { PhotoResolution } from './signer';

/** A client that accepts PNG but not SVG (the plugin's thumbnail proxy takes raster images only). */
export const wantsRaster = (req: IncomingMessage): boolean => {
  const accept = String(req.headers.accept ?? '');
  return /image\/png/i.test(accept) && !/image\/svg\+xml|image\/\*|\*\/\*/i.test(accept);
};

/** Serves the PNG twin of the SVG thumbnail, with the same cache lifetime. */
export function rasterThumbnail(
  res: ServerResponse,
  modelId: string,
  resolution: PhotoResolution,
  expiresMs: number
): void {
  if (res.headersSent || res.destroyed) return;
  const body = thumbnailPng(modelId, resolution);
  res.writeHead(200, {
    'content-type': 'image/png',
    'content-length': body.length,
    'cache-control': `private, max-age=${Math.max(0, Math.floor((expiresMs - Date.now()) / 1000))}`,
  });
  res.end(body);
}
