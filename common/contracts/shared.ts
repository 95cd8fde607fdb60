/**
 * What every contract of the admin API shares: Strapi's error body, the paging block and who
 * did something. Type-only and import-free, so the admin bundle and the kit can import it
 * without pulling any server code.
 */

/**
 * The `error` member of a failed answer, in Strapi's shape. `name` says what kind of failure it
 * is (`ValidationError`, `MatterportError`, …); `details` carries what a caller can act on
 * (`code` for a Matterport failure, `errors[].path` for a validation failure).
 */
export interface ApiError {
  status: number;
  name: string;
  message: string;
  details: Record<string, unknown>;
}

/** A failed answer: `{ data: null, error }`. */
export interface ErrorResponse {
  data: null;
  error: ApiError;
}

export interface Pagination {
  page: number;
  pageSize: number;
  /** How many rows match; when totalExact is false, a lower bound (there are more). */
  total: number;
  /** Pages in `total` (a lower bound too when totalExact is false). */
  pageCount: number;
  /**
   * false: the server stopped counting at `total` and more rows match (the links list counts
   * at most 10,000). The links list always says; lists that always count exactly leave it out.
   */
  totalExact?: boolean;
}

/**
 * Who did something: an admin's id and email (what identifies them: an admin can rename
 * themselves to another admin's name, not take their id or email) and the display name they
 * had then (truncated). The plugin itself ("system", "revokeOnUnpublish") has no id or email;
 * rows written before ids were recorded have only the name.
 */
export interface ActorView {
  id: number | null;
  email: string | null;
  name: string;
}

/** A route that takes no query string or body: anything sent is refused (400). */
export type Nothing = Record<string, never>;
