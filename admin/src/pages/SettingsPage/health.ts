import type { IntlShape } from 'react-intl';

import type { HealthView } from '../../../../common/contracts/ops';
import { getTranslation } from '../../utils/getTranslation';

export type HealthLevel = 'green' | 'amber' | 'red';

export type Reason =
  | 'notConfigured'
  | 'breakerOpen'
  | 'authFailing'
  | 'rateLimited'
  | 'failures'
  | 'noMintYet';

/**
 * Whether embeds work, from the health answer. Red: nothing can be minted (not
 * configured, the breaker is open, Matterport refuses the saved credentials now). Amber:
 * links are minted but something is wrong (throttled now, failures in the last hour,
 * including a refusal that a later success has since answered), or nothing was minted yet
 * so it is not proven. Green otherwise.
 */
export const assessHealth = (
  // The whole plugin's health, or one connection's (ConnectionHealthView has the same parts).
  health: Pick<
    HealthView,
    'configured' | 'breaker' | 'auth' | 'rateLimitedUntil' | 'failuresLastHour' | 'lastMintAt'
  >,
  now = Date.now()
): { level: HealthLevel; reasons: Reason[] } => {
  const red: Reason[] = [];
  const amber: Reason[] = [];
  if (!health.configured) red.push('notConfigured');
  if (health.breaker.state === 'open') red.push('breakerOpen');
  if (health.auth.failing) red.push('authFailing');
  if (health.rateLimitedUntil && new Date(health.rateLimitedUntil).getTime() > now)
    amber.push('rateLimited');
  const failures = Object.values(health.failuresLastHour).reduce((sum, n) => sum + n, 0);
  if (failures > 0 && !red.includes('authFailing')) amber.push('failures');
  if (health.configured && !health.lastMintAt) amber.push('noMintYet');
  if (red.length) return { level: 'red', reasons: red };
  return { level: amber.length ? 'amber' : 'green', reasons: amber };
};

/** What a level says, in the summary and in each connection's row. */
export const healthLevelText = (intl: IntlShape, level: HealthLevel): string =>
  level === 'green'
    ? intl.formatMessage({ id: getTranslation('health.ok'), defaultMessage: 'Embeds work' })
    : level === 'amber'
      ? intl.formatMessage({
          id: getTranslation('health.degraded'),
          defaultMessage: 'Embeds work, with problems',
        })
      : intl.formatMessage({
          id: getTranslation('health.down'),
          defaultMessage: 'Embeds do not work',
        });
