import admin from './admin';
import contentApi from './content-api';

// The content API holds the embed routes only (issue 27): nothing of the picker or the
// ledger is reachable from /api.
export default {
  admin,
  'content-api': contentApi,
};
