const { createPreviewHandler } = require('../src/preview');

/**
 * Strapi Preview ("Open preview" in the Content Manager) shows the entry on a preview
 * site: PREVIEW_URL (in the demo and the e2e tests, scripts/lib/preview-server.mjs),
 * which reads the draft with an API token of its own. PREVIEW_SECRET signs the preview
 * URLs (see src/preview.js); without PREVIEW_URL the feature is off.
 */
const previewConfig = (env) => {
  const previewUrl = env('PREVIEW_URL', '');
  if (!previewUrl) return { enabled: false };
  const secret = env('PREVIEW_SECRET', '');
  if (secret.length < 16)
    throw new Error('PREVIEW_URL is set: PREVIEW_SECRET must be set too (at least 16 characters)');
  return {
    enabled: true,
    config: {
      // Strapi adds these to the admin's CSP frame-src (config/middlewares.js does too).
      allowedOrigins: [new URL(previewUrl).origin],
      handler: createPreviewHandler({ previewUrl, secret }),
    },
  };
};

module.exports = ({ env }) => ({
  // Playground-only defaults: a real app sets these in its environment.
  auth: { secret: env('ADMIN_JWT_SECRET', 'playground-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'playground-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'playground-transfer-token-salt') } },
  secrets: {
    encryptionKey: env('ENCRYPTION_KEY', 'playground-encryption-key-change-me-0123456789'),
  },
  serveAdminPanel: env.bool('SERVE_ADMIN', true),
  // The browser tests log the same admins in more often than Strapi's login rate limit (5 per
  // email and 5 minutes) allows; the limit is Strapi's, not what they test. Only they turn it off.
  ...(env.bool('ADMIN_LOGIN_RATE_LIMIT', true) ? {} : { rateLimit: { enabled: false } }),
  flags: { nps: false, promoteEE: false },
  preview: previewConfig(env),
});
