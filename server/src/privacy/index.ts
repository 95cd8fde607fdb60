import service from './service';

export { decideAccess, type AccessRoute } from './decide';
export { plainShowcaseLink } from './plain-link';
export const privacyService = service;
