import { createRequire } from 'node:module';

import { GraphQLObjectType, GraphQLScalarType, printSchema, type GraphQLSchema } from 'graphql';

import deliveryService from '../../server/src/delivery/service';
import { registerGraphQL, type RegisterOptions, type Resolver } from '../../server/src/graphql';
import { typedValueTypes, type NexusLike } from '../../server/src/graphql/typed';

// The Nexus the GraphQL plugin builds its schema with (and hands every extension factory).
const nexus = createRequire(require.resolve('@strapi/plugin-graphql/package.json'))(
  'nexus'
) as typeof import('nexus');

/**
 * The GraphQL extension factory runs in the GraphQL plugin's bootstrap, which comes before
 * the plugin's own bootstrap when `graphql` is listed first in config/plugins. These tests
 * run the factory against a Strapi on which no bootstrap ran, as that order does.
 */
const field = (options?: Record<string, unknown>) => ({
  type: 'json',
  customField: 'plugin::matterport.model',
  options,
});

const contentTypes = {
  'api::space.space': {
    uid: 'api::space.space',
    modelType: 'contentType',
    kind: 'collectionType',
    info: { singularName: 'space' },
    attributes: {
      title: { type: 'string' },
      tour: field({ play: true }),
      rooms: { type: 'component', component: 'tour.room', repeatable: true },
      venue: { type: 'relation', relation: 'manyToOne', target: 'api::venue.venue' },
    },
  },
  'api::venue.venue': {
    uid: 'api::venue.venue',
    modelType: 'contentType',
    kind: 'collectionType',
    info: { singularName: 'venue' },
    attributes: { model: field(), secret: { ...field(), private: true } },
  },
  'api::article.article': {
    uid: 'api::article.article',
    modelType: 'contentType',
    kind: 'collectionType',
    info: { singularName: 'article' },
    attributes: { meta: { type: 'json' } },
  },
};
const components = {
  'tour.room': {
    uid: 'tour.room',
    modelType: 'component',
    info: { displayName: 'Room' },
    attributes: { model: field() },
  },
};

// Type names as Strapi's naming service gives them for these schemas.
const NAMES: Record<string, string> = {
  'api::space.space': 'Space',
  'api::venue.venue': 'Venue',
  'api::article.article': 'Article',
  'tour.room': 'ComponentTourRoom',
};

interface Setup {
  naming?: Partial<{
    getTypeName(ct: { uid: string }): string;
    getComponentName(c: { uid: string }): string;
  }>;
  registered?: string[];
  disabled?: string[];
  outputDisabled?: Record<string, string[]>;
  shadowCRUD?: boolean;
  options?: RegisterOptions;
}

const boot = (setup: Setup = {}) => {
  const log = { info: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() };
  const factories: Array<
    (args: unknown) => {
      types?: unknown[];
      resolvers: Record<string, Record<string, Resolver>>;
    }
  > = [];
  const shadowCRUD = (uid: string) => ({
    isEnabled: () => !(setup.disabled ?? []).includes(uid),
    field: (name: string) => ({
      hasOutputEnabled: () => !(setup.outputDisabled?.[uid] ?? []).includes(name),
    }),
  });
  const naming = {
    getTypeName: (ct: { uid: string }) => NAMES[ct.uid],
    getComponentName: (c: { uid: string }) => NAMES[c.uid],
    ...setup.naming,
  };
  const plugins: Record<string, unknown> = {};
  const strapi = {
    contentTypes,
    components,
    log,
    config: { get: () => undefined },
    requestContext: { get: () => undefined },
    plugin: (name: string) => plugins[name],
  };
  // Strapi's isPrivateAttribute reads the global `strapi` (api.responses.privateAttributes).
  (globalThis as { strapi?: unknown }).strapi = strapi;
  const delivery = deliveryService({ strapi } as never);
  const runtime = { config: () => ({ defaultDelivery: 'link' }) };
  plugins.matterport = {
    service: (name: string) =>
      name === 'delivery' ? delivery : name === 'runtime' ? runtime : undefined,
  };
  plugins.graphql = {
    config: (key: string, fallback: unknown) =>
      key === 'shadowCRUD' ? (setup.shadowCRUD ?? true) : fallback,
    service: (name: string) =>
      name === 'extension'
        ? { shadowCRUD, use: (factory: (typeof factories)[number]) => factories.push(factory) }
        : name === 'utils'
          ? { naming }
          : undefined,
  };
  registerGraphQL(strapi as never, setup.options);
  const registered = new Set(setup.registered ?? Object.values(NAMES));
  const run = () =>
    factories.map((f) =>
      f({ strapi, nexus, typeRegistry: { has: (n: string) => registered.has(n) } })
    );
  // The GraphQL plugin evaluates every factory twice per schema build (types, then resolvers).
  const build = () => run().map((extension) => extension.resolvers);
  return { log, build, run, delivery };
};

