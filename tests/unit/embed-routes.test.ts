import type { MatterportActivationAnswer } from '../../client/src/types';
import type { ActivateEmbed } from '../../common/contracts/embeds';
import { buildPlans } from '../../server/src/delivery/plan';
import { fieldHolding, populateForPath } from '../../server/src/embeds/published';
import { createRateLimiter } from '../../server/src/embeds/rate-limit';

/**
 * The two pure halves of the embed routes (issue 27): the rate limiter ("N per minute per
 * key, then 429 with Retry-After, bounded memory") and the published check's read (populate
 * only what the ref's path crosses; find the model in any value along it).
 */

const field = (options?: Record<string, unknown>) => ({
  type: 'json',
  customField: 'plugin::matterport.model',
  options,
});

const plans = buildPlans({
  'api::space.space': {
    uid: 'api::space.space',
    attributes: {
      title: { type: 'string' },
      tour: field({ validFor: '30m', play: true }),
      rooms: { type: 'component', component: 'tour.room', repeatable: true },
      hero: { type: 'component', component: 'tour.hero' },
      sections: { type: 'dynamiczone', components: ['tour.embed', 'tour.text', 'tour.room'] },
      venue: { type: 'relation', relation: 'manyToOne', target: 'api::venue.venue' },
    },
  },
  'api::venue.venue': { uid: 'api::venue.venue', attributes: { model: field() } },
  'tour.room': { uid: 'tour.room', attributes: { model: field({ validFor: '10m' }) } },
  'tour.hero': {
    uid: 'tour.hero',
    attributes: { room: { type: 'component', component: 'tour.room' } },
  },
  'tour.embed': { uid: 'tour.embed', attributes: { model: field({ qs: true }) } },
  'tour.text': { uid: 'tour.text', attributes: { body: { type: 'text' } } },
} as never);

const SPACE = 'api::space.space';

describe('populateForPath: what the published read populates', () => {
  test.each<[string, unknown]>([
    // A field of the entry itself: nothing to populate.
    ['tour', {}],
    // A repeatable component: that component only.
    ['rooms.model', { rooms: true }],
    // Nested components: each level on the way.
    ['hero.room.model', { hero: { populate: { room: true } } }],
    // A dynamic zone: only the members that hold such a field (not tour.text).
    ['sections.model', { sections: { on: { 'tour.embed': true, 'tour.room': true } } }],
  ])('%s → %j', (path, expected) => {
    expect(populateForPath(plans, SPACE, path)).toEqual(expected);
  });

  test.each<[string, string]>([
    ['a field that is not a Matterport field', 'title'],
    ['an attribute the type does not have', 'nothing'],
    ['a path through a relation (a related entry has refs of its own)', 'venue.model'],
    ['a component key without the field', 'rooms'],
    ['a field key one level too deep', 'tour.model'],
    ['a dynamic zone member that lacks the field', 'sections.body'],
    ['an empty segment', 'rooms..model'],
    ['an empty path', ''],
  ])('refuses %s (%s)', (_what, path) => {
    expect(populateForPath(plans, SPACE, path)).toBeNull();
  });

  test('refuses a uid with no plan (a ref of another schema)', () => {
    expect(populateForPath(plans, 'api::other.other', 'tour')).toBeNull();
  });
});

