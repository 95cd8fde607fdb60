export { default as matterportService } from './service';
export { MatterportClient } from './client';
export type { Credentials, EmbedLink, Logger } from './types';
