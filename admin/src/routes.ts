/**
 * Strapi mounts a settings link at /settings/<to>; the picker links to the settings
 * page when Matterport is not configured, so the path is shared from here.
 */
export const SETTINGS_PATH = 'matterport';
export const LINKS_PATH = 'matterport-links';
export const ACTIVITY_PATH = 'matterport-activity';
export const SETTINGS_ROUTE = `/settings/${SETTINGS_PATH}`;
export const LINKS_ROUTE = `/settings/${LINKS_PATH}`;
export const ACTIVITY_ROUTE = `/settings/${ACTIVITY_PATH}`;
