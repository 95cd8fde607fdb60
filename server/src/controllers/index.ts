import connections from './connections';
import embeds from './embeds';
import links from './links';
import modelEvents from './model-events';
import models from './models';
import ops from './ops';
import settings from './settings';

export default {
  settings,
  connections,
  models,
  links,
  ops,
  embeds,
  modelEvents,
};
