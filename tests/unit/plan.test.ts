import { buildPlans, collectSlots } from '../../server/src/delivery/plan';

const field = (options?: Record<string, unknown>) => ({
  type: 'json',
  customField: 'plugin::matterport.model',
  options,
});

const schemas = {
  'api::space.space': {
    uid: 'api::space.space',
    attributes: {
      title: { type: 'string' },
      tour: field({ validFor: '30m', play: true }),
      rooms: { type: 'component', component: 'tour.room', repeatable: true },
      sections: { type: 'dynamiczone', components: ['tour.embed', 'tour.text'] },
      venue: { type: 'relation', relation: 'manyToOne', target: 'api::venue.venue' },
      author: { type: 'relation', relation: 'manyToOne', target: 'admin::user' },
    },
  },
  'api::venue.venue': {
    uid: 'api::venue.venue',
    attributes: { model: field(), spaces: { type: 'relation', target: 'api::space.space' } },
  },
  'api::article.article': {
    uid: 'api::article.article',
    attributes: { title: { type: 'string' }, meta: { type: 'json' } },
  },
  'api::tag.tag': {
    uid: 'api::tag.tag',
    attributes: { article: { type: 'relation', target: 'api::article.article' } },
  },
  'api::page.page': {
    uid: 'api::page.page',
    attributes: { space: { type: 'relation', target: 'api::space.space' } },
  },
  'admin::user': { uid: 'admin::user', attributes: { email: { type: 'string' } } },
  'tour.room': { uid: 'tour.room', attributes: { model: field({ validFor: '10m' }) } },
  'tour.embed': { uid: 'tour.embed', attributes: { model: field({ help: 0 }) } },
  'tour.text': { uid: 'tour.text', attributes: { body: { type: 'text' } } },
};

// The schema records are Strapi's shape; the test builds the minimum of it.
const plans = buildPlans(schemas as unknown as Parameters<typeof buildPlans>[0]);

test('only schemas that can reach a Matterport field get a plan (decided once)', () => {
  expect([...plans.keys()].sort()).toEqual([
    'api::page.page',
    'api::space.space',
    'api::venue.venue',
    'tour.embed',
    'tour.room',
  ]);
  expect(plans.has('api::article.article')).toBe(false);
  expect(plans.has('api::tag.tag')).toBe(false);
  const space = plans.get('api::space.space');
  expect(space?.fields).toEqual([{ key: 'tour', validForSeconds: 1800, query: 'play=1' }]);
  expect(space?.components).toEqual([{ key: 'rooms', uid: 'tour.room' }]);
  expect([...(space?.dynamicZones[0].uids ?? [])]).toEqual(['tour.embed']);
  expect(space?.relations).toEqual([{ key: 'venue', target: 'api::venue.venue' }]);
});

test('slots are found at the top level, in components, dynamic zones and relations (cycles are fine)', () => {
  const entry = {
    tour: { modelId: 'A' },
    rooms: [{ model: { modelId: 'B' } }, { model: null }],
    sections: [
      { __component: 'tour.text', body: 'x' },
      { __component: 'tour.embed', model: 'C' },
    ],
    venue: { model: { modelId: 'D' }, spaces: [{ tour: { modelId: 'E' } }] },
  };
  const paths = collectSlots(plans, 'api::space.space', [entry], {
    followRelations: true,
    paths: true,
  }).map((s) => s.path.join('.'));
  expect(paths).toEqual([
    '0.tour',
    '0.rooms.0.model',
    '0.rooms.1.model',
    '0.sections.1.model',
    '0.venue.model',
    '0.venue.spaces.0.tour',
  ]);
  // The read path collects the same slots without building their paths.
  const reads = collectSlots(plans, 'api::space.space', [entry], { followRelations: true });
  expect(reads.map((s) => [s.field.key, s.path.length])).toEqual([
    ['tour', 0],
    ['model', 0],
    ['model', 0],
    ['model', 0],
    ['model', 0],
    ['tour', 0],
  ]);
  const writes = collectSlots(plans, 'api::space.space', entry, {
    followRelations: false,
    paths: true,
  }).map((s) => s.path.join('.'));
  expect(writes).toEqual(['tour', 'rooms.0.model', 'rooms.1.model', 'sections.1.model']);
});

test('a bad field option stops start-up with a message naming the type, the field and the key', () => {
  const bad = { 'api::x.x': { uid: 'api::x.x', attributes: { tour: field({ autoplay: true }) } } };
  expect(() => buildPlans(bad as unknown as Parameters<typeof buildPlans>[0])).toThrow(
    /field "tour" of api::x.x has invalid options: Unknown Matterport field option "autoplay"/
  );
});

describe('Content-Type Builder guard', () => {
  const { findFieldOptionProblems } =
    require('../../server/src/fields/ctb-guard') as typeof import('../../server/src/fields/ctb-guard');

  test('finds bad options of Matterport attributes anywhere in an update-schema payload', () => {
    const body = {
      data: {
        contentTypes: [
          {
            uid: 'api::space.space',
            attributes: {
              title: { type: 'string' },
              tour: {
                type: 'customField',
                customField: 'plugin::matterport.model',
                options: { validFor: '30m', autoplay: true },
              },
            },
          },
        ],
        components: [
          {
            uid: 'tour.room',
            attributes: {
              model: {
                type: 'customField',
                customField: 'plugin::matterport.model',
                options: { mls: 7 },
              },
            },
          },
        ],
      },
    };
    expect(findFieldOptionProblems(body)).toEqual([
      {
        path: 'data.contentTypes.0.attributes.tour',
        message: expect.stringMatching(/Unknown Matterport field option "autoplay"/),
      },
      {
        path: 'data.components.0.attributes.model',
        message: expect.stringMatching(/"mls" must be one of 0, 1, 2/),
      },
    ]);
  });

  test('valid options and other fields pass', () => {
    expect(
      findFieldOptionProblems({
        attributes: {
          a: {
            type: 'customField',
            customField: 'plugin::matterport.model',
            options: { play: true },
          },
          b: { type: 'customField', customField: 'plugin::color-picker.color', options: { x: 1 } },
        },
      })
    ).toEqual([]);
  });
});
