import type { AxiosInstance } from 'axios';

import {
  MatterportError,
  toMatterportError,
  type MatterportOperation,
} from '../../../common/errors';
import { credentialsIdentity } from '../crypto/fingerprint';
import type { PluginEventName, PluginEvents } from '../events';
import { FailureGuard } from './guard';
import { toMatterportDuration, type ValidForFormat } from '../../../common/duration';
import {
  ADD_MODEL_EVENT_CALLBACK,
  CREATE_LINK,
  GET_MODEL,
  GET_VIEW_STARTS,
  GET_VIEWS,
  LIST_MODELS,
  REMOVE_MODEL_EVENT_CALLBACK,
  REVOKE_TOKEN,
} from './documents';
import { createHttp } from './http';
import {
  postGraph,
  RefusedOperationError,
  StaleTokenError,
  toSummary,
  type RawModel,
} from './graphql';
import { toModelSearchQuery } from './search';
import { isTrustedLink, trustedLinkOrigins } from './link-origin';
import { TokenManager } from './token-manager';
import { fetchThumbnail, type Thumbnail } from './thumbnail';
import { runConnectionTest, TEST_LINK_SECONDS } from './connection-test';
import type { AccessToken, Credentials, EmbedLink, Logger, ModelPage, ModelSummary } from './types';
// What Test connection finds is what POST /settings/test answers.
import type { ConnectionTestResult } from '../../../common/contracts/settings';

export interface MatterportClientOptions {
  apiOrigin: string;
  requestTimeoutMs: number;
  retryBudgetMs: number;
  logger: Logger;
  /** Where credentials come from at call time (settings or config); throws MATTERPORT_NOT_CONFIGURED. */
  credentials: () => Promise<Credentials>;
  /** How long "not found" and "bad request" answers of a model are remembered (0: not at all). */
  failureTtlMs?: () => number;
  /** Facts for the rest of the plugin (audit, health, webhooks); never carries a secret. */
  onEvent?: <K extends PluginEventName>(name: K, payload: PluginEvents[K]) => void;
}

const MAX_PAGE_SIZE = 1000;

/**
 * The only code that talks to Matterport. Settings, the picker and delivery all come
 * through here; everything it throws is a MatterportError without secrets in it.
 */
export class MatterportClient {
  readonly tokens: TokenManager;
  readonly guard: FailureGuard;
  private readonly http: AxiosInstance;
  /**
   * Matterport documents both forms of `validFor`, but which it accepts is not verified:
   * the shorthand is sent first; if Matterport refuses a mint as invalid, the ISO-8601 form
   * is tried once, and whichever form worked is kept for this process.
   */
  private validForFormat: ValidForFormat = 'shorthand';
  private validForFormatKnown = false;
  /** Identity of the credentials of the last call: what the pre-checks of delivery compare with. */
  private lastIdentity: string | undefined;
  private readonly linkOrigins: string[];

  constructor(private readonly options: MatterportClientOptions) {
    this.http = createHttp(options);
    this.linkOrigins = trustedLinkOrigins(options.apiOrigin);
    this.tokens = new TokenManager(this.http, options.logger, undefined, () =>
      this.emit('token.obtained', {})
    );
    this.guard = new FailureGuard(options.failureTtlMs ?? (() => 60_000), {
      breakerOpened: (until, scope) => {
        options.logger.warn(
          scope === 'mint'
            ? `[matterport] Matterport refused to create an embed link with the saved credentials (their token works: Private Model Embed may be off for this account): no mint until ${until.toISOString()} (saving the settings or a passing Test connection tries again at once)`
            : `[matterport] Matterport refused the credentials: no token request until ${until.toISOString()} (saving the settings or a passing Test connection tries again at once)`
        );
        this.emit('breaker.opened', {
          reason: 'MATTERPORT_AUTH_FAILED',
          scope,
          until: until.toISOString(),
        });
      },
      breakerClosed: (reason) => this.emit('breaker.closed', { reason }),
    });
  }

  private emit<K extends PluginEventName>(name: K, payload: PluginEvents[K]): void {
    this.options.onEvent?.(name, payload);
  }

