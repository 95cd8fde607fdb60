import type { ReactNode } from 'react';
import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { ApiQuery } from '../api/queries';
import type { Pagination } from '../../../common/contracts/shared';
import { getTranslation } from '../utils/getTranslation';
import { PageControls } from './PageControls';

/** An answer of one of the plugin's paged lists (links, activity). */
export interface PagedAnswer<T> {
  data: T[];
  meta: { pagination: Pagination };
}

/** The header's Refresh button of a paged list: asks again for the page shown. */
export const RefreshButton = ({ list }: { list: ApiQuery<PagedAnswer<unknown>> }) => {
  const { formatMessage } = useIntl();
  return (
    <Button
      variant="secondary"
      startIcon={<ArrowClockwise />}
      onClick={list.reload}
      loading={list.loading && Boolean(list.data)}
    >
      {formatMessage({ id: getTranslation('links.refresh'), defaultMessage: 'Refresh' })}
    </Button>
  );
};

interface PagedListProps<T> {
  list: ApiQuery<PagedAnswer<T>>;
  /** Prefix of the data-testids: `<prefix>-error` (the error box), `<prefix>-filters`. */
  testId: string;
  loadFailedMessage: string;
  loadingMessage: string;
  emptyIcon: ReactNode;
  emptyMessage: string;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
  /** The rows of the page, as a table. */
  children: (rows: T[]) => ReactNode;
}

/**
 * What a paged list shows below its filters: the error (with Retry), the first load, the
 * empty state, or the page's rows with the page controls.
 */
export const PagedList = <T,>({
  list,
  testId,
  loadFailedMessage,
  loadingMessage,
  emptyIcon,
  emptyMessage,
  onPage,
  onPageSize,
  children,
}: PagedListProps<T>) => {
  const { formatMessage } = useIntl();
  if (list.problem) {
    return (
      <Box
        role="alert"
        background="danger100"
        borderColor="danger200"
        borderStyle="solid"
        borderWidth="1px"
        hasRadius
        padding={4}
        data-testid={`${testId}-error`}
      >
        <Flex direction="column" alignItems="flex-start" gap={2}>
          <Typography fontWeight="semiBold">{loadFailedMessage}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {list.problem.message}
          </Typography>
          <Button variant="secondary" size="S" startIcon={<ArrowClockwise />} onClick={list.reload}>
            {formatMessage({ id: getTranslation('problem.retry'), defaultMessage: 'Retry' })}
          </Button>
        </Flex>
      </Box>
    );
  }
  if (!list.data) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{loadingMessage}</Loader>
      </Flex>
    );
  }
  const rows = list.data.data;
  const { pagination } = list.data.meta;
  if (!rows.length && pagination.page <= 1)
    return <EmptyStateLayout icon={emptyIcon} content={emptyMessage} />;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {rows.length ? (
        children(rows)
      ) : (
        // A page past the end: the list ended before it (a lower-bound total, or rows that went
        // away since the page before was read). The controls below lead back.
        <EmptyStateLayout
          icon={emptyIcon}
          content={formatMessage({
            id: getTranslation('pagination.pastEnd'),
            defaultMessage: 'The list ends before this page. Go back with Previous.',
          })}
        />
      )}
      <PageControls
        pagination={pagination}
        rows={rows.length}
        disabled={list.loading}
        onPage={onPage}
        onPageSize={onPageSize}
      />
    </Flex>
  );
};

interface PagedListPageProps<T> extends PagedListProps<T> {
  /** The browser tab's title. */
  pageTitle: string;
  title: string;
  subtitle: string;
  /** Header actions shown before Refresh. */
  actions?: ReactNode;
  /** The filters above the list. */
  filters: ReactNode;
  /** Shown between the filters and the list (the outcome of a bulk action). */
  notice?: ReactNode;
}

/**
 * The page around a paged list (links, activity): title, header with Refresh, the filters,
 * then the list. The page's state (page, filters) lives in the URL: see useListParams.
 */
export const PagedListPage = <T,>({
  pageTitle,
  title,
  subtitle,
  actions,
  filters,
  notice,
  ...list
}: PagedListPageProps<T>) => (
  <Page.Main aria-busy={list.list.loading}>
    <Page.Title>{pageTitle}</Page.Title>
    <Layouts.Header
      title={title}
      subtitle={subtitle}
      primaryAction={
        <Flex gap={2}>
          {actions}
          <RefreshButton list={list.list} />
        </Flex>
      }
    />
    <Layouts.Content>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={4} wrap="wrap" alignItems="flex-end" data-testid={`${list.testId}-filters`}>
          {filters}
        </Flex>
        {notice}
        <PagedList {...list} />
      </Flex>
    </Layouts.Content>
  </Page.Main>
);
