import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../common/plugin';
import type services from '../services';

type Services = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };

/** Typed access to the plugin's services. */
export const getService = <K extends keyof Services>(
  name: K,
  instance: Core.Strapi = strapi
): Services[K] => instance.plugin(PLUGIN_ID).service(name) as Services[K];
