import type { Core } from '@strapi/strapi';

import { resolveConfig, type PluginConfig, type ResolvedConfig } from '../config';
import { PLUGIN_ID } from '../pluginId';

/** The plugin's configuration, validated by Strapi at load and resolved to numbers once. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let resolved: ResolvedConfig | undefined;
  return {
    config(): ResolvedConfig {
      resolved ??= resolveConfig(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig);
      return resolved;
    },
  };
};
