export { default as deliveryService } from './service';
export { createDocumentMiddleware } from './middleware';
export { cacheControlMiddleware } from './cache-control';
export {
  buildPlans,
  collectSlots,
  isMatterportAttribute,
  type FieldPlan,
  type FieldSlot,
  type SchemaPlan,
} from './plan';
export { isContentApiRequest } from './session';
