export { default as linksService } from './service';
export { registerRevokeOnUnpublish } from './revoke-on-unpublish';
export type { CachedLink, LinkFilter } from './types';
