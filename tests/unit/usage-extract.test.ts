import { buildPlans } from '../../server/src/delivery/plan';
import { indexedTypes, populateFor, signatureOf, usagesIn } from '../../server/src/usage/extract';
import { documentIdsOf, WRITE_ACTIONS } from '../../server/src/usage/middleware';
import { adminPathOf } from '../../server/src/usage/views';

/*
 * Where used (issue 28): which values of a database row are usages, and where they sit.
 * Every Matterport value of an entry's version is one row: top level, single and repeatable
 * components, nested components, dynamic zones; relations are the related entry's own
 * business; drafts and published versions and locales are told apart.
 */

const field = { type: 'json', customField: 'plugin::matterport.model' };

const schemas = {
  'api::space.space': {
    uid: 'api::space.space',
    modelType: 'contentType',
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      tour: field,
      rooms: { type: 'component', component: 'tour.room', repeatable: true },
      hero: { type: 'component', component: 'tour.hero' },
      sections: { type: 'dynamiczone', components: ['tour.embed', 'tour.text', 'tour.floor'] },
      venue: { type: 'relation', relation: 'manyToOne', target: 'api::venue.venue' },
    },
  },
  'api::venue.venue': {
    uid: 'api::venue.venue',
    modelType: 'contentType',
    options: { draftAndPublish: true },
    pluginOptions: { i18n: { localized: true } },
    attributes: { name: { type: 'string' }, model: field },
  },
  'api::office.office': {
    uid: 'api::office.office',
    modelType: 'contentType',
    options: { draftAndPublish: false },
    attributes: { name: { type: 'string' }, tour: field },
  },
  'api::page.page': {
    uid: 'api::page.page',
    modelType: 'contentType',
    options: { draftAndPublish: true },
    attributes: { space: { type: 'relation', target: 'api::space.space' } },
  },
  'api::article.article': {
    uid: 'api::article.article',
    modelType: 'contentType',
    attributes: { title: { type: 'string' } },
  },
  'tour.room': { uid: 'tour.room', modelType: 'component', attributes: { model: field } },
  'tour.hero': {
    uid: 'tour.hero',
    modelType: 'component',
    attributes: { caption: { type: 'string' }, model: field },
  },
  'tour.embed': { uid: 'tour.embed', modelType: 'component', attributes: { model: field } },
  'tour.text': { uid: 'tour.text', modelType: 'component', attributes: { body: { type: 'text' } } },
  'tour.floor': {
    uid: 'tour.floor',
    modelType: 'component',
    attributes: { rooms: { type: 'component', component: 'tour.room', repeatable: true } },
  },
};

const plans = buildPlans(schemas as unknown as Parameters<typeof buildPlans>[0]);

const A = 'AAAAAAAAAAA';
const B = 'BBBBBBBBBBB';
const C = 'CCCCCCCCCCC';
const D = 'DDDDDDDDDDD';
const E = 'EEEEEEEEEEE';

const spaceRow = (publishedAt: string | null) => ({
  id: 1,
  documentId: 'doc1',
  publishedAt,
  title: 'Harbour',
  tour: { modelId: A },
  rooms: [
    { model: { modelId: B, connection: 'harbour' } },
    { model: null },
    { model: { modelId: C } },
  ],
  hero: { caption: 'x', model: { modelId: D } },
  sections: [
    { __component: 'tour.text', body: 'hello' },
    { __component: 'tour.embed', model: { modelId: E } },
    { __component: 'tour.floor', rooms: [{ model: { modelId: A } }] },
  ],
  // A related entry is indexed as itself, not as part of this one.
  venue: { documentId: 'v1', locale: 'en', model: { modelId: B } },
});

