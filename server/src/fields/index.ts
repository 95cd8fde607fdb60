export { guardContentTypeBuilder } from './ctb-guard';
export { normalizeWriteData } from './write';
