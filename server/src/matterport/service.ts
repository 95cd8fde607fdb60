import type { Core } from '@strapi/strapi';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { MatterportClient } from './client';
import type { Credentials, Logger } from './types';
import { getService } from '../utils/get-service';
import { emit } from '../events';
import { RefusedOperationError, UnsupportedOperationError } from './graphql';

/** What a mint's failure says of the account's Private Model Embed (issue 28), if anything. */
const pmeRefusal = (error: unknown): 'refused' | 'unsupported' | undefined =>
  error instanceof RefusedOperationError
    ? 'refused'
    : error instanceof UnsupportedOperationError
      ? 'unsupported'
      : undefined;

/**
 * The Strapi side of the Matterport client: one client per connection (Matterport
 * organisation) per process, each with its own account token, breaker, 429 hold and failure
 * memory, so one organisation refusing, failing or throttling leaves the others as they are
 * (issue 26). Credentials are read from the settings at call time, and a connection's token
 * is dropped whenever its credentials change (here or on another replica).
 *
 * Every method takes the connection last; omitted, it is `default` (everything written
 * before connections existed means it).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const clients = new Map<string, MatterportClient>();
  let listening = false;

  const logger: Logger = {
    debug: (m) => strapi.log.debug(m),
    info: (m) => strapi.log.info(m),
    warn: (m) => strapi.log.warn(m),
    error: (m) => strapi.log.error(m),
  };

  const get = (connection: string = DEFAULT_CONNECTION_ID): MatterportClient => {
    let client = clients.get(connection);
    if (client) return client;
    const config = getService('runtime', strapi).config();
    client = new MatterportClient({
      apiOrigin: config.apiOrigin,
      requestTimeoutMs: config.requestTimeoutMs,
      retryBudgetMs: config.retryBudgetMs,
      logger,
      credentials: () => getService('settings', strapi).getCredentials(connection),
      failureTtlMs: () => getService('runtime', strapi).config().failureTtlMs,
      // Health and the audit trail tell the organisations apart.
      onEvent: (name, payload) => emit(strapi, name, { ...payload, connection }),
    });
    clients.set(connection, client);
    if (!listening) {
      listening = true;
      // New credentials for a connection (saved here or on another replica): a new token, a
      // closed breaker, no remembered failures, for that connection only.
      getService('settings', strapi).onCredentialsChange((next, previous) => {
        const id = next.connectionId ?? previous?.connectionId ?? DEFAULT_CONNECTION_ID;
        const changed = clients.get(id);
        changed?.resetToken('settings-saved');
        changed?.forgetFailures();
      });
    }
    return client;
  };

  /** Whether credentials under test are the connection's saved ones (only those say what its account has). */
  const isSaved = async (credentials: Credentials | undefined, connection?: string) => {
    if (!credentials) return true;
    const saved = await getService('settings', strapi)
      .getCredentials(connection)
      .catch(() => undefined);
    return (
      saved?.clientId === credentials.clientId && saved.clientSecret === credentials.clientSecret
    );
  };

  return {
    listModels: (
      params: { search?: string; offset?: string; pageSize?: number },
      connection?: string
    ) => get(connection).listModels(params),
    getModel: (id: string, connection?: string) => get(connection).getModel(id),
    /** A model's Views (issue 28); `starts`: where each opens instead of names (see server/src/views). */
    listViews: (id: string, connection?: string, starts = false) =>
      get(connection).listViews(id, starts),
    /** A model's thumbnail, raster only, fetched from Matterport's hosts only. */
    thumbnail: (id: string, connection?: string) => get(connection).thumbnail(id),
    /** A PME link; its outcome tells the privacy guard whether the account has PME. */
    createLink: async (modelId: string, validForSeconds: number, connection?: string) => {
      const id = connection ?? DEFAULT_CONNECTION_ID;
      try {
        const link = await get(connection).createLink(modelId, validForSeconds);
        getService('privacy', strapi).mintOutcome(id, modelId, 'minted');
        return link;
      } catch (error) {
        const refusal = pmeRefusal(error);
        if (refusal) getService('privacy', strapi).mintOutcome(id, modelId, refusal);
        throw error;
      }
    },
    /** Revokes with the given credentials (the connection's client only carries the call). */
    revokeToken: (accessToken: string, credentials?: Credentials, connection?: string) =>
      get(connection).revokeToken(accessToken, credentials),
    checkCredentials: (credentials?: Credentials, connection?: string) =>
      get(connection).checkCredentials(credentials),
    /** Model event webhooks (issue 28): a callback registered for this connection's organisation. */
    addModelEventCallback: (input: Record<string, unknown>, connection?: string) =>
      get(connection).addModelEventCallback(input),
    removeModelEventCallback: (id: string, connection?: string) =>
      get(connection).removeModelEventCallback(id),
    /** Test connection: the token, then one mint with these credentials (revoked at once). */
    testConnection: async (credentials?: Credentials, connection?: string) => {
      const result = await get(connection).testConnection(credentials);
      if (result.pme !== 'unknown' && (await isSaved(credentials, connection)))
        getService('privacy', strapi).setPme(connection ?? DEFAULT_CONNECTION_ID, result.pme);
      return result;
    },
    /** The error to answer at once without calling Matterport (remembered failure, open breaker, rate-limit hold), if any. */
    knownFailure: (modelId: string, connection?: string) => get(connection).knownFailure(modelId),
    /** A picker action or a settings save: remembered failures (of these models, or all) are forgotten. */
    forgetFailures: (modelIds?: readonly string[], connection?: string) =>
      clients.get(connection ?? DEFAULT_CONNECTION_ID)?.forgetFailures(modelIds),
    /** Saving a connection's settings: its breaker closes and its remembered failures are forgotten. */
    settingsSaved: (connection: string = DEFAULT_CONNECTION_ID) => {
      const client = clients.get(connection);
      client?.resetToken('settings-saved');
      client?.forgetFailures();
    },
    /** A removed connection: its client (token, breaker, memory) is dropped. */
    forget: (connection: string) => {
      clients.delete(connection);
    },
    breaker: (connection?: string) => {
      const client = get(connection);
      return { ...client.guard.breakerState(), rateLimitedUntil: client.guard.rateHeldUntilDate() };
    },
  };
};
