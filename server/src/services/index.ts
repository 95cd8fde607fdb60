import { runtimeService } from '../config/service';
import { deliveryService } from '../delivery';
import { linksService } from '../links';
import { matterportService } from '../matterport';
import opsService from '../ops/service';
import { settingsService } from '../settings';

/** Registers each concept's service under its name; the services live in their own folders. */
export default {
  runtime: runtimeService,
  settings: settingsService,
  matterport: matterportService,
  delivery: deliveryService,
  links: linksService,
  ops: opsService,
};