describe('values and their paths', () => {
  test('top level, repeatable, single and nested components, zones: one row each, in order', () => {
    expect(usagesIn(plans, 'api::space.space', [spaceRow('2026-01-01T00:00:00.000Z')])).toEqual(
      [
        ['tour', A, 'default'],
        ['rooms.0.model', B, 'harbour'],
        ['rooms.2.model', C, 'default'],
        ['hero.model', D, 'default'],
        ['sections.1.model', E, 'default'],
        ['sections.2.rooms.0.model', A, 'default'],
      ].map(([path, modelId, connection]) => ({
        contentType: 'api::space.space',
        entryDocumentId: 'doc1',
        entryLocale: null,
        entryStatus: 'published',
        path,
        modelId,
        connection,
      }))
    );
  });

  test('a draft version (publishedAt null) of a draft & publish type is a draft', () => {
    const rows = usagesIn(plans, 'api::space.space', [spaceRow(null)]);
    expect(new Set(rows.map((r) => r.entryStatus))).toEqual(new Set(['draft']));
    expect(rows).toHaveLength(6);
  });

  test('a type without draft & publish only has published content', () => {
    expect(
      usagesIn(plans, 'api::office.office', [
        { id: 3, documentId: 'o1', publishedAt: null, tour: { modelId: C } },
      ])
    ).toEqual([
      {
        contentType: 'api::office.office',
        entryDocumentId: 'o1',
        entryLocale: null,
        entryStatus: 'published',
        path: 'tour',
        modelId: C,
        connection: 'default',
      },
    ]);
  });

  test('each locale of a localized type is its own entry; both versions are listed', () => {
    const rows = usagesIn(plans, 'api::venue.venue', [
      { id: 1, documentId: 'v1', locale: 'en', publishedAt: null, model: { modelId: A } },
      { id: 2, documentId: 'v1', locale: 'en', publishedAt: '2026-01-01', model: { modelId: A } },
      { id: 3, documentId: 'v1', locale: 'fr', publishedAt: null, model: { modelId: B } },
    ]);
    expect(rows.map((r) => [r.entryLocale, r.entryStatus, r.modelId])).toEqual([
      ['en', 'draft', A],
      ['en', 'published', A],
      ['fr', 'draft', B],
    ]);
  });

  test('empty and malformed values are not usages', () => {
    expect(
      usagesIn(plans, 'api::office.office', [
        { id: 1, documentId: 'o1', tour: null },
        { id: 2, documentId: 'o2', tour: { modelId: 'not an id!' } },
        { id: 3, documentId: 'o3', tour: 'https://my.matterport.com/show/?m=AAAAAAAAAAA' },
      ])
    ).toEqual([]);
  });
});

describe('what the index watches and reads', () => {
  test('types holding values, not types that only relate to them nor types without the field', () => {
    expect(indexedTypes(plans)).toEqual([
      'api::office.office',
      'api::space.space',
      'api::venue.venue',
    ]);
  });

  test('components and zones are populated (nested ones too), relations are not', () => {
    const zone = (uid: string, key: string) =>
      (
        schemas[uid as keyof typeof schemas].attributes as Record<string, { components?: string[] }>
      )[key]?.components ?? [];
    expect(populateFor(plans, 'api::space.space', zone)).toEqual({
      rooms: true,
      hero: true,
      sections: {
        // Every component of the zone, or those left out would be dropped and shift the paths.
        on: {
          'tour.embed': { populate: {} },
          'tour.text': { populate: {} },
          'tour.floor': { populate: { rooms: true } },
        },
      },
    });
  });

  test('a type given a new field reads differently (the backfill starts that type again)', () => {
    const more = buildPlans({
      ...schemas,
      'api::office.office': {
        ...schemas['api::office.office'],
        attributes: { ...schemas['api::office.office'].attributes, harbour: field },
      },
    } as unknown as Parameters<typeof buildPlans>[0]);
    expect(signatureOf(more, 'api::office.office')).not.toEqual(
      signatureOf(plans, 'api::office.office')
    );
    expect(signatureOf(more, 'api::space.space')).toEqual(signatureOf(plans, 'api::space.space'));
  });
});

describe('the write middleware', () => {
  test('every Document Service action that changes versions is watched, reads are not', () => {
    for (const action of [
      'create',
      'update',
      'delete',
      'publish',
      'unpublish',
      'discardDraft',
      'clone',
    ])
      expect(WRITE_ACTIONS.has(action)).toBe(true);
    for (const action of ['findOne', 'findMany', 'findFirst', 'count'])
      expect(WRITE_ACTIONS.has(action)).toBe(false);
  });

  test('the document named by the call and the one it answers (create, clone) are re-read', () => {
    expect(documentIdsOf({}, { documentId: 'new' })).toEqual(['new']);
    expect(documentIdsOf({ documentId: 'old' }, { documentId: 'copy' })).toEqual(['old', 'copy']);
    expect(documentIdsOf({ documentId: 'gone', locale: '*' }, null)).toEqual(['gone']);
  });
});

test('admin paths open the entry in the Content Manager, its locale and version', () => {
  expect(adminPathOf('collectionType', 'api::venue.venue', 'v1', 'fr', 'draft')).toBe(
    '/content-manager/collection-types/api::venue.venue/v1?plugins%5Bi18n%5D%5Blocale%5D=fr'
  );
  expect(adminPathOf('singleType', 'api::homepage.homepage', 'h1', null, 'published')).toBe(
    '/content-manager/single-types/api::homepage.homepage?status=published'
  );
});
