/**
 * The check behind every use of a ref: does the entry still hold that model at that path?
 * Both halves follow the delivery plans (server/src/delivery/plan.ts), so a ref can only
 * name a place delivery would deliver: a Matterport field of the content type, or of a
 * component (single, repeatable, in a dynamic zone) reached from it without crossing a
 * relation (a related entry is published on its own and has refs of its own).
 */
import { connectionOf, storedPart, type StoredModelValue } from '../../../common/field-value';
import type { FieldPlan, SchemaPlan } from '../delivery/plan';

type Plans = ReadonlyMap<string, SchemaPlan>;

/**
 * Where a ref's model was found: the field (with its options) and the connection the value
 * there names. A ref names the place, not the connection: the published value decides which
 * organisation's credentials mint and fetch images.
 */
export interface Holding {
  field: FieldPlan;
  connection: string;
  /** The published value (its View and per-entry params, issue 28). */
  stored: StoredModelValue;
}

/** A Document Service `populate` tree: `true`, `{ populate }` or a dynamic zone's `{ on }`. */
export type PopulateTree = Record<string, unknown>;

const MAX_SEGMENTS = 16;

const segmentsOf = (path: string): string[] | null => {
  const segments = path.split('.');
  return segments.length <= MAX_SEGMENTS && segments.every(Boolean) ? segments : null;
};

const nested = (sub: PopulateTree): unknown => (Object.keys(sub).length ? { populate: sub } : true);

const populateBelow = (plans: Plans, uid: string, segments: string[]): PopulateTree | null => {
  const plan = plans.get(uid);
  if (!plan || !segments.length) return null;
  const [key, ...rest] = segments;
  if (!rest.length) return plan.fields.some((f) => f.key === key) ? {} : null;
  const component = plan.components.find((c) => c.key === key);
  if (component) {
    const sub = populateBelow(plans, component.uid, rest);
    return sub && { [key]: nested(sub) };
  }
  const zone = plan.dynamicZones.find((z) => z.key === key);
  if (zone) {
    const on: PopulateTree = {};
    for (const member of zone.uids) {
      const sub = populateBelow(plans, member, rest);
      if (sub) on[member] = nested(sub);
    }
    return Object.keys(on).length ? { [key]: { on } } : null;
  }
  return null;
};

/**
 * What a `findOne` of the entry must populate to read the Matterport values along `path`
 * (no more: only the components on the path, only the dynamic zone members that can hold
 * the field), or null when the path names no Matterport field of this schema (a ref of a
 * schema that changed since, or not made here). `{}`: a field of the entry itself.
 */
export const populateForPath = (plans: Plans, uid: string, path: string): PopulateTree | null => {
  const segments = segmentsOf(path);
  return segments && populateBelow(plans, uid, segments);
};

const holdingBelow = (
  plans: Plans,
  uid: string,
  value: unknown,
  segments: string[],
  modelId: string
): Holding | null => {
  const plan = plans.get(uid);
  if (!plan || !value || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = holdingBelow(plans, uid, item, segments, modelId);
      if (found) return found;
    }
    return null;
  }
  const entity = value as Record<string, unknown>;
  const [key, ...rest] = segments;
  if (!rest.length) {
    const field = plan.fields.find((f) => f.key === key);
    const stored = field ? storedPart(entity[key]) : null;
    // Model IDs are case-sensitive (two models may differ by case only).
    return field && stored?.modelId === modelId
      ? { field, connection: connectionOf(stored), stored }
      : null;
  }
  const component = plan.components.find((c) => c.key === key);
  if (component) return holdingBelow(plans, component.uid, entity[key], rest, modelId);
  const zone = plan.dynamicZones.find((z) => z.key === key);
  if (zone && Array.isArray(entity[key])) {
    for (const item of entity[key] as unknown[]) {
      const member =
        item && typeof item === 'object'
          ? (item as { __component?: unknown }).__component
          : undefined;
      if (typeof member !== 'string' || !zone.uids.has(member)) continue;
      const found = holdingBelow(plans, member, item, rest, modelId);
      if (found) return found;
    }
  }
  return null;
};

/**
 * The field (with its options) and connection of the first value along `path` that holds
 * `modelId`, in an entry read with populateForPath's tree; null when none does (the space was changed or
 * removed there). Every item of a repeatable component or dynamic zone is looked at, so
 * reordering a list keeps its refs alive.
 */
export const fieldHolding = (
  plans: Plans,
  uid: string,
  entry: unknown,
  path: string,
  modelId: string
): Holding | null => {
  const segments = segmentsOf(path);
  return segments && holdingBelow(plans, uid, entry, segments, modelId);
};
