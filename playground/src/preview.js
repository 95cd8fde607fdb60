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

/**
 * How long a signed preview URL works. Whoever holds the URL reads the draft without logging
 * in (the preview site reads it with its own API token), and the URL outlives the admin's
 * permission: an admin whose role loses read access, or who is removed, keeps what was signed
 * for them until it expires. Five minutes covers opening the preview (the admin asks for a
 * fresh URL each time the preview opens or the entry is saved) and keeps a copied or leaked
 * URL short-lived.
 */
const PREVIEW_URL_LIFETIME_SECONDS = 5 * 60;

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
 * Whether the admin making this request may read this document in the Content Manager,
 * conditions included (e.g. "is creator"). Strapi's preview-URL endpoint
 * (GET /content-manager/preview/url/:uid) only checks that the caller is a logged-in admin,
 * so without this any admin, even one the Content Manager answers 403, could get a URL that
 * shows the draft. The check is the Content Manager's own (its permission checker, with the
 * ability Strapi built for this admin): first the type, then this very version, fetched with
 * the fields conditions look at.
 */
const mayRead = async (uid, { documentId, locale, status }) => {
  const ctx = strapi.requestContext.get();
  const user = ctx?.state?.user;
  if (!user) return false;
  const userAbility =
    ctx.state.userAbility ??
    (await strapi.service('admin::permission').engine.generateUserAbility(user));
  const checker = strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility, model: uid });
  if (checker.cannot.read()) return false;
  const version = await strapi.documents(uid).findOne({
    documentId,
    ...(locale ? { locale } : {}),
    status: status === 'published' ? 'published' : 'draft',
    populate: { createdBy: true, updatedBy: true },
  });
  return Boolean(version) && checker.can.read(version);
};

/**
 * The `admin.preview.config.handler` of config/admin.js: for the app's own content types
 * (`api::…`) that the requesting admin may read in the Content Manager, a signed URL of the
 * preview site; nothing (no preview) otherwise.
 */
const createPreviewHandler =
  ({ previewUrl, secret, lifetimeSeconds = PREVIEW_URL_LIFETIME_SECONDS }) =>
  async (uid, { documentId, locale, status }) => {
    if (!uid.startsWith('api::')) return null;
    const model = strapi.getModel(uid);
    if (!model) return null;
    if (!(await mayRead(uid, { documentId, locale, status }))) return null;
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
  mayRead,
  signPreview,
  verifyPreview,
  contentApiPath,
};
