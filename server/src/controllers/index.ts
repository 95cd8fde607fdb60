import links from './links';
import models from './models';
import settings from './settings';

export default {
  settings,
  models,
  links,
};
