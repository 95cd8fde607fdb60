import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import type {
  AuditListResponse,
  HealthView,
  LinkListResponse,
  RevokeResponse,
} from '../../../common/api-types';
import { PLUGIN_ID } from '../pluginId';
import {
  dataOf,
  isConnectionCheck,
  isHealthView,
  isLinkView,
  isModel,
  isModelList,
  isPreviewLink,
  isRecord,
  isSettingsView,
  toAuditList,
  toLinkList,
  toRevokeResponse,
} from './check';
import type {
  AuditQuery,
  ConnectionCheck,
  EmbedLinkRecord,
  LinkFilter,
  LinkQuery,
  MatterportModel,
  ModelPage,
  PreviewLink,
  SettingsUpdate,
  SettingsView,
} from './types';

const base = `/${PLUGIN_ID}`;

/**
 * The fetch client serialises `params` without URL-encoding them, so a search for
 * "a&b" would break the query string: queries are encoded here instead.
 */
const withQuery = (path: string, query: Record<string, string | number | undefined>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

const modelPath = (modelId: string) => `${base}/models/${encodeURIComponent(modelId)}`;

/**
 * One typed function per admin route. Every answer is checked (api/check.ts) before
 * it is returned. Errors propagate as the fetch client throws them; useApiQuery (or a
 * caller) turns them into an ApiProblem with toApiProblem.
 */
export const useMatterportApi = () => {
  const { get, post, put } = useFetchClient();

  return useMemo(
    () => ({
      async getSettings(signal?: AbortSignal): Promise<SettingsView> {
        const { data } = await get<unknown>(`${base}/settings`, { signal });
        return dataOf(data, isSettingsView, 'the settings');
      },

      async updateSettings(body: SettingsUpdate): Promise<SettingsView> {
        const { data } = await put<unknown>(`${base}/settings`, body);
        return dataOf(data, isSettingsView, 'saving the settings');
      },

      /** Without credentials, tests the saved ones. */
      async testConnection(
        body: { clientId?: string; clientSecret?: string } = {}
      ): Promise<ConnectionCheck> {
        const { data } = await post<unknown>(`${base}/settings/test`, body);
        return dataOf(data, isConnectionCheck, 'the connection test');
      },

      async listModels(
        query: { search?: string; offset?: string; pageSize?: number },
        signal?: AbortSignal
      ): Promise<ModelPage> {
        const { data } = await get<unknown>(withQuery(`${base}/models`, query), { signal });
        const models = dataOf(data, isModelList, 'the model search');
        const meta = isRecord(data) && isRecord(data.meta) ? data.meta : {};
        return {
          models,
          nextOffset: typeof meta.nextOffset === 'string' ? meta.nextOffset : null,
          total: typeof meta.total === 'number' ? meta.total : models.length,
        };
      },

      async getModel(modelId: string, signal?: AbortSignal): Promise<MatterportModel> {
        const { data } = await get<unknown>(modelPath(modelId), { signal });
        return dataOf(data, isModel, 'the model');
      },

      /** `path` is the model's thumbnailUrl: an admin route, so it is fetched with the admin JWT. */
      async getThumbnail(path: string, signal?: AbortSignal): Promise<Blob> {
        const { data } = await get<unknown>(path, { responseType: 'blob', signal });
        if (!(data instanceof Blob)) throw new Error('The thumbnail is not an image.');
        return data;
      },

      async createPreviewLink(modelId: string): Promise<PreviewLink> {
        const { data } = await post<unknown>(`${modelPath(modelId)}/preview-link`, {});
        return dataOf(data, isPreviewLink, 'the preview link');
      },

      /** GET /matterport/links, paged, sorted and filtered (see LinkQuery). */
      async listLinks(query: LinkQuery = {}, signal?: AbortSignal): Promise<LinkListResponse> {
        const { data } = await get<unknown>(withQuery(`${base}/links`, { ...query }), { signal });
        return toLinkList(data);
      },

      async revokeLink(id: number): Promise<EmbedLinkRecord> {
        const { data } = await post<unknown>(`${base}/links/${id}/revoke`, {});
        return dataOf(data, isLinkView, 'the revocation');
      },

      /** Revokes every link the filter matches (the same filter as the list, without paging). */
      async revokeByFilter(filter: LinkFilter): Promise<RevokeResponse> {
        const { data } = await post<unknown>(`${base}/links/revoke`, { filter });
        return toRevokeResponse(data);
      },

      /** Revokes every active link minted with credentials other than the saved ones (the server knows which). */
      async revokePreviousCredentialsLinks(): Promise<{
        links: EmbedLinkRecord[];
        revoked: number;
        failed: number;
      }> {
        const { data } = await post<unknown>(`${base}/links/revoke-previous-credentials`, {});
        const outcome = toRevokeResponse(data);
        return {
          links: outcome.data.revoked as EmbedLinkRecord[],
          revoked: outcome.meta.revoked,
          failed: outcome.meta.failed,
        };
      },

      /**
       * Revokes every active link the saved credentials minted: before they are replaced by
       * another client ID's, while Matterport still accepts their revocation.
       */
      async revokeCurrentCredentialsLinks(): Promise<RevokeResponse> {
        const { data } = await post<unknown>(`${base}/links/revoke-current-credentials`, {});
        return toRevokeResponse(data);
      },

      async revokeModelLinks(
        modelId: string
      ): Promise<{ links: EmbedLinkRecord[]; revoked: number; failed: number }> {
        const { data } = await post<unknown>(`${modelPath(modelId)}/revoke-links`, {});
        const outcome = toRevokeResponse(data);
        return {
          links: outcome.data.revoked as EmbedLinkRecord[],
          revoked: outcome.meta.revoked,
          failed: outcome.meta.failed,
        };
      },

      /** GET /matterport/audit, paged and filtered. */
      async listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditListResponse> {
        const { data } = await get<unknown>(withQuery(`${base}/audit`, { ...query }), { signal });
        return toAuditList(data);
      },

      async getHealth(signal?: AbortSignal): Promise<HealthView> {
        const { data } = await get<unknown>(`${base}/health`, { signal });
        return dataOf(data, isHealthView, 'the health check');
      },
    }),
    [get, post, put]
  );
};

export type MatterportApi = ReturnType<typeof useMatterportApi>;
