import type { Core, Schema } from '@strapi/strapi';
import { contentTypes as contentTypeUtils } from '@strapi/utils';

import { DEFAULT_ACCESS_MODE, type AccessMode } from '../../../common/catalogue';
import { FIELD_UID } from '../../../common/plugin';
import {
  parseFieldOptions,
  type DeliveryMode,
  type ShowcaseParams,
} from '../../../common/showcase';

/** A Matterport attribute and its options, parsed once. */
export interface FieldPlan {
  key: string;
  validForSeconds?: number;
  /** The field's `delivery` option, else the plugin's `defaultDelivery` (issue 27). */
  delivery: DeliveryMode;
  /** Encoded Showcase parameters appended to the link. */
  query: string;
  /** The field's `connections` option: the connection ids it allows; undefined: every one. */
  connections?: string[];
  /** The field's `access` option (issue 28): `private` (default), `public` or `auto`. */
  access: AccessMode;
}

/** For one content type or component: where Matterport values can be found below it. */
export interface SchemaPlan {
  uid: string;
  fields: FieldPlan[];
  components: Array<{ key: string; uid: string }>;
  dynamicZones: Array<{ key: string; uids: ReadonlySet<string> }>;
  relations: Array<{ key: string; target: string }>;
  /**
   * A content type (its values name an entry: documentId, locale), not a component (whose
   * values belong to the entry above them).
   */
  contentType: boolean;
  /** A content type localized with i18n: its entries are named by their locale too. */
  localized: boolean;
  /** A content type with draft & publish: its entries exist as drafts (publishedAt null). */
  draftAndPublish: boolean;
  /**
   * This schema or anything below it (components, dynamic zones, relations, followed through
   * the plans) has draft & publish. A read of such a type asked for anything but `published`
   * is a draft read: Strapi passes the read's status down to every populated D&P relation,
   * whatever the type at the top (REST `?status=draft`, GraphQL `status: DRAFT`).
   */
  reachesDrafts: boolean;
}

type AnySchema = Pick<Schema.Schema, 'attributes'> & {
  uid: string;
  /** Strapi's record says; when absent, the uid does (components are `category.name`, no `::`). */
  modelType?: 'contentType' | 'component';
  /** Content types only (components have no draft & publish). */
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
};

const isContentTypeSchema = (schema: AnySchema): boolean =>
  schema.modelType ? schema.modelType === 'contentType' : schema.uid.includes('::');

/** Strapi's own test (`options.draftAndPublish === true`), the one its Document Service applies. */
const hasDraftAndPublish = (schema: AnySchema): boolean =>
  contentTypeUtils.hasDraftAndPublish(
    schema as unknown as Parameters<typeof contentTypeUtils.hasDraftAndPublish>[0]
  );
type Attribute = Schema.Attribute.AnyAttribute & {
  customField?: string;
  options?: unknown;
  component?: string;
  components?: string[];
  target?: string;
};

export const isMatterportAttribute = (attribute: unknown): boolean =>
  !!attribute &&
  typeof attribute === 'object' &&
  (attribute as Attribute).customField === FIELD_UID;

const targetsOf = (attribute: Attribute): string[] => {
  switch (attribute.type) {
    case 'component':
      return attribute.component ? [attribute.component] : [];
    case 'dynamiczone':
      return attribute.components ?? [];
    case 'relation':
      return attribute.target ? [attribute.target] : [];
    default:
      return [];
  }
};

/**
 * Decides once, at start-up, which schemas can hold a Matterport value (directly or
 * through components, dynamic zones and relations). Delivery looks a uid up here and
 * returns at once for everything else, so unrelated content pays nothing.
 * Options are parsed here too: a bad option stops start-up with a message naming it.
 */
