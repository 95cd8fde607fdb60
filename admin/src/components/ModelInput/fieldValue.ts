import type { StoredModelValue } from '../../../../common/field-value';
import { parseModelReference } from '../../utils/modelReference';

/**
 * The stored value as the card needs it. The server also accepts a Showcase URL or a
 * bare ID on write (and stores the object), but entries imported or written before
 * that may still hold a string, so one is read rather than shown as empty.
 */
export const toFieldValue = (value: unknown): StoredModelValue | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    const reference = parseModelReference(value);
    return reference.kind === 'model' ? { modelId: reference.modelId } : null;
  }
  if (typeof value === 'object' && typeof (value as { modelId?: unknown }).modelId === 'string') {
    const { modelId, name, connection, view, params } = value as {
      modelId: string;
      name?: unknown;
      connection?: unknown;
      view?: unknown;
      params?: unknown;
    };
    // The connection that holds the model (none: `default`, as values written before connections).
    return {
      modelId,
      ...(typeof connection === 'string' && connection ? { connection } : {}),
      ...(typeof name === 'string' ? { name } : {}),
      // A View and the entry's own Showcase parameters (issue 28) are kept as they are.
      ...(typeof view === 'string' && view ? { view } : {}),
      ...(params && typeof params === 'object' && !Array.isArray(params)
        ? { params: params as Record<string, string> }
        : {}),
    };
  }
  return null;
};
