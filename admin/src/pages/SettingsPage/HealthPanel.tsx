import { Box, Button, Flex, Grid, Typography } from '@strapi/design-system';
import { ArrowClockwise, CheckCircle, CrossCircle, WarningCircle } from '@strapi/icons';
import { useIntl, type IntlShape } from 'react-intl';

import type { HealthView } from '../../../../common/contracts/ops';
import { useHealthQuery } from '../../api/queries';
import { WhereUsedLookup } from '../../components/WhereUsed';
import { getTranslation } from '../../utils/getTranslation';
import { selectRelativeUnit } from '../../utils/time';
import { HealthConnections } from './HealthConnections';
import { HealthPrivacy } from './HealthPrivacy';
import { assessHealth, healthLevelText, type HealthLevel, type Reason } from './health';

export { assessHealth, type HealthLevel };

export const HEALTH_REFRESH_MS = 10_000;

const reasonText = (intl: IntlShape, reason: Reason, health: HealthView): string => {
  const { formatMessage } = intl;
  switch (reason) {
    case 'notConfigured':
      // Credentials are stored but cannot be used (the encryption key changed): the server says how to fix it.
      return health.problem
        ? formatMessage(
            {
              id: getTranslation('health.reason.notConfiguredBecause'),
              defaultMessage: 'Matterport is not configured: {problem}',
            },
            { problem: health.problem }
          )
        : formatMessage({
            id: getTranslation('health.reason.notConfigured'),
            defaultMessage: 'Matterport is not configured: enter the client ID and secret below.',
          });
    case 'breakerOpen':
      return formatMessage(
        {
          id: getTranslation('health.reason.breakerOpen'),
          defaultMessage: 'Requests to Matterport are paused after repeated failures ({reason}).',
        },
        { reason: health.breaker.reason ?? '—' }
      );
    case 'authFailing':
      return formatMessage({
        id: getTranslation('health.reason.authFailing'),
        defaultMessage: 'Matterport refuses the saved credentials.',
      });
    case 'rateLimited':
      return formatMessage({
        id: getTranslation('health.reason.rateLimited'),
        defaultMessage: 'Matterport is throttling requests right now.',
      });
    case 'failures':
      return formatMessage({
        id: getTranslation('health.reason.failures'),
        defaultMessage: 'Some requests to Matterport failed in the last hour.',
      });
    default:
      return formatMessage({
        id: getTranslation('health.reason.noMintYet'),
        defaultMessage: 'No link has been minted yet.',
      });
  }
};

const COLOR = { green: 'success', amber: 'warning', red: 'danger' } as const;
const ICON = { green: CheckCircle, amber: WarningCircle, red: CrossCircle } as const;

