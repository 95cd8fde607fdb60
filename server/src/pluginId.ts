export const PLUGIN_ID = 'matterport';
export const FIELD_NAME = 'model';
/** The custom field's uid, as content-type schemas reference it. */
export const FIELD_UID = `plugin::${PLUGIN_ID}.${FIELD_NAME}`;
