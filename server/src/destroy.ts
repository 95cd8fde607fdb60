import type { Core } from '@strapi/strapi';

import { stopTimers } from './bootstrap';

const destroy = (_: { strapi: Core.Strapi }) => {
  stopTimers();
};

export default destroy;
