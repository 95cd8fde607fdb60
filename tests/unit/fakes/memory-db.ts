/**
 * An in-memory stand-in for `strapi.db.query(uid)`: rows in an array, and the part of
 * Strapi's filter language the plugin uses ($eq, $ne, $in, $notIn, $lt, $lte, $gt, $gte,
 * $null, $notNull, $and, $or, $not; `field: null` is IS NULL), written from Strapi's
 * documentation of filters, not from the plugin. An operator it does not know throws, so
 * a test can never pass because a filter was silently ignored.
 *
 * Every call is recorded (`calls`), so a test can look at what reached the database layer
 * (e.g. that a ledger write carries no plain token).
 */
export type Row = Record<string, unknown> & { id: number };

type Where = Record<string, unknown>;

const OPERATORS = new Set([
  '$eq',
  '$ne',
  '$in',
  '$notIn',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$null',
  '$notNull',
]);

/** Dates compare by time; everything else as is. */
const comparable = (value: unknown): unknown => {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  return value;
};

const isNull = (value: unknown) => value === null || value === undefined;

const equals = (a: unknown, b: unknown): boolean => {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  return comparable(a) === comparable(b);
};

const order = (a: unknown, b: unknown): number => {
  const x = comparable(a) as number | string;
  const y = comparable(b) as number | string;
  return x < y ? -1 : x > y ? 1 : 0;
};

const matchOperator = (value: unknown, op: string, arg: unknown): boolean => {
  switch (op) {
    case '$eq':
      return equals(value, arg);
    case '$ne':
      return !equals(value, arg);
    case '$in':
      // Ids and plain strings first (cheap), then the general comparison (dates).
      return (arg as unknown[]).includes(value) || (arg as unknown[]).some((a) => equals(value, a));
    case '$notIn':
      return !(arg as unknown[]).some((a) => equals(value, a));
    case '$lt':
      return !isNull(value) && order(value, arg) < 0;
    case '$lte':
      return !isNull(value) && order(value, arg) <= 0;
    case '$gt':
      return !isNull(value) && order(value, arg) > 0;
    case '$gte':
      return !isNull(value) && order(value, arg) >= 0;
    case '$null':
      return arg ? isNull(value) : !isNull(value);
    case '$notNull':
      return arg ? !isNull(value) : isNull(value);
    default:
      throw new Error(`memory-db: unknown operator ${op}`);
  }
};

export const matches = (row: Record<string, unknown>, where: Where | undefined): boolean => {
  if (!where) return true;
  for (const [key, condition] of Object.entries(where)) {
    if (key === '$and') {
      if (!(condition as Where[]).every((w) => matches(row, w))) return false;
      continue;
    }
    if (key === '$or') {
      if (!(condition as Where[]).some((w) => matches(row, w))) return false;
      continue;
    }
    if (key === '$not') {
      if (matches(row, condition as Where)) return false;
      continue;
    }
    if (key.startsWith('$')) throw new Error(`memory-db: unknown operator ${key}`);
    const value = row[key];
    if (
      condition !== null &&
      typeof condition === 'object' &&
      !(condition instanceof Date) &&
      !Array.isArray(condition)
    ) {
      for (const [op, arg] of Object.entries(condition as Record<string, unknown>)) {
        if (!OPERATORS.has(op)) throw new Error(`memory-db: unsupported filter ${key}.${op}`);
        if (!matchOperator(value, op, arg)) return false;
      }
      continue;
    }
    if (!equals(value, condition)) return false;
  }
  return true;
};

type OrderBy =
  | string
  | Record<string, 'asc' | 'desc'>
  | Array<Record<string, 'asc' | 'desc'> | string>;

const sortRows = (rows: Row[], orderBy: OrderBy | undefined): Row[] => {
  if (!orderBy) return rows;
  const keys: Array<[string, 'asc' | 'desc']> = [];
  const add = (o: Record<string, 'asc' | 'desc'> | string) => {
    if (typeof o === 'string') keys.push([o, 'asc']);
    else for (const [k, dir] of Object.entries(o)) keys.push([k, dir]);
  };
  if (Array.isArray(orderBy)) orderBy.forEach(add);
  else add(orderBy);
  return [...rows].sort((a, b) => {
    for (const [key, dir] of keys) {
      const c = order(a[key], b[key]);
      if (c) return dir === 'desc' ? -c : c;
    }
    return 0;
  });
};

