import type { UsageResponse, UsageView } from '../../../common/catalogue';
import type {
  GetLinks,
  LinkListItem,
  LinkStatus,
  LinkView,
  RevokeResponse,
} from '../../../common/contracts/links';
import type {
  GetModels,
  LocateModel,
  ModelView,
  PickableConnection,
  ViewOption,
  PreviewLink,
} from '../../../common/contracts/models';
import type { AuditEntry, GetAudit, HealthView } from '../../../common/contracts/ops';
import type {
  ConnectionTestResult,
  MintTest,
  SettingsView,
} from '../../../common/contracts/settings';
import type { Pagination } from '../../../common/contracts/shared';
import type { ModelStateView } from '../../../common/catalogue';
import type {
  ConnectionRemoval,
  ConnectionView,
  ModelEventsView,
} from '../../../common/contracts/connections';

/**
 * Answers are checked before the UI uses them: a proxy's HTML page, an older or newer
 * server, or a truncated body must become a clear error, not a blank page or a
 * "cannot read properties of undefined" deep inside a component. Only what the UI
 * relies on is checked. toApiProblem maps this error like a failed request
 * (kind "unavailable", with this message).
 */
export class ResponseShapeError extends Error {
  constructor(what: string) {
    super(
      `The server's answer to ${what} was not in the expected shape. Reload the page; if it persists, the plugin's server and admin versions may differ.`
    );
    this.name = 'ResponseShapeError';
  }
}

type Check<T> = (value: unknown) => value is T;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isNullable =
  <T>(check: Check<T>): Check<T | null> =>
  (value): value is T | null =>
    value === null || check(value);
const isStringOrNull = isNullable(isString);
const isNumberOrNull = isNullable(isNumber);
const isArrayOf =
  <T>(check: Check<T>): Check<T[]> =>
  (value): value is T[] =>
    Array.isArray(value) && value.every(check);

/** `body.data` when it passes `check`, else a ResponseShapeError naming `what`. */
export const dataOf = <T>(body: unknown, check: Check<T>, what: string): T => {
  if (!isRecord(body) || !check(body.data)) throw new ResponseShapeError(what);
  return body.data;
};

export const isSettingsView: Check<SettingsView> = (v): v is SettingsView =>
  isRecord(v) &&
  isStringOrNull(v.clientId) &&
  isBoolean(v.hasSecret) &&
  isStringOrNull(v.secretHint) &&
  isString(v.defaultValidFor) &&
  (v.managedBy === 'admin' || v.managedBy === 'config') &&
  isBoolean(v.encryptionAvailable);

export const isConnectionView: Check<ConnectionView> = (v): v is ConnectionView =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.name) &&
  isStringOrNull(v.clientId) &&
  isBoolean(v.hasSecret) &&
  isStringOrNull(v.secretHint) &&
  isString(v.defaultValidFor) &&
  isBoolean(v.enabled) &&
  isBoolean(v.isDefault) &&
  (v.managedBy === 'admin' || v.managedBy === 'config');
export const isConnectionList = isArrayOf(isConnectionView);

export const isConnectionRemoval: Check<ConnectionRemoval> = (v): v is ConnectionRemoval =>
  isRecord(v) &&
  isConnectionView(v.connection) &&
  isRecord(v.links) &&
  isNumber(v.links.revoked) &&
  Array.isArray(v.links.notRevoked) &&
  isStringOrNull(v.links.error);

export const isModel: Check<ModelView> = (v): v is ModelView =>
  isRecord(v) && isString(v.id) && isString(v.name) && isString(v.thumbnailUrl);
const isModelList = isArrayOf(isModel);

/** What the plugin knows of a space (issue 28): the field's privacy warning reads it. */
export const isModelState: Check<ModelStateView> = (v): v is ModelStateView =>
  isRecord(v) &&
  isString(v.modelId) &&
  isString(v.connection) &&
  isString(v.state) &&
  (v.visibility === null || isString(v.visibility));
/** A View of a space (GET /models/:id/views). */
export const isViewOptionList = isArrayOf(
  (v): v is ViewOption =>
    isRecord(v) &&
    isString(v.id) &&
    isString(v.name) &&
    (v.type === null || isString(v.type)) &&
    isBoolean(v.base)
);

