import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Link,
  Loader,
  Modal,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  TextInput,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { toModelId } from '../../../common/showcase-url';
import { useModelUsageQuery } from '../api/queries';
import { getTranslation } from '../utils/getTranslation';
import { ProblemNotice } from './ProblemNotice';

interface WhereUsedProps {
  modelId: string;
  connection?: string;
  /** The space's name, when known (the title says it). */
  name?: string;
}

/**
 * Where a space is used (issue 28): every entry, published version or draft, whose content
 * holds it, each a link to the entry in the Content Manager. Asked when the dialog opens.
 */
export const WhereUsedDialog = ({
  modelId,
  connection = DEFAULT_CONNECTION_ID,
  name,
  open,
  onOpenChange,
}: WhereUsedProps & { open: boolean; onOpenChange: (open: boolean) => void }) => {
  const { formatMessage } = useIntl();
  const { data, problem, loading, reload } = useModelUsageQuery(open ? modelId : null, connection);
  const shown = data?.entries.length ?? 0;
  const total = data ? data.totals.published + data.totals.draft : 0;

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content style={{ maxWidth: '880px', width: '90vw' }}>
        <Modal.Header
          closeLabel={formatMessage({
            id: getTranslation('usage.close'),
            defaultMessage: 'Close',
          })}
        >
          <Modal.Title>
            {formatMessage(
              { id: getTranslation('usage.title'), defaultMessage: 'Where {name} is used' },
              { name: name ?? modelId }
            )}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex
            direction="column"
            alignItems="stretch"
            gap={3}
            data-testid="matterport-usage"
            aria-busy={loading}
          >
            {problem ? <ProblemNotice problem={problem} onRetry={reload} /> : null}
            {loading ? (
              <Loader small>
                {formatMessage({
                  id: getTranslation('usage.loading'),
                  defaultMessage: 'Looking for the entries using this space…',
                })}
              </Loader>
            ) : null}
            {data ? (
              <>
                <Typography tag="p" textColor="neutral800" data-testid="matterport-usage-totals">
                  {formatMessage(
                    {
                      id: getTranslation('usage.totals'),
                      defaultMessage:
                        'Published: {published, plural, =0 {none} one {# place} other {# places}}. Drafts: {draft, plural, =0 {none} one {# place} other {# places}}.',
                    },
                    { published: data.totals.published, draft: data.totals.draft }
                  )}
                </Typography>
                {!data.complete ? (
                  <Box
                    role="status"
                    background="warning100"
                    borderColor="warning200"
                    borderStyle="solid"
                    borderWidth="1px"
                    hasRadius
                    padding={3}
                    data-testid="matterport-usage-incomplete"
                  >
                    <Typography variant="pi" textColor="neutral800">
                      {formatMessage({
                        id: getTranslation('usage.incomplete'),
                        defaultMessage:
                          'Content written before this list existed is still being read: some older entries may be missing for a few minutes.',
                      })}
                    </Typography>
                  </Box>
                ) : null}
                {shown === 0 ? (
                  <Typography tag="p" textColor="neutral600" data-testid="matterport-usage-empty">
                    {formatMessage({
                      id: getTranslation('usage.empty'),
                      defaultMessage: 'No entry uses this space.',
                    })}
                  </Typography>
                ) : (
                  <Table colCount={4} rowCount={shown + 1}>
                    <Thead>
                      <Tr>
                        <Th>
                          <Typography variant="sigma">
                            {formatMessage({
                              id: getTranslation('usage.column.entry'),
                              defaultMessage: 'Entry',
                            })}
                          </Typography>
                        </Th>
                        <Th>
                          <Typography variant="sigma">
                            {formatMessage({
                              id: getTranslation('usage.column.type'),
                              defaultMessage: 'Content type',
                            })}
                          </Typography>
                        </Th>
                        <Th>
                          <Typography variant="sigma">
                            {formatMessage({
                              id: getTranslation('usage.column.version'),
                              defaultMessage: 'Version',
                            })}
                          </Typography>
                        </Th>
                        <Th>
                          <Typography variant="sigma">
                            {formatMessage({
                              id: getTranslation('usage.column.field'),
                              defaultMessage: 'Field',
                            })}
                          </Typography>
                        </Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {data.entries.map((entry) => (
                        <Tr
                          key={`${entry.contentType}|${entry.documentId}|${entry.locale ?? ''}|${entry.status}|${entry.path}`}
                          data-testid="matterport-usage-row"
                        >
                          <Td>
                            <Link tag={RouterLink} to={entry.adminPath}>
                              {entry.title ?? entry.documentId}
                              <VisuallyHidden>
                                {formatMessage({
                                  id: getTranslation('usage.open'),
                                  defaultMessage: ' (open in the Content Manager)',
                                })}
                              </VisuallyHidden>
                            </Link>
                          </Td>
                          <Td>
                            <Typography textColor="neutral800">
                              {entry.contentTypeName}
                              {entry.locale ? ` (${entry.locale})` : ''}
                            </Typography>
                          </Td>
                          <Td>
                            {/* Colours of their own: the `active` Badge's text misses 4.5:1 (axe). */}
                            <Badge
                              backgroundColor={
                                entry.status === 'published' ? 'success100' : 'neutral150'
                              }
                              textColor={entry.status === 'published' ? 'success700' : 'neutral700'}
                            >
                              {entry.status === 'published'
                                ? formatMessage({
                                    id: getTranslation('usage.published'),
                                    defaultMessage: 'Published',
                                  })
                                : formatMessage({
                                    id: getTranslation('usage.draft'),
                                    defaultMessage: 'Draft',
                                  })}
                            </Badge>
                          </Td>
                          <Td>
                            <Typography textColor="neutral800">{entry.path}</Typography>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                )}
                {shown < total ? (
                  <Typography variant="pi" textColor="neutral600">
                    {formatMessage(
                      {
                        id: getTranslation('usage.more'),
                        defaultMessage: 'The first {shown} of {total} places are listed.',
                      },
                      { shown, total }
                    )}
                  </Typography>
                ) : null}
              </>
            ) : null}
          </Flex>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
};

/** A button opening the "Where used" dialog of a space. */
export const WhereUsedButton = ({
  size = 'M',
  ...props
}: WhereUsedProps & { size?: 'S' | 'M' }) => {
  const { formatMessage } = useIntl();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size={size}
        variant="tertiary"
        onClick={() => setOpen(true)}
        aria-label={formatMessage(
          {
            id: getTranslation('usage.open.aria'),
            defaultMessage: 'Where used: {name}',
          },
          { name: props.name ?? props.modelId }
        )}
        data-testid="matterport-usage-button"
      >
        {formatMessage({ id: getTranslation('usage.button'), defaultMessage: 'Where used' })}
      </Button>
      {open ? <WhereUsedDialog {...props} open={open} onOpenChange={setOpen} /> : null}
    </>
  );
};

/**
 * Where a space is used, from its model ID or Showcase URL (the health panel): for a space
 * named in a Matterport email or a visitor's report, before deleting or archiving it.
 */
export const WhereUsedLookup = () => {
  const { formatMessage } = useIntl();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [modelId, setModelId] = useState<string | null>(null);
  const look = () => {
    try {
      setModelId(toModelId(text));
      setError(undefined);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  return (
    <Flex
      tag="form"
      gap={2}
      alignItems="flex-end"
      data-testid="matterport-usage-lookup"
      onSubmit={(event: React.FormEvent) => {
        event.preventDefault();
        look();
      }}
    >
      <Field.Root name="usageModel" error={error}>
        <Field.Label>
          {formatMessage({
            id: getTranslation('usage.lookup.label'),
            defaultMessage: 'Where is a space used? Model ID or Showcase URL',
          })}
        </Field.Label>
        <TextInput
          value={text}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setText(event.target.value)}
        />
        <Field.Error />
      </Field.Root>
      <Button type="submit" variant="secondary" disabled={!text.trim()}>
        {formatMessage({ id: getTranslation('usage.button'), defaultMessage: 'Where used' })}
      </Button>
      {modelId ? (
        <WhereUsedDialog
          modelId={modelId}
          open
          onOpenChange={(open) => {
            if (!open) setModelId(null);
          }}
        />
      ) : null}
    </Flex>
  );
};
