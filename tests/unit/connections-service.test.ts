import { errors } from '@strapi/utils';

import { MatterportError } from '../../common/errors';
import type { StoredSettings } from '../../server/src/settings';
import { getService } from '../../server/src/utils/get-service';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/*
 * The settings service's connections (issue 26): every connection read at once, each with its
 * own decrypted credentials; a secret bound to its connection (a ciphertext copied from one
 * connection to another does not open); a disabled connection has no credentials, so readers
 * answer MATTERPORT_NOT_CONFIGURED; the settings of before keep answering for `default`.
 */
const ACTOR = { id: 1, email: 'ada@example.com', name: 'Ada' };
const DEFAULT = { clientId: 'acme-client', clientSecret: 'acme-Secret-value-AAAA' };
const HARBOUR = { clientId: 'harbour-client', clientSecret: 'harbour-Secret-value-HHHH' };

let fake: FakeStrapi;
afterEach(() => fake.close());

const settings = () => getService('settings', fake.strapi);
const row = () => [...fake.coreStore.values()][0] as StoredSettings;
const setRow = (value: StoredSettings) => {
  const [key] = [...fake.coreStore.keys()];
  fake.coreStore.set(key, structuredClone(value));
};

const setUp = async (config = {}) => {
  fake = await createFakeStrapi({ config });
  await settings().write(await settings().prepareUpdate(DEFAULT), ACTOR);
  await settings().writeConnection(
    await settings().prepareCreate({ id: 'harbour', name: 'Harbour', ...HARBOUR }),
    ACTOR
  );
  await settings().refresh();
};

test('each connection has its own credentials; the default answers getSnapshot and getCredentials', async () => {
  await setUp();
  expect((await settings().getConnectionSnapshot('harbour'))?.credentials).toEqual(HARBOUR);
  expect((await settings().getConnectionSnapshot('default'))?.credentials).toEqual(DEFAULT);
  expect((await settings().getSnapshot()).credentials).toEqual(DEFAULT);
  expect(await settings().getCredentials()).toEqual(DEFAULT);
  expect(await settings().getConnectionSnapshot('nobody')).toBeUndefined();
  expect((await settings().listConnections()).map((c) => c.id)).toEqual(['default', 'harbour']);
  expect(JSON.stringify(row())).not.toContain(HARBOUR.clientSecret);
});

test("a connection's encrypted secret copied into another connection does not open there", async () => {
  await setUp();
  const stolen = row().connections!.harbour.secret;
  // Someone who can write the database, but does not hold the key, swaps the ciphertexts.
  setRow({ ...row(), secret: stolen, clientId: HARBOUR.clientId });
  const snapshot = await settings().refresh();
  expect(snapshot.credentials).toBeUndefined();
  expect(snapshot.problem).toMatch(/cannot be decrypted/);
  await expect(settings().getCredentials()).rejects.toMatchObject({
    code: 'MATTERPORT_NOT_CONFIGURED',
  });
});

test('a disabled default has no credentials: readers get MATTERPORT_NOT_CONFIGURED; the others keep theirs', async () => {
  await setUp();
  await settings().writeConnection(
    await settings().prepareConnectionUpdate('default', { enabled: false }),
    ACTOR
  );
  await settings().refresh();
  const snapshot = await settings().getSnapshot();
  expect(snapshot.credentials).toBeUndefined();
  expect(snapshot.problem).toMatch(/"default" is disabled/);
  const error = await settings()
    .getCredentials()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MatterportError);
  expect(error).toMatchObject({ code: 'MATTERPORT_NOT_CONFIGURED' });
  expect((await settings().getConnectionSnapshot('harbour'))?.credentials).toEqual(HARBOUR);
});

test('removing `default` leaves the settings of a fresh install; the others stay', async () => {
  await setUp();
  await settings().removeConnection('default');
  await settings().refresh();
  expect((await settings().getSnapshot()).credentials).toBeUndefined();
  expect((await settings().getView()).clientId).toBeNull();
  expect((await settings().listConnections()).map((c) => c.id)).toEqual(['harbour']);
});

test('connections from the plugin config are listed read-only and cannot be changed nor removed here', async () => {
  await setUp({
    connections: [
      { id: 'north', name: 'North', clientId: 'north-client', clientSecret: 'north-secret-NNNN' },
    ],
  });
  const north = await settings().getConnection('north');
  expect(north).toMatchObject({
    managedBy: 'config',
    secretHint: 'NNNN',
    clientId: 'north-client',
  });
  expect(JSON.stringify(north)).not.toContain('north-secret-NNNN');
  expect((await settings().getConnectionSnapshot('north'))?.credentials).toEqual({
    clientId: 'north-client',
    clientSecret: 'north-secret-NNNN',
  });
  const before = JSON.stringify(row());
  await expect(
    settings().prepareConnectionUpdate('north', { name: 'Renamed' })
  ).rejects.toBeInstanceOf(errors.ValidationError);
  await expect(settings().removeConnection('north')).rejects.toMatchObject({ status: 409 });
  expect(JSON.stringify(row())).toBe(before);
});

test('an id cannot be taken twice, and unknown ids are 404', async () => {
  await setUp();
  await expect(
    settings().prepareCreate({ id: 'harbour', name: 'Again', ...HARBOUR })
  ).rejects.toMatchObject({ status: 409 });
  await expect(settings().getConnection('nobody')).rejects.toBeInstanceOf(errors.NotFoundError);
  await expect(settings().getConnection('../etc')).rejects.toBeInstanceOf(errors.NotFoundError);
});

test('a settings-page save does not undo a connection added while it was being checked', async () => {
  await setUp();
  // The settings page's save reads the row, then asks Matterport about the credentials...
  const prepared = await settings().prepareUpdate({ clientSecret: 'acme-Secret-rotated-BBBB' });
  // ...meanwhile another admin adds a connection...
  await settings().writeConnection(
    await settings().prepareCreate({ id: 'north', name: 'North', ...HARBOUR }),
    ACTOR
  );
  // ...then the settings page's change is written.
  await settings().write(prepared, ACTOR);
  await settings().refresh();
  expect((await settings().listConnections()).map((c) => c.id)).toEqual([
    'default',
    'harbour',
    'north',
  ]);
  expect((await settings().getCredentials()).clientSecret).toBe('acme-Secret-rotated-BBBB');
});
