import auditEntrySchema from './audit-entry/schema.json';
import linkSchema from './link/schema.json';

export default {
  link: { schema: linkSchema },
  'audit-entry': { schema: auditEntrySchema },
};
