export { default as embedsService, type ActivationAnswer } from './service';
export { embedsCorsMiddleware } from './cors';
export { createRateLimiter, type RateLimiter } from './rate-limit';
export { decodeRef, encodeRef, MAX_REF_LENGTH, type EmbedTarget } from './ref';
export { fieldHolding, populateForPath, type Holding, type PopulateTree } from './published';
