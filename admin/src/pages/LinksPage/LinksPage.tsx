import { useMemo } from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Link as LinkIcon, Trash } from '@strapi/icons';
import { Page, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useConnectionsQuery, useLinksQuery } from '../../api/queries';
import { isConnectionId } from '../../../../common/connection-id';
import type { LinkListFilter, LinkListQuery } from '../../../../common/contracts/links';
import { daysOf, toInstants } from '../../components/DateRange';
import { PagedListPage } from '../../components/PagedList';
import { RevokeOutcomeNotice } from '../../components/RevokeOutcomeNotice';
import { useListParams } from '../../hooks/useListParams';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { isModelId } from '../../utils/modelReference';
import { LINK_FILTER_CHOICES, LINK_FILTERS, LinksFilters } from './LinksFilters';
import { LinksTable } from './LinksTable';
import { RevokeConfirm } from './RevokeConfirm';
import { useModelNames } from './useModelNames';
import { useRevokeActions } from './useRevokeActions';

// useRBAC names results after the action's last segment: canRevoke and canRead (models.read).
const PAGE_PERMISSIONS = [...PERMISSIONS.linksRevoke, ...PERMISSIONS.modelsRead];

export const DEFAULT_PAGE_SIZE = 25;

/**
 * Settings → Matterport links: the embed links the plugin has minted, paged, sorted and
 * filtered by the server (the ledger can hold many thousands), with revocation of one
 * link, of a model's links, or of everything a filter matches, for when links must
 * stop working before they expire (a leaked URL, an unpublished space, a leaked secret).
 * Page, filters and sort are in the URL.
 */
export const LinksPage = () => {
  const { formatMessage } = useIntl();
  const { allowedActions } = useRBAC(PAGE_PERMISSIONS);
  // The connections, for the filter and the column; an admin who may not read them (or an
  // older server) gets the page as it was before connections.
  const connectionList = useConnectionsQuery().data;
  const choices = useMemo(
    () =>
      connectionList
        ? { ...LINK_FILTER_CHOICES, connection: ['all', ...connectionList.map((c) => c.id)] }
        : LINK_FILTER_CHOICES,
    [connectionList]
  );
  const { page, pageSize, filters, setPage, setPageSize, setFilters } = useListParams(
    LINK_FILTERS,
    DEFAULT_PAGE_SIZE,
    choices
  );
  const several = connectionList !== null && connectionList.length > 1;
  const connectionNames = useMemo(
    () =>
      several && connectionList
        ? Object.fromEntries(connectionList.map((c) => [c.id, c.name]))
        : undefined,
    [several, connectionList]
  );
  // Before the list arrives any well-formed id is kept (the server answers for unknown ones).
  const connection =
    filters.connection !== 'all' && isConnectionId(filters.connection)
      ? filters.connection
      : undefined;
  const modelId = filters.modelId.trim();
  const modelInvalid = modelId !== '' && !isModelId(modelId);

  // What the list shows is what a bulk revocation would touch: one filter for both.
  const filter: LinkListFilter = {
    modelId: modelId && !modelInvalid ? modelId : undefined,
    status: filters.status === 'all' ? undefined : (filters.status as LinkListFilter['status']),
    purpose: filters.purpose === 'all' ? undefined : (filters.purpose as LinkListFilter['purpose']),
    connection,
    ...toInstants(daysOf(filters.from, filters.to)),
    q: filters.q || undefined,
  };
  const query: LinkListQuery = {
    page,
    pageSize,
    sort: filters.sort as LinkListQuery['sort'],
    ...filter,
  };
  const list = useLinksQuery(query);
  const links = list.data?.data ?? null;
  const pagination = list.data?.meta.pagination ?? null;
  const names = useModelNames(
    links?.map((link) => link.modelId) ?? [],
    Boolean(allowedActions.canRead),
    Object.fromEntries((links ?? []).map((link) => [link.modelId, link.connection]))
  );
  const modelLabel = (id: string) => names[id] ?? id;
  const revoke = useRevokeActions(modelLabel);

  const canRevoke = Boolean(allowedActions.canRevoke);
  const filtered = Boolean(
    filter.modelId ||
    filter.purpose ||
    filter.connection ||
    filter.from ||
    filter.to ||
    filter.q ||
    (filter.status && filter.status !== 'usable')
  );
  // Links that are already revoked or expired cannot be revoked again.
  const revocable = ['all', 'usable', 'active', 'failed'].includes(filters.status);
  const total = pagination?.total ?? 0;
  const totalExact = pagination?.totalExact !== false;

  return (
    <>
      <PagedListPage
        pageTitle={formatMessage({
          id: getTranslation('links.pageTitle'),
          defaultMessage: 'Settings - Matterport links',
        })}
        title={formatMessage({
          id: getTranslation('links.title'),
          defaultMessage: 'Matterport links',
        })}
        subtitle={formatMessage({
          id: getTranslation('links.subtitle'),
          defaultMessage:
            'Private embed links delivered with your content. A revoked link stops working at once, even in open tours.',
        })}
        actions={
          canRevoke && (connection || (revocable && total > 0)) ? (
            <Flex gap={2} wrap="wrap">
              {canRevoke && connection ? (
                <Button
                  variant="danger-light"
                  startIcon={<Trash />}
                  onClick={() =>
                    revoke.ask({
                      kind: 'connection',
                      connection,
                      name: connectionNames?.[connection] ?? connection,
                    })
                  }
                  data-testid="matterport-revoke-connection"
                >
                  {formatMessage(
                    {
                      id: getTranslation('links.revokeConnection'),
                      defaultMessage: 'Revoke every link of {connection}',
                    },
                    { connection: connectionNames?.[connection] ?? connection }
                  )}
                </Button>
              ) : null}
              {canRevoke && revocable && total > 0 ? (
                <Button
                  variant="danger-light"
                  startIcon={<Trash />}
                  onClick={() =>
                    revoke.ask({ kind: 'filter', filter, count: total, exact: totalExact })
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
                        {
                          count: total,
                        }
                      )}
                </Button>
              ) : null}
            </Flex>
          ) : null
        }
        filters={
          <LinksFilters
            filters={filters}
            onChange={setFilters}
            modelInvalid={modelInvalid}
            connections={
              several && connectionList
                ? connectionList.map((c) => [c.id, c.name] as const)
                : undefined
            }
          />
        }
        notice={
          revoke.outcome ? <RevokeOutcomeNotice outcome={revoke.outcome} names={names} /> : null
        }
        list={list}
        testId="matterport-links"
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
            : filters.status === 'usable'
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
            connectionNames={connectionNames}
            canRevoke={canRevoke}
            retrying={revoke.retrying}
            onRevoke={(link) => revoke.ask({ kind: 'link', link })}
            onRetryRevoke={revoke.retry}
            onRevokeModel={(id, count) => revoke.ask({ kind: 'model', modelId: id, count })}
          />
        )}
      </PagedListPage>
      {revoke.pending ? (
        <RevokeConfirm
          pending={revoke.pending}
          modelLabel={modelLabel}
          onCancel={revoke.cancel}
          onConfirm={revoke.confirm}
        />
      ) : null}
    </>
  );
};

export const ProtectedLinksPage = () => (
  <Page.Protect permissions={PERMISSIONS.linksRead}>
    <LinksPage />
  </Page.Protect>
);

export default ProtectedLinksPage;
