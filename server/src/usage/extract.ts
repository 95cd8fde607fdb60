import { collectSlots, type SchemaPlan } from '../delivery/plan';
import { connectionOf, storedPart } from '../../../common/field-value';
import type { UsageStatus } from '../../../common/catalogue';

/** One row of `matterport_usages`: a Matterport value in one version of one entry. */
export interface UsageRow {
  contentType: string;
  entryDocumentId: string;
  /** Null on a type without i18n. */
  entryLocale: string | null;
  entryStatus: UsageStatus;
  /** Where the value sits in the entry, list indexes included (`sections.2.model`). */
  path: string;
  modelId: string;
  connection: string;
}

/**
 * Every component a dynamic zone allows (the schema's list), those without values included:
 * a zone populated `on` some components only drops the others from the list, which would
 * shift the positions in the paths.
 */
export type ZoneComponents = (uid: string, key: string) => readonly string[];

type Populate = Record<
  string,
  true | { populate: Populate } | { on: Record<string, { populate: Populate }> }
>;

/**
 * What to populate, through components and dynamic zones only (never relations: a related
 * entry is indexed as itself), to see every stored value of a type.
 */
export const populateFor = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  zoneComponents?: ZoneComponents,
  depth = 0
): Populate => {
  const plan = plans.get(uid);
  const populate: Populate = {};
  if (!plan || depth > 8) return populate;
  for (const { key, uid: component } of plan.components) {
    const nested = populateFor(plans, component, zoneComponents, depth + 1);
    populate[key] = Object.keys(nested).length ? { populate: nested } : true;
  }
  for (const { key, uids } of plan.dynamicZones) {
    // A zone's components with components of their own get them too (fragments per component).
    const on: Record<string, { populate: Populate }> = {};
    let deeper = false;
    for (const component of uids) {
      const nested = populateFor(plans, component, zoneComponents, depth + 1);
      deeper ||= Object.keys(nested).length > 0;
      on[component] = { populate: nested };
    }
    if (deeper)
      for (const component of zoneComponents?.(uid, key) ?? []) on[component] ??= { populate: {} };
    populate[key] = deeper ? { on } : true;
  }
  return populate;
};

/**
 * The columns to read of a type's rows: what names the version (documentId, locale,
 * publishedAt) and the attributes that hold values directly. Components and zones come
 * through `populateFor`.
 */
export const selectFor = (plan: SchemaPlan): string[] => [
  'id',
  'documentId',
  'publishedAt',
  ...(plan.localized ? ['locale'] : []),
  ...plan.fields.map((f) => f.key),
];

/**
 * A row of a content type (as the database keeps it: a draft or a published version of
 * one locale of one document) is a draft when its type has draft & publish and it has no
 * `publishedAt`; every row of a type without draft & publish is published content.
 */
export const statusOf = (plan: SchemaPlan, row: Record<string, unknown>): UsageStatus =>
  plan.draftAndPublish && !row.publishedAt ? 'draft' : 'published';

/**
 * Every Matterport value of the rows of a content type (read with `populateFor`), one
 * usage row each, in the order they appear. Values that are not a stored model value
 * (empty, malformed) are not usages. Relations are not followed: the related entry's own
 * rows say where its values are.
 */
export const usagesIn = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  rows: readonly Record<string, unknown>[]
): UsageRow[] => {
  const plan = plans.get(uid);
  if (!plan || !plan.contentType) return [];
  const out: UsageRow[] = [];
  for (const row of rows) {
    const documentId = row.documentId;
    if (typeof documentId !== 'string' || !documentId) continue;
    const locale = plan.localized && typeof row.locale === 'string' ? row.locale : null;
    const entryStatus = statusOf(plan, row);
    for (const slot of collectSlots(plans, uid, row, { followRelations: false, paths: true })) {
      const stored = storedPart(slot.holder[slot.field.key]);
      if (!stored) continue;
      out.push({
        contentType: uid,
        entryDocumentId: documentId,
        entryLocale: locale,
        entryStatus,
        path: slot.path.join('.'),
        modelId: stored.modelId,
        connection: connectionOf(stored),
      });
    }
  }
  return out;
};

/**
 * Whether a type can hold a value itself, through its components or its dynamic zones
 * (relations aside): the types the index watches. A type in the delivery plans only because
 * it relates to one that holds values has nothing of its own to index.
 */
export const holdsValues = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  seen: Set<string> = new Set()
): boolean => {
  const plan = plans.get(uid);
  if (!plan || seen.has(uid)) return false;
  if (plan.fields.length) return true;
  seen.add(uid);
  return (
    plan.components.some((c) => holdsValues(plans, c.uid, seen)) ||
    plan.dynamicZones.some((z) => [...z.uids].some((c) => holdsValues(plans, c, seen)))
  );
};

/** The content types whose entries the index covers, sorted (the backfill's order). */
export const indexedTypes = (plans: ReadonlyMap<string, SchemaPlan>): string[] =>
  [...plans.values()]
    .filter((plan) => plan.contentType && holdsValues(plans, plan.uid))
    .map((plan) => plan.uid)
    .filter((uid) => !uid.startsWith('plugin::matterport.'))
    .sort();

/**
 * What the index reads of a type, as a string: when it changes (a field added to a type, a
 * component given a field), the backfill reads that type again.
 */
export const signatureOf = (plans: ReadonlyMap<string, SchemaPlan>, uid: string): string => {
  const plan = plans.get(uid);
  return plan ? JSON.stringify([selectFor(plan), populateFor(plans, uid)]) : '';
};
