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
  expect(space?.fields).toEqual([
    { key: 'tour', validForSeconds: 1800, delivery: 'link', query: 'play=1', access: 'private' },
  ]);
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

describe('issue 27: delivery mode and the entry of each slot', () => {
  const S = 'api::listing.listing';
  const R = 'api::realtor.realtor';
  const graph = {
    [S]: {
      uid: S,
      options: { draftAndPublish: true },
      pluginOptions: { i18n: { localized: true } },
      attributes: {
        tour: field({ delivery: 'on-demand' }),
        extra: field({ delivery: 'link' }),
        plain: field(),
        rooms: { type: 'component', component: 'tour.room', repeatable: true },
        blocks: { type: 'dynamiczone', components: ['tour.embed', 'tour.text'] },
        realtor: { type: 'relation', relation: 'manyToOne', target: R },
      },
    },
    [R]: {
      uid: R,
      attributes: {
        card: { type: 'component', component: 'tour.card' },
        listings: { type: 'relation', relation: 'oneToMany', target: S },
      },
    },
    'tour.card': {
      uid: 'tour.card',
      attributes: { room: { type: 'component', component: 'tour.room' } },
    },
    'tour.room': { uid: 'tour.room', attributes: { model: field() } },
    'tour.embed': { uid: 'tour.embed', attributes: { space: field({ delivery: 'on-demand' }) } },
    'tour.text': { uid: 'tour.text', attributes: { body: { type: 'text' } } },
  };
  const build = (defaultDelivery?: 'link' | 'on-demand') =>
    buildPlans(graph as unknown as Parameters<typeof buildPlans>[0], { defaultDelivery });

  test("a field's own option wins; without one, the plugin's defaultDelivery (else link)", () => {
    const modes = (plans: ReturnType<typeof build>) =>
      Object.fromEntries(
        [...plans].flatMap(([uid, plan]) => plan.fields.map((f) => [`${uid}#${f.key}`, f.delivery]))
      );
    expect(modes(build())).toEqual({
      [`${S}#tour`]: 'on-demand',
      [`${S}#extra`]: 'link',
      [`${S}#plain`]: 'link',
      'tour.room#model': 'link',
      'tour.embed#space': 'on-demand',
    });
    expect(modes(build('on-demand'))).toEqual({
      [`${S}#tour`]: 'on-demand',
      [`${S}#extra`]: 'link',
      [`${S}#plain`]: 'on-demand',
      'tour.room#model': 'on-demand',
      'tour.embed#space': 'on-demand',
    });
  });

  test('plans know content types (entries) from components, and localized types', () => {
    const plans = build();
    expect([...plans].map(([uid, p]) => [uid, p.contentType, p.localized]).sort()).toEqual(
      [
        [S, true, true],
        [R, true, false],
        ['tour.card', false, false],
        ['tour.room', false, false],
        ['tour.embed', false, false],
      ].sort()
    );
  });

  test('each slot names its entry (components inherit, a related entry is a new one) and the path from it, without list indexes', () => {
    const listing = {
      documentId: 'L1',
      locale: 'fr',
      publishedAt: '2026-01-01T00:00:00.000Z',
      tour: { modelId: 'A' },
      rooms: [{ model: { modelId: 'B' } }, { model: { modelId: 'C' } }],
      blocks: [
        { __component: 'tour.text', body: 'x' },
        { __component: 'tour.embed', space: { modelId: 'D' } },
      ],
      realtor: {
        documentId: 'R1',
        card: { room: { model: { modelId: 'E' } } },
        listings: [
          { documentId: 'L2', locale: 'en', tour: { modelId: 'F' } },
          // A localized entry read without its locale: the read does not say which one.
          { documentId: 'L3', tour: { modelId: 'G' } },
        ],
      },
    };
    const slots = collectSlots(build(), S, [listing], { followRelations: true });
    const table = slots.map((s) => [
      (s.holder[s.field.key] as { modelId: string }).modelId,
      s.entry ? `${s.entry.uid}|${s.entry.documentId}|${s.entry.locale}` : 'none',
      s.entryPath,
    ]);
    expect(table).toEqual([
      ['A', `${S}|L1|fr`, 'tour'],
      ['B', `${S}|L1|fr`, 'rooms.model'],
      ['C', `${S}|L1|fr`, 'rooms.model'],
      ['D', `${S}|L1|fr`, 'blocks.space'],
      ['E', `${R}|R1|null`, 'card.room.model'],
      ['F', `${S}|L2|en`, 'tour'],
      ['G', 'none', 'tour'],
    ]);
    // Components share their entry's object: no allocation per value on the read path.
    expect(slots[1].entry).toBe(slots[0].entry);
  });

  test('an entry read without documentId names no entry (no ref can be made for it)', () => {
    const slots = collectSlots(
      build(),
      R,
      { card: { room: { model: { modelId: 'E' } } } },
      { followRelations: true }
    );
    expect(slots.map((s) => [s.entry, s.entryPath])).toEqual([[undefined, 'card.room.model']]);
  });
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

describe('draft reads: which types read drafts when asked for anything but published', () => {
  // Strapi passes a read's status down to every populated D&P relation, whatever the type at the
  // top; so a type reads drafts when anything its plan can reach has D&P (issue 24).
  const dp = { draftAndPublish: true };
  const noDp = { draftAndPublish: false };
  const relation = (target: string) => ({ type: 'relation', relation: 'oneToMany', target });
  const graph = {
    // D&P, a Matterport field at the top level; relates back to the venue (a cycle).
    'api::tour.tour': {
      uid: 'api::tour.tour',
      options: dp,
      attributes: { space: field(), venue: relation('api::venue.venue') },
    },
    // Without D&P, straight to a D&P type.
    'api::venue.venue': {
      uid: 'api::venue.venue',
      options: noDp,
      attributes: { name: { type: 'string' }, tours: relation('api::tour.tour') },
    },
    // Without D&P, through a component holding a relation.
    'api::guide.guide': {
      uid: 'api::guide.guide',
      options: noDp,
      attributes: { stops: { type: 'component', component: 'guide.stop', repeatable: true } },
    },
    'guide.stop': { uid: 'guide.stop', attributes: { tour: relation('api::tour.tour') } },
    // Two levels: without D&P → without D&P → D&P.
    'api::organizer.organizer': {
      uid: 'api::organizer.organizer',
      options: noDp,
      attributes: { venues: relation('api::venue.venue') },
    },
    // Through a dynamic zone (only one of its components leads anywhere).
    'api::page.page': {
      uid: 'api::page.page',
      attributes: { blocks: { type: 'dynamiczone', components: ['block.text', 'block.tour'] } },
    },
    'block.text': { uid: 'block.text', attributes: { body: { type: 'text' } } },
    'block.tour': { uid: 'block.tour', attributes: { tour: relation('api::tour.tour') } },
    // Users & Permissions users (no D&P) whose relation leads to a D&P type, and a type pointing at them.
    'plugin::users-permissions.user': {
      uid: 'plugin::users-permissions.user',
      options: noDp,
      attributes: { email: { type: 'string' }, favourites: relation('api::tour.tour') },
    },
    'api::member.member': {
      uid: 'api::member.member',
      options: noDp,
      attributes: { user: relation('plugin::users-permissions.user') },
    },
    // Matterport values, but no D&P anywhere below (a cycle of two types without D&P).
    'api::kiosk.kiosk': {
      uid: 'api::kiosk.kiosk',
      options: noDp,
      attributes: { model: field(), booth: relation('api::booth.booth') },
    },
    'api::booth.booth': {
      uid: 'api::booth.booth',
      options: noDp,
      attributes: { model: field(), kiosk: relation('api::kiosk.kiosk') },
    },
    // A D&P type with no Matterport value below it: its drafts carry nothing to refuse.
    'api::article.article': {
      uid: 'api::article.article',
      options: dp,
      attributes: { title: { type: 'string' } },
    },
    'api::tagged.tagged': {
      uid: 'api::tagged.tagged',
      options: noDp,
      attributes: { model: field(), article: relation('api::article.article') },
    },
    // Strapi's own test is `draftAndPublish === true`: a truthy non-boolean is not D&P.
    'api::odd.odd': {
      uid: 'api::odd.odd',
      options: { draftAndPublish: 'yes' },
      attributes: { model: field() },
    },
    // A D&P type whose value lives in a component, relating to a type without D&P.
    'api::show.show': {
      uid: 'api::show.show',
      options: dp,
      attributes: {
        rooms: { type: 'component', component: 'show.room', repeatable: true },
        kiosk: relation('api::kiosk.kiosk'),
      },
    },
    'show.room': { uid: 'show.room', attributes: { model: field() } },
  };
  const draftPlans = buildPlans(graph as unknown as Parameters<typeof buildPlans>[0]);

  test('each type with a plan: reaches a D&P type or not (hand-written table)', () => {
    const table = Object.fromEntries(
      [...draftPlans].map(([uid, plan]) => [uid, plan.reachesDrafts])
    );
    expect(table).toEqual({
      'api::tour.tour': true,
      'api::venue.venue': true,
      'api::guide.guide': true,
      'guide.stop': true,
      'api::organizer.organizer': true,
      'api::page.page': true,
      'block.tour': true,
      'plugin::users-permissions.user': true,
      'api::member.member': true,
      'api::kiosk.kiosk': false,
      'api::booth.booth': false,
      'api::tagged.tagged': false,
      'api::odd.odd': false,
      'api::show.show': true,
      'show.room': false,
    });
  });

  test('only content types with draftAndPublish true are D&P themselves', () => {
    const dpTypes = [...draftPlans].filter(([, plan]) => plan.draftAndPublish).map(([uid]) => uid);
    expect(dpTypes.sort()).toEqual(['api::show.show', 'api::tour.tour']);
  });

  const draftsOf = (uid: string, value: unknown) =>
    collectSlots(draftPlans, uid, value, { followRelations: true, paths: true }).map((s) => [
      s.path.join('.'),
      s.draft,
    ]);

  test('an entry of a D&P type with publishedAt null is a draft wherever it appears', () => {
    // Reached through a type without D&P, in a list, one draft and one published version.
    expect(
      draftsOf('api::venue.venue', {
        publishedAt: '2026-01-01T00:00:00.000Z',
        tours: [
          { publishedAt: null, space: { modelId: 'A' } },
          { publishedAt: '2026-01-01T00:00:00.000Z', space: { modelId: 'B' } },
        ],
      })
    ).toEqual([
      ['tours.0.space', true],
      ['tours.1.space', false],
    ]);
    // Through a component and a dynamic zone.
    expect(
      draftsOf('api::guide.guide', { stops: [{ tour: { publishedAt: null, space: 'C' } }] })
    ).toEqual([['stops.0.tour.space', true]]);
    expect(
      draftsOf('api::page.page', {
        blocks: [{ __component: 'block.tour', tour: { publishedAt: null, space: 'D' } }],
      })
    ).toEqual([['blocks.0.tour.space', true]]);
  });

  test("a draft entry's components are drafts; its relations to types without D&P are not", () => {
    expect(
      draftsOf('api::show.show', {
        publishedAt: null,
        rooms: [{ model: 'E' }],
        kiosk: { publishedAt: '2026-01-01T00:00:00.000Z', model: 'F' },
      })
    ).toEqual([
      ['rooms.0.model', true],
      ['kiosk.model', false],
    ]);
  });

  test('only an entry that carries publishedAt null counts (absent, set, or a type without D&P)', () => {
    expect(draftsOf('api::tour.tour', { space: 'G' })).toEqual([['space', false]]);
    expect(draftsOf('api::tour.tour', { publishedAt: undefined, space: 'H' })).toEqual([
      ['space', false],
    ]);
    expect(draftsOf('api::kiosk.kiosk', { publishedAt: null, model: 'I' })).toEqual([
      ['model', false],
    ]);
    expect(draftsOf('api::odd.odd', { publishedAt: null, model: 'J' })).toEqual([['model', false]]);
  });
});
