import { catalogueService } from '../catalogue';
import { runtimeService } from '../config/service';
import { deliveryService } from '../delivery';
import { embedsService } from '../embeds';
import { linksService } from '../links';
import { matterportService } from '../matterport';
import { modelEventsService } from '../model-events';
import opsService from '../ops/service';
import { privacyService } from '../privacy';
import { settingsService } from '../settings';
import { usageService } from '../usage';
import { viewsService } from '../views';

/** Registers each concept's service under its name; the services live in their own folders. */
const services = {
  runtime: runtimeService,
  settings: settingsService,
  matterport: matterportService,
  delivery: deliveryService,
  links: linksService,
  ops: opsService,
  embeds: embedsService,
  catalogue: catalogueService,
  usage: usageService,
  modelEvents: modelEventsService,
  privacy: privacyService,
  views: viewsService,
};

export default services;

type ServiceMap = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };

// Types getService from the table above without utils/get-service.ts importing this file.
declare module '../utils/get-service' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the members come from ServiceMap
  interface Services extends ServiceMap {}
}
