import type { Core } from '@strapi/strapi';

import { MatterportClient } from './client';
import type { Credentials, Logger } from './types';
import { getService } from '../utils/get-service';

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
    });
    getService('settings', strapi).onCredentialsChange(() => client?.resetToken());
    return client;
  };

  return {
    client: get,
    listModels: (params: { search?: string; offset?: string; pageSize?: number }) => get().listModels(params),
    getModel: (id: string) => get().getModel(id),
    createLink: (modelId: string, validForSeconds: number) => get().createLink(modelId, validForSeconds),
    revokeToken: (accessToken: string, credentials?: Credentials) => get().revokeToken(accessToken, credentials),
    checkCredentials: (credentials?: Credentials) => get().checkCredentials(credentials),
    resetToken: () => client?.resetToken(),
  };
};
