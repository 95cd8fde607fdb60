import type { UsageResponse } from '../../../common/catalogue';
import { useQuery, type QueryKey } from 'react-query';

import type { GetAudit, AuditListQuery, HealthView } from '../../../common/contracts/ops';
import type { GetLinks, LinkListQuery } from '../../../common/contracts/links';
import { isAbortError, toApiProblem, type ApiProblem } from './errors';
import type {
  GetModels,
  LocateModel,
  ModelView,
  PickableConnection,
  PreviewLink,
  ViewOption,
} from '../../../common/contracts/models';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { ModelStateView } from '../../../common/catalogue';
import type { AdminRole } from './check';
import { useMatterportApi, type FieldRef, type MatterportApi } from './useMatterportApi';

/** `default` is the server's default: it is not sent, so requests stay as they were before connections. */
const sent = (connection: string | undefined) =>
  connection && connection !== DEFAULT_CONNECTION_ID ? connection : undefined;

/**
 * Every key starts with the plugin's ID, so one invalidation can reach a whole family
 * (every page of the links list after a revocation) without touching Strapi's own queries.
 */
export const queryKeys = {
  settings: ['matterport', 'settings'] as const,
  connections: ['matterport', 'connections'] as const,
  health: ['matterport', 'health'] as const,
  links: ['matterport', 'links'] as const,
  audit: ['matterport', 'audit'] as const,
  models: ['matterport', 'models'] as const,
  model: (modelId: string, connection: string) =>
    ['matterport', 'model', modelId, connection] as const,
  modelState: (modelId: string, connection: string) =>
    ['matterport', 'model-state', modelId, connection] as const,
  thumbnail: (path: string) => ['matterport', 'thumbnail', path] as const,
  preview: (modelId: string, connection: string) =>
    ['matterport', 'preview', modelId, connection] as const,
  pickable: (uid: string, field: string) => ['matterport', 'pickable', uid, field] as const,
  locate: (modelId: string, uid: string, field: string) =>
    ['matterport', 'locate', modelId, uid, field] as const,
  roles: ['matterport', 'admin-roles'] as const,
  usage: (modelId: string, connection: string) =>
    ['matterport', 'usage', modelId, connection] as const,
  modelEvents: (connection: string) => ['matterport', 'model-events', connection] as const,
  views: (modelId: string, connection: string) =>
    ['matterport', 'views', modelId, connection] as const,
};

/** What the pages read of a query: the answer, the problem in the admin's terms, and a retry. */
export interface ApiQuery<T> {
  data: T | null;
  problem: ApiProblem | null;
  /** A request for what is shown is under way (not set by a live panel's background refresh). */
  loading: boolean;
  reload: () => void;
}

interface Options {
  /** Ask again every so many milliseconds while the page is visible (a live panel). */
  refetchIntervalMs?: number;
  /** Keep showing the previous key's data while a new key loads (a table changing page). */
  keepPreviousData?: boolean;
  /** The request creates something (a preview link is minted): never kept nor re-asked on its own. */
  creates?: boolean;
}

// A key no request is made for: react-query needs one even when the query is disabled.
const IDLE = ['matterport', 'idle'] as const;

/**
 * react-query's useQuery with the plugin's API client, read as an ApiQuery. `key` null asks
 * nothing. No automatic retry: a refusal (403, a bad ID) would only be asked again for nothing,
 * and the pages offer Retry themselves.
 */
export const usePluginQuery = <T>(
  key: QueryKey | null,
  run: (api: MatterportApi, signal: AbortSignal | undefined) => Promise<T>,
  { refetchIntervalMs, keepPreviousData = false, creates = false }: Options = {}
): ApiQuery<T> => {
  const api = useMatterportApi();
  const result = useQuery<T, unknown>({
    queryKey: key ?? IDLE,
    queryFn: ({ signal }) => run(api, signal),
    enabled: key !== null,
    keepPreviousData,
    refetchInterval: refetchIntervalMs ?? false,
    retry: false,
    refetchOnWindowFocus: false,
    ...(creates ? { cacheTime: 0, refetchOnReconnect: false } : {}),
  });
  const { error, refetch } = result;
  return {
    data: result.data ?? null,
    problem: result.isError && !isAbortError(error) ? toApiProblem(error) : null,
    // A live panel's timed refresh is not "loading": only its first answer is.
    loading:
      refetchIntervalMs === undefined
        ? result.isFetching
        : result.isLoading || result.isPreviousData,
    reload: () => void refetch(),
  };
};

/** GET /matterport/links for one page, sort and filter. */
export const useLinksQuery = (query: LinkListQuery) =>
  usePluginQuery<GetLinks.Response>(
    [...queryKeys.links, query],
    (api, signal) => api.listLinks(query, signal),
    { keepPreviousData: true }
  );

