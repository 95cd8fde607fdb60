import { LINK_UID } from '../../common/plugin';
import { DEFAULT_CLIENT, SandboxControl, createSandbox, type Sandbox } from '../../sandbox/src';
import { getService } from '../../server/src/utils/get-service';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/** An admin as the revocation records them: id, email and display name. */
const ADA = { id: 1, email: 'ada@example.com', name: 'Ada' };

/**
 * The README's revocation section, through the plugin's own services against the Matterport
 * sandbox: "A row is marked revoked only when Matterport answered `true`"; when
 * `deletePrivateModelEmbedToken` answers `false` (sandbox mode `revokeAnswer: 'false'`,
 * the token stays valid) the row stays active with `revokeError` `REVOKE_REFUSED`, and the
 * link is not handed out again.
 */
const MODEL = 'WziSQO0ORu7';

let sandbox: Sandbox;
let control: SandboxControl;
let fake: FakeStrapi;

beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.start(0);
  control = new SandboxControl(sandbox.origin);
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await control.reset();
  fake = await createFakeStrapi({
    config: {
      apiOrigin: sandbox.origin,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    },
  });
});
afterEach(() => fake.close());

const mintOne = async () => {
  const { fingerprint } = await getService('settings', fake.strapi).getSnapshot();
  const links = getService('links', fake.strapi);
  const link = await links.getLink(MODEL, 600, fingerprint as string);
  await links.flushRecords();
  return { link, links, fingerprint: fingerprint as string };
};

test('Matterport answering false: the link is reported failed with REVOKE_REFUSED, not revoked, and not handed out again', async () => {
  const { link, links, fingerprint } = await mintOne();
  await control.setModes({ revokeAnswer: 'false' });
  const outcome = await links.revokeWhere({ modelId: MODEL }, ADA, 'model');
  expect(outcome.revoked).toEqual([]);
  expect(outcome.failed.map((f) => f.error.code)).toEqual(['REVOKE_REFUSED']);
  expect(outcome.failed[0].link).toMatchObject({ revokedAt: null, status: 'failed' });
  // Matterport kept it: it is still a working token there.
  expect((await control.embedToken(link.accessToken)).status).toBe('valid');
  const [row] = fake.db.rows(LINK_UID);
  expect(row.revokedAt ?? null).toBeNull();
  expect((await links.getLink(MODEL, 600, fingerprint)).accessToken).not.toBe(link.accessToken);
});

test('Matterport answering true: revoked, and the token is dead at Matterport', async () => {
  const { link, links } = await mintOne();
  const outcome = await links.revokeWhere({ modelId: MODEL }, ADA, 'model');
  expect(outcome.failed).toEqual([]);
  expect(outcome.revoked.map((l) => l.status)).toEqual(['revoked']);
  expect((await control.embedToken(link.accessToken)).status).toBe('revoked');
});
