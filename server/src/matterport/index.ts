export { default as matterportService } from './service';
export { MatterportClient, TEST_LINK_SECONDS } from './client';
export type { Credentials, EmbedLink, Logger } from './types';
