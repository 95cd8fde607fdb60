import type { Core } from '@strapi/strapi';

import { resolveConfig, type PluginConfig, type ResolvedConfig } from './index';
import { PLUGIN_ID } from '../../../common/plugin';

/** The plugin's configuration, validated by Strapi at load and resolved to numbers once. */
export const runtimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  let resolved: ResolvedConfig | undefined;
  return {
    config(): ResolvedConfig {
      resolved ??= resolveConfig(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig);
      return resolved;
    },
  };
};
