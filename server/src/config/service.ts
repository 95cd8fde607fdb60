import type { Core } from '@strapi/strapi';

import { createCipher, type Cipher } from '../crypto';
import { resolveConfig, type PluginConfig, type ResolvedConfig } from './index';
import { PLUGIN_ID } from '../../../common/plugin';

/** The plugin's configuration, validated by Strapi at load and resolved to numbers once. */
export const runtimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  let resolved: ResolvedConfig | undefined;
  let cipher: Cipher | undefined;
  const service = {
    config(): ResolvedConfig {
      resolved ??= resolveConfig(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig);
      return resolved;
    },
    /** The encryption key material: the plugin's own, else Strapi's admin encryption key. */
    encryptionKey(): string | undefined {
      return (
        service.config().encryptionKey ??
        ((strapi.config.get('admin.secrets.encryptionKey') as string | undefined) || undefined)
      );
    },
    /** One cipher per process: keys are derived once, not per value. */
    cipher(): Cipher {
      cipher ??= createCipher(service.encryptionKey(), service.config().previousEncryptionKeys);
      return cipher;
    },
  };
  return service;
};
