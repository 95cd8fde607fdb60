export { default as settingsService } from './service';
export type { SettingsSnapshot, SettingsUpdate, StoredSettings } from './service';
export { DEFAULT_VALID_FOR } from './service';
