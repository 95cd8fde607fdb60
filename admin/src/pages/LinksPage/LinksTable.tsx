import { Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import type { EmbedLinkRecord } from '../../api/types';
import { useNow } from '../../hooks/useNow';
import { getTranslation } from '../../utils/getTranslation';
import { linkStatus } from './linkStatus';
import { LinkStatusBadge } from './LinkStatusBadge';
import { TimeLeft } from './TimeLeft';

interface LinksTableProps {
  links: EmbedLinkRecord[];
  names: Record<string, string>;
  canRevoke: boolean;
  onRevoke: (link: EmbedLinkRecord) => void;
  onRevokeModel: (modelId: string, activeCount: number) => void;
}

const Mono = styled(Typography)`
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
`;

/**
 * The ledger as a table. The design system's Table gives grid keyboard navigation
 * (arrow keys between cells, Tab into the table once).
 */
export const LinksTable = ({ links, names, canRevoke, onRevoke, onRevokeModel }: LinksTableProps) => {
  const { formatMessage, formatDate } = useIntl();
  const now = useNow(1000);

  const activeByModel = new Map<string, number>();
  for (const link of links) {
    if (linkStatus(link, now) === 'active') activeByModel.set(link.modelId, (activeByModel.get(link.modelId) ?? 0) + 1);
  }

  const columns = canRevoke ? 6 : 5;

  return (
    <Table colCount={columns} rowCount={links.length + 1} data-testid="matterport-links-table">
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{formatMessage({ id: getTranslation('links.column.model'), defaultMessage: 'Space' })}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{formatMessage({ id: getTranslation('links.column.timeLeft'), defaultMessage: 'Time left' })}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{formatMessage({ id: getTranslation('links.column.created'), defaultMessage: 'Created' })}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{formatMessage({ id: getTranslation('links.column.token'), defaultMessage: 'Token' })}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{formatMessage({ id: getTranslation('links.column.status'), defaultMessage: 'Status' })}</Typography>
          </Th>
          {canRevoke ? (
            <Th>
              <VisuallyHidden>{formatMessage({ id: getTranslation('links.column.actions'), defaultMessage: 'Actions' })}</VisuallyHidden>
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
            <Tr key={link.id} data-testid="matterport-link-row" data-link-id={link.id} data-status={status}>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  {name ? (
                    <Typography fontWeight="semiBold" textColor="neutral800">
                      {name}
                    </Typography>
                  ) : null}
                  <Mono variant={name ? 'pi' : 'omega'} textColor={name ? 'neutral600' : 'neutral800'}>
                    {link.modelId}
                  </Mono>
                </Flex>
              </Td>
              <Td>
                <TimeLeft link={link} status={status} now={now} />
              </Td>
              <Td>
                <Typography textColor="neutral800">{formatDate(link.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</Typography>
              </Td>
              <Td>
                <Mono textColor="neutral800">{token}</Mono>
              </Td>
              <Td>
                <LinkStatusBadge status={status} />
              </Td>
              {canRevoke ? (
                <Td>
                  <Flex gap={2} justifyContent="flex-end">
                    {status === 'active' ? (
                      <Button
                        size="S"
                        variant="danger-light"
                        onClick={() => onRevoke(link)}
                        aria-label={formatMessage(
                          { id: getTranslation('links.revoke.aria'), defaultMessage: 'Revoke link {token} of {model}' },
                          { token, model: name ?? link.modelId }
                        )}
                        data-testid={`matterport-revoke-link-${link.id}`}
                      >
                        {formatMessage({ id: getTranslation('links.revoke'), defaultMessage: 'Revoke' })}
                      </Button>
                    ) : null}
                    {modelActive > 0 ? (
                      <Button
                        size="S"
                        variant="tertiary"
                        onClick={() => onRevokeModel(link.modelId, modelActive)}
                        aria-label={formatMessage(
                          { id: getTranslation('links.revokeModel.aria'), defaultMessage: 'Revoke all links of {model}' },
                          { model: name ?? link.modelId }
                        )}
                        data-testid={`matterport-revoke-model-${link.id}`}
                      >
                        {formatMessage({ id: getTranslation('links.revokeModel'), defaultMessage: 'Revoke all for this model' })}
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