  /**
   * A failure this process already knows for this model, or the open breaker, as the error
   * to answer at once; undefined when a call may go to Matterport. Costs no I/O.
   */
  knownFailure(
    modelId: string,
    operation: MatterportOperation = 'createLink'
  ): MatterportError | undefined {
    try {
      this.guard.checkRate(operation);
      if (this.lastIdentity) this.guard.checkAuth(this.lastIdentity, operation);
    } catch (error) {
      return error as MatterportError;
    }
    return this.lastIdentity ? this.guard.knownFailure(this.lastIdentity, modelId) : undefined;
  }

  /**
   * Runs one public operation: held while rate-limited, and its outcome noted for health
   * (unless `noted` is false: credentials typed into the form, see testToken).
   */
  private async run<T>(
    operation: MatterportOperation,
    fn: () => Promise<T>,
    noted = true
  ): Promise<T> {
    try {
      this.guard.checkRate(operation);
      const result = await fn();
      this.guard.answered();
      if (noted) this.emit('matterport.succeeded', { operation });
      return result;
    } catch (error) {
      const failure = toMatterportError(error, operation);
      if (failure.code === 'MATTERPORT_RATE_LIMITED') this.guard.rateLimited(failure.retryAfter);
      if (noted) this.emit('matterport.failed', { code: failure.code, operation });
      throw failure;
    }
  }

  /** Failures of one model for these credentials are remembered for failureTtl and answered from memory. */
  private async perModel<T>(
    operation: MatterportOperation,
    modelId: string,
    credentials: Credentials,
    fn: () => Promise<T>
  ): Promise<T> {
    const identity = credentialsIdentity(credentials);
    const known = this.guard.knownFailure(identity, modelId);
    if (known) throw known;
    try {
      return await this.run(operation, fn);
    } catch (error) {
      this.guard.rememberFailure(identity, modelId, error);
      throw error;
    }
  }

  async listModels(
    params: { search?: string; offset?: string; pageSize?: number } = {}
  ): Promise<ModelPage> {
    return this.run('listModels', () => this.listModelsOnce(params));
  }

  private async listModelsOnce(
    params: { search?: string; offset?: string; pageSize?: number; activeOnly?: boolean },
    credentials?: Credentials,
    fixedToken?: AccessToken
  ): Promise<ModelPage> {
    const pageSize = Math.min(Math.max(Math.trunc(params.pageSize ?? 24), 1), MAX_PAGE_SIZE);
    const data = await this.graph<{
      models: {
        totalResults: number;
        nextOffset?: string | null;
        results?: RawModel[] | null;
      } | null;
    }>(
      'listModels',
      LIST_MODELS,
      {
        query: toModelSearchQuery(params.search),
        // The picker shows archived models too; a test mint needs one that can be embedded.
        include: params.activeOnly ? [] : ['inactive'],
        pageSize,
        offset: params.offset || undefined,
      },
      credentials,
      fixedToken
    );
    const models = data.models;
    return {
      results: (models?.results ?? []).map(toSummary),
      nextOffset: models?.nextOffset ?? null,
      total: models?.totalResults ?? 0,
    };
  }

  async getModel(id: string): Promise<ModelSummary> {
    const credentials = await this.options.credentials();
    return this.perModel('getModel', id, credentials, () => this.getModelOnce(id, credentials));
  }

  /**
   * A model's Views (issue 28), as Matterport answers them (base View first, its ID the
   * model's). `starts`: each View's `start` instead of its name and type (see GET_VIEW_STARTS).
   */
  async listViews(
    id: string,
    starts = false
  ): Promise<
    Array<{ id: string; name?: string | null; type?: string | null; start?: string | null }>
  > {
    return this.run('getModel', async () => {
      const data = await this.graph<{
        model: {
          views?: Array<{
            id?: unknown;
            name?: unknown;
            type?: unknown;
            start?: unknown;
          } | null> | null;
        } | null;
      }>(starts ? 'getViewStarts' : 'getViews', starts ? GET_VIEW_STARTS : GET_VIEWS, { id });
      if (!data.model)
        throw new MatterportError(
          'MATTERPORT_NOT_FOUND',
          `Matterport has no model ${id}, or these credentials may not see it.`
        );
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      return (data.model.views ?? []).flatMap((view) =>
        view && typeof view.id === 'string'
          ? [{ id: view.id, name: text(view.name), type: text(view.type), start: text(view.start) }]
          : []
      );
    });
  }

