import auditEntrySchema from './audit-entry/schema.json';
import linkSchema from './link/schema.json';
import modelEventSchema from './model-event/schema.json';
import modelStateSchema from './model-state/schema.json';
import usageSchema from './usage/schema.json';

export default {
  link: { schema: linkSchema },
  'audit-entry': { schema: auditEntrySchema },
  'model-state': { schema: modelStateSchema },
  usage: { schema: usageSchema },
  'model-event': { schema: modelEventSchema },
};
