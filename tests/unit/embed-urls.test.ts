import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { createCipher } from '../../server/src/crypto';
import { decodeRef, type EmbedTarget } from '../../server/src/embeds/ref';
import { createEmbedUrls } from '../../server/src/embeds/urls';

/**
 * The URLs of a delivered value (issue 27): `<base>/<prefix>/matterport/posters/<ref>` and
 * `.../embeds/<ref>`, where base is Strapi's `server.url` when absolute, else the request's
 * origin; the ref is signed once per place and remembered (a warm read computes no HMAC),
 * within a bound.
 */
const KEY = 'unit-test-encryption-key-0123456789';

const counting = () => {
  const cipher = createCipher(KEY);
  const calls = { sign: 0 };
  const signer = {
    available: cipher.available,
    verify: cipher.verify.bind(cipher),
    sign: (data: string) => {
      calls.sign += 1;
      return cipher.sign(data);
    },
  };
  return { cipher, signer, calls };
};

const strapiWith = (config: Record<string, unknown>) =>
  ({
    config: { get: (key: string, fallback?: unknown) => (key in config ? config[key] : fallback) },
  }) as unknown as Core.Strapi;

const ctx = { origin: 'http://cms.local:1337' } as Context;

const target = (over: Partial<EmbedTarget> = {}): EmbedTarget => ({
  uid: 'api::listing.listing',
  documentId: 'doc1',
  locale: null,
  path: 'tour',
  modelId: 'SxQL3iGyoDo',
  ...over,
});

test('the poster and activation URLs name the same ref, which decodes to the place', () => {
  const { cipher, signer } = counting();
  const urls = createEmbedUrls(strapiWith({}), () => signer);
  const { poster, activate } = urls.embedUrls(ctx, target({ locale: 'fr', path: 'rooms.model' }));
  const match = /^http:\/\/cms\.local:1337\/api\/matterport\/posters\/([^/]+)$/.exec(poster.url);
  expect(match).not.toBeNull();
  const ref = (match as RegExpExecArray)[1];
  expect(activate.url).toBe(`http://cms.local:1337/api/matterport/embeds/${ref}`);
  expect(decodeRef(ref, cipher)).toEqual(target({ locale: 'fr', path: 'rooms.model' }));
});

test('an absolute server.url is the base (behind a proxy); a relative one is not; the REST prefix follows', () => {
  const { signer } = counting();
  const behindProxy = createEmbedUrls(
    strapiWith({ 'server.url': 'https://cms.example.com/', 'api.rest.prefix': '/v2/' }),
    () => signer
  );
  expect(behindProxy.embedUrls(ctx, target()).poster.url).toMatch(
    /^https:\/\/cms\.example\.com\/v2\/matterport\/posters\/[\w-]+\.[\w-]+\.[\w-]+$/
  );
  const relative = createEmbedUrls(strapiWith({ 'server.url': '/cms' }), () => signer);
  expect(relative.embedUrls(ctx, target()).activate.url).toMatch(
    /^http:\/\/cms\.local:1337\/api\/matterport\/embeds\/[\w-]+\.[\w-]+\.[\w-]+$/
  );
});

test('every part of the place makes a different ref', () => {
  const { signer } = counting();
  const urls = createEmbedUrls(strapiWith({}), () => signer);
  const refs = [
    target(),
    target({ uid: 'api::space.space' }),
    target({ documentId: 'doc2' }),
    target({ locale: 'en' }),
    target({ path: 'blocks.space' }),
    target({ modelId: 'WziSQO0ORu7' }),
  ].map((t) => urls.refFor(t));
  expect(new Set(refs).size).toBe(refs.length);
});

test('a warm read signs nothing: each place is signed once and remembered', () => {
  const { signer, calls } = counting();
  const urls = createEmbedUrls(strapiWith({}), () => signer);
  const first = urls.refFor(target());
  for (let i = 0; i < 100; i++) expect(urls.refFor(target())).toBe(first);
  expect(calls.sign).toBe(1);
  urls.refFor(target({ documentId: 'doc2' }));
  expect(calls.sign).toBe(2);
});

test('the memory is bounded: past the cap the oldest place is forgotten (and signed again, the same ref)', () => {
  const { signer, calls } = counting();
  const urls = createEmbedUrls(strapiWith({}), () => signer, { cap: 3 });
  const first = urls.refFor(target({ documentId: 'd0' }));
  for (const d of ['d1', 'd2', 'd3', 'd4']) urls.refFor(target({ documentId: d }));
  expect(urls.memoSize()).toBe(3);
  expect(calls.sign).toBe(5);
  expect(urls.refFor(target({ documentId: 'd0' }))).toBe(first);
  expect(calls.sign).toBe(6);
  expect(urls.memoSize()).toBe(3);
});
