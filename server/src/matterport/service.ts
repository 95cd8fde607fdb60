import type { Core } from '@strapi/strapi';

import { MatterportClient } from './client';
import type { Credentials, Logger } from './types';
import { getService } from '../utils/get-service';
import { emit } from '../events';

/**
 * The Strapi side of the Matterport client: one client per process, credentials read
 * from the settings at call time, and the cached account token dropped whenever the
 * credentials change (here or on another replica).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let client: MatterportClient | undefined;

  const get = (): MatterportClient => {
    if (client) return client;
    const config = getService('runtime', strapi).config();
    const logger: Logger = {
      debug: (m) => strapi.log.debug(m),
      info: (m) => strapi.log.info(m),
      warn: (m) => strapi.log.warn(m),
      error: (m) => strapi.log.error(m),
    };
    client = new MatterportClient({
      apiOrigin: config.apiOrigin,
      requestTimeoutMs: config.requestTimeoutMs,
      retryBudgetMs: config.retryBudgetMs,
      logger,
      credentials: () => getService('settings', strapi).getCredentials(),
      failureTtlMs: () => getService('runtime', strapi).config().failureTtlMs,
      onEvent: (name, payload) => emit(strapi, name, payload),
    });
    // New credentials (saved here or on another replica): a new token, a closed breaker, no remembered failures.
    getService('settings', strapi).onCredentialsChange(() => {
      client?.resetToken('settings-saved');
      client?.forgetFailures();
    });
    return client;
  };

  return {
    listModels: (params: { search?: string; offset?: string; pageSize?: number }) =>
      get().listModels(params),
    getModel: (id: string) => get().getModel(id),
    /** A model's thumbnail, raster only, fetched from Matterport's hosts only. */
    thumbnail: (id: string) => get().thumbnail(id),
    createLink: (modelId: string, validForSeconds: number) =>
      get().createLink(modelId, validForSeconds),
    revokeToken: (accessToken: string, credentials?: Credentials) =>
      get().revokeToken(accessToken, credentials),
    checkCredentials: (credentials?: Credentials) => get().checkCredentials(credentials),
    /** Test connection: the token, then one mint with these credentials (revoked at once). */
    testConnection: (credentials?: Credentials) => get().testConnection(credentials),
    /** The error to answer at once without calling Matterport (remembered failure, open breaker, rate-limit hold), if any. */
    knownFailure: (modelId: string) => get().knownFailure(modelId),
    /** A picker action or a settings save: remembered failures (of these models, or all) are forgotten. */
    forgetFailures: (modelIds?: readonly string[]) => client?.forgetFailures(modelIds),
    /** Saving the settings: the breaker closes and remembered failures are forgotten. */
    settingsSaved: () => {
      client?.resetToken('settings-saved');
      client?.forgetFailures();
    },
    breaker: () => ({
      ...get().guard.breakerState(),
      rateLimitedUntil: get().guard.rateHeldUntilDate(),
    }),
  };
};
