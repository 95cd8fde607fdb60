import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  engines: { node: string };
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** The exact version the repository itself installs (package-lock.json). */
export const lockedVersion = (name: string): string => {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
};

/** What a user's app would list: Strapi at the repository's exact versions, plus the tarball. */
export const appPackageJson = (tarball: string) => ({
  name: 'matterport-install-check',
  private: true,
  version: '0.0.0',
  description:
    'A fresh Strapi 5 app that installs strapi-plugin-matterport from its npm tarball (tests/install).',
  scripts: { start: 'strapi start', build: 'strapi build' },
  dependencies: {
    '@strapi/strapi': rootPackage.devDependencies['@strapi/strapi'],
    '@strapi/plugin-users-permissions':
      rootPackage.devDependencies['@strapi/plugin-users-permissions'],
    'better-sqlite3': rootPackage.devDependencies['better-sqlite3'],
    // create-strapi-app lists these four in every new app; the plugin has them as peers.
    react: lockedVersion('react'),
    'react-dom': lockedVersion('react-dom'),
    'react-router-dom': lockedVersion('react-router-dom'),
    'styled-components': lockedVersion('styled-components'),
    'strapi-plugin-matterport': `file:${tarball}`,
  },
  // The Node versions the plugin is tested on, as its own package.json states them.
  engines: rootPackage.engines,
  strapi: { uuid: false, telemetryDisabled: true },
});

const CONFIG: Record<string, (apiOrigin: string) => string> = {
  'config/server.js': () => `module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS', ['installCheckKeyA', 'installCheckKeyB']) },
});
`,
  'config/admin.js': () => `module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'install-check-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'install-check-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'install-check-transfer-token-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'install-check-encryption-key-0123456789abcdef') },
  serveAdminPanel: env.bool('SERVE_ADMIN', false),
});
`,
  'config/database.js': () => `const path = require('path');

module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: path.join(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
    useNullAsDefault: true,
  },
});
`,
  'config/middlewares.js': () => `module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
`,
  'config/plugins.js': (apiOrigin) => `module.exports = () => ({
  matterport: {
    enabled: true,
    config: { apiOrigin: ${JSON.stringify(apiOrigin)} },
  },
});
`,
  'src/index.js': () => `'use strict';

module.exports = {
  register() {},
  bootstrap() {},
};
`,
  'src/api/place/content-types/place/schema.json': () =>
    `${JSON.stringify(
      {
        kind: 'collectionType',
        collectionName: 'places',
        info: { singularName: 'place', pluralName: 'places', displayName: 'Place' },
        options: { draftAndPublish: true },
        attributes: {
          title: { type: 'string', required: true },
          tour: {
            type: 'customField',
            customField: 'plugin::matterport.model',
            options: { validFor: '1h', play: true },
          },
        },
      },
      null,
      2
    )}\n`,
  'src/api/place/controllers/place.js': () => `'use strict';

const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::place.place');
`,
  'src/api/place/routes/place.js': () => `'use strict';

const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreRouter('api::place.place');
`,
  'src/api/place/services/place.js': () => `'use strict';

const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreService('api::place.place');
`,
  'public/uploads/.gitkeep': () => '',
  'public/robots.txt': () => 'User-agent: *\nDisallow: /\n',
};

/** Writes a minimal Strapi 5 JavaScript app into `dir`. */
export const writeFreshApp = (
  dir: string,
  { tarball, apiOrigin }: { tarball: string; apiOrigin: string }
) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(appPackageJson(tarball), null, 2)}\n`
  );
  for (const [file, content] of Object.entries(CONFIG)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content(apiOrigin));
  }
};
