import { publishedEntriesWithValues } from '../../server/src/ops/published';
import { createFakeMatterport } from './fakes/matterport';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/**
 * Issue 26: removing a connection is refused while published content uses it, "how many
 * entries and where". An entry uses a connection when one of its published Matterport values
 * names it; a value naming none is the default's (content written before connections).
 */
const SPACE = 'api::space.space';
const PAGE = 'api::page.page';
const field = { type: 'json', customField: 'plugin::matterport.model' };
const contentTypes = {
  [SPACE]: {
    uid: SPACE,
    kind: 'collectionType',
    options: { draftAndPublish: true },
    attributes: { title: { type: 'string' }, tour: field, lobby: field },
  },
  [PAGE]: {
    uid: PAGE,
    kind: 'collectionType',
    options: { draftAndPublish: false },
    attributes: { tour: field },
  },
};

let fake: FakeStrapi;
beforeEach(async () => {
  fake = await createFakeStrapi({
    contentTypes,
    services: { matterport: createFakeMatterport().service },
    config: { clientId: 'client-a', clientSecret: 'secret-a-0123456789' },
  });
  const published = '2026-01-01T00:00:00.000Z';
  const seed = (uid: string, data: Record<string, unknown>) => fake.db.seed(uid, data);
  // Spaces: published ones count, drafts do not.
  seed(SPACE, { documentId: 's1', publishedAt: published, tour: { modelId: 'SxQL3iGyoDo' } });
  seed(SPACE, {
    documentId: 's2',
    publishedAt: published,
    tour: { modelId: 'Hb7kQ2mZp4X', connection: 'harbour' },
    lobby: { modelId: 'SxQL3iGyoDo', connection: 'default' },
  });
  seed(SPACE, {
    documentId: 's3',
    publishedAt: null,
    tour: { modelId: 'Tq3LmN8vR2c', connection: 'harbour' },
  });
  seed(SPACE, {
    documentId: 's4',
    publishedAt: published,
    tour: { modelId: 'Zx9Pw4Ks7Lb', connection: 'harbour' },
  });
  // Pages have no draft: every row is live.
  seed(PAGE, { documentId: 'p1', tour: { modelId: 'Hb7kQ2mZp4X', connection: 'harbour' } });
  seed(PAGE, { documentId: 'p2', tour: null });
});
afterEach(async () => {
  await fake.close();
});

test.each([
  [
    'harbour',
    {
      entries: 3,
      where: [
        { uid: SPACE, entries: 2 },
        { uid: PAGE, entries: 1 },
      ],
    },
  ],
  // s1 (no connection) and s2 (its lobby names `default`).
  ['default', { entries: 2, where: [{ uid: SPACE, entries: 2 }] }],
  ['elsewhere', { entries: 0, where: [] }],
])('published entries using %s', async (connection, expected) => {
  const found = await publishedEntriesWithValues(fake.strapi, connection);
  expect({
    entries: found.entries,
    where: [...found.where].sort((a, b) => (a.uid < b.uid ? 1 : -1)),
  }).toEqual(expected);
});