/** A small live panel: whether embeds work (or why not), refreshed every 10 s while the page is visible. */
export const HealthPanel = () => {
  const intl = useIntl();
  const { formatMessage, formatNumber, formatRelativeTime } = intl;
  const { data: health, problem, reload } = useHealthQuery(HEALTH_REFRESH_MS);

  const when = (date: string | null) => {
    if (!date)
      return formatMessage({ id: getTranslation('health.never'), defaultMessage: 'never' });
    const { value, unit } = selectRelativeUnit(date);
    return formatRelativeTime(value, unit, { numeric: 'auto' });
  };
  const ms = (value: number | null) =>
    value === null
      ? '—'
      : formatNumber(Math.round(value), {
          style: 'unit',
          unit: 'millisecond',
          unitDisplay: 'short',
        });

  if (!health) {
    return (
      <Box
        background="neutral0"
        padding={6}
        shadow="filterShadow"
        hasRadius
        data-testid="matterport-health"
      >
        {problem ? (
          <Flex gap={2} direction="column" alignItems="flex-start" role="alert">
            <Typography textColor="danger700">
              {formatMessage(
                {
                  id: getTranslation('health.loadFailed'),
                  defaultMessage: 'The health check could not be loaded: {message}',
                },
                { message: problem.message }
              )}
            </Typography>
            <Button size="S" variant="secondary" startIcon={<ArrowClockwise />} onClick={reload}>
              {formatMessage({ id: getTranslation('problem.retry'), defaultMessage: 'Retry' })}
            </Button>
          </Flex>
        ) : (
          <Typography textColor="neutral600">
            {formatMessage({
              id: getTranslation('health.loading'),
              defaultMessage: 'Checking Matterport…',
            })}
          </Typography>
        )}
      </Box>
    );
  }

  const { level, reasons } = assessHealth(health);
  const Icon = ICON[level];
  const failures = Object.entries(health.failuresLastHour).filter(([, n]) => n > 0);
  const stat = (label: string, value: string, testId: string) => (
    <Grid.Item col={3} s={6} direction="column" alignItems="flex-start">
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography textColor="neutral800" data-testid={testId}>
        {value}
      </Typography>
    </Grid.Item>
  );

  return (
    <Box
      background="neutral0"
      padding={6}
      shadow="filterShadow"
      hasRadius
      data-testid="matterport-health"
      data-level={level}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {formatMessage({ id: getTranslation('health.title'), defaultMessage: 'Health' })}
        </Typography>
        <Box
          role="status"
          aria-live="polite"
          background={`${COLOR[level]}100`}
          borderColor={`${COLOR[level]}200`}
          borderStyle="solid"
          borderWidth="1px"
          hasRadius
          padding={3}
        >
          <Flex gap={2} alignItems="flex-start">
            <Icon fill={`${COLOR[level]}600`} aria-hidden />
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography
                fontWeight="semiBold"
                textColor="neutral800"
                data-testid="matterport-health-summary"
              >
                {healthLevelText(intl, level)}
              </Typography>
              {reasons.map((reason) => (
                <Typography key={reason} variant="pi" textColor="neutral700">
                  {reasonText(intl, reason, health)}
                </Typography>
              ))}
            </Flex>
          </Flex>
        </Box>
        <Grid.Root gap={4}>
          {stat(
            formatMessage({ id: getTranslation('health.lastToken'), defaultMessage: 'Last token' }),
            when(health.lastTokenAt),
            'matterport-health-last-token'
          )}
          {stat(
            formatMessage({
              id: getTranslation('health.lastMint'),
              defaultMessage: 'Last link minted',
            }),
            when(health.lastMintAt),
            'matterport-health-last-mint'
          )}
          {stat(
            formatMessage({
              id: getTranslation('health.breaker'),
              defaultMessage: 'Circuit breaker',
            }),
            health.breaker.state === 'open'
              ? formatMessage({
                  id: getTranslation('health.breaker.open'),
                  defaultMessage: 'Open (requests paused)',
                })
              : formatMessage({
                  id: getTranslation('health.breaker.closed'),
                  defaultMessage: 'Closed (normal)',
                }),
            'matterport-health-breaker'
          )}
          {stat(
            formatMessage({ id: getTranslation('health.cache'), defaultMessage: 'Cache hit rate' }),
            health.cache.hitRate === null
              ? '—'
              : formatNumber(health.cache.hitRate, { style: 'percent', maximumFractionDigits: 0 }),
            'matterport-health-cache'
          )}
          {stat(
            formatMessage({
              id: getTranslation('health.latency'),
              defaultMessage: 'Mint time p50 / p95',
            }),
            `${ms(health.mintLatencyMs.p50)} / ${ms(health.mintLatencyMs.p95)}`,
            'matterport-health-latency'
          )}
          {stat(
            formatMessage({ id: getTranslation('health.ledger'), defaultMessage: 'Ledger' }),
            formatMessage(
              {
                id: getTranslation('health.ledger.value'),
                defaultMessage: '{rows, plural, one {# link} other {# links}}, {active} active',
              },
              { rows: health.ledger.rows, active: health.ledger.active }
            ),
            'matterport-health-ledger'
          )}
          {stat(
            formatMessage({
              id: getTranslation('health.failures'),
              defaultMessage: 'Failures in the last hour',
            }),
            failures.length
              ? failures.map(([code, n]) => `${code} × ${n}`).join(', ')
              : formatMessage({
                  id: getTranslation('health.failures.none'),
                  defaultMessage: 'None',
                }),
            'matterport-health-failures'
          )}
        </Grid.Root>
        {/* An older server answers without `connections`. */}
        {(health.connections ?? []).length > 1 ? (
          <HealthConnections connections={health.connections} />
        ) : null}
        <WhereUsedLookup />
        {health.privacy ? <HealthPrivacy privacy={health.privacy} /> : null}
      </Flex>
    </Box>
  );
};
