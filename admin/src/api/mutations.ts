import { useMutation, useQueryClient } from 'react-query';

import { queryKeys } from './queries';
import type { LinkListFilter, LinkView, RevokeResponse } from '../../../common/contracts/links';
import type { SettingsUpdate } from '../../../common/contracts/settings';
import type { ConnectionCreate, ConnectionUpdate } from '../../../common/contracts/connections';
import { useMatterportApi } from './useMatterportApi';

/**
 * What a revocation is about: one link, every link of a model, everything a filter matches, or
 * every link of the credentials saved now (before new ones replace them).
 */
export type RevokeTarget =
  | { kind: 'link'; id: number }
  | { kind: 'model'; modelId: string }
  | { kind: 'filter'; filter: LinkListFilter }
  | { kind: 'current' };

export type RevokeResult =
  | { kind: 'link'; link: LinkView }
  | { kind: 'model'; revoked: number; failed: number }
  | { kind: 'filter'; outcome: RevokeResponse };

/**
 * After a change the lists, the health panel's ledger counts and the activity page are out of
 * date: every query of theirs is marked stale and the ones on screen ask again.
 */
const useInvalidateAfterChange = () => {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries(queryKeys.links),
      client.invalidateQueries(queryKeys.audit),
      client.invalidateQueries(queryKeys.health),
    ]);
};

/**
 * Revokes links. The lists are refreshed whether it worked or not: a failed request may have
 * revoked some links before it failed. What to tell the admin is the caller's (onSuccess/onError).
 */
export const useRevokeMutation = () => {
  const api = useMatterportApi();
  const invalidate = useInvalidateAfterChange();
  return useMutation<RevokeResult, unknown, RevokeTarget>(
    async (target) => {
      if (target.kind === 'link') return { kind: 'link', link: await api.revokeLink(target.id) };
      if (target.kind === 'model') {
        const { meta } = await api.revokeModelLinks(target.modelId);
        return { kind: 'model', revoked: meta.revoked, failed: meta.failed };
      }
      // Its own route: the links page's filter has no "credentials" (the server refuses it).
      if (target.kind === 'current')
        return { kind: 'filter', outcome: await api.revokeCurrentCredentialsLinks() };
      return { kind: 'filter', outcome: await api.revokeByFilter(target.filter) };
    },
    { onSettled: invalidate }
  );
};

/** Revokes every active link minted with credentials other than the saved ones. */
export const useRevokePreviousCredentialsMutation = () => {
  const api = useMatterportApi();
  const invalidate = useInvalidateAfterChange();
  return useMutation(() => api.revokePreviousCredentialsLinks(), { onSettled: invalidate });
};

/** PUT /matterport/settings: the saved view replaces the cached one. */
export const useSaveSettingsMutation = () => {
  const api = useMatterportApi();
  const client = useQueryClient();
  const invalidate = useInvalidateAfterChange();
  return useMutation((update: SettingsUpdate) => api.updateSettings(update), {
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.settings, saved);
    },
    onSettled: invalidate,
  });
};

/** POST /matterport/settings/test (without credentials: the saved ones). Recorded in the activity. */
export const useTestConnectionMutation = () => {
  const api = useMatterportApi();
  const invalidate = useInvalidateAfterChange();
  return useMutation(
    (body: { clientId?: string; clientSecret?: string } = {}) => api.testConnection(body),
    { onSettled: invalidate }
  );
};

/**
 * POST /matterport/connections (no `id` given to the mutation) or PUT /matterport/connections/:id.
 * The connections and the settings (the default is both) are read again.
 */
export const useSaveConnectionMutation = () => {
  const api = useMatterportApi();
  const client = useQueryClient();
  const invalidate = useInvalidateAfterChange();
  return useMutation(
    (change: { create: ConnectionCreate } | { id: string; update: ConnectionUpdate }) =>
      'create' in change
        ? api.createConnection(change.create)
        : api.updateConnection(change.id, change.update),
    {
      onSettled: () =>
        Promise.all([
          client.invalidateQueries(queryKeys.connections),
          client.invalidateQueries(queryKeys.settings),
          invalidate(),
        ]),
    }
  );
};

/** DELETE /matterport/connections/:id (its links are revoked: the lists are read again too). */
export const useDeleteConnectionMutation = () => {
  const api = useMatterportApi();
  const client = useQueryClient();
  const invalidate = useInvalidateAfterChange();
  return useMutation(
    ({ id, force }: { id: string; force?: boolean }) => api.deleteConnection(id, force),
    {
      onSettled: () =>
        Promise.all([
          client.invalidateQueries(queryKeys.connections),
          client.invalidateQueries(queryKeys.settings),
          invalidate(),
        ]),
    }
  );
};

/** POST /matterport/connections/:id/test with the connection's saved credentials. Recorded in the activity. */
export const useTestSavedConnectionMutation = () => {
  const api = useMatterportApi();
  const invalidate = useInvalidateAfterChange();
  return useMutation((id: string) => api.testSavedConnection(id), { onSettled: invalidate });
};

/** POST or DELETE /matterport/connections/:id/events: model events registered at Matterport, or not. */
export const useModelEventsMutation = () => {
  const api = useMatterportApi();
  const client = useQueryClient();
  const invalidate = useInvalidateAfterChange();
  return useMutation(
    ({ id, register }: { id: string; register: boolean }) =>
      register ? api.registerModelEvents(id) : api.unregisterModelEvents(id),
    {
      onSettled: (_data, _error, { id }) =>
        Promise.all([client.invalidateQueries(queryKeys.modelEvents(id)), invalidate()]),
    }
  );
};
