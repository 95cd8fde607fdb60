import fs from 'node:fs';
import path from 'node:path';

import {
  buildClientSchema,
  getIntrospectionQuery,
  parse,
  print,
  printType,
  type GraphQLNamedType,
  type IntrospectionQuery,
} from 'graphql';

import { MATTERPORT_ERROR_CODES } from '../../common/errors';
import { SEED_MODELS } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { CANARY_CLIENT, readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { ROOT } from '../harness/paths';
import { pluginOrder, startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * `graphql: { typedValues: true }` (issue 27): every Matterport field of the GraphQL schema is
 * a `MatterportModel` object instead of the `JSON` scalar, so code generators know the shape.
 * This file boots its own Strapi with the option (and Apollo's introspection on, as a code
 * generator needs); it runs in the run's plugin order and is listed in both
 * `test:integration:slow` (graphql first) and `test:integration:other-order` (matterport first).
 */
const ctx = readContext();
const [A, B, C, D, E] = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
// A well-formed model id the sandbox's account does not hold (Matterport answers "not found").
const UNKNOWN_MODEL = 'Tt7Tt7Tt7Tt';

/**
 * Every place a playground schema holds a Matterport field (playground/src: content types and
 * components), as `<GraphQL type>.<field>`: written from the schemas, not from the plugin.
 */
const MATTERPORT_FIELDS = [
  'Space.tour',
  'Venue.model',
  'Homepage.hero',
  'ComponentTourRoom.model',
  'ComponentTourEmbed.model',
  // The on-demand Listing (api::listing.listing) and its listing.room component.
  'Listing.tour',
  'ComponentListingRoom.space',
  // The connections' Office (api::office.office, issue 26).
  'Office.tour',
  'Office.harbourTour',
  // Public spaces' Gallery (api::gallery.gallery, issue 28).
  'Gallery.autoTour',
  'Gallery.publicTour',
  'Gallery.tour',
].sort();

const VALUE = `modelId name link accessToken validUntil poster { url } activate { url } error { code message }`;

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedType {
  kind: string;
  name: string;
  fields: Array<{ name: string; type: TypeRef }> | null;
  inputFields: Array<{ name: string; type: TypeRef }> | null;
  enumValues: Array<{ name: string }> | null;
}

const INTROSPECTION = `{
  __schema {
    types {
      kind name
      fields { name type { ...Ref } }
      inputFields { name type { ...Ref } }
      enumValues { name }
    }
  }
}
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

/** `String!` for NON_NULL of String, `MatterportModel` for the object... */
const typeName = (ref: TypeRef): string =>
  ref.kind === 'NON_NULL'
    ? `${typeName(ref.ofType as TypeRef)}!`
    : ref.kind === 'LIST'
      ? `[${typeName(ref.ofType as TypeRef)}]`
      : (ref.name as string);

interface Typed extends Omit<Delivered, 'error'> {
  poster: { url: string } | null;
  activate: { url: string } | null;
  error: { code: string; message: string } | null;
}

/** A typed value with a live link: no error, and a link the sandbox's Showcase accepts. */
const expectLive = async (value: Typed | null | undefined, modelId: string) => {
  expect(value).toBeTruthy();
  const { error, ...rest } = value as Typed;
  // GraphQL answers every selected member: a value with a link has `error: null`.
  expect(error).toBeNull();
  await expectShowcaseAccepts(rest as Delivered, modelId);
};

/** The README's typed recipe (```graphql typed) and the SDL it shows (```graphql sdl). */
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const readmeBlocks = (info: string) =>
  [...readme.matchAll(new RegExp(`\`\`\`graphql ${info}\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (m) => m[1]
  );

let strapi: StrapiProcess | undefined;
let db: TestDatabase | undefined;
let api: Client;
let token: string;
let spaceId: string;
let missingId: string;
let schemaTypes: Map<string, IntrospectedType>;

beforeAll(async () => {
  db = await createTestDatabase('graphql-typed');
  strapi = await startStrapi({
    name: 'graphql-typed',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { graphql: { typedValues: true } },
    env: { GRAPHQL_INTROSPECTION: 'on' },
  });
  const jwt = await registerAdmin(strapi.url);
  token = await createApiToken(strapi.url, jwt);
  api = client(strapi.url, token);
  expect(
    (
      await client(strapi.url, jwt).put('/matterport/settings', {
        ...CANARY_CLIENT,
        defaultValidFor: '1h',
      })
    ).status
  ).toBe(200);
  const venue = await api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: 'Typed venue', model: A },
  });
  expect(venue.status).toBe(201);
  spaceId = (
    await createSpace(api, {
      title: uniqueTitle('typed'),
      tour: { modelId: B, name: 'Tour' },
      rooms: [{ name: 'Hall', model: C }],
      sections: [
        { __component: 'tour.text', body: 'intro' },
        { __component: 'tour.embed', caption: 'Embedded', model: D },
      ],
      venue: venue.body.data.documentId,
    })
  ).documentId;
  missingId = (await createSpace(api, { title: uniqueTitle('typed-missing'), tour: UNKNOWN_MODEL }))
    .documentId;
  expect((await api.put('/api/homepage', { data: { headline: 'Typed', hero: E } })).status).toBe(
    200
  );
  const introspection = await graphql<{ __schema: { types: IntrospectedType[] } }>(
    strapi.url,
    INTROSPECTION
  );
  expect(introspection.status).toBe(200);
  expect(introspection.body.errors).toBeUndefined();
  schemaTypes = new Map(introspection.body.data?.__schema.types.map((t) => [t.name, t]));
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

test(`the app runs in the plugin order under test (${pluginOrder()}) and starts without error`, () => {
  expect(['graphql-first', 'matterport-first']).toContain(pluginOrder());
  const errors = (strapi as StrapiProcess)
    .logs()
    .split('\n')
    .filter((l) => /\berror\b/i.test(l) && l.includes('[matterport]'));
  expect(errors).toEqual([]);
});

describe('the schema (introspection, as a code generator reads it)', () => {
  test('every type and component type holding a Matterport field has it as MatterportModel, and no other field is', () => {
    const typed = [...schemaTypes.values()].flatMap((t) =>
      (t.fields ?? [])
        .filter((f) => typeName(f.type).replace(/!$/, '') === 'MatterportModel')
        .map((f) => `${t.name}.${f.name}`)
    );
    expect(typed.sort()).toEqual(MATTERPORT_FIELDS);
    // None of the playground's fields is `required`: they stay nullable, as Strapi made them.
    for (const path of MATTERPORT_FIELDS) {
      const [type, field] = path.split('.');
      const found = schemaTypes.get(type)?.fields?.find((f) => f.name === field);
      expect([path, typeName(found?.type as TypeRef)]).toEqual([path, 'MatterportModel']);
    }
  });

  test('MatterportModel has the value members, its error code is an enum of the plugin codes', () => {
    const fieldsOf = (name: string) =>
      Object.fromEntries(
        (schemaTypes.get(name)?.fields ?? []).map((f) => [f.name, typeName(f.type)])
      );
    expect(schemaTypes.get('MatterportModel')?.kind).toBe('OBJECT');
    expect(fieldsOf('MatterportModel')).toEqual({
      modelId: 'String',
      connection: 'String',
      name: 'String',
      view: 'String',
      link: 'String',
      access: 'String',
      accessToken: 'String',
      validUntil: 'String',
      poster: 'MatterportPoster',
      activate: 'MatterportActivate',
      error: 'MatterportError',
    });
    expect(fieldsOf('MatterportPoster')).toEqual({ url: 'String!' });
    expect(fieldsOf('MatterportActivate')).toEqual({ url: 'String!' });
    expect(fieldsOf('MatterportError')).toEqual({
      code: 'MatterportErrorCode!',
      message: 'String!',
    });
    const codes = schemaTypes.get('MatterportErrorCode');
    expect(codes?.kind).toBe('ENUM');
    expect((codes?.enumValues ?? []).map((v) => v.name).sort()).toEqual(
      [...MATTERPORT_ERROR_CODES].sort()
    );
  });

  test('inputs and filters keep the types Strapi gives a JSON field', () => {
    const inputOf = (type: string, field: string) =>
      typeName(schemaTypes.get(type)?.inputFields?.find((f) => f.name === field)?.type as TypeRef);
    expect(inputOf('SpaceInput', 'tour')).toBe('JSON');
    expect(inputOf('VenueInput', 'model')).toBe('JSON');
    expect(inputOf('HomepageInput', 'hero')).toBe('JSON');
    expect(inputOf('ComponentTourRoomInput', 'model')).toBe('JSON');
    expect(inputOf('SpaceFiltersInput', 'tour')).toBe('JSONFilterInput');
    expect(inputOf('ComponentTourRoomFiltersInput', 'model')).toBe('JSONFilterInput');
  });
});

describe('values', () => {
  test('selection sets deliver live links at the top level, in components, dynamic zones, relations and single types', async () => {
    const res = await graphql<{
      space: {
        tour: Typed;
        rooms: Array<{ model: Typed }>;
        sections: Array<{ __typename: string; model?: Typed }>;
        venue: { model: Typed };
      };
      homepage: { hero: Typed };
    }>(
      (strapi as StrapiProcess).url,
      `query ($id: ID!) {
        space(documentId: $id) {
          tour { ${VALUE} }
          rooms { model { ${VALUE} } }
          sections { __typename ... on ComponentTourEmbed { model { ${VALUE} } } }
          venue { model { ${VALUE} } }
        }
        homepage { hero { ${VALUE} } }
      }`,
      { id: spaceId }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const space = res.body.data?.space;
    await expectLive(space?.tour, B);
    expect(space?.tour.name).toBe('Tour');
    // Values of a published entry name their place (issue 27), in its components too.
    expect(space?.tour.poster?.url).toMatch(/\/api\/matterport\/posters\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(space?.tour.activate?.url).toMatch(/\/api\/matterport\/embeds\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(space?.rooms[0].model.poster?.url).toMatch(/\/api\/matterport\/posters\//);
    await expectLive(space?.rooms[0].model, C);
    await expectLive(space?.sections.find((s) => s.__typename === 'ComponentTourEmbed')?.model, D);
    await expectLive(space?.venue.model, A);
    await expectLive(res.body.data?.homepage.hero, E);
  });

  test('a model Matterport does not know comes back with error { code message } and no link', async () => {
    const res = await graphql<{ space: { tour: Typed } }>(
      (strapi as StrapiProcess).url,
      `query ($id: ID!) { space(documentId: $id) { tour { ${VALUE} } } }`,
      { id: missingId }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const tour = res.body.data?.space.tour;
    expect(tour?.modelId).toBe(UNKNOWN_MODEL);
    expect(tour?.error?.code).toBe('MATTERPORT_NOT_FOUND');
    expect(tour?.error?.message).toEqual(expect.any(String));
    expect([tour?.link, tour?.accessToken, tour?.validUntil]).toEqual([null, null, null]);
  });

  test('the field without a selection set is refused, as for any object type', async () => {
    const res = await graphql(
      (strapi as StrapiProcess).url,
      `
        {
          spaces {
            tour
          }
        }
      `
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].message).toMatch(/MatterportModel/);
  });

  test('mutations still take the value as JSON and answer it typed; JSON filters still apply', async () => {
    const url = (strapi as StrapiProcess).url;
    const created = await graphql<{ createSpace: { documentId: string; tour: Typed } }>(
      url,
      `mutation ($data: SpaceInput!) { createSpace(data: $data, status: PUBLISHED) { documentId tour { ${VALUE} } } }`,
      { data: { title: uniqueTitle('typed-mutation'), tour: { modelId: C, name: 'Written' } } },
      token
    );
    expect(created.body.errors).toBeUndefined();
    await expectLive(created.body.data?.createSpace.tour, C);
    expect(created.body.data?.createSpace.tour.name).toBe('Written');
    const filtered = await graphql<{ spaces: Array<{ documentId: string }> }>(
      url,
      `
        query ($id: ID!) {
          spaces(filters: { documentId: { eq: $id }, tour: { notNull: true } }) {
            documentId
          }
        }
      `,
      { id: created.body.data?.createSpace.documentId }
    );
    expect(filtered.body.errors).toBeUndefined();
    expect(filtered.body.data?.spaces).toEqual([
      { documentId: created.body.data?.createSpace.documentId },
    ]);
  });
});

test('a value naming a View delivers `view`, and its link opens the View (issue 28)', async () => {
  const north = 'XddYUqNaTWl';
  const training = '0ehmdabhd31ra7pyai5igb9sb';
  const created = await graphql<{ createSpace: { tour: { view: string | null; link: string } } }>(
    (strapi as StrapiProcess).url,
    `
      mutation ($data: SpaceInput!) {
        createSpace(data: $data, status: PUBLISHED) {
          tour {
            view
            link
          }
        }
      }
    `,
    { data: { title: uniqueTitle('typed-view'), tour: { modelId: north, view: training } } },
    token
  );
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data?.createSpace.tour.view).toBe(training);
  expect(new URL(created.body.data?.createSpace.tour.link as string).searchParams.get('m')).toBe(
    training
  );
});

describe("the README's Typed GraphQL values section", () => {
  test('its SDL is what the schema prints from an introspection', async () => {
    const res = await graphql<IntrospectionQuery>(
      (strapi as StrapiProcess).url,
      getIntrospectionQuery()
    );
    expect(res.body.errors).toBeUndefined();
    const schema = buildClientSchema(res.body.data as IntrospectionQuery);
    const printed = [
      'MatterportModel',
      'MatterportPoster',
      'MatterportActivate',
      'MatterportError',
      'MatterportErrorCode',
    ]
      .map((name) => printType(schema.getType(name) as GraphQLNamedType))
      .join('\n\n');
    // Compared as GraphQL documents: Prettier (which formats the README) lays out
    // descriptions its own way.
    const sdl = readmeBlocks('sdl');
    expect(sdl).toHaveLength(1);
    expect(print(parse(sdl[0]))).toEqual(print(parse(printed)));
  });

  test('its query runs: a live link at the top level and in a component, no error', async () => {
    const [query] = readmeBlocks('typed');
    expect(query).toContain('SpaceTour');
    const res = await graphql<{
      space: { title: string; tour: Typed; rooms: Array<{ name: string; model: Typed }> };
    }>((strapi as StrapiProcess).url, query, { documentId: spaceId });
    expect(res.body.errors).toBeUndefined();
    await expectLive(res.body.data?.space.tour, B);
    // Issue 26: a value stored without a connection is the default connection's.
    expect(res.body.data?.space.tour.connection).toBe('default');
    expect(res.body.data?.space.rooms[0].model.modelId).toBe(C);
    expect(res.body.data?.space.rooms[0].model.link).toEqual(expect.any(String));
    expect(res.body.data?.space.rooms[0].model.error).toBeNull();
  });
});

describe('typedValues off (the shared Strapi of this run, default configuration)', () => {
  test('the field stays the JSON scalar: a selection set on it is refused and a bare read delivers', async () => {
    const selected = await graphql(
      ctx.strapiUrl,
      `
        {
          spaces {
            tour {
              modelId
            }
          }
        }
      `
    );
    expect(selected.status).toBe(400);
    expect(selected.body.errors?.[0].message).toMatch(/type "JSON" has no subfields/);
    const bare = await graphql(
      ctx.strapiUrl,
      `
        {
          spaces {
            tour
            rooms {
              model
            }
          }
        }
      `
    );
    expect(bare.status).toBe(200);
    expect(bare.body.errors).toBeUndefined();
    const unknownType = await graphql(
      ctx.strapiUrl,
      `
        {
          spaces {
            tour {
              ... on MatterportModel {
                link
              }
            }
          }
        }
      `
    );
    expect(unknownType.status).toBe(400);
  });
});
