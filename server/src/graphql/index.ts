import type { Core } from '@strapi/strapi';
import { contentTypes as contentTypeUtils } from '@strapi/utils';
import type { Context } from 'koa';

import {
  entryOf,
  isDraftEntry,
  type FieldPlan,
  type SchemaPlan,
  type SlotEntry,
} from '../delivery/plan';
import { getService } from '../utils/get-service';
import { typedValueTypes, type NexusLike, type TypedTarget } from './typed';

export interface NamingService {
  getTypeName(contentType: unknown): string;
  getComponentName(component: unknown): string;
}

/** What the GraphQL plugin's extension service offers that this module reads. */
export interface ShadowCRUD {
  (uid: string): { isEnabled(): boolean; field(name: string): { hasOutputEnabled(): boolean } };
}

export type Resolver = (
  parent: Record<string, unknown>,
  args: unknown,
  context: { koaContext?: Context }
) => unknown;

export interface AttachNote {
  level: 'info' | 'error';
  message: string;
}

export interface AttachInput {
  plans: ReadonlyMap<string, SchemaPlan>;
  /** The content type or component schema of a uid (Strapi's record, as the naming service wants it). */
  schemaOf: (
    uid: string
  ) => { uid: string; modelType?: string; attributes: Record<string, unknown> } | undefined;
  naming: NamingService;
  /** The GraphQL plugin's type registry for the schema being built. */
  typeRegistry: { has(name: string): boolean };
  shadowCRUD: ShadowCRUD;
  /** The GraphQL plugin's `shadowCRUD` option: off, it generates no type at all. */
  shadowCRUDEnabled: boolean;
  isPrivate: (schema: { uid: string; attributes: Record<string, unknown> }, key: string) => boolean;
  /** The resolver of one field of one schema (its plan says whether its entries can be drafts). */
  resolverFor: (field: FieldPlan, plan: SchemaPlan) => Resolver;
}

/**
 * Decides which field resolvers to hand the GraphQL plugin, checking every type that holds a
 * Matterport field against the schema being built. A resolver for a type or field the schema
 * lacks would stop Strapi's start-up (graphql-tools refuses it), so such resolvers are left
 * out; when the absence is the site's own choice (shadowCRUD, private attribute) that is said
 * at info level, and otherwise at error level, naming the type and field: values of that
 * field would come back through GraphQL without a link.
 */
export const attachResolvers = (
  input: AttachInput
): {
  resolvers: Record<string, Record<string, Resolver>>;
  notes: AttachNote[];
  /** Every field given a resolver: the fields `typedValues` retypes. */
  targets: TypedTarget[];
} => {
  const resolvers: Record<string, Record<string, Resolver>> = {};
  const notes: AttachNote[] = [];
  const targets: TypedTarget[] = [];
  const withFields = [...input.plans].filter(([, plan]) => plan.fields.length > 0);
  if (!withFields.length) return { resolvers, notes, targets };
  if (!input.shadowCRUDEnabled) {
    notes.push({
      level: 'info',
      message:
        '[matterport] GraphQL shadowCRUD is off: no generated type holds a Matterport field, so the plugin attaches no GraphQL resolver (custom types must deliver values themselves).',
    });
    return { resolvers, notes, targets };
  }
  for (const [uid, plan] of withFields) {
    const fieldList = plan.fields.map((f) => `"${f.key}"`).join(', ');
    const schema = input.schemaOf(uid);
    if (!schema) {
      notes.push({
        level: 'error',
        message: `[matterport] GraphQL: no content type or component ${uid} for its Matterport field(s) ${fieldList}; they come back through GraphQL without a link.`,
      });
      continue;
    }
    if (!input.shadowCRUD(uid).isEnabled()) {
      notes.push({
        level: 'info',
        message: `[matterport] GraphQL: ${uid} is disabled in GraphQL (shadowCRUD), so its Matterport field(s) ${fieldList} are not exposed there.`,
      });
      continue;
    }
    let typeName: string;
    try {
      typeName = contentTypeUtils.isComponentSchema(schema)
        ? input.naming.getComponentName(schema)
        : input.naming.getTypeName(schema);
    } catch (error) {
      notes.push({
        level: 'error',
        message: `[matterport] GraphQL: cannot name the type of ${uid} (${(error as Error).message}); its Matterport field(s) ${fieldList} come back through GraphQL without a link.`,
      });
      continue;
    }
    if (!input.typeRegistry.has(typeName)) {
      notes.push({
        level: 'error',
        message: `[matterport] GraphQL: type ${typeName} (${uid}) is missing from the GraphQL schema; its Matterport field(s) ${fieldList} come back through GraphQL without a link.`,
      });
      continue;
    }
    for (const field of plan.fields) {
      if (input.isPrivate(schema, field.key)) {
        notes.push({
          level: 'info',
          message: `[matterport] GraphQL: ${typeName}.${field.key} is private, so it is not exposed in GraphQL.`,
        });
        continue;
      }
      if (!input.shadowCRUD(uid).field(field.key).hasOutputEnabled()) {
        notes.push({
          level: 'info',
          message: `[matterport] GraphQL: ${typeName}.${field.key} has its output disabled (shadowCRUD), so it is not exposed in GraphQL.`,
        });
        continue;
      }
      resolvers[typeName] ??= {};
      resolvers[typeName][field.key] = input.resolverFor(field, plan);
      const attribute = schema.attributes[field.key] as { required?: unknown } | undefined;
      targets.push({ typeName, key: field.key, required: Boolean(attribute?.required) });
    }
  }
  return { resolvers, notes, targets };
};

