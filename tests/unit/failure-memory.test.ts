import { DEFAULT_CLIENT, SandboxControl, createSandbox, type Sandbox } from '../../sandbox/src';
import type { PluginConfig } from '../../server/src/config';
import { getService } from '../../server/src/utils/get-service';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/**
 * Failures remembered (the README's "Missing or invalid model"): `MATTERPORT_NOT_FOUND` of a
 * model is answered from memory for `failureTtl` (60 s by default), without a call; `0s`
 * turns it off; a picker action on that model forgets it. Through the plugin's own links and
 * matterport services, against the Matterport sandbox (which knows no model `SxQL3iGyoDo`).
 */
const MISSING = 'SxQL3iGyoDo';
const EXISTING = 'WziSQO0ORu7';

let sandbox: Sandbox;
let control: SandboxControl;
let fake: FakeStrapi | undefined;

beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.start(0);
  control = new SandboxControl(sandbox.origin);
});
afterAll(() => sandbox.stop());
beforeEach(() => control.reset());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const start = async (config: Partial<PluginConfig> = {}) => {
  fake = await createFakeStrapi({
    config: {
      apiOrigin: sandbox.origin,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      ...config,
    },
  });
  const strapi = fake.strapi;
  const snapshot = await getService('settings', strapi).getSnapshot();
  return {
    links: getService('links', strapi),
    matterport: getService('matterport', strapi),
    fingerprint: snapshot.fingerprint as string,
  };
};

/** Model API calls the sandbox received (each mint is one). */
const graphCalls = async () => (await control.counters()).graphRequests;

test('a missing model costs one Matterport call within failureTtl, however many reads', async () => {
  const { links, fingerprint } = await start();
  for (let i = 0; i < 20; i += 1)
    await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toMatchObject({
      code: 'MATTERPORT_NOT_FOUND',
    });
  expect(await graphCalls()).toBe(1);
  // Other models are not affected.
  await links.getLink(EXISTING, 600, fingerprint);
  expect(await graphCalls()).toBe(2);
});

test("failureTtl '0s' remembers nothing: each read asks Matterport", async () => {
  const { links, fingerprint } = await start({ failureTtl: '0s' });
  for (let i = 0; i < 5; i += 1)
    await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toMatchObject({
      code: 'MATTERPORT_NOT_FOUND',
    });
  expect(await graphCalls()).toBe(5);
});

test('once failureTtl has passed, Matterport is asked again', async () => {
  const { links, fingerprint } = await start({ failureTtl: '1s' });
  await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toThrow();
  await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toThrow();
  expect(await graphCalls()).toBe(1);
  await new Promise((r) => setTimeout(r, 1300));
  await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toThrow();
  expect(await graphCalls()).toBe(2);
});

test('a picker action on the model (or a settings save) forgets it', async () => {
  const { links, matterport, fingerprint } = await start();
  await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toThrow();
  matterport.forgetFailures([MISSING]);
  await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toThrow();
  expect(await graphCalls()).toBe(2);
  matterport.settingsSaved();
  await expect(links.getLink(MISSING, 600, fingerprint)).rejects.toThrow();
  expect(await graphCalls()).toBe(3);
});
