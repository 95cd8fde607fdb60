import type { Core, Schema } from '@strapi/strapi';
import { contentTypes as contentTypeUtils } from '@strapi/utils';

import { FIELD_UID } from '../../../common/plugin';
import { parseFieldOptions } from '../../../common/showcase';

/** A Matterport attribute and its options, parsed once. */
export interface FieldPlan {
  key: string;
  validForSeconds?: number;
  /** Encoded Showcase parameters appended to the link. */
  query: string;
}

/** For one content type or component: where Matterport values can be found below it. */
export interface SchemaPlan {
  fields: FieldPlan[];
  components: Array<{ key: string; uid: string }>;
  dynamicZones: Array<{ key: string; uids: ReadonlySet<string> }>;
  relations: Array<{ key: string; target: string }>;
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
  /** Content types only (components have no draft & publish). */
  options?: { draftAndPublish?: boolean };
};

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
export const buildPlans = (schemas: Record<string, AnySchema>): Map<string, SchemaPlan> => {
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
    const plan: SchemaPlan = {
      fields: [],
      components: [],
      dynamicZones: [],
      relations: [],
      draftAndPublish: hasDraftAndPublish(schemas[uid]),
      reachesDrafts: false,
    };
    for (const [key, raw] of Object.entries(schemas[uid].attributes ?? {})) {
      const attribute = raw as Attribute;
      if (isMatterportAttribute(attribute)) {
        let parsed;
        try {
          parsed = parseFieldOptions(attribute.options);
        } catch (error) {
          throw new Error(
            `matterport: field "${key}" of ${uid} has invalid options: ${(error as Error).message}`,
            { cause: error }
          );
        }
        plan.fields.push({ key, validForSeconds: parsed.validForSeconds, query: parsed.query });
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
 * Every Matterport slot in a (possibly populated) entity, following the plan only.
 * `followRelations` is off for write payloads, where relations are references; `paths`
 * (for validation messages) is off on the read path, which runs for every content request.
 * `draft` is inherited from the entry a component belongs to; related entries decide for
 * themselves (a type without D&P only has published entries).
 */
export const collectSlots = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  value: unknown,
  options: { followRelations: boolean; paths?: boolean },
  out: FieldSlot[] = [],
  path: string[] = [],
  depth = 0,
  inDraft = false
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
        inDraft
      )
    );
    return out;
  }
  const at = (...parts: string[]): string[] => (options.paths ? [...path, ...parts] : NO_PATH);
  const entity = value as Record<string, unknown>;
  const draft = inDraft || isDraftEntry(plan, entity);
  for (const field of plan.fields) {
    if (Object.prototype.hasOwnProperty.call(entity, field.key))
      out.push({ holder: entity, field, path: at(field.key), draft });
  }
  for (const { key, uid: component } of plan.components) {
    const child = entity[key];
    if (child) collectSlots(plans, component, child, options, out, at(key), depth + 1, draft);
  }
  for (const { key, uids } of plan.dynamicZones) {
    const zone = entity[key];
    if (!Array.isArray(zone)) continue;
    zone.forEach((item, i) => {
      const component =
        item && typeof item === 'object'
          ? (item as { __component?: unknown }).__component
          : undefined;
      if (typeof component === 'string' && uids.has(component)) {
        collectSlots(plans, component, item, options, out, at(key, String(i)), depth + 1, draft);
      }
    });
  }
  if (options.followRelations) {
    for (const { key, target } of plan.relations) {
      const related = entity[key];
      if (related) collectSlots(plans, target, related, options, out, at(key), depth + 1);
    }
  }
  return out;
};

/** Plans for every content type and component Strapi knows (all are known from the register phase on). */
export const buildPlansFor = (strapi: Core.Strapi): Map<string, SchemaPlan> => {
  const schemas: Record<string, AnySchema> = {};
  for (const [uid, schema] of Object.entries(strapi.contentTypes))
    schemas[uid] = { uid, attributes: schema.attributes, options: schema.options };
  for (const [uid, schema] of Object.entries(strapi.components))
    schemas[uid] = { uid, attributes: schema.attributes };
  return buildPlans(schemas);
};