/** GET /matterport/audit for one page and filter. */
export const useAuditQuery = (query: AuditListQuery) =>
  usePluginQuery<GetAudit.Response>(
    [...queryKeys.audit, query],
    (api, signal) => api.listAudit(query, signal),
    { keepPreviousData: true }
  );

export const useSettingsQuery = () =>
  usePluginQuery(queryKeys.settings, (api, signal) => api.getSettings(signal));

export const useConnectionsQuery = () =>
  usePluginQuery(queryKeys.connections, (api, signal) => api.listConnections(signal));

/** A connection's model event registration (issue 28). */
export const useModelEventsQuery = (connection: string) =>
  usePluginQuery(queryKeys.modelEvents(connection), (api, signal) =>
    api.getModelEvents(connection, signal)
  );

export const useHealthQuery = (refetchIntervalMs: number) =>
  usePluginQuery<HealthView>(queryKeys.health, (api, signal) => api.getHealth(signal), {
    refetchIntervalMs,
  });

/** One model by ID in one connection; null asks nothing. */
export const useModelQuery = (modelId: string | null, connection = DEFAULT_CONNECTION_ID) =>
  usePluginQuery<ModelView>(
    modelId === null ? null : queryKeys.model(modelId, connection),
    (api, signal) => api.getModel(modelId ?? '', sent(connection), signal)
  );

/** Where a space of a connection is used (issue 28); null asks nothing (the dialog is closed). */
export const useModelUsageQuery = (modelId: string | null, connection = DEFAULT_CONNECTION_ID) =>
  usePluginQuery<UsageResponse>(
    modelId === null ? null : queryKeys.usage(modelId, connection),
    (api, signal) => api.getModelUsage(modelId ?? '', { connection: sent(connection) }, signal)
  );

/** What the plugin knows of a space (issue 28: state, visibility); a 404 means nothing yet. */
export const useModelStateQuery = (modelId: string, connection = DEFAULT_CONNECTION_ID) =>
  usePluginQuery<ModelStateView>(queryKeys.modelState(modelId, connection), (api, signal) =>
    api.getModelState(modelId, sent(connection), signal)
  );

/** A space's Views (issue 28); null asks nothing. */
export const useModelViewsQuery = (modelId: string | null, connection = DEFAULT_CONNECTION_ID) =>
  usePluginQuery<ViewOption[]>(
    modelId === null ? null : queryKeys.views(modelId, connection),
    (api, signal) => api.listModelViews(modelId ?? '', sent(connection), signal)
  );

/** The connections this admin may pick from for a field (the default first). */
export const usePickableConnectionsQuery = (field: FieldRef) =>
  usePluginQuery<PickableConnection[]>(
    queryKeys.pickable(field.uid ?? '', field.field ?? ''),
    (api, signal) => api.listPickableConnections(field, signal)
  );

/** Which connections hold a pasted model; null asks nothing. */
export const useLocateModelQuery = (modelId: string | null, field: FieldRef) =>
  usePluginQuery<LocateModel.Response['data']>(
    modelId === null ? null : queryKeys.locate(modelId, field.uid ?? '', field.field ?? ''),
    (api, signal) => api.locateModel(modelId ?? '', field, signal)
  );

/** The admin roles (Strapi's), for a connection's "may pick" list; `enabled` false asks nothing. */
export const useAdminRolesQuery = (enabled: boolean) =>
  usePluginQuery<AdminRole[]>(enabled ? queryKeys.roles : null, (api, signal) =>
    api.listAdminRoles(signal)
  );

/** One page of the account's models for a search (offset: Matterport's cursor; undefined: the first page). */
export const useModelPageQuery = (
  search: string | undefined,
  offset: string | undefined,
  pageSize: number,
  enabled: boolean,
  connection = DEFAULT_CONNECTION_ID
) =>
  usePluginQuery<GetModels.Response>(
    enabled
      ? [...queryKeys.models, { connection, search: search ?? '', offset: offset ?? '', pageSize }]
      : null,
    (api, signal) =>
      api.listModels({ connection: sent(connection), search, offset, pageSize }, signal),
    { keepPreviousData: offset === undefined }
  );

export const useThumbnailQuery = (path: string | null) =>
  usePluginQuery<Blob>(path === null ? null : queryKeys.thumbnail(path), (api, signal) =>
    api.getThumbnail(path ?? '', signal)
  );

/** Mints a preview link while `open`: each one is a ledger row, so it is never asked for in the background. */
export const usePreviewLinkQuery = (
  modelId: string,
  open: boolean,
  connection = DEFAULT_CONNECTION_ID
) =>
  usePluginQuery<PreviewLink>(
    open ? queryKeys.preview(modelId, connection) : null,
    (api) => api.createPreviewLink(modelId, sent(connection)),
    { creates: true }
  );