export const isPickableConnection: Check<PickableConnection> = (v): v is PickableConnection =>
  isRecord(v) && isString(v.id) && isString(v.name) && isBoolean(v.isDefault);
export const isPickableConnectionList = isArrayOf(isPickableConnection);

/** Which connections hold a pasted model (GET /models/:id/connections). */
export const isLocateResult: Check<LocateModel.Response['data']> = (
  v
): v is LocateModel.Response['data'] =>
  isRecord(v) &&
  isArrayOf(
    (h): h is LocateModel.Response['data']['holders'][number] =>
      isPickableConnection(h) && isModel((h as { model?: unknown }).model)
  )(v.holders) &&
  isArrayOf(
    (u): u is LocateModel.Response['data']['unknown'][number] =>
      isPickableConnection(u) && isString((u as { code?: unknown }).code)
  )(v.unknown);

const isUsageView: Check<UsageView> = (v): v is UsageView =>
  isRecord(v) &&
  isString(v.contentType) &&
  isString(v.contentTypeName) &&
  isString(v.documentId) &&
  isStringOrNull(v.locale) &&
  (v.status === 'published' || v.status === 'draft') &&
  isString(v.path) &&
  isString(v.modelId) &&
  isString(v.connection) &&
  isStringOrNull(v.title) &&
  isString(v.adminPath);

/** Where a space is used (GET /models/:id/usage). */
export const isUsageResponse: Check<UsageResponse> = (v): v is UsageResponse =>
  isRecord(v) &&
  isString(v.modelId) &&
  isString(v.connection) &&
  isArrayOf(isUsageView)(v.entries) &&
  isRecord(v.totals) &&
  isNumber(v.totals.published) &&
  isNumber(v.totals.draft) &&
  isBoolean(v.complete);

/** An admin role as GET /admin/roles lists it (only what the connection dialog shows). */
export interface AdminRole {
  id: number;
  name: string;
}
export const isAdminRoleList = isArrayOf(
  (v): v is AdminRole => isRecord(v) && isNumber(v.id) && isString(v.name)
);

/** The picker's page of models; a missing `meta` reads as the last page. */
export const toModelList = (body: unknown): GetModels.Response => {
  const models = dataOf(body, isModelList, 'the model search');
  const meta = isRecord(body) && isRecord(body.meta) ? body.meta : {};
  return {
    data: models,
    meta: {
      nextOffset: isString(meta.nextOffset) ? meta.nextOffset : null,
      total: isNumber(meta.total) ? meta.total : models.length,
    },
  };
};

export const isPreviewLink: Check<PreviewLink> = (v): v is PreviewLink =>
  isRecord(v) && isString(v.modelId) && isString(v.link) && isString(v.validUntil);

const isMintTest: Check<MintTest> = (v): v is MintTest =>
  isRecord(v) &&
  isBoolean(v.tested) &&
  isNullable(isBoolean)(v.ok) &&
  isStringOrNull(v.modelId) &&
  isStringOrNull(v.code) &&
  isStringOrNull(v.message);

export const isConnectionTestResult: Check<ConnectionTestResult> = (v): v is ConnectionTestResult =>
  isRecord(v) &&
  isBoolean(v.ok) &&
  isString(v.scope) &&
  isNumber(v.expiresIn) &&
  isMintTest(v.mint);

export const isLinkView: Check<LinkView> = (v): v is LinkView =>
  isRecord(v) &&
  isNumber(v.id) &&
  isString(v.modelId) &&
  isString(v.validUntil) &&
  isString(v.createdAt) &&
  isStringOrNull(v.revokedAt) &&
  isStringOrNull(v.tokenHint ?? null);
export const isLinkViewList = isArrayOf(isLinkView);

const STATUSES: readonly LinkStatus[] = ['active', 'expired', 'revoked', 'failed'];

const isLinkListItem: Check<LinkListItem> = (v): v is LinkListItem =>
  isLinkView(v) &&
  STATUSES.includes((v as LinkListItem).status) &&
  ((v as LinkListItem).purpose === 'delivery' || (v as LinkListItem).purpose === 'preview') &&
  (((v as LinkListItem).revokeError ?? null) === null ||
    (isRecord((v as LinkListItem).revokeError) &&
      isString((v as LinkListItem).revokeError?.message)));

