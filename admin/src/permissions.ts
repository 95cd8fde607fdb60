import { ACTIONS } from '../../common/permissions';

interface PluginPermission {
  action: string;
  subject: null;
}

/**
 * The plugin's admin actions, named once in common/permissions.ts (the server declares
 * the same ones). `subject: null` because they are plugin actions, not content-type
 * actions. The arrays are module constants because useRBAC compares its argument
 * between renders and refetches when it changes.
 */
const action = (name: string): PluginPermission[] => [{ action: name, subject: null }];

export const PERMISSIONS = {
  settingsRead: action(ACTIONS.settingsRead),
  settingsUpdate: action(ACTIONS.settingsUpdate),
  modelsRead: action(ACTIONS.modelsRead),
  linksRead: action(ACTIONS.linksRead),
  linksRevoke: action(ACTIONS.linksRevoke),
};