export const buildPlans = (
  schemas: Record<string, AnySchema>,
  options: {
    defaultDelivery?: DeliveryMode;
    /** The plugin's `presets` (issue 28), which a field's `preset` option names. */
    presets?: Readonly<Record<string, ShowcaseParams>>;
  } = {}
): Map<string, SchemaPlan> => {
  const defaultDelivery = options.defaultDelivery ?? 'link';
  const reaching = new Set<string>();
  for (const [uid, schema] of Object.entries(schemas)) {
    if (Object.values(schema.attributes ?? {}).some(isMatterportAttribute)) reaching.add(uid);
  }
  // Fixed point: a schema reaches a field if anything it points at does (cycles allowed).
  let changed = true;
  while (changed) {
    changed = false;
    for (const [uid, schema] of Object.entries(schemas)) {
      if (reaching.has(uid)) continue;
      const points = Object.values(schema.attributes ?? {}).some((a) =>
        targetsOf(a as Attribute).some((t) => reaching.has(t))
      );
      if (points) {
        reaching.add(uid);
        changed = true;
      }
    }
  }

  const plans = new Map<string, SchemaPlan>();
  for (const uid of reaching) {
    const contentType = isContentTypeSchema(schemas[uid]);
    const plan: SchemaPlan = {
      uid,
      fields: [],
      components: [],
      dynamicZones: [],
      relations: [],
      contentType,
      localized: contentType && schemas[uid].pluginOptions?.i18n?.localized === true,
      draftAndPublish: hasDraftAndPublish(schemas[uid]),
      reachesDrafts: false,
    };
    for (const [key, raw] of Object.entries(schemas[uid].attributes ?? {})) {
      const attribute = raw as Attribute;
      if (isMatterportAttribute(attribute)) {
        let parsed;
        try {
          parsed = parseFieldOptions(attribute.options, options.presets ?? {});
        } catch (error) {
          throw new Error(
            `matterport: field "${key}" of ${uid} has invalid options: ${(error as Error).message}`,
            { cause: error }
          );
        }
        plan.fields.push({
          key,
          validForSeconds: parsed.validForSeconds,
          delivery: parsed.delivery ?? defaultDelivery,
          query: parsed.query,
          ...(parsed.connections ? { connections: parsed.connections } : {}),
          access: parsed.access ?? DEFAULT_ACCESS_MODE,
        });
      } else if (
        attribute.type === 'component' &&
        attribute.component &&
        reaching.has(attribute.component)
      ) {
        plan.components.push({ key, uid: attribute.component });
      } else if (attribute.type === 'dynamiczone') {
        const uids = (attribute.components ?? []).filter((c) => reaching.has(c));
        if (uids.length) plan.dynamicZones.push({ key, uids: new Set(uids) });
      } else if (
        attribute.type === 'relation' &&
        attribute.target &&
        reaching.has(attribute.target)
      ) {
        plan.relations.push({ key, target: attribute.target });
      }
    }
    plans.set(uid, plan);
  }
  markReachesDrafts(plans);
  return plans;
};

/** The schemas a plan points at: its components, dynamic-zone components and relation targets. */
const childrenOf = (plan: SchemaPlan): string[] => [
  ...plan.components.map((c) => c.uid),
  ...plan.dynamicZones.flatMap((z) => [...z.uids]),
  ...plan.relations.map((r) => r.target),
];

/** Fixed point over the plans (cycles allowed): a plan reaches drafts if it or a child does. */
const markReachesDrafts = (plans: Map<string, SchemaPlan>): void => {
  for (const plan of plans.values()) plan.reachesDrafts = plan.draftAndPublish;
  let changed = true;
  while (changed) {
    changed = false;
    for (const plan of plans.values()) {
      if (plan.reachesDrafts) continue;
      if (childrenOf(plan).some((uid) => plans.get(uid)?.reachesDrafts)) {
        plan.reachesDrafts = true;
        changed = true;
      }
    }
  }
};

/** The entry (a content type's document in one locale) a value belongs to. */
export interface SlotEntry {
  uid: string;
  documentId: string;
  /** Null for a type without i18n. */
  locale: string | null;
}

/** A place in an entity where a Matterport value lives. */
export interface FieldSlot {
  holder: Record<string, unknown>;
  field: FieldPlan;
  /** Where it is (for messages); empty unless collected with `paths`. */
  path: string[];
  /**
   * Inside a draft entry (a D&P type's entry whose `publishedAt` is null, or one of its
   * components), whatever the request asked for: a draft wherever it appears.
   */
  draft: boolean;
  /**
   * The nearest entry above the value (a related entry is an entry of its own; components
   * belong to the entry holding them), or undefined when the read does not name it (no
   * `documentId`, or no `locale` on a localized type): such a value cannot get a ref.
   */
  entry?: SlotEntry;
  /**
   * Attribute keys from `entry` to the field joined with `.`, without list indexes
   * (`tour`, `rooms.model`, `sections.model`): the `path` of an embed ref (embeds/ref.ts).
   */
  entryPath: string;
}

const NO_PATH: string[] = [];

const MAX_DEPTH = 32;

/**
 * True for an entry of a D&P type that carries `publishedAt: null` (a draft version).
 * An entry read without its `publishedAt` (a `fields` selection) says nothing: the request's
 * own status decides then.
 */
