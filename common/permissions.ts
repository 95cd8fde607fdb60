import { PLUGIN_ID } from './plugin';

/** The plugin's admin permission actions (Settings → Roles → Plugins → Matterport). */
export const ACTIONS = {
  settingsRead: `plugin::${PLUGIN_ID}.settings.read`,
  settingsUpdate: `plugin::${PLUGIN_ID}.settings.update`,
  modelsRead: `plugin::${PLUGIN_ID}.models.read`,
  linksRead: `plugin::${PLUGIN_ID}.links.read`,
  linksRevoke: `plugin::${PLUGIN_ID}.links.revoke`,
} as const;

export type PermissionAction = (typeof ACTIONS)[keyof typeof ACTIONS];
