import { errors } from '@strapi/utils';
import { getService } from '../../server/src/utils/get-service';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/**
 * The settings service, from the README: the secret is stored encrypted and never shown
 * again (the settings API shows its last 4 characters only); `defaultValidFor` is 30 s to
 * 24 h; bad input changes nothing; a rotation is used for the next Matterport call.
 */
const FIRST = 'first-Secret-value-AAAA';
const SECOND = 'second-Secret-value-BBBB';

let fake: FakeStrapi;
beforeEach(async () => {
  fake = await createFakeStrapi();
});
afterEach(() => fake.close());

const settings = () => getService('settings', fake.strapi);
const save = async (body: Record<string, unknown>) => {
  await settings().write(await settings().prepareUpdate(body), {
    id: 1,
    email: 'ada@example.com',
    name: 'Ada',
  });
  await settings().refresh();
};
const stored = () => JSON.stringify([...fake.coreStore.values()]);

test('the view holds the last 4 characters of the secret, before and after a rotation, never the secret', async () => {
  await save({ clientId: 'client-a', clientSecret: FIRST });
  let view = await settings().getView();
  expect(view).toMatchObject({ clientId: 'client-a', hasSecret: true, secretHint: 'AAAA' });
  expect(JSON.stringify(view)).not.toContain(FIRST);
  await save({ clientSecret: SECOND });
  view = await settings().getView();
  expect(view.secretHint).toBe('BBBB');
  for (const secret of [FIRST, SECOND]) {
    expect(JSON.stringify(view)).not.toContain(secret);
    expect(stored()).not.toContain(secret);
  }
  // The rotation is what the next Matterport call uses.
  expect((await settings().getCredentials()).clientSecret).toBe(SECOND);
});

test('changing only the lifetime keeps the secret and shows it no more than before', async () => {
  await save({ clientId: 'client-a', clientSecret: FIRST });
  await save({ defaultValidFor: '30m' });
  const view = await settings().getView();
  expect(view).toMatchObject({ defaultValidFor: '30m', secretHint: 'AAAA' });
  expect(JSON.stringify(view)).not.toContain(FIRST);
  expect((await settings().getCredentials()).clientSecret).toBe(FIRST);
});

test.each([
  [{ defaultValidFor: '29s' }, 'defaultValidFor'],
  [{ defaultValidFor: '24h1s' }, 'defaultValidFor'],
  [{ defaultValidFor: 'PT25H' }, 'defaultValidFor'],
  [{ clientSecret: 'two words here' }, 'clientSecret'],
  [{ clientId: '' }, 'clientId'],
  [{ colour: 'blue' }, 'colour'],
])('%j is refused naming %s, and the stored settings do not change', async (body, path) => {
  await save({ clientId: 'client-a', clientSecret: FIRST, defaultValidFor: '1h' });
  const before = stored();
  const error = await settings()
    .prepareUpdate(body)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(errors.ValidationError);
  expect(error).toMatchObject({ details: { errors: [expect.objectContaining({ path: [path] })] } });
  expect(stored()).toBe(before);
  expect((await settings().getView()).defaultValidFor).toBe('1h');
});

test('the bounds themselves are accepted: 30s and 24h', async () => {
  for (const value of ['30s', '24h', 'PT24H']) {
    await save({ defaultValidFor: value });
    expect((await settings().getView()).defaultValidFor).toBe(value);
  }
});
