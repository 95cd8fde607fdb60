import { Field, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { DateRange, daysOf } from '../../components/DateRange';
import { FilterSelect } from '../../components/FilterSelect';
import {
  LINK_STATUS_FILTERS,
  type LinkPurpose,
  type LinkSortField,
} from '../../../../common/contracts/links';
import { useTextFilter, type FilterChoices } from '../../hooks/useListParams';
import { getTranslation } from '../../utils/getTranslation';

/** The links page's filters and sort as the URL holds them (defaults: LINK_FILTERS). */
export const LINK_FILTERS = {
  q: '',
  modelId: '',
  // Usable by default: a link whose revocation failed still works at Matterport, so it stays in view.
  status: 'usable',
  purpose: 'all',
  // A connection id, or 'all'; the choices are the connections (LinksPage checks them).
  connection: 'all',
  from: '',
  to: '',
  sort: 'createdAt:desc',
};
export type LinkFilters = typeof LINK_FILTERS;

/** The values the page's selects offer: any other value in the URL falls back to the default. */
export const LINK_FILTER_CHOICES: FilterChoices<LinkFilters> = {
  status: ['all', ...LINK_STATUS_FILTERS],
  purpose: ['all', 'delivery', 'preview'] satisfies Array<'all' | LinkPurpose>,
  sort: [
    'createdAt:desc',
    'createdAt:asc',
    'validUntil:asc',
    'validUntil:desc',
  ] satisfies Array<`${LinkSortField}:${'asc' | 'desc'}`>,
};

interface LinksFiltersProps {
  filters: LinkFilters;
  onChange: (patch: Partial<LinkFilters>) => void;
  modelInvalid: boolean;
  /** [id, name] of every connection, when there are several (else no connection filter). */
  connections?: ReadonlyArray<readonly [string, string]>;
}

/** Search, model, status, purpose, creation dates and sort of the links page. */
export const LinksFilters = ({
  filters,
  onChange,
  modelInvalid,
  connections,
}: LinksFiltersProps) => {
  const { formatMessage } = useIntl();
  const [search, setSearch] = useTextFilter(filters.q, (value) => onChange({ q: value }));
  const [model, setModel] = useTextFilter(filters.modelId, (value) => onChange({ modelId: value }));

  return (
    <>
      <Field.Root name="q">
        <Field.Label>
          {formatMessage({
            id: getTranslation('links.filter.search'),
            defaultMessage: 'Space name',
          })}
        </Field.Label>
        <TextInput
          type="search"
          value={search}
          placeholder={formatMessage({
            id: getTranslation('links.filter.searchPlaceholder'),
            defaultMessage: 'Search by name',
          })}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSearch(event.target.value)}
        />
      </Field.Root>
      <Field.Root
        name="modelId"
        error={
          modelInvalid
            ? formatMessage({
                id: getTranslation('links.filter.modelInvalid'),
                defaultMessage: 'A model ID has 11 letters and digits.',
              })
            : undefined
        }
      >
        <Field.Label>
          {formatMessage({ id: getTranslation('links.filter.model'), defaultMessage: 'Model ID' })}
        </Field.Label>
        <TextInput
          value={model}
          spellCheck={false}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setModel(event.target.value)}
        />
        <Field.Error />
      </Field.Root>
      <FilterSelect
        label={formatMessage({
          id: getTranslation('links.filter.status'),
          defaultMessage: 'Status',
        })}
        value={filters.status}
        onChange={(value) => onChange({ status: value })}
        options={[
          [
            'all',
            formatMessage({
              id: getTranslation('links.filter.status.all'),
              defaultMessage: 'All statuses',
            }),
          ],
          [
            'usable',
            formatMessage({
              id: getTranslation('links.filter.status.usable'),
              defaultMessage: 'Usable (active or failed revocation)',
            }),
          ],
          [
            'active',
            formatMessage({ id: getTranslation('links.status.active'), defaultMessage: 'Active' }),
          ],
          [
            'expired',
            formatMessage({
              id: getTranslation('links.status.expired'),
              defaultMessage: 'Expired',
            }),
          ],
          [
            'revoked',
            formatMessage({
              id: getTranslation('links.status.revoked'),
              defaultMessage: 'Revoked',
            }),
          ],
          [
            'failed',
            formatMessage({
              id: getTranslation('links.status.failed'),
              defaultMessage: 'Revocation failed',
            }),
          ],
        ]}
        testId="matterport-links-status"
      />
      <FilterSelect
        label={formatMessage({
          id: getTranslation('links.filter.purpose'),
          defaultMessage: 'Purpose',
        })}
        value={filters.purpose}
        onChange={(value) => onChange({ purpose: value })}
        options={[
          [
            'all',
            formatMessage({
              id: getTranslation('links.filter.purpose.all'),
              defaultMessage: 'All purposes',
            }),
          ],
          [
            'delivery',
            formatMessage({
              id: getTranslation('links.purpose.delivery'),
              defaultMessage: 'Delivery',
            }),
          ],
          [
            'preview',
            formatMessage({
              id: getTranslation('links.purpose.preview'),
              defaultMessage: 'Editor preview',
            }),
          ],
        ]}
        testId="matterport-links-purpose"
      />
      {connections ? (
        <FilterSelect
          label={formatMessage({
            id: getTranslation('links.filter.connection'),
            defaultMessage: 'Connection',
          })}
          value={filters.connection}
          onChange={(value) => onChange({ connection: value })}
          options={[
            [
              'all',
              formatMessage({
                id: getTranslation('links.filter.connection.all'),
                defaultMessage: 'All connections',
              }),
            ],
            ...connections,
          ]}
          testId="matterport-links-connection"
        />
      ) : null}
      <DateRange
        value={daysOf(filters.from, filters.to)}
        onChange={({ from, to }) => onChange({ from, to })}
      />
      <FilterSelect
        label={formatMessage({ id: getTranslation('links.sort'), defaultMessage: 'Sort by' })}
        value={filters.sort}
        onChange={(value) => onChange({ sort: value })}
        options={[
          [
            'createdAt:desc',
            formatMessage({
              id: getTranslation('links.sort.newest'),
              defaultMessage: 'Newest first',
            }),
          ],
          [
            'createdAt:asc',
            formatMessage({
              id: getTranslation('links.sort.oldest'),
              defaultMessage: 'Oldest first',
            }),
          ],
          [
            'validUntil:asc',
            formatMessage({
              id: getTranslation('links.sort.expiringFirst'),
              defaultMessage: 'Expiring soonest',
            }),
          ],
          [
            'validUntil:desc',
            formatMessage({
              id: getTranslation('links.sort.expiringLast'),
              defaultMessage: 'Expiring last',
            }),
          ],
        ]}
        testId="matterport-links-sort"
      />
    </>
  );
};
