export { default as matterportService } from './service';
export { MatterportClient } from './client';
export { TEST_LINK_SECONDS } from './connection-test';
export type { Credentials, EmbedLink, Logger } from './types';
