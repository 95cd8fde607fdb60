import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import type {
  GetLinks,
  LinkListQuery,
  LinkView,
  RevokeLinksByFilter,
  RevokeResponse,
} from '../../../common/contracts/links';
import type {
  GetModels,
  GetModelUsage,
  LocateModel,
  ModelSearchQuery,
  ModelView,
  PickableConnection,
  PreviewLink,
  ViewOption,
} from '../../../common/contracts/models';
import type { AuditListQuery, GetAudit, HealthView } from '../../../common/contracts/ops';
import type {
  ConnectionTestResult,
  SettingsUpdate,
  SettingsView,
  TestConnection,
} from '../../../common/contracts/settings';
import type {
  ConnectionCreate,
  ConnectionRemoval,
  ConnectionUpdate,
  ConnectionView,
  ModelEventsView,
  RegisterModelEvents,
  TestSavedConnection,
} from '../../../common/contracts/connections';
import type { ModelStateView, UsageResponse } from '../../../common/catalogue';
import { PLUGIN_ID } from '../pluginId';
import {
  dataOf,
  isAdminRoleList,
  isConnectionList,
  isConnectionRemoval,
  isConnectionTestResult,
  isConnectionView,
  isModelEventsView,
  isViewOptionList,
  isHealthView,
  isLinkView,
  isLocateResult,
  isModel,
  isModelState,
  isPickableConnectionList,
  isPreviewLink,
  isSettingsView,
  isUsageResponse,
  toAuditList,
  toLinkList,
  toModelList,
  toRevokeResponse,
  type AdminRole,
} from './check';

const base = `/${PLUGIN_ID}`;

/**
 * The fetch client serialises `params` without URL-encoding them, so a search for
 * "a&b" would break the query string: queries are encoded here instead.
 */
const withQuery = (
  path: string,
  query: Record<string, string | number | boolean | undefined>
): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

const connectionPath = (id: string) => `${base}/connections/${encodeURIComponent(id)}`;

const modelPath = (modelId: string) => `${base}/models/${encodeURIComponent(modelId)}`;

/** The field a picker serves, so the server narrows the connections to those it allows. */
export interface FieldRef {
  uid?: string;
  field?: string;
}

/**
 * One typed function per admin route, typed by the route's contract (common/contracts/):
 * it takes the contract's query or body and returns its `data` (or the whole answer where
 * `meta` matters). Every answer is checked (api/check.ts) before it is returned. Errors propagate as the fetch client throws them; useApiQuery (or a
 * caller) turns them into an ApiProblem with toApiProblem.
 */
