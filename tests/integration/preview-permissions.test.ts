import { createAdminUser, createRole, findRole, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Strapi Preview's URL endpoint (GET /content-manager/preview/url/:uid) lets in any logged-in
 * admin; Strapi does not check the Content Manager's permissions there. The playground's
 * preview handler (playground/src/preview.js, the one the README recommends) must: a URL only
 * for an admin the Content Manager lets read that document, conditions ("is creator")
 * included, and no URL (204) for one it answers 403.
 */
const ctx = readContext();
const PREVIEW_URL = 'http://127.0.0.1:4999';
const SPACE = 'api::space.space';
const CM = `/content-manager/collection-types/${SPACE}`;

let db: TestDatabase;
let strapi: StrapiProcess;
let superAdmin: Client;
let editor: Client;
let author: Client;
let outsider: Client;
/** A draft the super admin created: the author is not its creator. */
let othersDraft: string;
/** A draft the author created. */
let authorsDraft: string;

const createDraft = async (as: Client): Promise<string> => {
  const res = await as.post<{ data: { documentId: string } }>(CM, {
    title: uniqueTitle('Preview'),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`creating a draft answered ${res.status}: ${res.text}`);
  return res.body.data.documentId;
};

const previewOf = (as: Client, documentId: string) =>
  as.get<{ data?: { url?: string } }>(
    `/content-manager/preview/url/${SPACE}?documentId=${documentId}&status=draft`
  );

beforeAll(async () => {
  db = await createTestDatabase('preview-permissions');
  strapi = await startStrapi({
    name: 'preview-permissions',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    env: { PREVIEW_URL, PREVIEW_SECRET: 'preview-permissions-secret-0123456789' },
  });
  const jwt = await registerAdmin(strapi.url);
  superAdmin = client(strapi.url, jwt);
  const editorRole = await findRole(strapi.url, jwt, 'strapi-editor');
  const authorRole = await findRole(strapi.url, jwt, 'strapi-author');
  // A role with no Content Manager permission at all (only the plugin's settings page).
  const bare = await createRole(strapi.url, jwt, 'No content', [
    'plugin::matterport.settings.read',
  ]);
  editor = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, 'editor@example.com', [editorRole.id])
  );
  author = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, 'author@example.com', [authorRole.id])
  );
  outsider = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, 'outsider@example.com', [bare.id])
  );
  othersDraft = await createDraft(superAdmin);
  authorsDraft = await createDraft(author);
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

/** What the Content Manager answers this admin for this draft, and whether the preview gets a URL. */
const observe = async (as: Client, documentId: string) => {
  const cm = await as.get(`${CM}/${documentId}?status=draft`);
  const preview = await previewOf(as, documentId);
  return {
    contentManager: cm.status,
    preview: preview.status,
    url: preview.body?.data?.url?.startsWith(`${PREVIEW_URL}/preview?`) ?? false,
  };
};

test.each([
  ['the super admin, a draft of theirs', () => superAdmin, () => othersDraft, 200, 200, true],
  ['an editor (reads every Space)', () => editor, () => othersDraft, 200, 200, true],
  ['an author, a draft they created', () => author, () => authorsDraft, 200, 200, true],
  ['an author, a draft someone else created', () => author, () => othersDraft, 403, 204, false],
  ['an admin without Content Manager access', () => outsider, () => othersDraft, 403, 204, false],
])(
  '%s: Content Manager and preview agree',
  async (_who, as, documentId, contentManager, preview, url) => {
    expect(await observe(as(), documentId())).toEqual({ contentManager, preview, url });
  }
);

test('a document that does not exist gets no URL', async () => {
  const res = await previewOf(editor, 'no-such-document-id-000000');
  expect(res.status).toBe(204);
});