const isPagination: Check<Pagination> = (v): v is Pagination =>
  isRecord(v) &&
  isNumber(v.page) &&
  isNumber(v.pageSize) &&
  isNumber(v.total) &&
  isNumber(v.pageCount) &&
  (v.totalExact === undefined || isBoolean(v.totalExact));

/**
 * The paged links answer. A server from before the paged API answers `{ data: LinkView[] }`
 * with every link: that is read as one page, each link's status worked out from its
 * timestamps (cheap, and keeps the page usable during an upgrade).
 */
export const toLinkList = (body: unknown, now = Date.now()): GetLinks.Response => {
  if (isRecord(body) && isRecord(body.meta) && isPagination(body.meta.pagination)) {
    if (!isArrayOf(isLinkListItem)(body.data)) throw new ResponseShapeError('the links list');
    return { data: body.data, meta: { pagination: body.meta.pagination } };
  }
  const links = dataOf(body, isLinkViewList, 'the links list');
  const data: LinkListItem[] = links.map((link) => ({
    ...link,
    status: link.revokedAt
      ? 'revoked'
      : new Date(link.validUntil).getTime() > now
        ? 'active'
        : 'expired',
    purpose: 'delivery',
    revokeError: null,
  }));
  return {
    data,
    meta: { pagination: { page: 1, pageSize: data.length, total: data.length, pageCount: 1 } },
  };
};

const isFailedRevocation = (v: unknown): v is RevokeResponse['data']['failed'][number] =>
  isRecord(v) && isLinkView(v.link) && isRecord(v.error) && isString(v.error.message);

export const toRevokeResponse = (body: unknown): RevokeResponse => {
  if (
    !isRecord(body) ||
    !isRecord(body.data) ||
    !isArrayOf(isLinkView)(body.data.revoked) ||
    !isArrayOf(isFailedRevocation)(body.data.failed) ||
    !isRecord(body.meta) ||
    !isNumber(body.meta.matched) ||
    !isNumber(body.meta.revoked) ||
    !isNumber(body.meta.failed)
  ) {
    throw new ResponseShapeError('the revocation');
  }
  return body as unknown as RevokeResponse;
};

const isAuditEntry: Check<AuditEntry> = (v): v is AuditEntry =>
  isRecord(v) &&
  isNumber(v.id) &&
  isString(v.action) &&
  isString(v.actor) &&
  isString(v.at) &&
  isRecord(v.details);

export const toAuditList = (body: unknown): GetAudit.Response => {
  if (
    !isRecord(body) ||
    !isArrayOf(isAuditEntry)(body.data) ||
    !isRecord(body.meta) ||
    !isPagination(body.meta.pagination)
  ) {
    throw new ResponseShapeError('the activity list');
  }
  return { data: body.data, meta: { pagination: body.meta.pagination } };
};

export const isHealthView: Check<HealthView> = (v): v is HealthView =>
  isRecord(v) &&
  isBoolean(v.configured) &&
  isStringOrNull(v.problem ?? null) &&
  isStringOrNull(v.lastTokenAt) &&
  isStringOrNull(v.lastMintAt) &&
  isRecord(v.failuresLastHour) &&
  Object.values(v.failuresLastHour).every(isNumber) &&
  isRecord(v.auth) &&
  isBoolean(v.auth.failing) &&
  isStringOrNull(v.auth.lastFailureAt) &&
  isRecord(v.breaker) &&
  (v.breaker.state === 'open' || v.breaker.state === 'closed') &&
  isStringOrNull(v.rateLimitedUntil ?? null) &&
  isRecord(v.cache) &&
  isNumberOrNull(v.cache.hitRate) &&
  isRecord(v.mintLatencyMs) &&
  isNumberOrNull(v.mintLatencyMs.p50) &&
  isNumberOrNull(v.mintLatencyMs.p95) &&
  isRecord(v.ledger) &&
  isNumber(v.ledger.rows) &&
  isNumber(v.ledger.active);

/** GET/POST/DELETE /matterport/connections/:id/events (model event webhooks, issue 28). */
export const isModelEventsView: Check<ModelEventsView> = (v): v is ModelEventsView =>
  isRecord(v) &&
  isString(v.connection) &&
  isBoolean(v.registered) &&
  isStringOrNull(v.registrationId) &&
  isString(v.callbackUrl) &&
  isStringOrNull(v.registeredAt) &&
  isStringOrNull(v.lastEventAt);