  /** A model's picture (raster, from Matterport only): its address from getModel, then the image itself. */
  async thumbnail(id: string): Promise<Thumbnail> {
    const model = await this.getModel(id);
    if (!model.imageUrl)
      throw new MatterportError('MATTERPORT_NOT_FOUND', 'This model has no thumbnail.');
    return fetchThumbnail(this.http, this.options.logger, model.imageUrl, this.options);
  }

  private async getModelOnce(id: string, credentials: Credentials): Promise<ModelSummary> {
    const notFound = () =>
      new MatterportError(
        'MATTERPORT_NOT_FOUND',
        `Matterport has no model ${id}, or these credentials may not see it.`
      );
    const data = await this.graph<{ model: RawModel | null }>(
      'getModel',
      GET_MODEL,
      { id },
      credentials
    ).catch((error: unknown) => {
      throw error instanceof MatterportError && error.code === 'MATTERPORT_NOT_FOUND'
        ? notFound()
        : error;
    });
    if (!data.model)
      throw new MatterportError(
        'MATTERPORT_NOT_FOUND',
        `Matterport has no model ${id}, or these credentials may not see it.`
      );
    return toSummary(data.model);
  }

  async createLink(modelId: string, validForSeconds: number): Promise<EmbedLink> {
    const credentials = await this.options.credentials();
    return this.perModel('createLink', modelId, credentials, () =>
      this.createLinkInEitherForm(modelId, validForSeconds, credentials)
    );
  }

  /**
   * The shorthand validFor is sent first; a mint refused as invalid before any mint has worked
   * is tried once in the other form, and the form that worked is kept. Inside perModel, so a
   * model is remembered as failing only after both forms failed.
   */
  private async createLinkInEitherForm(
    modelId: string,
    validForSeconds: number,
    credentials: Credentials,
    fixedToken?: AccessToken
  ): Promise<EmbedLink> {
    try {
      const link = await this.createLinkOnce(
        modelId,
        validForSeconds,
        credentials,
        this.validForFormat,
        fixedToken
      );
      this.validForFormatKnown = true;
      return link;
    } catch (error) {
      if (
        this.validForFormatKnown ||
        !(error instanceof MatterportError) ||
        error.code !== 'MATTERPORT_BAD_REQUEST'
      )
        throw error;
      const other: ValidForFormat = this.validForFormat === 'shorthand' ? 'iso8601' : 'shorthand';
      const link = await this.createLinkOnce(
        modelId,
        validForSeconds,
        credentials,
        other,
        fixedToken
      );
      this.options.logger.info(
        `[matterport] Matterport accepts validFor as ${other}; using that form from now on.`
      );
      this.validForFormat = other;
      this.validForFormatKnown = true;
      return link;
    }
  }

  private async createLinkOnce(
    modelId: string,
    validForSeconds: number,
    credentials: Credentials,
    format: ValidForFormat,
    fixedToken?: AccessToken
  ): Promise<EmbedLink> {
    const data = await this.graph<{
      createPrivateModelEmbedLink: {
        accessToken?: string;
        link?: string;
        validUntil?: string;
      } | null;
    }>(
      'createLink',
      CREATE_LINK,
      {
        modelId,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        validFor: toMatterportDuration(validForSeconds, format),
      },
      credentials,
      fixedToken
    );
    const link = data.createPrivateModelEmbedLink;
    if (
      !link?.accessToken ||
      !link.link ||
      !link.validUntil ||
      Number.isNaN(Date.parse(link.validUntil))
    ) {
      throw new MatterportError(
        'MATTERPORT_UNAVAILABLE',
        'Matterport answered without a usable link. Try again later.'
      );
    }
    if (!isTrustedLink(link.link, this.linkOrigins)) {
      // Never delivered nor recorded; the token it carries expires by itself.
      this.options.logger.error(
        `[matterport] Matterport answered a mint for model ${modelId} with a link outside ${this.linkOrigins.join(' and ')}; it was refused.`
      );
      throw new MatterportError('MATTERPORT_UNTRUSTED_LINK', undefined, {
        operation: 'createLink',
      });
    }
    return {
      modelId,
      link: link.link,
      accessToken: link.accessToken,
      validUntil: link.validUntil,
      clientId: credentials.clientId,
    };
  }