describe('fieldHolding: is the model still there', () => {
  const M = 'SxQL3iGyoDo';
  const OTHER = 'WziSQO0ORu7';
  const entry = {
    tour: { modelId: OTHER },
    rooms: [{ model: { modelId: OTHER } }, { model: { modelId: M, name: 'Kitchen' } }],
    hero: { room: { model: { modelId: M } } },
    sections: [
      { __component: 'tour.text', body: 'x' },
      { __component: 'tour.embed', model: { modelId: M } },
    ],
  };

  test.each<[string, string, string | null]>([
    ['in the second item of a list (reordering keeps a ref alive)', 'rooms.model', M],
    ['through two components', 'hero.room.model', M],
    ['in the dynamic zone member holding it', 'sections.model', M],
    ['not where the top field holds another model (the space was changed)', 'tour', null],
  ])('%s: %s', (_what, path, expected) => {
    const found = fieldHolding(plans, SPACE, entry, path, M);
    expect(found ? M : null).toBe(expected);
  });

  test('the field found carries its own options (the room component’s validFor)', () => {
    expect(fieldHolding(plans, SPACE, entry, 'rooms.model', M)?.field.validForSeconds).toBe(600);
    expect(fieldHolding(plans, SPACE, entry, 'sections.model', M)?.field.query).toBe('qs=1');
  });

  // Issue 26: the ref names the place; the value found there names the organisation.
  test.each<[string, unknown, string]>([
    ['a value naming no connection is the default one’s', { modelId: M }, 'default'],
    ['a value naming one is that one’s', { modelId: M, connection: 'harbour' }, 'harbour'],
  ])('%s', (_what, value, connection) => {
    expect(fieldHolding(plans, SPACE, { tour: value }, 'tour', M)?.connection).toBe(connection);
  });

  test('model IDs are case-sensitive', () => {
    expect(fieldHolding(plans, SPACE, entry, 'rooms.model', M.toLowerCase())).toBeNull();
  });

  test.each<[string, unknown]>([
    ['an entry without the list', { title: 'x' }],
    ['a null value', { tour: null }],
    ['a value of another shape', { tour: M }],
    [
      'a dynamic zone item naming a member outside the zone',
      { sections: [{ __component: 'tour.other', model: { modelId: M } }] },
    ],
  ])('finds nothing in %s', (_what, value) => {
    const path = Object.keys(value as object)[0] === 'sections' ? 'sections.model' : 'tour';
    expect(fieldHolding(plans, SPACE, value, path, M)).toBeNull();
  });
});

describe('createRateLimiter', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  test('lets max requests through a window, then refuses with the seconds left', () => {
    const c = clock();
    const limiter = createRateLimiter({ max: () => 3, windowMs: 60_000, now: c.now });
    expect([1, 2, 3].map(() => limiter.take('ip').ok)).toEqual([true, true, true]);
    c.advance(15_500);
    // 44.5 s left in the window: told 45 (rounded up, never 0).
    expect(limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 45 });
  });

  test('a refusal counts nothing; the next window starts afresh', () => {
    const c = clock();
    const limiter = createRateLimiter({ max: () => 2, windowMs: 60_000, now: c.now });
    limiter.take('ip');
    limiter.take('ip');
    for (let i = 0; i < 100; i += 1) expect(limiter.take('ip').ok).toBe(false);
    c.advance(60_000);
    expect([limiter.take('ip').ok, limiter.take('ip').ok, limiter.take('ip').ok]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test('keys are counted apart', () => {
    const limiter = createRateLimiter({ max: () => 1, windowMs: 60_000 });
    expect([limiter.take('a').ok, limiter.take('b').ok, limiter.take('a').ok]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test('the last second of a window answers Retry-After: 1', () => {
    const c = clock();
    const limiter = createRateLimiter({ max: () => 1, windowMs: 60_000, now: c.now });
    limiter.take('ip');
    c.advance(59_999);
    expect(limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  test('memory is bounded: 100,000 distinct keys keep at most maxKeys', () => {
    const limiter = createRateLimiter({ max: () => 5, windowMs: 60_000, maxKeys: 1000 });
    for (let i = 0; i < 100_000; i += 1) limiter.take(`ip-${i}`);
    expect(limiter.size()).toBe(1000);
  });

  test('the limit is read at each request (a changed config applies)', () => {
    let max = 1;
    const limiter = createRateLimiter({ max: () => max, windowMs: 60_000 });
    limiter.take('ip');
    expect(limiter.take('ip').ok).toBe(false);
    max = 3;
    expect(limiter.take('ip').ok).toBe(true);
  });
});

// The kit reads what the activation route answers: its type and the route's contract are one
// shape (a change on either side fails the type-check of tests/).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const answerTypesAgree: Same<MatterportActivationAnswer['data'], ActivateEmbed.Response['data']> =
  true;

test('the kit’s activation answer type is the route’s contract', () => {
  expect(answerTypesAgree).toBe(true);
});
