import admin from './admin';

// No content-API routes: nothing of the picker or the ledger is reachable from /api.
export default {
  admin,
};
