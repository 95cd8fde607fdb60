import { PLUGIN_ID } from '../pluginId';

/** Translation ids are prefixed with the plugin id so they never collide with Strapi's or other plugins'. */
export const getTranslation = (id: string): string => `${PLUGIN_ID}.${id}`;