  async revokeToken(accessToken: string, credentials?: Credentials): Promise<boolean> {
    const creds = credentials ?? (await this.options.credentials());
    return this.run('revokeToken', () => this.revokeTokenOnce(accessToken, creds));
  }

  private async revokeTokenOnce(
    accessToken: string,
    creds: Credentials,
    fixedToken?: AccessToken
  ): Promise<boolean> {
    const data = await this.graph<{ deletePrivateModelEmbedToken: boolean | null }>(
      'revokeToken',
      REVOKE_TOKEN,
      {
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        accessToken,
      },
      creds,
      fixedToken
    );
    return data.deletePrivateModelEmbedToken === true;
  }

  /** Registers a model event callback (Webhooks v2) with the saved credentials; answers its id. */
  async addModelEventCallback(input: Record<string, unknown>): Promise<string> {
    return this.run('settings', async () => {
      const data = await this.graph<{ addModelEventWebhookCallback: { id: string } | null }>(
        'addModelEventCallback',
        ADD_MODEL_EVENT_CALLBACK,
        { input }
      );
      const id = data.addModelEventWebhookCallback?.id;
      if (!id) throw new MatterportError('MATTERPORT_UNAVAILABLE', 'Matterport answered no id');
      return id;
    });
  }

  /** Removes a model event callback; false when Matterport did not know it. */
  async removeModelEventCallback(id: string): Promise<boolean> {
    return this.run('settings', async () => {
      const data = await this.graph<{ removeModelEventWebhookCallback: boolean | null }>(
        'removeModelEventCallback',
        REMOVE_MODEL_EVENT_CALLBACK,
        { id }
      );
      return data.removeModelEventWebhookCallback === true;
    });
  }

  /** Asks Matterport for a token with these credentials (saved or not) and reports what it granted. */
  async checkCredentials(credentials?: Credentials): Promise<{ scope: string; expiresIn: number }> {
    const { token } = await this.testToken(credentials);
    return { scope: token.scope, expiresIn: token.expiresIn };
  }

  /**
   * The account token for a test. Unsaved credentials get one that is not cached and touch no
   * breaker either way. The saved ones are the admin's "try again now": asked for a fresh token
   * even while a breaker is open; a refusal opens (or keeps open) the token breaker, and only a
   * test that passes closes the breakers (see testConnection).
   */
  private async testToken(
    credentials?: Credentials
  ): Promise<{ token: AccessToken; credentials: Credentials }> {
    // Credentials typed into the form and refused are the admin's try, answered in the form;
    // they say nothing about the saved ones, so their failure is not noted (health, events).
    return this.run(
      'token',
      async () => {
        if (credentials) return { token: await this.tokens.probe(credentials), credentials };
        const saved = await this.options.credentials();
        const identity = credentialsIdentity(saved);
        this.lastIdentity = identity;
        this.tokens.invalidate();
        try {
          return { token: await this.tokens.get(saved), credentials: saved };
        } catch (error) {
          if (error instanceof MatterportError && error.code === 'MATTERPORT_AUTH_FAILED')
            this.guard.authFailed(identity);
          throw error;
        }
      },
      credentials === undefined
    );
  }

  /**
   * Test connection: the token, then one real mint (a token alone does not prove the account
   * has Private Model Embed). One active model is listed, a link valid for TEST_LINK_SECONDS is minted
   * with these credentials and revoked at once. A failing token throws as checkCredentials does;
   * anything after it is reported in `mint`. Per-model failure memory is neither read nor fed:
   * a test always asks Matterport.
   */
  async testConnection(credentials?: Credentials): Promise<ConnectionTestResult> {
    const result = await this.testConnectionSteps(credentials);
    // Only a pass with the saved credentials is the admin's proof that they work again:
    // candidate credentials typed into the form never close a breaker nor clear failures.
    if (credentials === undefined && result.ok) this.guard.closeBreaker('connection-tested');
    return result;
  }

