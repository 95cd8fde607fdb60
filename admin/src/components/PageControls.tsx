import { Button, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Pagination } from '../../../common/contracts/shared';
import { getTranslation } from '../utils/getTranslation';

export const PAGE_SIZES = [10, 25, 50, 100];

interface PageControlsProps {
  pagination: Pagination;
  /** Rows on this page: when the total is a lower bound, a full page means there may be a next one. */
  rows: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
  disabled?: boolean;
}

/**
 * Previous / next, where we are, the total, and how many rows per page (the server pages).
 * A total the server gave as a lower bound (totalExact false) is shown as such ("10,000+").
 */
export const PageControls = ({
  pagination,
  rows,
  onPage,
  onPageSize,
  disabled,
}: PageControlsProps) => {
  const { formatMessage } = useIntl();
  const { page, pageCount, pageSize, total } = pagination;
  const atLeast = pagination.totalExact === false;
  // Past a lower bound the page count is not known: a full page may have a next one.
  const last = atLeast ? rows < pageSize : page >= pageCount;
  return (
    <Flex justifyContent="space-between" gap={4} wrap="wrap" data-testid="matterport-page-controls">
      <Flex gap={2}>
        <SingleSelect
          size="S"
          aria-label={formatMessage({
            id: getTranslation('pagination.pageSize'),
            defaultMessage: 'Rows per page',
          })}
          value={String(pageSize)}
          onChange={(value) => onPageSize(Number(value))}
        >
          {PAGE_SIZES.map((size) => (
            <SingleSelectOption key={size} value={String(size)}>
              {String(size)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({
            id: getTranslation('pagination.rowsPerPage'),
            defaultMessage: 'rows per page',
          })}
        </Typography>
      </Flex>
      <Flex gap={2}>
        <Button
          size="S"
          variant="tertiary"
          startIcon={<ChevronLeft />}
          disabled={disabled || page <= 1}
          onClick={() => onPage(page - 1)}
        >
          {formatMessage({ id: getTranslation('pagination.previous'), defaultMessage: 'Previous' })}
        </Button>
        <Typography variant="pi" textColor="neutral800" data-testid="matterport-page-status">
          {atLeast
            ? formatMessage(
                {
                  id: getTranslation('pagination.statusAtLeast'),
                  defaultMessage: 'Page {page} of {pageCount, number}+ · {total, number}+ results',
                },
                { page, pageCount, total }
              )
            : formatMessage(
                {
                  id: getTranslation('pagination.status'),
                  defaultMessage:
                    'Page {page} of {pageCount} · {total, plural, one {# result} other {# results}}',
                },
                { page, pageCount: Math.max(pageCount, 1), total }
              )}
        </Typography>
        <Button
          size="S"
          variant="tertiary"
          endIcon={<ChevronRight />}
          disabled={disabled || last}
          onClick={() => onPage(page + 1)}
        >
          {formatMessage({ id: getTranslation('pagination.next'), defaultMessage: 'Next' })}
        </Button>
      </Flex>
    </Flex>
  );
};
