/**
 * Contracts of the model routes (server/src/controllers/models.ts): the picker's search, one
 * model, its thumbnail and the editor's preview link.
 */
import type { ModelStateView, UsageResponse, UsageStatus } from '../catalogue';
import type { ApiError, ErrorResponse } from './shared';

/** Matterport's visibility values; Matterport may add some, so any string is kept. */
export type AccessVisibility = 'private' | 'unlisted' | 'public' | 'password';

/** What the picker gets for a model: never Matterport's internal notes, never its signed image URL. */
export interface ModelView {
  id: string;
  name: string;
  /** 'active' or 'inactive' (archived); Matterport may add states, so any string is kept. */
  state: string | null;
  /** One of AccessVisibility, or a value Matterport added since. */
  accessVisibility: string | null;
  created: string | null;
  modified: string | null;
  /** An admin-API path (needs the admin JWT), not a Matterport URL; names the connection. */
  thumbnailUrl: string;
  /** The connection whose organisation holds the model. */
  connection: string;
}

/** Every model route but the search takes `?connection=<id>` (default `default`). */
export interface ConnectionQuery {
  connection?: string;
}

/** A connection the signed-in admin may pick from, as the picker lists them. */
export interface PickableConnection {
  id: string;
  name: string;
  isDefault: boolean;
}

/** A short-lived link for the editor's preview in the admin. */
export interface PreviewLink {
  modelId: string;
  link: string;
  validUntil: string;
}

/** The picker's search and Matterport's paging. */
export interface ModelSearchQuery {
  /** The connection (Matterport organisation) to search; default `default`. */
  connection?: string;
  /** A name (or a bare model id). */
  search?: string;
  /** The `nextOffset` of a previous answer. */
  offset?: string;
  /** 1 to 100 (default 24). */
  pageSize?: number;
}

/** GET /matterport/models?search&offset&pageSize: active and archived models, Matterport's paging. */
export declare namespace GetModels {
  export interface Request {
    query?: ModelSearchQuery;
  }
  export interface Response {
    data: ModelView[];
    meta: {
      /** Pass back as `offset` for the next page; null on the last page. */
      nextOffset: string | null;
      total: number;
    };
    error?: ApiError;
  }
}

/** GET /matterport/models/:modelId (404 MATTERPORT_NOT_FOUND when Matterport has no such model). */
export declare namespace GetModel {
  export interface Request {
    params: { modelId: string };
    query?: ConnectionQuery;
  }
  export interface Response {
    data: ModelView;
    error?: ApiError;
  }
}

/**
 * GET /matterport/models/:modelId/thumbnail: the image itself, not JSON (proxied, cached,
 * raster types only). A failure is JSON, like every other route's.
 */
export declare namespace GetModelThumbnail {
  export interface Request {
    params: { modelId: string };
    query?: ConnectionQuery;
  }
  /** The Content-Type of a successful answer, whose body is the image's bytes. */
  export type ContentType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
  export type Failure = ErrorResponse;
}

/**
 * GET /matterport/models/:modelId/state?connection=: what the plugin knows of a space (issue 28:
 * state, visibility, name, as Matterport's events, the picker and the periodic check told it);
 * 404 when it knows nothing of it. The field's privacy warning reads it.
 */
export declare namespace GetModelState {
  export interface Request {
    params: { modelId: string };
    query?: ConnectionQuery;
  }
  export interface Response {
    data: ModelStateView;
    error?: ApiError;
  }
}

/** POST /matterport/models/:modelId/preview-link: a `previewValidFor` link. */
export declare namespace CreatePreviewLink {
  export interface Request {
    params: { modelId: string };
    query?: ConnectionQuery;
  }
  export interface Response {
    data: PreviewLink;
    error?: ApiError;
  }
}

/**
 * GET /matterport/pickable-connections?uid&field: the enabled connections the signed-in admin
 * may pick from (their roles, see ConnectionView.roles), narrowed to those a field allows when
 * `uid` (content type or component) and `field` (attribute name) are given. The default first.
 */
export declare namespace GetPickableConnections {
  export interface Request {
    query?: { uid?: string; field?: string };
  }
  export interface Response {
    data: PickableConnection[];
    error?: ApiError;
  }
}

/**
 * GET /matterport/models/:modelId/connections?uid&field: which of the pickable connections
 * hold this model (a pasted Showcase URL: asked of each, concurrently). Connections that could
 * not be asked (Matterport failing) are listed in `unknown`, with the code.
 */
export declare namespace LocateModel {
  export interface Request {
    params: { modelId: string };
    query?: { uid?: string; field?: string };
  }
  export interface Response {
    data: {
      holders: Array<PickableConnection & { model: ModelView }>;
      unknown: Array<PickableConnection & { code: string }>;
    };
    error?: ApiError;
  }
}

/**
 * GET /matterport/models/:modelId/usage?connection=&status=&limit=: where a space of a
 * connection is used (issue 28, where used): each value in a published version or a draft of
 * an entry, with the entry's title and its Content Manager path; totals over every place
 * (the list stops at `limit`, default 100, at most 500); `complete` false while the backfill
 * of content older than the index runs. Permission: the one that reads models.
 */
export declare namespace GetModelUsage {
  export interface Request {
    params: { modelId: string };
    query?: { connection?: string; status?: UsageStatus; limit?: number };
  }
  export interface Response {
    data: UsageResponse;
    error?: ApiError;
  }
}

/** A View of a space (issue 28), as the picker lists them. */
export interface ViewOption {
  /** 25 characters; the base View's is the model's own ID. */
  id: string;
  name: string;
  /** Matterport's type (`matterport.user.view`, `matterport.model.layered`, …), if any. */
  type: string | null;
  /** The model's base View: choosing it is choosing no View. */
  base: boolean;
}

/** GET /matterport/models/:modelId/views?connection: the space's Views, the base View first. */
export declare namespace GetModelViews {
  export interface Request {
    params: { modelId: string };
    query?: ConnectionQuery;
  }
  export interface Response {
    data: ViewOption[];
    error?: ApiError;
  }
}
