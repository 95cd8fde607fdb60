/**
 * The playground's Strapi Preview URLs (playground/src/preview.js): the preview site
 * serves a draft only for a URL Strapi signed and that has not expired, so a guessed or
 * edited URL cannot read another entry, another content-API path, or live longer.
 */
const { signPreview, verifyPreview } = require('../../playground/src/preview.js') as {
  signPreview: (secret: string, fields: Fields) => string;
  verifyPreview: (secret: string, fields: Fields, sig: unknown, now?: number) => boolean;
};

interface Fields {
  path: string;
  status: string;
  locale: string | null;
  expires: number;
}

const SECRET = 'preview-secret-for-the-unit-test-0123456789';
const NOW = Date.parse('2030-01-01T00:00:00Z');
const fields: Fields = {
  path: '/api/spaces/abc123',
  status: 'draft',
  locale: null,
  expires: NOW / 1000 + 3600,
};
const sig = signPreview(SECRET, fields);

test('a URL it signed verifies until it expires', () => {
  expect(verifyPreview(SECRET, fields, sig, NOW)).toBe(true);
  expect(verifyPreview(SECRET, fields, sig, NOW + 3599_000)).toBe(true);
  expect(verifyPreview(SECRET, fields, sig, NOW + 3600_000)).toBe(false);
});

test.each([
  ['another entry', { path: '/api/spaces/abc124' }],
  ['another content type', { path: '/api/venues/abc123' }],
  ['the published version instead of the draft', { status: 'published' }],
  ['another locale', { locale: 'fr' }],
  ['a later expiry', { expires: fields.expires + 1 }],
])('an edited URL (%s) does not verify', (_what, change) => {
  expect(verifyPreview(SECRET, { ...fields, ...change }, sig, NOW)).toBe(false);
});

test('another secret, a missing or malformed signature do not verify', () => {
  expect(verifyPreview('another-secret-of-some-length-000', fields, sig, NOW)).toBe(false);
  expect(verifyPreview(SECRET, fields, undefined, NOW)).toBe(false);
  expect(verifyPreview(SECRET, fields, '', NOW)).toBe(false);
  expect(verifyPreview(SECRET, fields, sig.slice(0, 62), NOW)).toBe(false);
  expect(verifyPreview(SECRET, fields, sig.toUpperCase(), NOW)).toBe(false);
});
