export { default as usageService } from './service';