export const useMatterportApi = () => {
  const { get, post, put, del } = useFetchClient();

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
        body: TestConnection.Request['body'] = {}
      ): Promise<ConnectionTestResult> {
        const { data } = await post<unknown>(`${base}/settings/test`, body);
        return dataOf(data, isConnectionTestResult, 'the connection test');
      },

      /** GET /matterport/connections: every connection, the default first. */
      async listConnections(signal?: AbortSignal): Promise<ConnectionView[]> {
        const { data } = await get<unknown>(`${base}/connections`, { signal });
        return dataOf(data, isConnectionList, 'the connections');
      },

      async getConnection(id: string, signal?: AbortSignal): Promise<ConnectionView> {
        const { data } = await get<unknown>(connectionPath(id), { signal });
        return dataOf(data, isConnectionView, 'the connection');
      },

      async createConnection(body: ConnectionCreate): Promise<ConnectionView> {
        const { data } = await post<unknown>(`${base}/connections`, body);
        return dataOf(data, isConnectionView, 'adding the connection');
      },

      async updateConnection(id: string, body: ConnectionUpdate): Promise<ConnectionView> {
        const { data } = await put<unknown>(connectionPath(id), body);
        return dataOf(data, isConnectionView, 'saving the connection');
      },

      /** Refused (409) while published content uses it, unless `force`. */
      async deleteConnection(id: string, force = false): Promise<ConnectionRemoval> {
        const { data } = await del<unknown>(
          force ? withQuery(connectionPath(id), { force: 'true' }) : connectionPath(id)
        );
        return dataOf(data, isConnectionRemoval, 'removing the connection');
      },

      /** GET /matterport/connections/:id/events: the connection's model event registration. */
      async getModelEvents(id: string, signal?: AbortSignal): Promise<ModelEventsView> {
        const { data } = await get<unknown>(`${connectionPath(id)}/events`, { signal });
        return dataOf(data, isModelEventsView, 'the model events registration');
      },

      /** POST /matterport/connections/:id/events: registers (again) at Matterport. */
      async registerModelEvents(
        id: string,
        body: RegisterModelEvents.Request['body'] = {}
      ): Promise<ModelEventsView> {
        const { data } = await post<unknown>(`${connectionPath(id)}/events`, body);
        return dataOf(data, isModelEventsView, 'registering the model events');
      },

      /** DELETE /matterport/connections/:id/events */
      async unregisterModelEvents(id: string): Promise<ModelEventsView> {
        const { data } = await del<unknown>(`${connectionPath(id)}/events`);
        return dataOf(data, isModelEventsView, 'removing the model events registration');
      },

      /** Without credentials, tests the connection's saved ones. */
      async testSavedConnection(
        id: string,
        body: TestSavedConnection.Request['body'] = {}
      ): Promise<ConnectionTestResult> {
        const { data } = await post<unknown>(`${connectionPath(id)}/test`, body);
        return dataOf(data, isConnectionTestResult, 'the connection test');
      },

      async listModels(query: ModelSearchQuery, signal?: AbortSignal): Promise<GetModels.Response> {
        const { data } = await get<unknown>(withQuery(`${base}/models`, { ...query }), { signal });
        return toModelList(data);
      },

      /** `connection`: the organisation holding it (none or `default`: the default connection). */
      async getModel(
        modelId: string,
        connection?: string,
        signal?: AbortSignal
      ): Promise<ModelView> {
        const { data } = await get<unknown>(withQuery(modelPath(modelId), { connection }), {
          signal,
        });
        return dataOf(data, isModel, 'the model');
      },

      /** GET /matterport/models/:id/usage: where a space of a connection is used (issue 28). */
      async getModelUsage(
        modelId: string,
        query: NonNullable<GetModelUsage.Request['query']>,
        signal?: AbortSignal
      ): Promise<UsageResponse> {
        const { data } = await get<unknown>(
          withQuery(`${modelPath(modelId)}/usage`, { ...query }),
          {
            signal,
          }
        );
        return dataOf(data, isUsageResponse, 'where the space is used');
      },

      /** GET /matterport/models/:modelId/state: what the plugin knows of the space (404: nothing yet). */
      async getModelState(
        modelId: string,
        connection?: string,
        signal?: AbortSignal
      ): Promise<ModelStateView> {
        const { data } = await get<unknown>(
          withQuery(`${modelPath(modelId)}/state`, { connection }),
          { signal }
        );
        return dataOf(data, isModelState, 'the state of the space');
      },

      /** GET /matterport/pickable-connections: what this admin may pick from for the field. */
      async listPickableConnections(
        field: FieldRef,
        signal?: AbortSignal
      ): Promise<PickableConnection[]> {
        const { data } = await get<unknown>(
          withQuery(`${base}/pickable-connections`, { ...field }),
          { signal }
        );
        return dataOf(data, isPickableConnectionList, 'the connections');
      },

      /** GET /matterport/models/:id/connections: which pickable connections hold a pasted model. */
      async locateModel(
        modelId: string,
        field: FieldRef,
        signal?: AbortSignal
      ): Promise<LocateModel.Response['data']> {
        const { data } = await get<unknown>(
          withQuery(`${modelPath(modelId)}/connections`, { ...field }),
          { signal }
        );
        return dataOf(data, isLocateResult, 'the model lookup');
      },

      /** GET /matterport/models/:id/views: the space's Views, the base View first (issue 28). */
      async listModelViews(
        modelId: string,
        connection?: string,
        signal?: AbortSignal
      ): Promise<ViewOption[]> {
        const { data } = await get<unknown>(
          withQuery(`${modelPath(modelId)}/views`, { connection }),
          { signal }
        );
        return dataOf(data, isViewOptionList, 'the Views of the space');
      },

      /** GET /admin/roles (Strapi's own route): the roles a connection may be limited to. */
      async listAdminRoles(signal?: AbortSignal): Promise<AdminRole[]> {
        const { data } = await get<unknown>('/admin/roles', { signal });
        return dataOf(data, isAdminRoleList, 'the admin roles');
      },

      /** `path` is the model's thumbnailUrl: an admin route, so it is fetched with the admin JWT. */
      async getThumbnail(path: string, signal?: AbortSignal): Promise<Blob> {
        const { data } = await get<unknown>(path, { responseType: 'blob', signal });
        if (!(data instanceof Blob)) throw new Error('The thumbnail is not an image.');
        return data;
      },

      async createPreviewLink(modelId: string, connection?: string): Promise<PreviewLink> {
        const { data } = await post<unknown>(
          withQuery(`${modelPath(modelId)}/preview-link`, { connection }),
          {}
        );
        return dataOf(data, isPreviewLink, 'the preview link');
      },

      /** GET /matterport/links, paged, sorted and filtered. */
      async listLinks(query: LinkListQuery = {}, signal?: AbortSignal): Promise<GetLinks.Response> {
        const { data } = await get<unknown>(withQuery(`${base}/links`, { ...query }), { signal });
        return toLinkList(data);
      },

      async revokeLink(id: number): Promise<LinkView> {
        const { data } = await post<unknown>(`${base}/links/${id}/revoke`, {});
        return dataOf(data, isLinkView, 'the revocation');
      },

      /** Revokes every link the filter matches (the same filter as the list, without paging). */
      async revokeByFilter(
        filter: RevokeLinksByFilter.Request['body']['filter']
      ): Promise<RevokeResponse> {
        const { data } = await post<unknown>(`${base}/links/revoke`, { filter });
        return toRevokeResponse(data);
      },

      /** Revokes every active link minted with credentials other than the saved ones (the server knows which). */
      async revokePreviousCredentialsLinks(): Promise<RevokeResponse> {
        const { data } = await post<unknown>(`${base}/links/revoke-previous-credentials`, {});
        return toRevokeResponse(data);
      },

      /**
       * Revokes every active link the saved credentials minted: before they are replaced by
       * another client ID's, while Matterport still accepts their revocation.
       */
      async revokeCurrentCredentialsLinks(): Promise<RevokeResponse> {
        const { data } = await post<unknown>(`${base}/links/revoke-current-credentials`, {});
        return toRevokeResponse(data);
      },

      async revokeModelLinks(modelId: string): Promise<RevokeResponse> {
        const { data } = await post<unknown>(`${modelPath(modelId)}/revoke-links`, {});
        return toRevokeResponse(data);
      },

      /** GET /matterport/audit, paged and filtered. */
      async listAudit(query: AuditListQuery, signal?: AbortSignal): Promise<GetAudit.Response> {
        const { data } = await get<unknown>(withQuery(`${base}/audit`, { ...query }), { signal });
        return toAuditList(data);
      },

      async getHealth(signal?: AbortSignal): Promise<HealthView> {
        const { data } = await get<unknown>(`${base}/health`, { signal });
        return dataOf(data, isHealthView, 'the health check');
      },
    }),
    [get, post, put, del]
  );
};

export type MatterportApi = ReturnType<typeof useMatterportApi>;