test('without any bootstrap having run, resolvers cover every type holding a Matterport field', () => {
  const { build, log } = boot();
  const [resolvers] = build();
  expect(Object.keys(resolvers).sort()).toEqual(['ComponentTourRoom', 'Space', 'Venue']);
  expect(Object.keys(resolvers.Space)).toEqual(['tour']);
  expect(Object.keys(resolvers.ComponentTourRoom)).toEqual(['model']);
  // A private attribute is not in the GraphQL schema: a resolver for it would stop start-up.
  expect(Object.keys(resolvers.Venue)).toEqual(['model']);
  expect(log.error).not.toHaveBeenCalled();
});

test('a resolver passes delivered and empty values through unchanged', () => {
  const { build } = boot();
  const [resolvers] = build();
  const delivered = { modelId: 'abc', link: 'https://example/show?m=abc' };
  expect(resolvers.Space.tour({ tour: delivered }, {}, {})).toBe(delivered);
  expect(resolvers.Space.tour({ tour: null }, {}, {})).toBeNull();
});

test('a type the naming service cannot name is an ERROR naming the type and field, once, and start-up goes on', () => {
  const { build, log } = boot({
    naming: {
      getComponentName: () => {
        throw new Error('component name clash');
      },
    },
  });
  build();
  const [resolvers] = build();
  expect(resolvers.ComponentTourRoom).toBeUndefined();
  expect(resolvers.Space.tour).toBeInstanceOf(Function);
  expect(log.error).toHaveBeenCalledTimes(1);
  const message = log.error.mock.calls[0][0] as string;
  expect(message).toContain('tour.room');
  expect(message).toContain('"model"');
  expect(message).toContain('component name clash');
});

test('a type missing from the schema although shadowCRUD has it is an ERROR naming type and field; no resolver is left for it', () => {
  const { build, log } = boot({ registered: ['Space', 'ComponentTourRoom'] });
  const [resolvers] = build();
  expect(resolvers.Venue).toBeUndefined();
  expect(log.error).toHaveBeenCalledTimes(1);
  expect(log.error.mock.calls[0][0]).toMatch(/type Venue \(api::venue\.venue\).*"model"/);
});

test('a type or field the site disabled with shadowCRUD is said at info level, not as an error', () => {
  const { build, log } = boot({
    disabled: ['api::venue.venue'],
    registered: ['Space', 'ComponentTourRoom'],
    outputDisabled: { 'api::space.space': ['tour'] },
  });
  const [resolvers] = build();
  expect(resolvers.Venue).toBeUndefined();
  expect(resolvers.Space).toBeUndefined();
  expect(Object.keys(resolvers.ComponentTourRoom)).toEqual(['model']);
  expect(log.error).not.toHaveBeenCalled();
  const infos = log.info.mock.calls.map((c) => c[0] as string);
  expect(infos.some((m) => m.includes('api::venue.venue') && m.includes('shadowCRUD'))).toBe(true);
  expect(infos.some((m) => m.includes('Space.tour') && m.includes('shadowCRUD'))).toBe(true);
});