export interface RegisterOptions {
  /** The plugin's `delivery` switch: off, values come back as stored and no resolver is attached. */
  deliver?: boolean;
  /** `graphql.typedValues`: Matterport fields become `MatterportModel` instead of `JSON`. */
  typedValues?: boolean;
}

/**
 * GraphQL loads components, dynamic zones and relations with db.query().load(),
 * outside the Document Service, so the middleware never sees those values. A field
 * resolver on every type that holds a Matterport field closes that gap; values the
 * middleware already delivered pass through untouched.
 *
 * With `typedValues`, the same fields (the ones in the schema) are also retyped as
 * `MatterportModel` (./typed.ts); that holds with delivery off too, so the emergency switch
 * does not change the schema sites generate code from.
 *
 * The factory runs when the GraphQL plugin builds its schema, in ITS bootstrap, which
 * comes before ours when `graphql` is listed first in config/plugins: it reads nothing our
 * bootstrap sets up (the delivery plans are built on first use from the content types).
 */
export const registerGraphQL = (strapi: Core.Strapi, options: RegisterOptions = {}) => {
  const { deliver = true, typedValues = false } = options;
  const extension = strapi.plugin('graphql').service('extension') as {
    shadowCRUD: ShadowCRUD;
    use(
      factory: (args: {
        strapi: Core.Strapi;
        nexus: NexusLike;
        typeRegistry: { has(name: string): boolean };
      }) => {
        types?: unknown[];
        resolvers?: Record<string, Record<string, Resolver>>;
        resolversConfig?: Record<string, { middlewares: ComponentMiddleware[] }>;
      }
    ): void;
  };
  // The GraphQL plugin runs factories twice per schema build (types, then resolvers): say each thing once.
  const said = new Set<string>();
  extension.use(({ strapi: s, nexus, typeRegistry }) => {
    const graphql = s.plugin('graphql');
    const naming = (graphql.service('utils') as { naming: NamingService }).naming;
    const delivery = getService('delivery', s);
    const { resolvers, notes, targets } = attachResolvers({
      plans: delivery.plans(),
      schemaOf: (uid) =>
        (s.contentTypes[uid as keyof typeof s.contentTypes] ??
          s.components[uid as keyof typeof s.components]) as
          | { uid: string; modelType?: string; attributes: Record<string, unknown> }
          | undefined,
      naming,
      typeRegistry,
      shadowCRUD: extension.shadowCRUD,
      shadowCRUDEnabled: (graphql.config('shadowCRUD', true) as unknown) !== false,
      isPrivate: (schema, key) =>
        contentTypeUtils.isPrivateAttribute(
          schema as Parameters<typeof contentTypeUtils.isPrivateAttribute>[0],
          key
        ),
      resolverFor: (field, plan) => (parent, _args, context) => {
        const value = parent?.[field.key];
        // Already delivered by the Document Service middleware (top-level fields), or empty:
        // answered synchronously, so the common case costs no promise.
        if (!value || typeof value !== 'object' || 'link' in value) return value;
        // Relations are loaded with db.query().load(), outside the Document Service, with the
        // root field's status: an entry loaded that way as a draft (publishedAt null) is
        // refused whatever else decided this request (defence in depth).
        // A content type's parent is the entry (its refs name it); a component's parent is
        // what GraphQL loaded for it, tagged with its entry by componentHolders below (a
        // component reached some other way names no entry: an on-demand field gets a link).
        const holder = plan.contentType ? undefined : holders.get(parent);
        return delivery.deliverValue(
          value,
          field,
          context?.koaContext ?? s.requestContext.get(),
          isDraftEntry(plan, parent) || holder?.draft === true,
          plan.contentType ? entryOf(plan, parent) : holder?.entry,
          holder?.path ? `${holder.path}.${field.key}` : field.key
        );
      },
    });
    const resolversConfig = deliver
      ? componentHolders(delivery.plans(), (uid) => {
          const schema = (s.contentTypes[uid as keyof typeof s.contentTypes] ??
            s.components[uid as keyof typeof s.components]) as
            | { uid: string; modelType?: string; attributes: Record<string, unknown> }
            | undefined;
          if (!schema || !extension.shadowCRUD(uid).isEnabled()) return undefined;
          try {
            const name = contentTypeUtils.isComponentSchema(
              schema as Parameters<typeof contentTypeUtils.isComponentSchema>[0]
            )
              ? naming.getComponentName(schema)
              : naming.getTypeName(schema);
            return typeRegistry.has(name) ? name : undefined;
          } catch {
            return undefined;
          }
        })
      : {};
    // The notes speak of links: with delivery off there are none to miss.
    for (const note of deliver ? notes : []) {
      if (said.has(note.message)) continue;
      said.add(note.message);
      s.log[note.level](note.message);
    }
    return {
      ...(typedValues && { types: typedValueTypes(nexus, targets, (n) => typeRegistry.has(n)) }),
      ...(deliver && { resolvers, resolversConfig }),
    };
  });
};

