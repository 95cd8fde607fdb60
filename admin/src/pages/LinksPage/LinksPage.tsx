import { useMemo, useState } from 'react';
import {
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { Link as LinkIcon, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import type {
  GetLinks,
  LinkListFilter,
  LinkListItem,
  LinkListQuery,
  RevokeResponse,
} from '../../../../common/contracts/links';
import { useApiQuery } from '../../api/useApiQuery';
import { useMatterportApi } from '../../api/useMatterportApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateRange, toInstants, type DateRangeValue } from '../../components/DateRange';
import { PagedList, RefreshButton, usePaging } from '../../components/PagedList';
import { RevokeOutcomeNotice } from '../../components/RevokeOutcomeNotice';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { isModelId } from '../../utils/modelReference';
import { LinksTable } from './LinksTable';
import { useModelNames } from './useModelNames';

// useRBAC names results after the action's last segment: canRevoke and canRead (models.read).
const PAGE_PERMISSIONS = [...PERMISSIONS.linksRevoke, ...PERMISSIONS.modelsRead];

type Pending =
  | { kind: 'link'; link: LinkListItem }
  | { kind: 'model'; modelId: string; count: number }
  // exact false: `count` is a lower bound (the server stopped counting there).
  | { kind: 'filter'; filter: LinkListFilter; count: number; exact: boolean };

type StatusFilter = NonNullable<LinkListFilter['status']> | 'all';
type PurposeFilter = NonNullable<LinkListFilter['purpose']> | 'all';

export const DEFAULT_PAGE_SIZE = 25;
type Sort = 'createdAt:desc' | 'createdAt:asc' | 'validUntil:asc' | 'validUntil:desc';

/**
 * Settings → Matterport links: the embed links the plugin has minted, paged, sorted and
 * filtered by the server (the ledger can hold many thousands), with revocation of one
 * link, of a model's links, or of everything a filter matches, for when links must
 * stop working before they expire (a leaked URL, an unpublished space, a leaked secret).
 */
export const LinksPage = () => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const api = useMatterportApi();
  const { allowedActions } = useRBAC(PAGE_PERMISSIONS);

  // Usable by default: a link whose revocation failed still works at Matterport, so it stays in view.
  const [status, setStatus] = useState<StatusFilter>('usable');
  const [purpose, setPurpose] = useState<PurposeFilter>('all');
  const [modelInput, setModelInput] = useState('');
  const [searchInput, setSearchInput] = useState('');
  const [dates, setDates] = useState<DateRangeValue>({ from: '', to: '' });
  const [sort, setSort] = useState<Sort>('createdAt:desc');
  const { page, pageSize, setPage, setPageSize, refilter } = usePaging(DEFAULT_PAGE_SIZE);
  const [q] = useDebouncedValue(searchInput.trim(), 300);
  const modelId = modelInput.trim();
  const modelInvalid = modelId !== '' && !isModelId(modelId);

  // What the list shows is what a bulk revocation would touch: one filter for both.
  const filter = useMemo<LinkListFilter>(
    () => ({
      modelId: modelId && !modelInvalid ? modelId : undefined,
      status: status === 'all' ? undefined : status,
      purpose: purpose === 'all' ? undefined : purpose,
      ...toInstants(dates),
      q: q || undefined,
    }),
    [modelId, modelInvalid, status, purpose, dates, q]
  );
  const query: LinkListQuery = { page, pageSize, sort, ...filter };
  const list = useApiQuery<GetLinks.Response>(
    JSON.stringify(query),
    (client, signal) => client.listLinks(query, signal),
    {
      keepPreviousData: true,
    }
  );
  const links = list.data?.data ?? null;
  const pagination = list.data?.meta.pagination ?? null;
  const names = useModelNames(
    links?.map((link) => link.modelId) ?? [],
    Boolean(allowedActions.canRead)
  );

  const [pending, setPending] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<RevokeResponse | null>(null);
  const [retrying, setRetrying] = useState<ReadonlySet<number>>(new Set());

  const canRevoke = Boolean(allowedActions.canRevoke);
  const modelLabel = (id: string) => names[id] ?? id;

  const notifyFailure = (error: unknown) =>
    toggleNotification({
      type: 'danger',
      message: formatMessage(
        {
          id: getTranslation('links.revokeFailed'),
          defaultMessage: 'Revocation failed: {message}',
        },
        { message: toApiProblem(error).message }
      ),
    });

  const revoke = async (target: Pending) => {
    try {
      if (target.kind === 'link') {
        await api.revokeLink(target.link.id);
        toggleNotification({
          type: 'success',
          message: formatMessage({
            id: getTranslation('links.revoked'),
            defaultMessage: 'The link was revoked.',
          }),
        });
      } else if (target.kind === 'model') {
        const { meta } = await api.revokeModelLinks(target.modelId);
        toggleNotification({
          type: 'success',
          message: formatMessage(
            {
              id: getTranslation('links.revokedModel'),
              defaultMessage:
                '{count, plural, =0 {No link needed revoking} one {# link revoked} other {# links revoked}} for {model}.',
            },
            { count: meta.revoked, model: modelLabel(target.modelId) }
          ),
        });
      } else {
        const result = await api.revokeByFilter(target.filter);
        setOutcome(result);
        // One request revokes at most a few thousand links: say how many still match.
        const left = result.meta.matched - result.meta.revoked - result.meta.failed;
        const done = formatMessage(
          {
            id: getTranslation('links.revokedFilter'),
            defaultMessage:
              '{revoked, plural, =0 {No link revoked} one {# link revoked} other {# links revoked}}{failed, plural, =0 {.} other {; # could not be revoked.}}',
          },
          { revoked: result.meta.revoked, failed: result.meta.failed }
        );
        toggleNotification({
          type: result.meta.failed || left > 0 ? 'warning' : 'success',
          message:
            left > 0
              ? `${done} ${formatMessage(
                  {
                    id: getTranslation('links.revokedFilterMore'),
                    defaultMessage:
                      '{left, plural, one {# more link matches} other {# more links match}}: revoke again to go on.',
                  },
                  { left }
                )}`
              : done,
        });
      }
    } catch (error) {
      notifyFailure(error);
    } finally {
      list.reload();
    }
  };

  const retryRevoke = async (link: LinkListItem) => {
    setRetrying((previous) => new Set(previous).add(link.id));
    try {
      await api.revokeLink(link.id);
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: getTranslation('links.revoked'),
          defaultMessage: 'The link was revoked.',
        }),
      });
    } catch (error) {
      notifyFailure(error);
    } finally {
      setRetrying((previous) => {
        const next = new Set(previous);
        next.delete(link.id);
        return next;
      });
      list.reload();
    }
  };

  const filtered = Boolean(
    filter.modelId ||
    filter.purpose ||
    filter.from ||
    filter.to ||
    filter.q ||
    (filter.status && filter.status !== 'usable')
  );
  // Links that are already revoked or expired cannot be revoked again.
  const revocable =
    status === 'all' || status === 'usable' || status === 'active' || status === 'failed';
  const total = pagination?.total ?? 0;
  const totalExact = pagination?.totalExact !== false;

  const content = (
    <PagedList
      list={list}
      errorTestId="matterport-links-error"
      loadFailedMessage={formatMessage({
        id: getTranslation('links.loadFailed'),
        defaultMessage: 'The links could not be loaded.',
      })}
      loadingMessage={formatMessage({
        id: getTranslation('links.loading'),
        defaultMessage: 'Loading links…',
      })}
      emptyIcon={<LinkIcon width="64px" height="64px" />}
      emptyMessage={
        filtered
          ? formatMessage({
              id: getTranslation('links.empty.filtered'),
              defaultMessage: 'No link matches these filters.',
            })
          : status === 'usable'
            ? formatMessage({
                id: getTranslation('links.empty.usable'),
                defaultMessage:
                  'No usable links. Links are minted when the API delivers an entry with a Matterport field.',
              })
            : formatMessage({
                id: getTranslation('links.empty.all'),
                defaultMessage: 'No links have been minted yet.',
              })
      }
      onPage={setPage}
      onPageSize={setPageSize}
    >
      {(rows) => (
        <LinksTable
          links={rows}
          names={names}
          canRevoke={canRevoke}
          retrying={retrying}
          onRevoke={(link) => setPending({ kind: 'link', link })}
          onRetryRevoke={retryRevoke}
          onRevokeModel={(id, count) => setPending({ kind: 'model', modelId: id, count })}
        />
      )}
    </PagedList>
  );

  const select = (
    label: string,
    value: string,
    onChange: (value: string) => void,
    options: Array<[string, string]>,
    testId: string
  ) => (
    <Field.Root name={testId}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value} onChange={(next) => onChange(String(next))} data-testid={testId}>
        {options.map(([key, text]) => (
          <SingleSelectOption key={key} value={key}>
            {text}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );

  return (
    <Page.Main aria-busy={list.loading}>
      <Page.Title>
        {formatMessage({
          id: getTranslation('links.pageTitle'),
          defaultMessage: 'Settings - Matterport links',
        })}
      </Page.Title>
      <Layouts.Header
        title={formatMessage({
          id: getTranslation('links.title'),
          defaultMessage: 'Matterport links',
        })}
        subtitle={formatMessage({
          id: getTranslation('links.subtitle'),
          defaultMessage:
            'Private embed links delivered with your content. A revoked link stops working at once, even in open tours.',
        })}
        primaryAction={
          <Flex gap={2}>
            {canRevoke && revocable && total > 0 ? (
              <Button
                variant="danger-light"
                startIcon={<Trash />}
                onClick={() =>
                  setPending({ kind: 'filter', filter, count: total, exact: totalExact })
                }
                data-testid="matterport-revoke-filter"
              >
                {totalExact
                  ? formatMessage(
                      {
                        id: getTranslation('links.revokeFilter'),
                        defaultMessage:
                          'Revoke {count, plural, one {the # matching link} other {the # matching links}}',
                      },
                      { count: total }
                    )
                  : formatMessage(
                      {
                        id: getTranslation('links.revokeFilterAtLeast'),
                        defaultMessage: 'Revoke the {count, number}+ matching links',
                      },
                      { count: total }
                    )}
              </Button>
            ) : null}
            <RefreshButton list={list} />
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={4} wrap="wrap" alignItems="flex-end" data-testid="matterport-links-filters">
            <Field.Root name="q">
              <Field.Label>
                {formatMessage({
                  id: getTranslation('links.filter.search'),
                  defaultMessage: 'Space name',
                })}
              </Field.Label>
              <TextInput
                type="search"
                value={searchInput}
                placeholder={formatMessage({
                  id: getTranslation('links.filter.searchPlaceholder'),
                  defaultMessage: 'Search by name',
                })}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  refilter(setSearchInput)(event.target.value)
                }
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
                {formatMessage({
                  id: getTranslation('links.filter.model'),
                  defaultMessage: 'Model ID',
                })}
              </Field.Label>
              <TextInput
                value={modelInput}
                spellCheck={false}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  refilter(setModelInput)(event.target.value)
                }
              />
              <Field.Error />
            </Field.Root>
            {select(
              formatMessage({
                id: getTranslation('links.filter.status'),
                defaultMessage: 'Status',
              }),
              status,
              (value) => refilter(setStatus)(value as StatusFilter),
              [
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
                  formatMessage({
                    id: getTranslation('links.status.active'),
                    defaultMessage: 'Active',
                  }),
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
              ],
              'matterport-links-status'
            )}
            {select(
              formatMessage({
                id: getTranslation('links.filter.purpose'),
                defaultMessage: 'Purpose',
              }),
              purpose,
              (value) => refilter(setPurpose)(value as PurposeFilter),
              [
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
              ],
              'matterport-links-purpose'
            )}
            <DateRange value={dates} onChange={refilter(setDates)} />
            {select(
              formatMessage({ id: getTranslation('links.sort'), defaultMessage: 'Sort by' }),
              sort,
              (value) => setSort(value as Sort),
              [
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
              ],
              'matterport-links-sort'
            )}
          </Flex>
          {outcome ? <RevokeOutcomeNotice outcome={outcome} names={names} /> : null}
          {content}
        </Flex>
      </Layouts.Content>

      {pending ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setPending(null)}
          title={
            pending.kind === 'link'
              ? formatMessage({
                  id: getTranslation('links.confirm.link.title'),
                  defaultMessage: 'Revoke this link?',
                })
              : pending.kind === 'model'
                ? formatMessage({
                    id: getTranslation('links.confirm.model.title'),
                    defaultMessage: 'Revoke every link of this space?',
                  })
                : formatMessage({
                    id: getTranslation('links.confirm.filter.title'),
                    defaultMessage: 'Revoke every link that matches?',
                  })
          }
          confirmLabel={
            pending.kind === 'link'
              ? formatMessage({ id: getTranslation('links.revoke'), defaultMessage: 'Revoke' })
              : pending.kind === 'filter' && !pending.exact
                ? formatMessage({
                    id: getTranslation('links.confirm.filter.confirmAtLeast'),
                    defaultMessage: 'Revoke every matching link',
                  })
                : formatMessage(
                    {
                      id: getTranslation('links.confirm.model.confirm'),
                      defaultMessage: 'Revoke {count, plural, one {# link} other {# links}}',
                    },
                    { count: pending.count }
                  )
          }
          onConfirm={() => revoke(pending)}
        >
          {pending.kind === 'link'
            ? formatMessage(
                {
                  id: getTranslation('links.confirm.link.body'),
                  defaultMessage:
                    'The link …{token} of {model} stops working at once, also in tours that are open. Visitors get a new link on their next visit.',
                },
                { token: pending.link.tokenHint ?? '', model: modelLabel(pending.link.modelId) }
              )
            : pending.kind === 'model'
              ? formatMessage(
                  {
                    id: getTranslation('links.confirm.model.body'),
                    defaultMessage:
                      'All {count, plural, one {# active link} other {# active links}} of {model} stop working at once, also in tours that are open. Visitors get new links on their next visit.',
                  },
                  { count: pending.count, model: modelLabel(pending.modelId) }
                )
              : !pending.exact
                ? formatMessage(
                    {
                      id: getTranslation('links.confirm.filter.bodyAtLeast'),
                      defaultMessage:
                        'More than {count, number} links match the current filters, on every page. Those still working stop at once, also in tours that are open. Visitors get new links on their next visit.',
                    },
                    { count: pending.count }
                  )
                : formatMessage(
                    {
                      id: getTranslation('links.confirm.filter.body'),
                      defaultMessage:
                        '{count, plural, one {# link matches} other {# links match}} the current filters, on every page. Those still working stop at once, also in tours that are open. Visitors get new links on their next visit.',
                    },
                    { count: pending.count }
                  )}
        </ConfirmDialog>
      ) : null}
    </Page.Main>
  );
};

export const ProtectedLinksPage = () => (
  <Page.Protect permissions={PERMISSIONS.linksRead}>
    <LinksPage />
  </Page.Protect>
);

export default ProtectedLinksPage;
