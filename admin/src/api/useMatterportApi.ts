import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { RevokeResponse } from '../../../common/api-types';
import type {
  ConnectionCheck,
  EmbedLinkRecord,
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
 * One typed function per admin route. Errors propagate as the fetch client throws
 * them; callers turn them into an ApiProblem with toApiProblem.
 */
export const useMatterportApi = () => {
  const { get, post, put } = useFetchClient();

  return useMemo(
    () => ({
      async getSettings(): Promise<SettingsView> {
        const { data } = await get<{ data: SettingsView }>(`${base}/settings`);
        return data.data;
      },

      async updateSettings(body: SettingsUpdate): Promise<SettingsView> {
        const { data } = await put<{ data: SettingsView }>(`${base}/settings`, body);
        return data.data;
      },

      /** Without credentials, tests the saved ones. */
      async testConnection(body: { clientId?: string; clientSecret?: string } = {}): Promise<ConnectionCheck> {
        const { data } = await post<{ data: ConnectionCheck }>(`${base}/settings/test`, body);
        return data.data;
      },

      async listModels(
        query: { search?: string; offset?: string; pageSize?: number },
        signal?: AbortSignal
      ): Promise<ModelPage> {
        const { data } = await get<{ data: MatterportModel[]; meta: { nextOffset: string | null; total: number } }>(
          withQuery(`${base}/models`, query),
          { signal }
        );
        return { models: data.data, nextOffset: data.meta?.nextOffset ?? null, total: data.meta?.total ?? data.data.length };
      },

      async getModel(modelId: string, signal?: AbortSignal): Promise<MatterportModel> {
        const { data } = await get<{ data: MatterportModel }>(modelPath(modelId), { signal });
        return data.data;
      },

      /** `path` is the model's thumbnailUrl: an admin route, so it is fetched with the admin JWT. */
      async getThumbnail(path: string, signal?: AbortSignal): Promise<Blob> {
        const { data } = await get(path, { responseType: 'blob', signal });
        return data;
      },

      async createPreviewLink(modelId: string): Promise<PreviewLink> {
        const { data } = await post<{ data: PreviewLink }>(`${modelPath(modelId)}/preview-link`, {});
        return data.data;
      },

      async listLinks(query: { modelId?: string; active?: boolean } = {}): Promise<EmbedLinkRecord[]> {
        const { data } = await get<{ data: EmbedLinkRecord[] }>(
          withQuery(`${base}/links`, { modelId: query.modelId, active: query.active === undefined ? undefined : String(query.active) })
        );
        return data.data;
      },

      async revokeLink(id: number): Promise<EmbedLinkRecord> {
        const { data } = await post<{ data: EmbedLinkRecord }>(`${base}/links/${id}/revoke`, {});
        return data.data;
      },

      /** Revokes every active link minted with credentials other than the saved ones (the server knows which). */
      async revokePreviousCredentialsLinks(): Promise<{ links: EmbedLinkRecord[]; revoked: number; failed: number }> {
        const { data } = await post<RevokeResponse>(`${base}/links/revoke-previous-credentials`, {});
        return { links: data.data.revoked as EmbedLinkRecord[], revoked: data.meta.revoked, failed: data.meta.failed };
      },

      /** Revokes, with the saved credentials, what they minted: before changing to another client ID. */
      async revokeCurrentCredentialsLinks(): Promise<{ links: EmbedLinkRecord[]; revoked: number; failed: number }> {
        const { data } = await post<RevokeResponse>(`${base}/links/revoke-current-credentials`, {});
        return { links: data.data.revoked as EmbedLinkRecord[], revoked: data.meta.revoked, failed: data.meta.failed };
      },

      async revokeModelLinks(modelId: string): Promise<{ links: EmbedLinkRecord[]; revoked: number; failed: number }> {
        const { data } = await post<RevokeResponse>(`${modelPath(modelId)}/revoke-links`, {});
        return { links: data.data.revoked as EmbedLinkRecord[], revoked: data.meta.revoked, failed: data.meta.failed };
      },
    }),
    [get, post, put]
  );
};

export type MatterportApi = ReturnType<typeof useMatterportApi>;