const pick = (row: Row, select: string[] | undefined): Row =>
  select
    ? (Object.fromEntries(
        [...new Set(['id', ...select])].map((k) => [k, structuredClone(row[k])])
      ) as Row)
    : structuredClone(row);

export interface QueryParams {
  where?: Where;
  select?: string[];
  orderBy?: OrderBy;
  limit?: number;
  offset?: number;
  data?: Record<string, unknown> | Array<Record<string, unknown>>;
}

export interface Call {
  uid: string;
  method: string;
  params: QueryParams;
}

/** One table per uid; `calls` holds every query made, with its parameters as they were passed. */
export const createMemoryDb = () => {
  const tables = new Map<string, Row[]>();
  const calls: Call[] = [];
  let nextId = 1;
  const table = (uid: string): Row[] => {
    let rows = tables.get(uid);
    if (!rows) tables.set(uid, (rows = []));
    return rows;
  };

  const insert = (uid: string, data: Record<string, unknown>): Row => {
    const now = new Date();
    const row: Row = {
      createdAt: now,
      updatedAt: now,
      ...structuredClone(data),
      id: nextId++,
      documentId: `doc${nextId}`,
    };
    table(uid).push(row);
    return row;
  };

  const query = (uid: string) => {
    const record = (method: string, params: QueryParams = {}) => {
      calls.push({ uid, method, params: structuredClone(params) });
    };
    const found = (params: QueryParams = {}) => {
      let rows = sortRows(
        table(uid).filter((r) => matches(r, params.where)),
        params.orderBy
      );
      if (params.offset) rows = rows.slice(params.offset);
      if (params.limit !== undefined) rows = rows.slice(0, params.limit);
      return rows;
    };
    return {
      async findMany(params: QueryParams = {}) {
        record('findMany', params);
        return found(params).map((r) => pick(r, params.select));
      },
      async findOne(params: QueryParams = {}) {
        record('findOne', params);
        const [row] = found({ ...params, limit: 1 });
        return row ? pick(row, params.select) : null;
      },
      async count(params: QueryParams = {}) {
        record('count', params);
        return found({ where: params.where }).length;
      },
      async create(params: QueryParams) {
        record('create', params);
        return structuredClone(insert(uid, params.data as Record<string, unknown>));
      },
      async createMany(params: QueryParams) {
        record('createMany', params);
        const rows = (params.data as Array<Record<string, unknown>>).map((d) => insert(uid, d));
        return { count: rows.length, ids: rows.map((r) => r.id) };
      },
      async update(params: QueryParams) {
        record('update', params);
        const [row] = found({ where: params.where, limit: 1 });
        if (!row) return null;
        Object.assign(row, structuredClone(params.data), { updatedAt: new Date() });
        return structuredClone(row);
      },
      async updateMany(params: QueryParams) {
        record('updateMany', params);
        const rows = found({ where: params.where });
        for (const row of rows) Object.assign(row, structuredClone(params.data));
        return { count: rows.length };
      },
      async delete(params: QueryParams) {
        record('delete', params);
        const [row] = found({ where: params.where, limit: 1 });
        if (!row) return null;
        tables.set(
          uid,
          table(uid).filter((r) => r !== row)
        );
        return row;
      },
      async deleteMany(params: QueryParams = {}) {
        record('deleteMany', params);
        const doomed = new Set(found({ where: params.where }));
        tables.set(
          uid,
          table(uid).filter((r) => !doomed.has(r))
        );
        return { count: doomed.size };
      },
    };
  };

  return {
    query,
    calls,
    /** The rows as stored (not copies: a test may age or change them). */
    rows: (uid: string): Row[] => table(uid),
    /** Puts a row in as a previous run (or another replica) left it. */
    seed: (uid: string, data: Record<string, unknown>): Row => insert(uid, data),
  };
};

export type MemoryDb = ReturnType<typeof createMemoryDb>;
