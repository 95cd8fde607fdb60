import { PLUGIN_ID } from './pluginId';

/** The plugin's admin permission actions (Settings → Roles → Plugins → Matterport). */
export const ACTIONS = {
  settingsRead: `plugin::${PLUGIN_ID}.settings.read`,
  settingsUpdate: `plugin::${PLUGIN_ID}.settings.update`,
  modelsRead: `plugin::${PLUGIN_ID}.models.read`,
  linksRead: `plugin::${PLUGIN_ID}.links.read`,
  linksRevoke: `plugin::${PLUGIN_ID}.links.revoke`,
} as const;

export const ACTION_DEFINITIONS = [
  { uid: 'settings.read', displayName: 'Read settings', subCategory: 'settings' },
  { uid: 'settings.update', displayName: 'Edit settings', subCategory: 'settings' },
  { uid: 'models.read', displayName: 'Browse and preview models', subCategory: 'models' },
  { uid: 'links.read', displayName: 'See active links', subCategory: 'links' },
  { uid: 'links.revoke', displayName: 'Revoke links', subCategory: 'links' },
].map((action) => ({ ...action, section: 'plugins' as const, pluginName: PLUGIN_ID }));

/** Granted to the Editor and Author roles once, on first start, so editors can pick out of the box. */
export const DEFAULT_EDITOR_ACTIONS = [ACTIONS.modelsRead];
