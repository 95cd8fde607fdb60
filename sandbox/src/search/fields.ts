import type { ModelRecord } from '../models/types';

/**
 * How each searchable field behaves, after Elasticsearch's mapping types:
 * `text` is analysed into words, `keyword` matches the whole value exactly,
 * `date` is compared in time.
 */
export type FieldKind = 'text' | 'keyword' | 'date';

interface FieldDefinition {
  kind: FieldKind;
  value: (model: ModelRecord) => string | null;
}

export const SEARCH_FIELDS: Readonly<Record<string, FieldDefinition>> = {
  name: { kind: 'text', value: (m) => m.name },
  description: { kind: 'text', value: (m) => m.description },
  id: { kind: 'keyword', value: (m) => m.id },
  state: { kind: 'keyword', value: (m) => m.state },
  accessVisibility: { kind: 'keyword', value: (m) => m.accessVisibility },
  created: { kind: 'date', value: (m) => m.created },
  modified: { kind: 'date', value: (m) => m.modified },
};

/** Bare terms search the name. */
export const DEFAULT_FIELD = 'name';

export function fieldDefinition(name: string): FieldDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(SEARCH_FIELDS, name)
    ? SEARCH_FIELDS[name]
    : undefined;
}
