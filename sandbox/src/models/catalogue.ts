import { MatterportError } from '../errors';
import { matchesQuery } from '../search/match';
import { parseSearchQuery } from '../search/parser';
import type { ModelRecord } from './types';

export type SearchInclusion = 'demo' | 'inactive';
export type ModelSortField = 'created' | 'modified' | 'name';
export type SortDirection = 'asc' | 'desc';

export interface ModelSort {
  field: ModelSortField;
  direction?: SortDirection | null;
}

export interface ListModelsArgs {
  query?: string | null;
  include?: readonly SearchInclusion[] | null;
  sortBy?: readonly ModelSort[] | null;
  pageSize?: number | null;
  offset?: string | null;
}

export interface ModelPage {
  totalResults: number;
  nextOffset: string | null;
  results: ModelRecord[];
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;
/** Matterport lists newest first when asked for no order. */
const DEFAULT_SORT: readonly ModelSort[] = [{ field: 'created', direction: 'desc' }];

/** The organisation's spaces, searched, ordered and paged like Matterport's `models` query. */
export class ModelCatalogue {
  /** The spaces now, in their original order (a change replaces a record; model events). */
  private byId: Map<string, ModelRecord>;

  constructor(private readonly initial: readonly ModelRecord[]) {
    this.byId = new Map(initial.map((m) => [m.id, m]));
  }

  get(id: string): ModelRecord | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces a space (a change made at Matterport, a transfer in). */
  put(record: ModelRecord): void {
    this.byId.set(record.id, record);
  }

  /** Takes a space out (deleted, transferred away); answers it. */
  remove(id: string): ModelRecord | undefined {
    const record = this.byId.get(id);
    this.byId.delete(id);
    return record;
  }

  /** Back to the spaces given at creation. */
  reset(): void {
    this.byId = new Map(this.initial.map((m) => [m.id, m]));
  }

  /** Every space's ID, in the order given (changed spaces keep their place). */
  ids(): string[] {
    return [...this.byId.keys()];
  }

  private get models(): ModelRecord[] {
    return [...this.byId.values()];
  }

  list(args: ListModelsArgs): ModelPage {
    const pageSize = args.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new MatterportError(
        'request.invalid',
        `pageSize must be between 1 and ${MAX_PAGE_SIZE}`
      );
    }
    const start = args.offset === null || args.offset === undefined ? 0 : decodeOffset(args.offset);
    const query = parseSearchQuery(args.query ?? '*');
    const include = new Set(args.include ?? []);
    const matching = this.models.filter(
      (m) =>
        (m.state === 'active' || include.has('inactive')) &&
        (!m.demo || include.has('demo')) &&
        matchesQuery(query, m)
    );
    const sorted = [...matching].sort(comparator(args.sortBy?.length ? args.sortBy : DEFAULT_SORT));
    const end = start + pageSize;
    return {
      totalResults: sorted.length,
      nextOffset: end < sorted.length ? encodeOffset(end) : null,
      results: sorted.slice(start, end),
    };
  }
}

function comparator(sorts: readonly ModelSort[]): (a: ModelRecord, b: ModelRecord) => number {
  return (a, b) => {
    for (const sort of sorts) {
      const sign = sort.direction === 'desc' ? -1 : 1;
      const order =
        sort.field === 'name'
          ? a.name.localeCompare(b.name, 'en', { sensitivity: 'base' })
          : Date.parse(a[sort.field]) - Date.parse(b[sort.field]);
      if (order !== 0) return sign * order;
    }
    // A stable tie-break, so pages never overlap or skip a model.
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/*
 * Offsets are opaque to callers. This one encodes the position of the next
 * result; the prefix lets a made-up or mangled offset be told apart from ours.
 */
const OFFSET_PREFIX = 'sbx1:';

function encodeOffset(position: number): string {
  return Buffer.from(`${OFFSET_PREFIX}${position}`, 'utf8').toString('base64url');
}

function decodeOffset(offset: string): number {
  const decoded = /^[A-Za-z0-9_-]+$/.test(offset)
    ? Buffer.from(offset, 'base64url').toString('utf8')
    : '';
  const match = new RegExp(`^${OFFSET_PREFIX}(\\d{1,9})$`).exec(decoded);
  if (!match)
    throw new MatterportError(
      'request.invalid',
      'offset is not one returned by a previous models query'
    );
  return Number(match[1]);
}
