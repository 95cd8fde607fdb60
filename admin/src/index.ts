import type { ComponentType } from 'react';
import type { StrapiApp } from '@strapi/strapi/admin';

import { MatterportIcon } from './components/MatterportIcon';
import { FIELD_OPTIONS } from './fieldOptions';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { ACTIVITY_PATH, LINKS_PATH, SETTINGS_PATH } from './routes';
import { getTranslation } from './utils/getTranslation';
import { prefixPluginTranslations } from './utils/prefixPluginTranslations';

type CustomField = Parameters<StrapiApp['customFields']['register']>[0];
type CustomFieldDefinition = Extract<CustomField, { name: string }>;

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Matterport' });

    app.customFields.register({
      name: 'model',
      pluginId: PLUGIN_ID,
      type: 'json',
      icon: MatterportIcon,
      intlLabel: { id: getTranslation('field.label'), defaultMessage: 'Matterport space' },
      intlDescription: {
        id: getTranslation('field.description'),
        defaultMessage: 'A private Matterport 3D space, delivered with a fresh embed link',
      },
      components: {
        // The Content Manager renders the input with the field's props; Strapi types the
        // loaded component as prop-less, hence the cast.
        Input: () =>
          import('./components/ModelInput/ModelInput').then((module) => ({
            default: module.ModelInput as unknown as ComponentType,
          })),
      },
      // Strapi's option types only know its built-in option names ('min', 'regex'…);
      // the Content-Type Builder itself accepts any `options.<key>` and select choices.
      options: FIELD_OPTIONS as unknown as CustomFieldDefinition['options'],
    });

    app.addSettingsLink('global', [
      {
        id: 'matterport-settings',
        to: SETTINGS_PATH,
        intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Matterport' },
        permissions: PERMISSIONS.settingsRead,
        Component: () =>
          import('./pages/SettingsPage/SettingsPage').then((module) => ({
            default: module.ProtectedSettingsPage,
          })),
      },
      {
        id: 'matterport-links',
        to: LINKS_PATH,
        intlLabel: { id: getTranslation('links.link'), defaultMessage: 'Matterport links' },
        permissions: PERMISSIONS.linksRead,
        Component: () =>
          import('./pages/LinksPage/LinksPage').then((module) => ({
            default: module.ProtectedLinksPage,
          })),
      },
      {
        // A page of its own, like the links: Strapi's settings pages have no tabs.
        id: 'matterport-activity',
        to: ACTIVITY_PATH,
        intlLabel: { id: getTranslation('activity.link'), defaultMessage: 'Matterport activity' },
        permissions: PERMISSIONS.settingsRead,
        Component: () =>
          import('./pages/ActivityPage/ActivityPage').then((module) => ({
            default: module.ProtectedActivityPage,
          })),
      },
    ]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          return { data: prefixPluginTranslations(data, PLUGIN_ID), locale };
        } catch {
          // No file for this locale: the admin falls back to the English defaults.
          return { data: {}, locale };
        }
      })
    );
  },
};
