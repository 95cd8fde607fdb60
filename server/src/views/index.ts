export { default as viewsService, type ViewTarget } from './service';
export { valueQuery, withPresentation } from './query';