  private async testConnectionSteps(credentials?: Credentials): Promise<ConnectionTestResult> {
    const { token, credentials: creds } = await this.testToken(credentials);
    // As for the token: only the saved credentials' outcomes say anything about health.
    const noted = credentials === undefined;
    return runConnectionTest(
      { scope: token.scope, expiresIn: token.expiresIn },
      {
        firstActiveModel: async () => {
          const page = await this.run(
            'listModels',
            () => this.listModelsOnce({ pageSize: 1, activeOnly: true }, creds, token),
            noted
          );
          return page.results[0]?.id;
        },
        mint: (modelId) =>
          this.run(
            'createLink',
            () => this.createLinkInEitherForm(modelId, TEST_LINK_SECONDS, creds, token),
            noted
          ),
        mintRefused: () => {
          // The saved credentials' mint refused: remembered as a read's refusal would be.
          if (noted) this.guard.mintRefused(credentialsIdentity(creds));
        },
        revoke: (accessToken) =>
          this.run('revokeToken', () => this.revokeTokenOnce(accessToken, creds, token), noted),
        warn: (message) => this.options.logger.warn(message),
      }
    );
  }

  /** Forgets remembered per-model failures (of these models, or all): a picker action or a settings save. */
  forgetFailures(modelIds?: readonly string[]): void {
    this.guard.forgetFailures(modelIds);
  }

  /** The account token for these credentials, through the breaker: a refusal opens it. */
  private async token(
    credentials: Credentials,
    operation: MatterportOperation
  ): Promise<AccessToken> {
    const identity = credentialsIdentity(credentials);
    this.lastIdentity = identity;
    this.guard.checkAuth(identity, operation);
    try {
      const token = await this.tokens.get(credentials);
      this.guard.tokenObtained(identity);
      return token;
    } catch (error) {
      if (error instanceof MatterportError && error.code === 'MATTERPORT_AUTH_FAILED')
        this.guard.authFailed(identity);
      throw error;
    }
  }

  /** Drops the cached account token, e.g. after the credentials changed; the breaker closes with it. */
  resetToken(reason: 'settings-saved' | 'connection-tested' = 'settings-saved'): void {
    this.tokens.invalidate();
    this.guard.closeBreaker(reason);
  }

  private async graph<T>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    credentials?: Credentials,
    fixedToken?: AccessToken
  ): Promise<T> {
    const op = operation as MatterportOperation;
    if (fixedToken) {
      // A token fetched just now for a test: if Matterport calls it stale, the credentials are what fails.
      try {
        return await this.post<T>(operation, query, variables, fixedToken);
      } catch (error) {
        if (error instanceof StaleTokenError)
          throw new MatterportError('MATTERPORT_AUTH_FAILED', undefined, { operation: op });
        throw error;
      }
    }
    const creds = credentials ?? (await this.options.credentials());
    const identity = credentialsIdentity(creds);
    try {
      const data = await this.graphWithToken<T>(operation, query, variables, creds);
      if (op === 'createLink') this.guard.mintSucceeded(identity);
      return data;
    } catch (error) {
      // The account token worked and Matterport refused the mint itself (a refused token was
      // told to the token breaker where it was refused).
      if (op === 'createLink' && error instanceof RefusedOperationError)
        this.guard.mintRefused(identity);
      throw error;
    }
  }

  /** One Model API call with this token, through the one HTTP layer. */
  private post<T>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    token: AccessToken
  ): Promise<T> {
    return postGraph<T>(this.http, this.options.logger, operation, query, variables, token);
  }

  private async graphWithToken<T>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    creds: Credentials
  ): Promise<T> {
    const op = operation as MatterportOperation;
    let token = await this.token(creds, op);
    try {
      return await this.post<T>(operation, query, variables, token);
    } catch (error) {
      if (!(error instanceof StaleTokenError)) throw error;
      this.tokens.invalidate(token);
      token = await this.token(creds, op);
      try {
        return await this.post<T>(operation, query, variables, token);
      } catch (retryError) {
        if (retryError instanceof StaleTokenError) {
          this.tokens.invalidate(token);
          this.guard.authFailed(credentialsIdentity(creds));
          throw new MatterportError('MATTERPORT_AUTH_FAILED', undefined, { operation: op });
        }
        throw retryError;
      }
    }
  }
}
