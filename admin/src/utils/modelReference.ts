/**
 * Recognises what an editor types or pastes into the picker's search box: a bare
 * Matterport model ID, a Showcase URL, something that is meant as a URL but is not a
 * Matterport space, or plain search words. It mirrors the server's own parser
 * (server/src/utils/showcase-url.ts) so the picker never accepts what the server refuses.
 */

/** Matterport model IDs are exactly 11 letters and digits, e.g. SxQL3iGyoDo. */
const MODEL_ID = /^[A-Za-z0-9]{11}$/;
const MATTERPORT_HOST = /(^|\.)matterport\.com$/i;
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

export const isModelId = (value: unknown): value is string => typeof value === 'string' && MODEL_ID.test(value);

const looksLikeUrl = (text: string): boolean =>
  !/\s/.test(text) && (HAS_SCHEME.test(text) || LOOKS_LIKE_HOST.test(text));

const fromUrl = (text: string): ModelReference => {
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(text) ? text : `https://${text}`);
  } catch {
    return { kind: 'invalid', reason: 'unreadable' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'invalid', reason: 'unreadable' };
  if (!MATTERPORT_HOST.test(url.hostname)) return { kind: 'invalid', reason: 'notMatterport' };
  const m = url.searchParams.get('m');
  if (m !== null) {
    return isModelId(m.trim()) ? { kind: 'model', modelId: m.trim(), from: 'url' } : { kind: 'invalid', reason: 'badModelId' };
  }
  // Share pages such as discover.matterport.com/space/<id> carry the ID in the path.
  const fromPath = url.pathname.split('/').filter(Boolean).reverse().find(isModelId);
  return fromPath ? { kind: 'model', modelId: fromPath, from: 'url' } : { kind: 'invalid', reason: 'noModelId' };
};

export const parseModelReference = (input: string): ModelReference => {
  const text = input.trim();
  if (isModelId(text)) return { kind: 'model', modelId: text, from: 'id' };
  if (looksLikeUrl(text)) return fromUrl(text);
  return { kind: 'search', text };
};
