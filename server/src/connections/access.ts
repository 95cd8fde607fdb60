import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import type { PickableConnection } from '../../../common/contracts/models';
import type { ConnectionView } from '../../../common/contracts/connections';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { PluginHttpError } from '../errors';
import { getService } from '../utils/get-service';

/** The role code Strapi gives its Super Admin role. */
export const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';

/** An admin user as the admin auth strategy loads it (its roles populated). */
export interface RoleHolder {
  roles?: ReadonlyArray<{ id?: number | string | null; code?: string | null }> | null;
}

const idOf = (value: unknown): number | null => {
  const id = typeof value === 'string' ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

export const isSuperAdmin = (user: RoleHolder | null | undefined): boolean =>
  (user?.roles ?? []).some((role) => role?.code === SUPER_ADMIN_ROLE_CODE);

export const roleIdsOf = (user: RoleHolder | null | undefined): number[] =>
  (user?.roles ?? []).map((role) => idOf(role?.id)).filter((id): id is number => id !== null);

/**
 * Issue 26 item 6, in one place: Strapi's RBAC cannot scope the plugin's read action to some
 * connections, so each connection lists the roles whose members may browse and pick its spaces.
 * An empty list means every role that has the plugin's permission; a Super Admin always may.
 */
export const mayUse = (
  user: RoleHolder | null | undefined,
  record: { roles: readonly number[] }
): boolean => {
  if (isSuperAdmin(user)) return true;
  if (record.roles.length === 0) return true;
  const mine = new Set(roleIdsOf(user));
  return record.roles.some((id) => mine.has(id));
};

export const toPickable = (view: ConnectionView): PickableConnection => ({
  id: view.id,
  name: view.name,
  isDefault: view.isDefault,
});

/**
 * The connection a model route works on, checked for the signed-in admin: 404 for an id no
 * connection has, 403 for one the admin's roles may not use. Undefined for `default` when it
 * does not exist (a fresh install): the Matterport layer answers MATTERPORT_NOT_CONFIGURED
 * then, as before connections existed.
 */
export const usableConnection = async (
  strapi: Core.Strapi,
  user: RoleHolder | undefined,
  id: string
): Promise<ConnectionView | undefined> => {
  const view = (await getService('settings', strapi).listConnections()).find((c) => c.id === id);
  if (!view) {
    if (id === DEFAULT_CONNECTION_ID) return undefined;
    throw new errors.NotFoundError(
      `There is no Matterport connection "${id}": see Settings → Matterport → Connections.`
    );
  }
  if (!mayUse(user, view)) {
    // Answered by the route's answerErrors: Strapi's authorize middleware turns any other
    // ForbiddenError thrown below it into a bare "Forbidden", losing which connection it was.
    throw new PluginHttpError(
      403,
      'ForbiddenError',
      `Your roles may not use the Matterport connection "${id}" (see its roles in Settings → Matterport → Connections).`,
      { connection: id }
    );
  }
  return view;
};

/**
 * The enabled connections this admin may pick from, the default first, narrowed to `allowed`
 * (a field's `connections` option) when given.
 */
export const pickableConnections = async (
  strapi: Core.Strapi,
  user: RoleHolder | undefined,
  allowed?: readonly string[]
): Promise<ConnectionView[]> =>
  (await getService('settings', strapi).listConnections()).filter(
    (view) => view.enabled && mayUse(user, view) && (!allowed || allowed.includes(view.id))
  );
