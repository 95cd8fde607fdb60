import fs from 'node:fs';
import path from 'node:path';

import { graphql } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { ROOT } from '../harness/paths';

/** The README's GraphQL recipes, taken from the README itself, run against the playground. */
const ctx = readContext();
const blocks = [...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

let documentId: string;
beforeAll(async () => {
  documentId = (
    await createSpace(client(ctx.strapiUrl, ctx.apiToken), {
      title: uniqueTitle('Recipe'),
      tour: 'WziSQO0ORu7',
      rooms: [{ name: 'Hall', model: 'XddYUqNaTWl' }],
      sections: [{ __component: 'tour.embed', caption: 'Atrium', model: 'AHaxI9GRBzD' }],
    })
  ).documentId;
});

test('the README has the two GraphQL recipes', () => {
  expect(blocks).toHaveLength(2);
});

test('top-level field recipe', async () => {
  const res = await graphql<{ spaces: Array<{ documentId: string; tour: Delivered }> }>(ctx.strapiUrl, blocks[0]);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data?.spaces.length).toBeGreaterThan(0);
  for (const space of res.body.data?.spaces ?? []) if (space.tour) await expectShowcaseAccepts(space.tour, space.tour.modelId);
});

test('component and dynamic-zone recipe', async () => {
  const res = await graphql<{
    space: { rooms: Array<{ model: Delivered }>; sections: Array<{ __typename: string; model?: Delivered }> };
  }>(ctx.strapiUrl, blocks[1], { documentId });
  expect(res.body.errors).toBeUndefined();
  await expectShowcaseAccepts(res.body.data?.space.rooms[0].model, 'XddYUqNaTWl');
  const embed = res.body.data?.space.sections.find((s) => s.__typename === 'ComponentTourEmbed');
  await expectShowcaseAccepts(embed?.model, 'AHaxI9GRBzD');
});
