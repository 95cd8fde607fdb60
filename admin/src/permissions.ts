import { PLUGIN_ID } from './pluginId';

interface PluginPermission {
  action: string;
  subject: null;
}

/**
 * The plugin's admin actions, as the server declares them. `subject: null` because
 * they are plugin actions, not content-type actions. The arrays are module constants
 * because useRBAC compares its argument between renders and refetches when it changes.
 */
const action = (name: string): PluginPermission[] => [{ action: `plugin::${PLUGIN_ID}.${name}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  settingsUpdate: action('settings.update'),
  modelsRead: action('models.read'),
  linksRead: action('links.read'),
  linksRevoke: action('links.revoke'),
};
