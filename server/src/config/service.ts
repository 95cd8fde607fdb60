import type { Core } from '@strapi/strapi';

import { createCipher, type Cipher } from '../crypto';
import { resolveConfig, type PluginConfig, type ResolvedConfig } from './index';
import { PLUGIN_ID } from '../../../common/plugin';

/** The plugin's configuration, validated by Strapi at load and resolved to numbers once. */
export const runtimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  let resolved: ResolvedConfig | undefined;
  let cipher: Cipher | undefined;
  let warnedLegacy = false;
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
      const config = service.config();
      cipher ??= createCipher(service.encryptionKey(), config.previousEncryptionKeys, {
        legacy: config.legacyCiphertexts,
        // Once per process (the settings secret is read at start, so a version-1 one says so then).
        onLegacyRead: (purpose) => {
          if (warnedLegacy) return;
          warnedLegacy = true;
          strapi.log.warn(
            `[matterport] Deprecated: a value encrypted by version 1 of the plugin was read (${purpose}). Run re-encrypt (POST /matterport/settings/reencrypt), then set legacyCiphertexts: 'refuse' in the matterport plugin config so such values are never accepted again.`
          );
        },
      });
      return cipher;
    },
  };
  return service;
};
