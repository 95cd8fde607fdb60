import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../common/plugin';

/**
 * The plugin's services by name. Empty here and filled in by services/index.ts (a module
 * augmentation), so this file imports no service: the services call getService, and an import
 * back from here made every service's module a link of one circle.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by augmentation
export interface Services {}

/** Typed access to the plugin's services. */
export const getService = <K extends keyof Services>(
  name: K,
  instance: Core.Strapi = strapi
): Services[K] => instance.plugin(PLUGIN_ID).service(name) as Services[K];
