import { applyFaults } from '../fault-responses';
import { send, type RequestContext } from '../http';
import { otherHostOrigin } from '../modes';
import { PHOTO_RESOLUTIONS, type PhotoResolution } from '../thumbnails/signer';
import { thumbnailSvg } from '../thumbnails/svg';
import { rasterThumbnail, wantsRaster } from '../thumbnails/raster-route';

/** `GET /thumbnails/<modelId>.svg?resolution=…&expires=…&sig=…`: the signed URLs `image.resizeUrl` hands out. */
export async function handleThumbnailRequest(ctx: RequestContext, modelId: string): Promise<void> {
  const { state, url, res } = ctx;
  state.counters.bump('thumbnailRequests');
  if (await applyFaults(ctx, ['thumbnail'], 'svg')) return;

  const text = (status: number, body: string): void =>
    send(res, status, body, { 'content-type': 'text/plain; charset=utf-8' });
  const resolution = url.searchParams.get('resolution') ?? '';
  const check = state.thumbnails.check(
    modelId,
    resolution,
    url.searchParams.get('expires') ?? '',
    url.searchParams.get('sig') ?? ''
  );
  if (check !== 'ok') {
    text(403, check === 'expired' ? 'This thumbnail URL has expired' : 'Bad thumbnail signature');
    return;
  }
  const model = state.catalogue.get(modelId);
  if (!model || !(PHOTO_RESOLUTIONS as readonly string[]).includes(resolution)) {
    text(404, 'No such thumbnail');
    return;
  }
  // Modes `redirect-*`: a first request is sent on (302) to the same image, marked `redirected=1`
  // (outside the signature), on another host name or on this one.
  const { thumbnailHost } = state.modes;
  if (thumbnailHost.startsWith('redirect-') && url.searchParams.get('redirected') !== '1') {
    const target = new URL(url.pathname + url.search, ctx.origin);
    if (thumbnailHost === 'redirect-other-host') {
      const other = new URL(otherHostOrigin(ctx.origin));
      target.hostname = other.hostname;
    }
    target.searchParams.set('redirected', '1');
    send(res, 302, '', { location: target.toString() });
    return;
  }
  const expiresMs = Number(url.searchParams.get('expires')) * 1000;
  if (wantsRaster(ctx.req))
    return rasterThumbnail(res, model.id, resolution as PhotoResolution, expiresMs);
  send(res, 200, thumbnailSvg(model.id, model.name, resolution as PhotoResolution), {
    'content-type': 'image/svg+xml',
    'cache-control': `private, max-age=${Math.max(0, Math.floor((expiresMs - Date.now()) / 1000))}`,
  });
}