test('shadowCRUD off altogether attaches nothing and says so once at info level', () => {
  const { build, log } = boot({ shadowCRUD: false, registered: [] });
  build();
  const [resolvers] = build();
  expect(resolvers).toEqual({});
  expect(log.error).not.toHaveBeenCalled();
  expect(log.info).toHaveBeenCalledTimes(1);
});

test('the plans the factory built are the ones delivery uses: built once, on first use', () => {
  const { build, delivery } = boot();
  build();
  const plans = delivery.plans();
  expect(delivery.plans()).toBe(plans);
  expect(delivery.hasPlan('api::space.space')).toBe(true);
  expect(delivery.hasPlan('api::article.article')).toBe(false);
});

describe('graphql.typedValues', () => {
  /** A schema like the one Strapi generates: Matterport fields as JSON, one of them required. */
  const generated = (types: unknown[]): GraphQLSchema => {
    const JSONScalar = nexus.scalarType({ name: 'JSON', serialize: (v) => v });
    return nexus.makeSchema({
      types: [
        JSONScalar,
        nexus.objectType({
          name: 'Space',
          definition(t) {
            t.string('title');
            t.field('tour', { type: 'JSON' });
            t.nonNull.field('hero', { type: 'JSON' });
          },
        }),
        nexus.inputObjectType({
          name: 'SpaceInput',
          definition(t) {
            t.field('tour', { type: 'JSON' });
          },
        }),
        nexus.queryType({
          definition(t) {
            t.field('space', { type: 'Space', args: { data: 'SpaceInput' } });
          },
        }),
        ...types,
      ] as never,
      shouldGenerateArtifacts: false,
    });
  };

  test('retypes each field as MatterportModel, keeping non-null where Strapi made it so, and leaves inputs alone', () => {
    const schema = generated(
      typedValueTypes(
        nexus as unknown as NexusLike,
        [
          { typeName: 'Space', key: 'tour', required: false },
          { typeName: 'Space', key: 'hero', required: true },
        ],
        () => false
      )
    );
    const space = schema.getType('Space') as GraphQLObjectType;
    expect(String(space.getFields().tour.type)).toBe('MatterportModel');
    expect(String(space.getFields().hero.type)).toBe('MatterportModel!');
    expect(String(space.getFields().title.type)).toBe('String');
    expect(printSchema(schema)).toMatch(/input SpaceInput \{\s+tour: JSON\s+\}/);
    expect(schema.getType('JSON')).toBeInstanceOf(GraphQLScalarType);
  });

  test('a site type already named like one of the plugin types stops start-up with a message saying so', () => {
    expect(() =>
      typedValueTypes(nexus as unknown as NexusLike, [], (name) => name === 'MatterportModel')
    ).toThrow(/already has a type named MatterportModel.*rename it or turn typedValues off/);
  });

  test('on, the factory hands over the types (with the resolvers); off, none', () => {
    const on = boot({ options: { typedValues: true } }).run()[0];
    expect(Object.keys(on.resolvers).sort()).toEqual(['ComponentTourRoom', 'Space', 'Venue']);
    const retyped = generated(on.types ?? []);
    expect(String((retyped.getType('Space') as GraphQLObjectType).getFields().tour.type)).toBe(
      'MatterportModel'
    );
    expect(boot().run()[0].types).toBeUndefined();
  });

  test('with delivery off, the schema is the same (types) but no resolver is attached and nothing is logged', () => {
    const { run, log } = boot({ options: { typedValues: true, deliver: false } });
    const [extension] = run();
    expect(extension.resolvers).toBeUndefined();
    expect(extension.types?.length).toBeGreaterThan(0);
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).not.toHaveBeenCalled();
  });
});
