import { Field, TextInput } from '@strapi/design-system';
import { Clock } from '@strapi/icons';
import { Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useAuditQuery } from '../../api/queries';
import type { AuditListQuery } from '../../../../common/contracts/ops';
import { DateRange, daysOf, toInstants } from '../../components/DateRange';
import { FilterSelect } from '../../components/FilterSelect';
import { PagedListPage } from '../../components/PagedList';
import { useListParams, useTextFilter } from '../../hooks/useListParams';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { ActivityTable } from './ActivityTable';
import { ACTION_NAMES } from './activityText';

export const ACTIVITY_PAGE_SIZE = 25;

/** The activity page's filters as the URL holds them; '' is "every action". */
const ACTIVITY_FILTERS = { action: '', actor: '', from: '', to: '' };

/**
 * Settings → Matterport activity: who changed the settings, revoked links, tested
 * credentials, and what happened, newest first, paged and filtered by the server.
 * Page and filters are in the URL.
 */
export const ActivityPage = () => {
  const { formatMessage } = useIntl();
  const { page, pageSize, filters, setPage, setPageSize, setFilters } = useListParams(
    ACTIVITY_FILTERS,
    ACTIVITY_PAGE_SIZE
  );
  const [actor, setActor] = useTextFilter(filters.actor, (value) => setFilters({ actor: value }));
  const days = daysOf(filters.from, filters.to);

  const query: AuditListQuery = {
    page,
    pageSize,
    action: filters.action || undefined,
    actor: filters.actor || undefined,
    ...toInstants(days),
  };
  const list = useAuditQuery(query);
  const filtered = Boolean(query.action || query.actor || query.from || query.to);
  // The URL may name an action this admin does not know: it is still offered, by its key.
  const known = filters.action === '' || filters.action in ACTION_NAMES;

  return (
    <PagedListPage
      pageTitle={formatMessage({
        id: getTranslation('activity.pageTitle'),
        defaultMessage: 'Settings - Matterport activity',
      })}
      title={formatMessage({
        id: getTranslation('activity.title'),
        defaultMessage: 'Matterport activity',
      })}
      subtitle={formatMessage({
        id: getTranslation('activity.subtitle'),
        defaultMessage:
          'Settings changes, revocations, credential tests and other operations, with who did them. Secrets are never recorded.',
      })}
      filters={
        <>
          <FilterSelect
            label={formatMessage({
              id: getTranslation('activity.filter.action'),
              defaultMessage: 'Action',
            })}
            value={filters.action === '' ? 'all' : filters.action}
            onChange={(value) => setFilters({ action: value === 'all' ? '' : value })}
            options={[
              [
                'all',
                formatMessage({
                  id: getTranslation('activity.filter.action.all'),
                  defaultMessage: 'All actions',
                }),
              ],
              ...Object.entries(ACTION_NAMES).map(
                ([key, name]) => [key, formatMessage(name)] as const
              ),
              ...(known ? [] : [[filters.action, filters.action] as const]),
            ]}
            testId="matterport-activity-action"
          />
          <Field.Root name="actor">
            <Field.Label>
              {formatMessage({
                id: getTranslation('activity.filter.actor'),
                defaultMessage: 'Who',
              })}
            </Field.Label>
            <TextInput
              value={actor}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                setActor(event.target.value)
              }
            />
          </Field.Root>
          <DateRange value={days} onChange={({ from, to }) => setFilters({ from, to })} />
        </>
      }
      list={list}
      testId="matterport-activity"
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
      {(entries) => <ActivityTable entries={entries} />}
    </PagedListPage>
  );
};

export const ProtectedActivityPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <ActivityPage />
  </Page.Protect>
);

export default ProtectedActivityPage;
