import { Badge, Box, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { ConnectionHealthView } from '../../../../common/contracts/ops';
import { getTranslation } from '../../utils/getTranslation';
import { assessHealth, healthLevelText } from './health';

const BADGE = {
  green: { background: 'success100', text: 'success700' },
  amber: { background: 'warning100', text: 'warning700' },
  red: { background: 'danger100', text: 'danger700' },
} as const;

/**
 * One row per connection (issue 26): each organisation's credentials, breaker and 429 hold are
 * its own, so one failing or throttled shows on its row and nowhere else. Shown only when
 * there are several connections; the panel above keeps the whole plugin's figures.
 */
export const HealthConnections = ({ connections }: { connections: ConnectionHealthView[] }) => {
  const intl = useIntl();
  const { formatMessage, formatTime } = intl;
  const now = Date.now();

  return (
    <Box data-testid="matterport-health-connections">
      <Typography
        variant="sigma"
        textColor="neutral600"
        tag="h3"
        id="matterport-health-connections-title"
      >
        {formatMessage({
          id: getTranslation('health.connections.title'),
          defaultMessage: 'By connection',
        })}
      </Typography>
      <Table
        colCount={6}
        rowCount={connections.length + 1}
        aria-labelledby="matterport-health-connections-title"
      >
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('health.connections.name'),
                  defaultMessage: 'Connection',
                })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('health.connections.state'),
                  defaultMessage: 'State',
                })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('health.connections.auth'),
                  defaultMessage: 'Credentials',
                })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('health.breaker'),
                  defaultMessage: 'Circuit breaker',
                })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('health.connections.rateLimit'),
                  defaultMessage: 'Rate limit',
                })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('health.failures'),
                  defaultMessage: 'Failures in the last hour',
                })}
              </Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {connections.map((connection) => {
            const { level } = assessHealth(connection, now);
            const held =
              connection.rateLimitedUntil && new Date(connection.rateLimitedUntil).getTime() > now
                ? connection.rateLimitedUntil
                : null;
            const failures = Object.entries(connection.failuresLastHour).filter(([, n]) => n > 0);
            return (
              <Tr
                key={connection.id}
                data-testid={`matterport-health-connection-${connection.id}`}
                data-level={level}
              >
                <Td>
                  <Typography fontWeight="semiBold" textColor="neutral800">
                    {connection.name}
                  </Typography>
                </Td>
                <Td>
                  <Badge backgroundColor={BADGE[level].background} textColor={BADGE[level].text}>
                    {!connection.enabled
                      ? formatMessage({
                          id: getTranslation('health.connections.disabled'),
                          defaultMessage: 'Disabled',
                        })
                      : !connection.configured
                        ? formatMessage({
                            id: getTranslation('health.connections.notConfigured'),
                            defaultMessage: 'Not configured',
                          })
                        : healthLevelText(intl, level)}
                  </Badge>
                  {connection.problem ? (
                    <Typography variant="pi" textColor="danger700" tag="p">
                      {connection.problem}
                    </Typography>
                  ) : null}
                </Td>
                <Td>
                  <Typography textColor={connection.auth.failing ? 'danger700' : 'neutral800'}>
                    {connection.auth.failing
                      ? formatMessage({
                          id: getTranslation('health.connections.authFailing'),
                          defaultMessage: 'Refused by Matterport',
                        })
                      : formatMessage({
                          id: getTranslation('health.connections.authOk'),
                          defaultMessage: 'Accepted',
                        })}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {connection.breaker.state === 'open'
                      ? formatMessage({
                          id: getTranslation('health.breaker.open'),
                          defaultMessage: 'Open (requests paused)',
                        })
                      : formatMessage({
                          id: getTranslation('health.breaker.closed'),
                          defaultMessage: 'Closed (normal)',
                        })}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {held
                      ? formatMessage(
                          {
                            id: getTranslation('health.connections.heldUntil'),
                            defaultMessage: 'Held until {time}',
                          },
                          {
                            time: formatTime(held),
                          }
                        )
                      : formatMessage({
                          id: getTranslation('health.connections.notHeld'),
                          defaultMessage: 'None',
                        })}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {failures.length
                      ? failures.map(([code, n]) => `${code} × ${n}`).join(', ')
                      : formatMessage({
                          id: getTranslation('health.failures.none'),
                          defaultMessage: 'None',
                        })}
                  </Typography>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Box>
  );
};
