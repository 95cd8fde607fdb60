import { MATTERPORT_ERROR_CODES } from '../../../common/errors';

/**
 * The GraphQL types of `graphql: { typedValues: true }`: a Matterport field becomes a
 * `MatterportModel` object instead of the `JSON` scalar, so code generators know the value's
 * shape. The names are public (sites' queries and generated code spell them): never rename.
 */
export const TYPED_NAMES = {
  model: 'MatterportModel',
  poster: 'MatterportPoster',
  activate: 'MatterportActivate',
  error: 'MatterportError',
  errorCode: 'MatterportErrorCode',
} as const;

/** One Matterport field of one generated type or component type, to retype. */
export interface TypedTarget {
  typeName: string;
  key: string;
  /** The attribute is `required`: Strapi made the field non-null, and so does the retyped one. */
  required: boolean;
}

/**
 * The part of Nexus this module uses: the instance the GraphQL plugin hands every extension
 * factory (`{ nexus }`), so the plugin depends on no Nexus of its own and builds its types
 * with the one that builds the schema.
 */
interface FieldBlock {
  field(name: string, config: { type: unknown; description?: string }): void;
  string(name: string, config?: { description?: string }): void;
  nonNull: FieldBlock;
}
export interface NexusLike {
  objectType(config: {
    name: string;
    description?: string;
    definition(t: FieldBlock): void;
  }): unknown;
  enumType(config: { name: string; description?: string; members: readonly string[] }): unknown;
  extendType(config: { type: string; definition(t: FieldBlock): void }): unknown;
}

/**
 * The Nexus types to hand the GraphQL plugin: the value's object types, and for each type
 * holding a Matterport field an `extendType` that redefines the field as `MatterportModel`.
 * Strapi's type builder has no hook for a custom field's GraphQL type (it maps the field's
 * underlying `json` to `JSON`); Nexus applies type extensions after the type's own definition
 * and keeps a field's last definition, so the redefinition wins. Only the output type changes:
 * Strapi builds the `*Input` (mutations, still `JSON`) and `*FiltersInput` types apart.
 *
 * Field resolvers stay the delivery resolvers handed over as `resolvers`: values are the
 * delivered objects, whose members the default resolvers read (`poster`/`activate` are null
 * where delivery sets none, as are the link members of an on-demand or failed value).
 */
export const typedValueTypes = (
  nexus: NexusLike,
  targets: readonly TypedTarget[],
  isTaken: (name: string) => boolean
): unknown[] => {
  // A site type of the same name (a content type "matterport-model" is named MatterportModel)
  // would make Nexus refuse the schema with a message that does not say why.
  const taken = Object.values(TYPED_NAMES).filter(isTaken);
  if (taken.length) {
    throw new Error(
      `[matterport] graphql.typedValues: the GraphQL schema already has a type named ${taken.join(', ')} (a content type or component of the site); rename it or turn typedValues off.`
    );
  }
  const byType = new Map<string, TypedTarget[]>();
  for (const target of targets) {
    byType.set(target.typeName, [...(byType.get(target.typeName) ?? []), target]);
  }
  return [
    nexus.enumType({
      name: TYPED_NAMES.errorCode,
      description:
        'Why the server could not deliver a link (stable; switch on it, not on the message).',
      members: MATTERPORT_ERROR_CODES,
    }),
    nexus.objectType({
      name: TYPED_NAMES.error,
      description: 'Why this value carries no link.',
      definition(t) {
        t.nonNull.field('code', { type: TYPED_NAMES.errorCode });
        t.nonNull.string('message', {
          description: 'For developers and logs; escape it before showing it anywhere.',
        });
      },
    }),
    nexus.objectType({
      name: TYPED_NAMES.poster,
      description: "The model's image, served by this Strapi.",
      definition(t) {
        t.nonNull.string('url');
      },
    }),
    nexus.objectType({
      name: TYPED_NAMES.activate,
      description:
        'Where an on-demand value gets its link: GET it for { data: { modelId, link, accessToken, validUntil } }.',
      definition(t) {
        t.nonNull.string('url');
      },
    }),
    nexus.objectType({
      name: TYPED_NAMES.model,
      description:
        'A Matterport field as delivered: a link (link delivery), a poster and an activation URL (on-demand), or an error saying why there is no link.',
      definition(t) {
        t.string('modelId', {
          description:
            'The Matterport model ID (null only for a stored value that names no model).',
        });
        t.string('connection', {
          description:
            'The connection (Matterport organisation) that holds the model: "default" for a value that names none; null only when there is no model.',
        });
        t.string('name', { description: "The model's name as chosen by the editor, if any." });
        t.string('view', {
          description:
            'The Matterport View the editor chose (25 characters), null for the model itself; the link opens it.',
        });
        t.string('link', {
          description: 'Showcase URL carrying a model-scoped token; null on-demand or on error.',
        });
        t.string('access', {
          description:
            'How the link reaches the space: "private" (Private Model Embed, with a token) or "public" (the plain Showcase link of a public or unlisted space, no token); null when there is no link.',
        });
        t.string('accessToken', {
          description: 'Model-scoped token for the Showcase SDK; null on-demand or on error.',
        });
        t.string('validUntil', {
          description:
            'ISO-8601 UTC instant after which link and accessToken stop working; null when there is no link.',
        });
        t.field('poster', {
          type: TYPED_NAMES.poster,
          description: "The model's image (published values; null for a draft).",
        });
        t.field('activate', {
          type: TYPED_NAMES.activate,
          description: 'Set on on-demand values only: fetch the link when a visitor asks for it.',
        });
        t.field('error', {
          type: TYPED_NAMES.error,
          description: 'Why the value carries no link when something failed; null otherwise.',
        });
      },
    }),
    ...[...byType].map(([typeName, fields]) =>
      nexus.extendType({
        type: typeName,
        definition(t) {
          for (const field of fields) {
            (field.required ? t.nonNull : t).field(field.key, { type: TYPED_NAMES.model });
          }
        },
      })
    ),
  ];
};
