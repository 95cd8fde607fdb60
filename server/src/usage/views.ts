import type { Core } from '@strapi/strapi';

import type { UsageStatus, UsageView } from '../../../common/catalogue';
import type { UsageRow } from './extract';

/** Attribute types whose value can be shown as a title as it is. */
const TITLE_TYPES = new Set([
  'string',
  'text',
  'uid',
  'email',
  'enumeration',
  'integer',
  'biginteger',
  'float',
  'decimal',
]);

/**
 * The Content Manager's main field of a type (its list and relation label), when it is a
 * plain column; undefined otherwise (`id`, none, or a Content Manager that cannot say).
 */
const mainFieldOf = async (strapi: Core.Strapi, uid: string): Promise<string | undefined> => {
  const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as
    | { attributes: Record<string, { type?: string }> }
    | undefined;
  if (!contentType) return undefined;
  let mainField: unknown;
  try {
    const configuration = (await strapi
      .plugin('content-manager')
      ?.service('content-types')
      .findConfiguration({ uid })) as { settings?: { mainField?: unknown } } | undefined;
    mainField = configuration?.settings?.mainField;
  } catch {
    return undefined;
  }
  if (typeof mainField !== 'string') return undefined;
  const type = contentType.attributes[mainField]?.type;
  return type && TITLE_TYPES.has(type) ? mainField : undefined;
};

const versionKey = (documentId: string, locale: string | null, status: UsageStatus) =>
  `${documentId}\u0000${locale ?? ''}\u0000${status}`;

/** The entry in the Content Manager, relative to the admin (the admin adds its own base). */
export const adminPathOf = (
  kind: string | undefined,
  uid: string,
  documentId: string,
  locale: string | null,
  status: UsageStatus
): string => {
  const base =
    kind === 'singleType'
      ? `/content-manager/single-types/${uid}`
      : `/content-manager/collection-types/${uid}/${documentId}`;
  const query = new URLSearchParams();
  if (status === 'published') query.set('status', 'published');
  if (locale) query.set('plugins[i18n][locale]', locale);
  const search = query.toString();
  return search ? `${base}?${search}` : base;
};

/**
 * Usage rows as the admin shows them: the type's display name, the entry's main field
 * (one query per type listed, only when that field is a plain column) and its Content
 * Manager path.
 */
export const describeEntries = async (
  strapi: Core.Strapi,
  rows: readonly UsageRow[]
): Promise<UsageView[]> => {
  const titles = new Map<string, Map<string, string>>();
  for (const uid of new Set(rows.map((r) => r.contentType))) {
    const byVersion = new Map<string, string>();
    titles.set(uid, byVersion);
    const mainField = await mainFieldOf(strapi, uid);
    if (!mainField) continue;
    const schema = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as {
      options?: { draftAndPublish?: boolean };
      pluginOptions?: { i18n?: { localized?: boolean } };
    };
    const localized = schema.pluginOptions?.i18n?.localized === true;
    const draftAndPublish = schema.options?.draftAndPublish === true;
    const documentIds = [
      ...new Set(rows.filter((r) => r.contentType === uid).map((r) => r.entryDocumentId)),
    ];
    const found = (await strapi.db.query(uid as never).findMany({
      where: { documentId: { $in: documentIds } },
      select: ['documentId', 'publishedAt', mainField, ...(localized ? ['locale'] : [])],
    })) as Record<string, unknown>[];
    for (const entry of found) {
      const value = entry[mainField];
      if (value === null || value === undefined || value === '') continue;
      const status: UsageStatus = draftAndPublish && !entry.publishedAt ? 'draft' : 'published';
      const locale = localized && typeof entry.locale === 'string' ? entry.locale : null;
      byVersion.set(versionKey(String(entry.documentId), locale, status), String(value));
    }
  }
  return rows.map((row) => {
    const schema = strapi.contentTypes[row.contentType as keyof typeof strapi.contentTypes] as
      | { kind?: string; info?: { displayName?: string } }
      | undefined;
    return {
      contentType: row.contentType,
      contentTypeName: schema?.info?.displayName ?? row.contentType,
      documentId: row.entryDocumentId,
      locale: row.entryLocale ?? null,
      status: row.entryStatus,
      path: row.path,
      modelId: row.modelId,
      connection: row.connection,
      title:
        titles
          .get(row.contentType)
          ?.get(versionKey(row.entryDocumentId, row.entryLocale ?? null, row.entryStatus)) ?? null,
      adminPath: adminPathOf(
        schema?.kind,
        row.contentType,
        row.entryDocumentId,
        row.entryLocale ?? null,
        row.entryStatus
      ),
    };
  });
};
