export { default as linksService } from './service';
export { registerRevokeOnUnpublish } from './revoke-on-unpublish';
export type { CachedLink, LinkFilter } from './types';
export type { LinkQuery, LinkRow, LinkSortField } from './rows';
export { TOMBSTONE_TABLE, type LinkStore } from './store';
