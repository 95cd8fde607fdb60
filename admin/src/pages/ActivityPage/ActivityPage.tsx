import { useState } from 'react';
import {
  Field,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Clock } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { AuditEntry, AuditListQuery, GetAudit } from '../../../../common/contracts/ops';
import { useApiQuery } from '../../api/useApiQuery';
import { DateRange, toInstants, type DateRangeValue } from '../../components/DateRange';
import { PagedList, RefreshButton, usePaging } from '../../components/PagedList';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { actorLabel } from '../../utils/actor';

export const ACTIVITY_PAGE_SIZE = 25;

/** A detail value as short text: the server never puts secrets in details, but objects need flattening. */
const detailText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

const Details = ({ details }: { details: AuditEntry['details'] }) => {
  const entries = Object.entries(details);
  if (!entries.length) return <Typography textColor="neutral500">—</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {entries.map(([key, value]) => (
        <Typography
          key={key}
          variant="pi"
          textColor="neutral700"
          style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}
        >
          <Typography variant="pi" fontWeight="semiBold" textColor="neutral800">
            {key}
          </Typography>
          {`: ${detailText(value)}`}
        </Typography>
      ))}
    </Flex>
  );
};

/**
 * Settings → Matterport activity: who changed the settings, revoked links, tested
 * credentials, and what happened, newest first, paged and filtered by the server.
 */
export const ActivityPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const [actionInput, setActionInput] = useState('');
  const [actorInput, setActorInput] = useState('');
  const [dates, setDates] = useState<DateRangeValue>({ from: '', to: '' });
  const { page, pageSize, setPage, setPageSize, refilter } = usePaging(ACTIVITY_PAGE_SIZE);
  const [action] = useDebouncedValue(actionInput.trim(), 300);
  const [actor] = useDebouncedValue(actorInput.trim(), 300);

  const query: AuditListQuery = {
    page,
    pageSize,
    action: action || undefined,
    actor: actor || undefined,
    ...toInstants(dates),
  };
  const list = useApiQuery<GetAudit.Response>(
    JSON.stringify(query),
    (api, signal) => api.listAudit(query, signal),
    {
      keepPreviousData: true,
    }
  );
  const filtered = Boolean(query.action || query.actor || query.from || query.to);

  const content = (
    <PagedList
      list={list}
      errorTestId="matterport-activity-error"
      loadFailedMessage={formatMessage({
        id: getTranslation('activity.loadFailed'),
        defaultMessage: 'The activity could not be loaded.',
      })}
      loadingMessage={formatMessage({
        id: getTranslation('activity.loading'),
        defaultMessage: 'Loading activity…',
      })}
      emptyIcon={<Clock width="64px" height="64px" />}
      emptyMessage={
        filtered
          ? formatMessage({
              id: getTranslation('activity.empty.filtered'),
              defaultMessage: 'No activity matches these filters.',
            })
          : formatMessage({
              id: getTranslation('activity.empty'),
              defaultMessage: 'Nothing has been recorded yet.',
            })
      }
      onPage={setPage}
      onPageSize={setPageSize}
    >
      {(entries) => (
        <Table colCount={4} rowCount={entries.length + 1} data-testid="matterport-activity-table">
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">
                  {formatMessage({
                    id: getTranslation('activity.column.at'),
                    defaultMessage: 'When',
                  })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {formatMessage({
                    id: getTranslation('activity.column.action'),
                    defaultMessage: 'Action',
                  })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {formatMessage({
                    id: getTranslation('activity.column.actor'),
                    defaultMessage: 'Who',
                  })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {formatMessage({
                    id: getTranslation('activity.column.details'),
                    defaultMessage: 'Details',
                  })}
                </Typography>
              </Th>
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
                  <Typography textColor="neutral800">{entry.action}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {actorLabel(entry.actor, entry.actorEmail)}
                  </Typography>
                </Td>
                <Td>
                  <Details details={entry.details} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PagedList>
  );

  return (
    <Page.Main aria-busy={list.loading}>
      <Page.Title>
        {formatMessage({
          id: getTranslation('activity.pageTitle'),
          defaultMessage: 'Settings - Matterport activity',
        })}
      </Page.Title>
      <Layouts.Header
        title={formatMessage({
          id: getTranslation('activity.title'),
          defaultMessage: 'Matterport activity',
        })}
        subtitle={formatMessage({
          id: getTranslation('activity.subtitle'),
          defaultMessage:
            'Settings changes, revocations, credential tests and other operations, with who did them. Secrets are never recorded.',
        })}
        primaryAction={<RefreshButton list={list} />}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={4} wrap="wrap" alignItems="flex-end">
            <Field.Root name="action">
              <Field.Label>
                {formatMessage({
                  id: getTranslation('activity.filter.action'),
                  defaultMessage: 'Action',
                })}
              </Field.Label>
              <TextInput
                value={actionInput}
                placeholder="link.revoke"
                spellCheck={false}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  refilter(setActionInput)(event.target.value)
                }
              />
            </Field.Root>
            <Field.Root name="actor">
              <Field.Label>
                {formatMessage({
                  id: getTranslation('activity.filter.actor'),
                  defaultMessage: 'Who',
                })}
              </Field.Label>
              <TextInput
                value={actorInput}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  refilter(setActorInput)(event.target.value)
                }
              />
            </Field.Root>
            <DateRange value={dates} onChange={refilter(setDates)} />
          </Flex>
          {content}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export const ProtectedActivityPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <ActivityPage />
  </Page.Protect>
);

export default ProtectedActivityPage;
