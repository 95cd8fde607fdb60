import axios, {
  AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
} from 'axios';
import axiosRetry, { exponentialDelay, retryAfter } from 'axios-retry';

import { MatterportError, type MatterportOperation } from '../../../common/errors';
import type { Logger } from './types';

export interface HttpOptions {
  apiOrigin: string;
  requestTimeoutMs: number;
  /** Total time a call may spend on retries (waits included) before it gives up. */
  retryBudgetMs: number;
  logger: Logger;
}

/** What a log line names: an operation, never a body or variables (mutations carry the secret). */
export interface CallInfo {
  operation: string;
}

interface Timing {
  matterportStartedAt?: number;
}

const BACKOFF_BASE_MS = 200;

export const isTimeout = (error: AxiosError): boolean =>
  error.code === 'ECONNABORTED' ||
  error.code === 'ETIMEDOUT' ||
  error.code === AxiosError.ETIMEDOUT;

/**
 * 429 and 5xx are worth another try, and so is a connection that failed before any
 * answer. A timeout is not: the caller's time is already spent, and a hanging upstream
 * would otherwise hold the caller for several timeouts.
 */
const isTransient = (error: AxiosError): boolean => {
  if (error.response) return error.response.status === 429 || error.response.status >= 500;
  return !isTimeout(error) && !axios.isCancel(error);
};

export const createHttp = (options: HttpOptions): AxiosInstance => {
  const instance = axios.create({
    baseURL: options.apiOrigin,
    timeout: options.requestTimeoutMs,
    // Proxies set in the environment stay honoured; redirects are never followed with the token.
    maxRedirects: 0,
    headers: { 'User-Agent': 'strapi-plugin-matterport' },
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true },
  });

  instance.interceptors.request.use((config) => {
    const timing = config as Timing;
    timing.matterportStartedAt ??= Date.now();
    return config;
  });

  axiosRetry(instance, {
    retries: 8,
    shouldResetTimeout: true,
    retryDelay: (retryCount, error) => exponentialDelay(retryCount, error, BACKOFF_BASE_MS),
    retryCondition: (error) => {
      if (!isTransient(error)) return false;
      const startedAt = (error.config as Timing | undefined)?.matterportStartedAt ?? Date.now();
      const state = (error.config as { 'axios-retry'?: { retryCount?: number } } | undefined)?.[
        'axios-retry'
      ];
      const next = (state?.retryCount ?? 0) + 1;
      // Upper bound of exponentialDelay's jitter (20 %), so the budget holds whatever the draw.
      const wait = Math.max(retryAfter(error), 2 ** next * BACKOFF_BASE_MS * 1.2);
      return Date.now() - startedAt + wait + options.requestTimeoutMs / 10 <= options.retryBudgetMs;
    },
  });

  return instance;
};

const retryAfterSeconds = (response: AxiosResponse | undefined): number | undefined => {
  const header = response?.headers?.['retry-after'];
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(String(header));
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
};

/**
 * The cause kept on a transport error: what failed (axios' code, the HTTP status), never the
 * axios error itself, whose request config carries the client secret in the GraphQL body and
 * would be printed by anything that logs the error with its cause.
 */
const sanitizedCause = (error: unknown): Error => {
  if (axios.isAxiosError(error)) {
    const cause = new Error(
      `${error.code ?? 'HTTP error'}${error.response ? ` (HTTP ${error.response.status})` : ''}`
    );
    cause.name = 'TransportError';
    return cause;
  }
  const cause = new Error(error instanceof Error ? error.name : 'unknown failure');
  cause.name = 'TransportError';
  return cause;
};

/** A transport failure as a MatterportError. Bodies are never read into messages. */
export const transportError = (
  error: unknown,
  operation?: MatterportOperation
): MatterportError => {
  if (error instanceof MatterportError) return error;
  const options = { operation, cause: sanitizedCause(error) };
  if (axios.isAxiosError(error)) {
    if (isTimeout(error)) return new MatterportError('MATTERPORT_TIMEOUT', undefined, options);
    const status = error.response?.status;
    if (status === 429) {
      return new MatterportError('MATTERPORT_RATE_LIMITED', undefined, {
        ...options,
        retryAfter: retryAfterSeconds(error.response),
      });
    }
    if (status !== undefined && status >= 500) {
      return new MatterportError(
        'MATTERPORT_UNAVAILABLE',
        `Matterport answered HTTP ${status}. Try again later.`,
        options
      );
    }
    if (status === undefined) {
      return new MatterportError(
        'MATTERPORT_UNAVAILABLE',
        'Matterport could not be reached (the connection failed). Check the network and apiOrigin.',
        options
      );
    }
  }
  return new MatterportError('MATTERPORT_UNAVAILABLE', undefined, options);
};

/** Runs one HTTP call and logs method, operation, status and duration: nothing else. */
export const loggedCall = async <T>(
  http: AxiosInstance,
  logger: Logger,
  info: CallInfo,
  config: AxiosRequestConfig
): Promise<AxiosResponse<T>> => {
  const started = Date.now();
  const method = (config.method ?? 'get').toUpperCase();
  try {
    const response = await http.request<T>(config);
    logger.debug(
      `[matterport] ${method} ${info.operation} → ${response.status} in ${Date.now() - started}ms`
    );
    return response;
  } catch (error) {
    const status = axios.isAxiosError(error)
      ? (error.response?.status ?? error.code ?? 'error')
      : 'error';
    logger.warn(
      `[matterport] ${method} ${info.operation} → ${status} in ${Date.now() - started}ms`
    );
    throw error;
  }
};
