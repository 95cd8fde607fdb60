/**
 * Moved to common/contracts/ (one module per area, one namespace per route). These names stay
 * until every consumer imports the contracts.
 */
import type { GetAudit } from './contracts/ops';
import type { GetLinks } from './contracts/links';

export type { ActorView, Pagination } from './contracts/shared';
export type { SettingsView } from './contracts/settings';
export type {
  LinkView,
  LinkStatus,
  LinkStatusFilter,
  LinkPurpose,
  RevokeErrorView,
  LinkListItem,
  RevokeOutcome,
  RevokeResponse,
} from './contracts/links';
export { LINK_STATUS_FILTERS } from './contracts/links';
export type { AuditEntry, HealthView } from './contracts/ops';
export type LinkListResponse = GetLinks.Response;
export type AuditListResponse = GetAudit.Response;
