export { default as usageService } from './service';
export { registerUsageIndex } from './middleware';
