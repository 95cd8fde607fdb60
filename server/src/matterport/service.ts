import type { Core } from '@strapi/strapi';

import { isMatterportError, type MatterportOperation } from '../../../common/errors';
import { emit } from '../events';
import { MatterportClient } from './client';
import type { AccessToken, Credentials, Logger } from './types';
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
    // The health panel's "last token": a token object not seen before is a new one. Only the
    // fact is told, never the token.
    const tokens = client.tokens;
    const getToken = tokens.get.bind(tokens);
    let lastToken: AccessToken | undefined;
    tokens.get = async (credentials: Credentials) => {
      const token = await getToken(credentials);
      if (token !== lastToken) {
        lastToken = token;
        emit(strapi, 'token.obtained', {});
      }
      return token;
    };
    getService('settings', strapi).onCredentialsChange(() => client?.resetToken());
    return client;
  };

  /** Failures are told (code and operation only) to the health panel and the audit trail. */
  const observed = async <T>(operation: MatterportOperation, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      // A token Matterport no longer knows counts as revoked: not a failure.
      const benign = operation === 'revokeToken' && isMatterportError(error) && error.code === 'MATTERPORT_NOT_FOUND';
      if (isMatterportError(error) && !benign) emit(strapi, 'matterport.failed', { code: error.code, operation });
      throw error;
    }
  };

  return {
    client: get,
    listModels: (params: { search?: string; offset?: string; pageSize?: number }) => observed('listModels', () => get().listModels(params)),
    getModel: (id: string) => observed('getModel', () => get().getModel(id)),
    createLink: (modelId: string, validForSeconds: number) => observed('createLink', () => get().createLink(modelId, validForSeconds)),
    revokeToken: (accessToken: string, credentials?: Credentials) => observed('revokeToken', () => get().revokeToken(accessToken, credentials)),
    checkCredentials: async (credentials?: Credentials) => {
      const result = await observed('token', () => get().checkCredentials(credentials));
      // A probe of unsaved credentials fetches a token too (not cached, but Matterport answered).
      if (credentials) emit(strapi, 'token.obtained', {});
      return result;
    },
    resetToken: () => client?.resetToken(),
  };
};
