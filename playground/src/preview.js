/* global strapi -- Strapi sets the global `strapi` before it calls the preview handler. */
'use strict';

/**
 * Strapi Preview for the playground: the URL the admin's "Open preview" loads, and its
 * signature. Used by config/admin.js (signs) and by the preview site,
 * scripts/lib/preview-server.mjs (verifies).
 *
 * The preview site reads drafts with an API token that only it holds. Whoever can load
 * one of its pages sees that draft, so a page only answers for a URL that this handler
 * signed (HMAC-SHA256 with PREVIEW_SECRET, shared by Strapi and the preview site) and
 * that has not expired: a guessed or edited URL (another entry, another content API
 * path, a later expiry) gets 403 instead of a draft.
 */
const { createHmac, timingSafeEqual } = require('crypto');

/** How long a signed preview URL works: an editor reopens the preview to get a new one. */
const PREVIEW_URL_LIFETIME_SECONDS = 60 * 60;

/** What the signature covers, in a fixed order (the query string order is not trusted). */
const signedText = ({ path, status, locale, expires }) =>
  [path, status, locale ?? '', String(expires)].join('\n');

const signPreview = (secret, fields) =>
  createHmac('sha256', secret).update(signedText(fields)).digest('hex');

/** True when `sig` is the signature of these fields and they have not expired. */
const verifyPreview = (secret, fields, sig, now = Date.now()) => {
  if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = Buffer.from(signPreview(secret, fields), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return false;
  return Number.isSafeInteger(fields.expires) && fields.expires * 1000 > now;
};

/** The REST path of an entry: /api/<pluralName>/<documentId>, or /api/<singularName> for single types. */
const contentApiPath = (model, documentId) =>
  model.kind === 'singleType'
    ? `/api/${model.info.singularName}`
    : `/api/${model.info.pluralName}/${encodeURIComponent(documentId)}`;

/**
 * The `admin.preview.config.handler` of config/admin.js: for the app's own content types
 * (`api::…`), a signed URL of the preview site; nothing (no preview button) for others.
 */
const createPreviewHandler =
  ({ previewUrl, secret, lifetimeSeconds = PREVIEW_URL_LIFETIME_SECONDS }) =>
  (uid, { documentId, locale, status }) => {
    if (!uid.startsWith('api::')) return null;
    const model = strapi.getModel(uid);
    if (!model) return null;
    const fields = {
      path: contentApiPath(model, documentId),
      status: status === 'published' ? 'published' : 'draft',
      locale: locale || null,
      expires: Math.floor(Date.now() / 1000) + lifetimeSeconds,
    };
    const url = new URL('/preview', previewUrl);
    url.searchParams.set('path', fields.path);
    url.searchParams.set('status', fields.status);
    if (fields.locale) url.searchParams.set('locale', fields.locale);
    url.searchParams.set('expires', String(fields.expires));
    url.searchParams.set('sig', signPreview(secret, fields));
    return url.toString();
  };

module.exports = {
  PREVIEW_URL_LIFETIME_SECONDS,
  createPreviewHandler,
  signPreview,
  verifyPreview,
  contentApiPath,
};
