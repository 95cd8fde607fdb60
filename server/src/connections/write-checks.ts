import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { LRUCache } from 'lru-cache';

import type { ConnectionView } from '../../../common/contracts/connections';
import { MatterportError } from '../../../common/errors';
import { isContentApiRequest } from '../delivery/session';
import type { WriteChecks } from '../fields/write';
import { getService } from '../utils/get-service';
import type { RoleHolder } from './access';

/** How long "this connection holds this model" is believed without asking Matterport again. */
export const HOLDS_TTL_MS = 5 * 60_000;

/** The admin user behind a write, when it comes from the admin (the Content Manager). */
export const adminUserOf = (request: Context | undefined): RoleHolder | undefined => {
  if (!request || isContentApiRequest(request)) return undefined;
  const user = ((request as Context).state as { user?: RoleHolder } | undefined)?.user;
  // An admin user has `roles` (the admin strategy populates them); an end user has one `role`.
  return user && Array.isArray(user.roles) ? user : undefined;
};

/**
 * The checks every write's Matterport values go through (fields/write.ts), made once per
 * process: positive answers of "holds this model" are kept a few minutes (an editor saving an
 * entry again does not call Matterport each time); a refusal is asked again next time.
 */
export const createWriteChecks = (strapi: Core.Strapi) => {
  const held = new LRUCache<string, true>({ max: 10_000, ttl: HOLDS_TTL_MS });

  const holds = async (modelId: string, connection: string): Promise<boolean | undefined> => {
    const key = `${connection}:${modelId}`;
    if (held.get(key)) return true;
    try {
      await getService('matterport', strapi).getModel(modelId, connection);
      held.set(key, true);
      return true;
    } catch (error) {
      if (error instanceof MatterportError && error.code === 'MATTERPORT_NOT_FOUND') return false;
      // An outage (or a throttled organisation) must not block editors: accepted, and said.
      const code = error instanceof MatterportError ? error.code : (error as Error)?.name;
      strapi.log.warn(
        `[matterport] could not check that connection "${connection}" holds model ${modelId} (${code}): the value is saved unchecked.`
      );
      return undefined;
    }
  };

  /** The checks of one write (the connections are read once for all its values). */
  return (request: Context | undefined): WriteChecks => {
    let listing: Promise<ConnectionView[]> | undefined;
    return {
      user: adminUserOf(request),
      async connection(id) {
        listing ??= getService('settings', strapi).listConnections();
        return (await listing).find((c) => c.id === id);
      },
      holds,
    };
  };
};
