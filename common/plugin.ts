/** The plugin's name in Strapi (`plugin::matterport.*`, `/matterport/*`, `/api/matterport/*`). */
export const PLUGIN_ID = 'matterport';
export const FIELD_NAME = 'model';
/** The custom field's uid, as content-type schemas reference it. */
export const FIELD_UID = `plugin::${PLUGIN_ID}.${FIELD_NAME}`;
/** The links ledger's content type (internal: never part of the content API). */
export const LINK_UID = `plugin::${PLUGIN_ID}.link` as const;
/** The audit trail's content type (internal, like the ledger). */
export const AUDIT_UID = `plugin::${PLUGIN_ID}.audit-entry` as const;
