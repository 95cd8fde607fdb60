import type { Core, Schema } from '@strapi/strapi';

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
}

type AnySchema = Pick<Schema.Schema, 'attributes'> & { uid: string };
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
    const plan: SchemaPlan = { fields: [], components: [], dynamicZones: [], relations: [] };
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
  return plans;
};

/** A place in an entity where a Matterport value lives. */
export interface FieldSlot {
  holder: Record<string, unknown>;
  field: FieldPlan;
  /** Where it is (for messages); empty unless collected with `paths`. */
  path: string[];
}

const NO_PATH: string[] = [];

const MAX_DEPTH = 32;

/**
 * Every Matterport slot in a (possibly populated) entity, following the plan only.
 * `followRelations` is off for write payloads, where relations are references; `paths`
 * (for validation messages) is off on the read path, which runs for every content request.
 */
export const collectSlots = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  value: unknown,
  options: { followRelations: boolean; paths?: boolean },
  out: FieldSlot[] = [],
  path: string[] = [],
  depth = 0
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
        depth + 1
      )
    );
    return out;
  }
  const at = (...parts: string[]): string[] => (options.paths ? [...path, ...parts] : NO_PATH);
  const entity = value as Record<string, unknown>;
  for (const field of plan.fields) {
    if (Object.prototype.hasOwnProperty.call(entity, field.key))
      out.push({ holder: entity, field, path: at(field.key) });
  }
  for (const { key, uid: component } of plan.components) {
    const child = entity[key];
    if (child) collectSlots(plans, component, child, options, out, at(key), depth + 1);
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
        collectSlots(plans, component, item, options, out, at(key, String(i)), depth + 1);
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
    schemas[uid] = { uid, attributes: schema.attributes };
  for (const [uid, schema] of Object.entries(strapi.components))
    schemas[uid] = { uid, attributes: schema.attributes };
  return buildPlans(schemas);
};
