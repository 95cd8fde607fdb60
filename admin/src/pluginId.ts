/** Must match the server's plugin name (package.json `strapi.name`): routes and translations hang off it. */
export const PLUGIN_ID = 'matterport';
