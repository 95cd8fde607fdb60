import { ModelIdError, isModelId, parseModelId } from './model-id';

/**
 * Turns what an editor pastes into a model ID: a bare ID, or a Showcase URL in any
 * of the shapes in use (`/show?m=`, `/show/?m=`, extra parameters, `discover.matterport.com`
 * space pages, with or without scheme). Only Matterport hosts are accepted, so a link
 * to some other site is never mistaken for a space.
 */
const MATTERPORT_HOST = /(^|\.)matterport\.com$/i;

export class ShowcaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShowcaseUrlError';
  }
}

export const parseShowcaseUrl = (input: string): string => {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ShowcaseUrlError(
      `"${shorten(text)}" is neither a Matterport model ID nor a Showcase URL.`
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ShowcaseUrlError('A Showcase URL must start with https://.');
  }
  if (!MATTERPORT_HOST.test(url.hostname)) {
    throw new ShowcaseUrlError(
      `"${shorten(url.hostname)}" is not a Matterport address. Paste a link such as https://my.matterport.com/show/?m=SxQL3iGyoDo, or the 11-character model ID.`
    );
  }
  const m = url.searchParams.get('m');
  if (m !== null) {
    try {
      return parseModelId(m);
    } catch (error) {
      throw new ShowcaseUrlError(
        `The Showcase URL's m= parameter is not a model ID: ${(error as Error).message}`
      );
    }
  }
  // discover.matterport.com/space/<id> and similar share pages carry the ID in the path.
  const fromPath = url.pathname.split('/').filter(Boolean).reverse().find(isModelId);
  if (fromPath) return fromPath;
  throw new ShowcaseUrlError(
    "This Showcase URL has no m= parameter naming the model. Copy the link from the space's Share menu (it looks like https://my.matterport.com/show/?m=SxQL3iGyoDo)."
  );
};

/** A bare model ID or a Showcase URL, to a model ID. */
export const toModelId = (input: string): string => {
  const text = input.trim();
  if (isModelId(text)) return text;
  if (!/[/.:]/.test(text)) {
    // No URL punctuation: an attempt at a bare ID, so the ID parser's message is the useful one.
    return parseModelId(text);
  }
  return parseShowcaseUrl(text);
};

export { ModelIdError };

const shorten = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Matterport's hosts, for callers that classify a URL further than parseShowcaseUrl does (the admin picker). */
export { MATTERPORT_HOST };