export const isDraftEntry = (plan: SchemaPlan, entity: Record<string, unknown>): boolean =>
  plan.draftAndPublish && entity.publishedAt === null;

/**
 * The entry an entity of a content type is, when the read names it: its `documentId`, and
 * its `locale` on a localized type (a read without it cannot say which locale it saw).
 */
export const entryOf = (
  plan: SchemaPlan,
  entity: Record<string, unknown>
): SlotEntry | undefined => {
  if (!plan.contentType) return undefined;
  const documentId = entity.documentId;
  if (typeof documentId !== 'string' || !documentId) return undefined;
  if (!plan.localized) return { uid: plan.uid, documentId, locale: null };
  const locale = entity.locale;
  return typeof locale === 'string' && locale ? { uid: plan.uid, documentId, locale } : undefined;
};

const join = (prefix: string, key: string): string => (prefix ? prefix + '.' + key : key);

/**
 * Every Matterport slot in a (possibly populated) entity, following the plan only.
 * `followRelations` is off for write payloads, where relations are references; `paths`
 * (for validation messages) is off on the read path, which runs for every content request.
 * `draft` is inherited from the entry a component belongs to; related entries decide for
 * themselves (a type without D&P only has published entries). So is `entry`: every entity
 * of a content type starts a new one (and `entryPath` starts again from it).
 */
export const collectSlots = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  value: unknown,
  options: { followRelations: boolean; paths?: boolean },
  out: FieldSlot[] = [],
  path: string[] = [],
  depth = 0,
  inDraft = false,
  inEntry?: SlotEntry,
  prefix = ''
): FieldSlot[] => {
  const plan = plans.get(uid);
  if (!plan || value === null || typeof value !== 'object' || depth > MAX_DEPTH) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      collectSlots(
        plans,
        uid,
        item,
        options,
        out,
        options.paths ? [...path, String(i)] : NO_PATH,
        depth + 1,
        inDraft,
        inEntry,
        prefix
      )
    );
    return out;
  }
  const at = (...parts: string[]): string[] => (options.paths ? [...path, ...parts] : NO_PATH);
  const entity = value as Record<string, unknown>;
  const draft = inDraft || isDraftEntry(plan, entity);
  // A content type's entity is an entry of its own (a related one included); a component
  // belongs to the entry above it.
  const entry = plan.contentType ? entryOf(plan, entity) : inEntry;
  const base = plan.contentType ? '' : prefix;
  for (const field of plan.fields) {
    if (Object.prototype.hasOwnProperty.call(entity, field.key))
      out.push({
        holder: entity,
        field,
        path: at(field.key),
        draft,
        entry,
        entryPath: join(base, field.key),
      });
  }
  for (const { key, uid: component } of plan.components) {
    const child = entity[key];
    if (child)
      collectSlots(
        plans,
        component,
        child,
        options,
        out,
        at(key),
        depth + 1,
        draft,
        entry,
        join(base, key)
      );
  }
  for (const { key, uids } of plan.dynamicZones) {
    const zone = entity[key];
    if (!Array.isArray(zone)) continue;
    const zonePath = join(base, key);
    zone.forEach((item, i) => {
      const component =
        item && typeof item === 'object'
          ? (item as { __component?: unknown }).__component
          : undefined;
      if (typeof component === 'string' && uids.has(component)) {
        collectSlots(
          plans,
          component,
          item,
          options,
          out,
          at(key, String(i)),
          depth + 1,
          draft,
          entry,
          zonePath
        );
      }
    });
  }
  if (options.followRelations) {
    for (const { key, target } of plan.relations) {
      const related = entity[key];
      // A related entry names itself (its entry and path start again there).
      if (related) collectSlots(plans, target, related, options, out, at(key), depth + 1);
    }
  }
  return out;
};

/** Plans for every content type and component Strapi knows (all are known from the register phase on). */
export const buildPlansFor = (
  strapi: Core.Strapi,
  defaultDelivery?: DeliveryMode,
  presets?: Readonly<Record<string, ShowcaseParams>>
): Map<string, SchemaPlan> => {
  const schemas: Record<string, AnySchema> = {};
  for (const [uid, schema] of Object.entries(strapi.contentTypes))
    schemas[uid] = {
      uid,
      modelType: 'contentType',
      attributes: schema.attributes,
      options: schema.options,
      pluginOptions: schema.pluginOptions as AnySchema['pluginOptions'],
    };
  for (const [uid, schema] of Object.entries(strapi.components))
    schemas[uid] = { uid, modelType: 'component', attributes: schema.attributes };
  return buildPlans(schemas, { defaultDelivery, presets });
};
