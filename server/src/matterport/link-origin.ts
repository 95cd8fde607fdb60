import { isLoopbackHost } from '../config';

/** Where Matterport's Showcase serves Private Model Embed links. */
export const SHOWCASE_ORIGIN = 'https://my.matterport.com';

/**
 * The origins a minted link may point at: Matterport's Showcase, and the API origin itself
 * when it is on this machine (the sandbox serves its Showcase stand-in there). A link elsewhere
 * would put whatever page an upstream (or a man in the middle of a misconfigured proxy) chose
 * into every site's iframe, with a working token in its URL.
 */
export const trustedLinkOrigins = (apiOrigin: string): string[] => {
  const api = new URL(apiOrigin);
  return isLoopbackHost(api.hostname) ? [SHOWCASE_ORIGIN, api.origin] : [SHOWCASE_ORIGIN];
};

/** Whether a link Matterport returned may be delivered: https (or the loopback API origin), on a trusted origin, no credentials. */
export const isTrustedLink = (link: string, origins: readonly string[]): boolean => {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return false;
  return origins.includes(url.origin);
};
