/**
 * The JSON files hold bare keys (easier to translate and diff); the admin's message
 * catalogue is global, so each key gets the plugin prefix when it is registered.
 */
export const prefixPluginTranslations = (
  translations: Record<string, string>,
  pluginId: string
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(translations).map(([key, value]) => [`${pluginId}.${key}`, value])
  );
