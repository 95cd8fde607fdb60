import { Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { AuditEntry } from '../../../../common/contracts/ops';
import { actorLabel } from '../../utils/actor';
import { getTranslation } from '../../utils/getTranslation';
import { actionName, detailSentences } from './activityText';

const Details = ({ entry }: { entry: AuditEntry }) => {
  const intl = useIntl();
  const sentences = detailSentences(intl, entry.action, entry.details);
  if (!sentences.length) return <Typography textColor="neutral500">—</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {sentences.map((sentence, index) => (
        <Typography
          // Sentences of one entry never move: their position is their identity.
          key={index}
          variant="pi"
          textColor="neutral700"
          style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}
        >
          {sentence}
        </Typography>
      ))}
    </Flex>
  );
};

/** One page of the audit trail: when, what (by name), who, and what happened in sentences. */
export const ActivityTable = ({ entries }: { entries: AuditEntry[] }) => {
  const intl = useIntl();
  const { formatMessage, formatDate } = intl;
  const heading = (text: string) => (
    <Th>
      <Typography variant="sigma">{text}</Typography>
    </Th>
  );
  return (
    <Table colCount={4} rowCount={entries.length + 1} data-testid="matterport-activity-table">
      <Thead>
        <Tr>
          {heading(
            formatMessage({ id: getTranslation('activity.column.at'), defaultMessage: 'When' })
          )}
          {heading(
            formatMessage({
              id: getTranslation('activity.column.action'),
              defaultMessage: 'Action',
            })
          )}
          {heading(
            formatMessage({ id: getTranslation('activity.column.actor'), defaultMessage: 'Who' })
          )}
          {heading(
            formatMessage({
              id: getTranslation('activity.column.details'),
              defaultMessage: 'Details',
            })
          )}
        </Tr>
      </Thead>
      <Tbody>
        {entries.map((entry) => (
          <Tr key={entry.id} data-testid="matterport-activity-row">
            <Td>
              <Typography textColor="neutral800">
                <time dateTime={entry.at}>
                  {formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'medium' })}
                </time>
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{actionName(intl, entry.action)}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {actorLabel(entry.actor, entry.actorEmail)}
              </Typography>
            </Td>
            <Td>
              <Details entry={entry} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
