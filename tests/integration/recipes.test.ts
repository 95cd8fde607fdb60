import fs from 'node:fs';
import path from 'node:path';

import { SandboxControl } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { createSpace } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { ROOT } from '../harness/paths';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The README's GraphQL recipes, taken from the README itself, run against a playground
 * of their own: the list recipe reads the first page of every Space, so the answer is
 * only predictable on a database holding exactly the Spaces created here.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `recipes-${Date.now()}`, clientSecret: 'recipes-secret-01' };
const blocks = [
  ...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g),
].map((m) => m[1]);

let db: TestDatabase;
let strapi: StrapiProcess;
let api: Client;
// documentId → the model of its top-level tour (null: the entry has none).
const tours = new Map<string, string | null>();
let documentId: string;

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('recipes');
  strapi = await startStrapi({
    name: 'recipes',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
  });
  const jwt = await registerAdmin(strapi.url);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect((await client(strapi.url, jwt).put('/matterport/settings', credentials)).status).toBe(200);

  documentId = (
    await createSpace(api, {
      title: 'Recipe',
      tour: 'WziSQO0ORu7',
      rooms: [{ name: 'Hall', model: 'XddYUqNaTWl' }],
      sections: [{ __component: 'tour.embed', caption: 'Atrium', model: 'AHaxI9GRBzD' }],
    })
  ).documentId;
  tours.set(documentId, 'WziSQO0ORu7');
  tours.set(
    (await createSpace(api, { title: 'Recipe, second tour', tour: 'dqhBZIb8Ntn' })).documentId,
    'dqhBZIb8Ntn'
  );
  tours.set((await createSpace(api, { title: 'Recipe, no tour' })).documentId, null);
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

test('the README has the two GraphQL recipes', () => {
  expect(blocks).toHaveLength(2);
});

test('top-level field recipe: every Space with a tour gets a link the Showcase accepts', async () => {
  const res = await graphql<{ spaces: Array<{ documentId: string; tour: Delivered | null }> }>(
    strapi.url,
    blocks[0]
  );
  expect(res.body.errors).toBeUndefined();
  const spaces = res.body.data?.spaces ?? [];
  // The three Spaces created above, on one page of 10.
  expect(spaces.map((s) => s.documentId).sort()).toEqual([...tours.keys()].sort());
  const withTour = spaces.filter((s) => tours.get(s.documentId) !== null);
  expect(withTour).toHaveLength(2);
  for (const space of withTour)
    await expectShowcaseAccepts(space.tour, tours.get(space.documentId) as string);
  expect(spaces.filter((s) => tours.get(s.documentId) === null).map((s) => s.tour)).toEqual([null]);
});

test('component and dynamic-zone recipe', async () => {
  const res = await graphql<{
    space: {
      rooms: Array<{ model: Delivered }>;
      sections: Array<{ __typename: string; model?: Delivered }>;
    };
  }>(strapi.url, blocks[1], { documentId });
  expect(res.body.errors).toBeUndefined();
  await expectShowcaseAccepts(res.body.data?.space.rooms[0].model, 'XddYUqNaTWl');
  const embed = res.body.data?.space.sections.find((s) => s.__typename === 'ComponentTourEmbed');
  await expectShowcaseAccepts(embed?.model, 'AHaxI9GRBzD');
});
