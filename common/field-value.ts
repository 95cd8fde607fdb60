import { DEFAULT_CONNECTION_ID, isConnectionId } from './connection-id';
import { isModelId } from './model-id';
import { FieldOptionsError, parseShowcaseParams, type ShowcaseParams } from './showcase';
import { toModelId } from './showcase-url';

/**
 * What the database keeps for a Matterport field. `connection` names the Matterport
 * organisation (connection id) that holds the model; absent means `default`, so values
 * written before connections existed, and by a site that knows one organisation only, keep
 * their meaning. `default` itself is never stored (one spelling per meaning).
 */
export interface StoredModelValue {
  modelId: string;
  connection?: string;
  name?: string;
  /**
   * A View of the model (issue 28): its 25-character ID. Absent: the model's base View (whose
   * ID is the model's own, so that one is never stored).
   */
  view?: string;
  /**
   * Per-entry Showcase parameters (issue 28), in their URL form, checked by the field options'
   * rules; they override the field's options and preset.
   */
  params?: ShowcaseParams;
}

/** A Matterport View ID: 25 letters and digits (documented; the base View's is the model's). */
const VIEW_ID = /^[A-Za-z0-9]{25}$/;
export const isViewId = (value: unknown): value is string =>
  typeof value === 'string' && VIEW_ID.test(value);

/** The connection a stored value names (`default` when it names none). */
export const connectionOf = (value: { connection?: string | null } | null | undefined): string =>
  value?.connection ?? DEFAULT_CONNECTION_ID;

export class FieldValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldValueError';
  }
}

const MAX_NAME_LENGTH = 255;
const MAX_INPUT_LENGTH = 2048;

/**
 * Normalises anything a write path may send into the stored shape, or throws a
 * FieldValueError a person can act on. A Showcase URL or a bare ID becomes
 * `{ modelId }` (the default connection); `connection: "default"` is stored as no
 * connection; delivery-only keys (link, accessToken, validUntil, error) and any
 * other key are dropped, so a value read through the API and written back is stored
 * without its short-lived parts. A fresh object is built, so keys like __proto__
 * never reach the database.
 */
export const normalizeModelValue = (input: unknown): StoredModelValue | null => {
  if (input === null || input === undefined) return null;
  if (typeof input === 'string') {
    if (input.trim() === '') return null;
    if (input.length > MAX_INPUT_LENGTH)
      throw new FieldValueError('The value is too long to be a model ID or a Showcase URL.');
    try {
      return { modelId: toModelId(input) };
    } catch (error) {
      throw new FieldValueError((error as Error).message);
    }
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new FieldValueError(
      'A Matterport field takes a model ID, a Showcase URL, or an object { "modelId": "…", "connection": "…", "name": "…", "view": "…", "params": { … } }.'
    );
  }
  const record = input as Record<string, unknown>;
  const rawId = record.modelId;
  if (typeof rawId !== 'string' || rawId.trim() === '') {
    throw new FieldValueError(
      'The Matterport value has no "modelId": give the 11-character model ID or a Showcase URL.'
    );
  }
  let modelId: string;
  try {
    const text: string = rawId;
    modelId = toModelId(text.slice(0, MAX_INPUT_LENGTH + 1));
  } catch (error) {
    throw new FieldValueError((error as Error).message);
  }
  const value: StoredModelValue = { modelId };
  if (record.connection !== undefined && record.connection !== null) {
    if (!isConnectionId(record.connection))
      throw new FieldValueError(
        'The Matterport value\'s "connection" must be the id of a Matterport connection (Settings → Matterport), for example "default".'
      );
    if (record.connection !== DEFAULT_CONNECTION_ID) value.connection = record.connection;
  }
  if (record.name !== undefined && record.name !== null) {
    if (typeof record.name !== 'string')
      throw new FieldValueError('The Matterport value\'s "name" must be a string.');
    const name = record.name.trim();
    if (name.length > MAX_NAME_LENGTH) {
      throw new FieldValueError(
        `The Matterport value's "name" is longer than ${MAX_NAME_LENGTH} characters.`
      );
    }
    if (name) value.name = name;
  }
  if (record.view !== undefined && record.view !== null && record.view !== '') {
    const view = typeof record.view === 'string' ? record.view.trim() : record.view;
    // The base View's ID is the model's: the same as naming no View.
    if (view !== modelId) {
      if (!isViewId(view))
        throw new FieldValueError(
          'The Matterport value\'s "view" must be the 25-character ID of one of the model\'s Views (Matterport lists them with the model).'
        );
      value.view = view;
    }
  }
  if (record.params !== undefined && record.params !== null) {
    let params: ShowcaseParams;
    try {
      params = parseShowcaseParams(record.params, { entry: true });
    } catch (error) {
      if (!(error instanceof FieldOptionsError)) throw error;
      throw new FieldValueError(`The Matterport value's "params": ${error.message}`);
    }
    if (Object.keys(params).length) value.params = params;
  }
  return value;
};

/** The stored part of a value that may have been delivered (read side): no validation, no throw. */
export const storedPart = (value: unknown): StoredModelValue | null => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { modelId, name, connection, view, params } = value as Record<string, unknown>;
  if (!isModelId(modelId)) return null;
  const stored: StoredModelValue = { modelId };
  if (isConnectionId(connection) && connection !== DEFAULT_CONNECTION_ID)
    stored.connection = connection;
  if (typeof name === 'string') stored.name = name;
  if (isViewId(view)) stored.view = view;
  if (params) {
    // Checked again (cheap, and only for values that have them): they go into a URL, and a
    // value written around the plugin's validation must not bring anything else there.
    try {
      const checked = parseShowcaseParams(params, { entry: true });
      if (Object.keys(checked).length) stored.params = checked;
    } catch {
      // Left out: the value is delivered with the field's options only.
    }
  }
  return stored;
};
