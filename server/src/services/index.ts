import delivery from './delivery';
import links from './links';
import matterport from './matterport';
import runtime from './runtime';
import settings from './settings';

export default {
  runtime,
  settings,
  matterport,
  delivery,
  links,
};
