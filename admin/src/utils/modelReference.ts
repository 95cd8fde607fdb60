import { isModelId } from '../../../common/model-id';
import { MATTERPORT_HOST, parseShowcaseUrl } from '../../../common/showcase-url';

/**
 * Recognises what an editor types or pastes into the picker's search box: a bare
 * Matterport model ID, a Showcase URL, something that is meant as a URL but is not a
 * Matterport space, or plain search words. Model IDs and URLs are read by the
 * server's own parser (common/showcase-url.ts), so the picker never accepts what the
 * server refuses; this file only adds what the picker needs on top: telling search
 * words from URLs, and why a URL was refused (to say it in the admin's language).
 */

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// A host followed by a path, query or nothing: "my.matterport.com/show?m=…". The last
// label must be letters so that search words such as "v1.2" stay search words.
const LOOKS_LIKE_HOST = /^([a-z0-9-]+\.)+[a-z]{2,}([/?#:]|$)/i;

export type InvalidReason =
  /** A URL whose host is not Matterport's. */
  | 'notMatterport'
  /** A Matterport URL that names no model (no m= and no ID in the path). */
  | 'noModelId'
  /** A Matterport URL whose m= is not an 11-character ID. */
  | 'badModelId'
  /** Looks like a URL but cannot be parsed as one. */
  | 'unreadable';

export type ModelReference =
  | { kind: 'model'; modelId: string; from: 'id' | 'url' }
  | { kind: 'invalid'; reason: InvalidReason }
  | { kind: 'search'; text: string };

export { isModelId };

const looksLikeUrl = (text: string): boolean =>
  !/\s/.test(text) && (HAS_SCHEME.test(text) || LOOKS_LIKE_HOST.test(text));

/** Why common's parser refused a URL, worked out from the URL itself (its messages are English prose). */
const whyRefused = (text: string): InvalidReason => {
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(text) ? text : `https://${text}`);
  } catch {
    return 'unreadable';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'unreadable';
  if (!MATTERPORT_HOST.test(url.hostname)) return 'notMatterport';
  return url.searchParams.has('m') ? 'badModelId' : 'noModelId';
};

const fromUrl = (text: string): ModelReference => {
  try {
    return { kind: 'model', modelId: parseShowcaseUrl(text), from: 'url' };
  } catch {
    return { kind: 'invalid', reason: whyRefused(text) };
  }
};

export const parseModelReference = (input: string): ModelReference => {
  const text = input.trim();
  if (isModelId(text)) return { kind: 'model', modelId: text, from: 'id' };
  if (looksLikeUrl(text)) return fromUrl(text);
  return { kind: 'search', text };
};
