import {
  Button,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import type { LinkListItem } from '../../../../common/contracts/links';
import { WhereUsedButton } from '../../components/WhereUsed';
import { useNow } from '../../hooks/useNow';
import { getTranslation } from '../../utils/getTranslation';
import { linkStatus } from './linkStatus';
import { LinkStatusBadge } from './LinkStatusBadge';
import { TimeLeft } from './TimeLeft';

interface LinksTableProps {
  links: LinkListItem[];
  names: Record<string, string>;
  /** Connection names by id: a column when there are several connections, none otherwise. */
  connectionNames?: Record<string, string>;
  canRevoke: boolean;
  onRevoke: (link: LinkListItem) => void;
  /** Tries a failed revocation again (it was confirmed the first time). */
  onRetryRevoke: (link: LinkListItem) => void;
  onRevokeModel: (modelId: string, activeCount: number) => void;
  /** Ids of links whose revocation is being retried. */
  retrying: ReadonlySet<number>;
}

const Mono = styled(Typography)`
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
`;

/**
 * The ledger as a table. The design system's Table gives grid keyboard navigation
 * (arrow keys between cells, Tab into the table once).
 */
export const LinksTable = ({
  links,
  names,
  connectionNames,
  canRevoke,
  onRevoke,
  onRetryRevoke,
  onRevokeModel,
  retrying,
}: LinksTableProps) => {
  const { formatMessage, formatDate } = useIntl();
  const now = useNow(1000);

  const activeByModel = new Map<string, number>();
  for (const link of links) {
    const status = linkStatus(link, now);
    if (status === 'active' || status === 'failed')
      activeByModel.set(link.modelId, (activeByModel.get(link.modelId) ?? 0) + 1);
  }

  const columns = (canRevoke ? 7 : 6) + (connectionNames ? 1 : 0);

  return (
    <Table colCount={columns} rowCount={links.length + 1} data-testid="matterport-links-table">
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">
              {formatMessage({ id: getTranslation('links.column.model'), defaultMessage: 'Space' })}
            </Typography>
          </Th>
          {connectionNames ? (
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: getTranslation('links.column.connection'),
                  defaultMessage: 'Connection',
                })}
              </Typography>
            </Th>
          ) : null}
          <Th>
            <Typography variant="sigma">
              {formatMessage({
                id: getTranslation('links.column.timeLeft'),
                defaultMessage: 'Time left',
              })}
            </Typography>
          </Th>
          <Th>
            <Typography variant="sigma">
              {formatMessage({
                id: getTranslation('links.column.created'),
                defaultMessage: 'Created',
              })}
            </Typography>
          </Th>
          <Th>
            <Typography variant="sigma">
              {formatMessage({ id: getTranslation('links.column.token'), defaultMessage: 'Token' })}
            </Typography>
          </Th>
          <Th>
            <Typography variant="sigma">
              {formatMessage({
                id: getTranslation('links.column.purpose'),
                defaultMessage: 'Purpose',
              })}
            </Typography>
          </Th>
          <Th>
            <Typography variant="sigma">
              {formatMessage({
                id: getTranslation('links.column.status'),
                defaultMessage: 'Status',
              })}
            </Typography>
          </Th>
          {canRevoke ? (
            <Th>
              <VisuallyHidden>
                {formatMessage({
                  id: getTranslation('links.column.actions'),
                  defaultMessage: 'Actions',
                })}
              </VisuallyHidden>
            </Th>
          ) : null}
        </Tr>
      </Thead>
      <Tbody>
        {links.map((link) => {
          const status = linkStatus(link, now);
          const name = names[link.modelId];
          const token = link.tokenHint ? `…${link.tokenHint}` : '—';
          const modelActive = activeByModel.get(link.modelId) ?? 0;
          return (
            <Tr
              key={link.id}
              data-testid="matterport-link-row"
              data-link-id={link.id}
              data-status={status}
            >
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  {name ? (
                    <Typography fontWeight="semiBold" textColor="neutral800">
                      {name}
                    </Typography>
                  ) : null}
                  <Mono
                    variant={name ? 'pi' : 'omega'}
                    textColor={name ? 'neutral600' : 'neutral800'}
                  >
                    {link.modelId}
                  </Mono>
                  <WhereUsedButton
                    size="S"
                    modelId={link.modelId}
                    connection={link.connection ?? undefined}
                    name={name}
                  />
                </Flex>
              </Td>
              {connectionNames ? (
                <Td>
                  <Typography textColor="neutral800" data-testid="matterport-link-connection">
                    {connectionNames[link.connection ?? 'default'] ?? link.connection ?? 'default'}
                  </Typography>
                </Td>
              ) : null}
              <Td>
                <TimeLeft link={link} status={status} now={now} />
              </Td>
              <Td>
                <Typography textColor="neutral800">
                  {formatDate(link.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </Typography>
              </Td>
              <Td>
                <Mono textColor="neutral800">{token}</Mono>
              </Td>
              <Td>
                <Typography textColor="neutral800">
                  {link.purpose === 'preview'
                    ? formatMessage({
                        id: getTranslation('links.purpose.preview'),
                        defaultMessage: 'Editor preview',
                      })
                    : formatMessage({
                        id: getTranslation('links.purpose.delivery'),
                        defaultMessage: 'Delivery',
                      })}
                </Typography>
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <LinkStatusBadge status={status} />
                  {link.revokeError && status !== 'revoked' ? (
                    <Typography
                      variant="pi"
                      textColor="danger700"
                      style={{ whiteSpace: 'normal' }}
                      data-testid="matterport-revoke-error"
                    >
                      {formatMessage(
                        {
                          id: getTranslation('links.revokeError'),
                          defaultMessage: 'could not revoke: {message}',
                        },
                        { message: link.revokeError.message }
                      )}
                    </Typography>
                  ) : null}
                </Flex>
              </Td>
              {canRevoke ? (
                <Td>
                  <Flex gap={2} justifyContent="flex-end">
                    {status === 'failed' ? (
                      <Button
                        size="S"
                        variant="danger-light"
                        loading={retrying.has(link.id)}
                        onClick={() => onRetryRevoke(link)}
                        aria-label={formatMessage(
                          {
                            id: getTranslation('links.retryRevoke.aria'),
                            defaultMessage: 'Retry revocation of link {token} of {model}',
                          },
                          { token, model: name ?? link.modelId }
                        )}
                        data-testid={`matterport-retry-revoke-${link.id}`}
                      >
                        {formatMessage({
                          id: getTranslation('links.retryRevoke'),
                          defaultMessage: 'Retry revocation',
                        })}
                      </Button>
                    ) : null}
                    {status === 'active' ? (
                      <Button
                        size="S"
                        variant="danger-light"
                        onClick={() => onRevoke(link)}
                        aria-label={formatMessage(
                          {
                            id: getTranslation('links.revoke.aria'),
                            defaultMessage: 'Revoke link {token} of {model}',
                          },
                          { token, model: name ?? link.modelId }
                        )}
                        data-testid={`matterport-revoke-link-${link.id}`}
                      >
                        {formatMessage({
                          id: getTranslation('links.revoke'),
                          defaultMessage: 'Revoke',
                        })}
                      </Button>
                    ) : null}
                    {modelActive > 0 ? (
                      <Button
                        size="S"
                        variant="tertiary"
                        onClick={() => onRevokeModel(link.modelId, modelActive)}
                        aria-label={formatMessage(
                          {
                            id: getTranslation('links.revokeModel.aria'),
                            defaultMessage: 'Revoke all for this model: {model}',
                          },
                          { model: name ?? link.modelId }
                        )}
                        data-testid={`matterport-revoke-model-${link.id}`}
                      >
                        {formatMessage({
                          id: getTranslation('links.revokeModel'),
                          defaultMessage: 'Revoke all for this model',
                        })}
                      </Button>
                    ) : null}
                  </Flex>
                </Td>
              ) : null}
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
