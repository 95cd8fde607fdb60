import { useQuery, type QueryKey } from 'react-query';

import type { GetAudit, AuditListQuery, HealthView } from '../../../common/contracts/ops';
import type { GetLinks, LinkListQuery } from '../../../common/contracts/links';
import { isAbortError, toApiProblem, type ApiProblem } from './errors';
import type { GetModels, ModelView, PreviewLink } from '../../../common/contracts/models';
import { useMatterportApi, type MatterportApi } from './useMatterportApi';

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
  model: (modelId: string) => ['matterport', 'model', modelId] as const,
  thumbnail: (path: string) => ['matterport', 'thumbnail', path] as const,
  preview: (modelId: string) => ['matterport', 'preview', modelId] as const,
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

export const useHealthQuery = (refetchIntervalMs: number) =>
  usePluginQuery<HealthView>(queryKeys.health, (api, signal) => api.getHealth(signal), {
    refetchIntervalMs,
  });

/** One model by ID; null asks nothing. */
export const useModelQuery = (modelId: string | null) =>
  usePluginQuery<ModelView>(modelId === null ? null : queryKeys.model(modelId), (api, signal) =>
    api.getModel(modelId ?? '', signal)
  );

/** One page of the account's models for a search (offset: Matterport's cursor; undefined: the first page). */
export const useModelPageQuery = (
  search: string | undefined,
  offset: string | undefined,
  pageSize: number,
  enabled: boolean
) =>
  usePluginQuery<GetModels.Response>(
    enabled
      ? [...queryKeys.models, { search: search ?? '', offset: offset ?? '', pageSize }]
      : null,
    (api, signal) => api.listModels({ search, offset, pageSize }, signal),
    { keepPreviousData: offset === undefined }
  );

export const useThumbnailQuery = (path: string | null) =>
  usePluginQuery<Blob>(path === null ? null : queryKeys.thumbnail(path), (api, signal) =>
    api.getThumbnail(path ?? '', signal)
  );

/** Mints a preview link while `open`: each one is a ledger row, so it is never asked for in the background. */
export const usePreviewLinkQuery = (modelId: string, open: boolean) =>
  usePluginQuery<PreviewLink>(
    open ? queryKeys.preview(modelId) : null,
    (api) => api.createPreviewLink(modelId),
    { creates: true }
  );