/** What a component object GraphQL loaded belongs to: its entry, the path from it, its draft state. */
interface Holder {
  entry: SlotEntry | undefined;
  path: string;
  draft: boolean;
}

/**
 * The GraphQL plugin loads components and dynamic zones with db.query().load(): the objects
 * it hands to a component's field resolvers carry nothing of the entry above them. Tagging
 * them on the way out of their loading field lets a Matterport value inside a component name
 * its entry (its poster and activation refs, issue 27) and inherit the entry's draft state.
 * A WeakMap: the tags go with the request's objects.
 */
const holders = new WeakMap<object, Holder>();

type ComponentMiddleware = (
  next: (parent: unknown, args: unknown, context: unknown, info: unknown) => unknown,
  parent: Record<string, unknown>,
  args: unknown,
  context: unknown,
  info: unknown
) => Promise<unknown>;

/**
 * A resolver middleware (Strapi's `resolversConfig`) on every component and dynamic-zone field
 * that leads to a Matterport field, on each type GraphQL has (`typeName` answers undefined for
 * the others). It wraps Strapi's own resolver: the loading itself is left to Strapi.
 */
export const componentHolders = (
  plans: ReadonlyMap<string, SchemaPlan>,
  typeName: (uid: string) => string | undefined
): Record<string, { middlewares: ComponentMiddleware[] }> => {
  const config: Record<string, { middlewares: ComponentMiddleware[] }> = {};
  for (const [uid, plan] of plans) {
    const keys = [...plan.components.map((c) => c.key), ...plan.dynamicZones.map((z) => z.key)];
    if (!keys.length) continue;
    const name = typeName(uid);
    if (!name) continue;
    for (const key of keys) {
      config[`${name}.${key}`] = {
        middlewares: [
          async (next, parent, args, context, info) => {
            const result = await next(parent, args, context, info);
            const own: Holder | undefined = plan.contentType
              ? { entry: entryOf(plan, parent), path: '', draft: isDraftEntry(plan, parent) }
              : holders.get(parent);
            if (own && result && typeof result === 'object') {
              const tag: Holder = {
                entry: own.entry,
                path: own.path ? `${own.path}.${key}` : key,
                draft: own.draft,
              };
              for (const item of Array.isArray(result) ? result : [result])
                if (item && typeof item === 'object') holders.set(item as object, tag);
            }
            return result;
          },
        ],
      };
    }
  }
  return config;
};
