/**
 * The URLs a delivered value carries (issue 27): `poster.url` and `activate.url`, both
 * naming the same signed ref (embeds/ref.ts). Delivery calls this for every published value
 * of every content read, so the refs are remembered: a warm read computes no HMAC.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { MatterportActivate, MatterportPoster } from '../../../common/value';
import type { Cipher } from '../crypto';
import { encodeRef, type EmbedTarget } from './ref';

/** Where the plugin's content-API routes live below the REST prefix. */
export const POSTERS_PATH = '/matterport/posters/';
export const EMBEDS_PATH = '/matterport/embeds/';

/**
 * Refs remembered per process. A ref is a few hundred bytes; 20,000 of them are a few
 * megabytes, more than the distinct (entry, path, model) places most sites publish. Past
 * that the oldest is forgotten (insertion order): a forgotten ref is computed again, the
 * same string, so eviction costs time, never correctness.
 */
export const REF_MEMO_CAP = 20_000;

export interface EmbedUrls {
  poster: MatterportPoster;
  activate: MatterportActivate;
}

type Signer = Pick<Cipher, 'sign' | 'verify' | 'available'>;

const ABSOLUTE = /^https?:\/\/[^/]/i;

const trimSlash = (value: string): string => value.replace(/\/+$/, '');

export const createEmbedUrls = (
  strapi: Core.Strapi,
  cipher: () => Signer,
  options: { cap?: number } = {}
) => {
  const cap = options.cap ?? REF_MEMO_CAP;
  const memo = new Map<string, string>();
  // The cipher of the process (one per process); remembered refs are its signatures only.
  let signer: Signer | undefined;
  let prefix: string | undefined;
  let configuredBase: string | null | undefined;
  const bases = new WeakMap<Context, string>();

  /**
   * The signed ref of a target, from memory when it was made before. Throws when no
   * encryption key is set (see `canSign`).
   */
  const refFor = (target: EmbedTarget): string => {
    const current = cipher();
    if (current !== signer) {
      memo.clear();
      signer = current;
    }
    // The parts cannot hold a newline (uids, document ids, locales, attribute keys, model
    // ids): the key names one target. A null locale is told apart from any string by `\u0000`.
    const key =
      target.uid +
      '\n' +
      target.documentId +
      '\n' +
      (target.locale ?? '\u0000') +
      '\n' +
      target.path +
      '\n' +
      target.modelId;
    let ref = memo.get(key);
    if (ref === undefined) {
      ref = encodeRef(target, current);
      if (memo.size >= cap) memo.delete(memo.keys().next().value as string);
      memo.set(key, ref);
    }
    return ref;
  };

  /**
   * Strapi's `server.url` when it is absolute (the public address behind a proxy), else the
   * request's own origin; then the REST prefix (`api.rest.prefix`, `/api` by default).
   */
  const baseFor = (ctx: Context): string => {
    if (configuredBase === undefined) {
      const url = strapi.config.get('server.url') as unknown;
      configuredBase = typeof url === 'string' && ABSOLUTE.test(url) ? trimSlash(url) : null;
    }
    prefix ??= trimSlash(String(strapi.config.get('api.rest.prefix', '/api') ?? '/api'));
    if (configuredBase !== null) return configuredBase + prefix;
    // Koa computes `origin` (protocol, proxy headers, Host) at each read: once per request.
    let base = bases.get(ctx);
    if (base === undefined) bases.set(ctx, (base = (ctx.origin ?? '') + prefix));
    return base;
  };

  return {
    refFor,
    /** False without an encryption key: no ref can be signed (values then get no URLs). */
    canSign: (): boolean => cipher().available,
    /** `poster` and `activate` of a published value at `target`, read through `ctx`. */
    embedUrls(ctx: Context, target: EmbedTarget): EmbedUrls {
      const ref = refFor(target);
      const base = baseFor(ctx);
      return {
        poster: { url: base + POSTERS_PATH + ref },
        activate: { url: base + EMBEDS_PATH + ref },
      };
    },
    /** How many refs are remembered (tests). */
    memoSize: (): number => memo.size,
  };
};

export type EmbedUrlsService = ReturnType<typeof createEmbedUrls>;
