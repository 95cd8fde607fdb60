import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Lightning, Pencil, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';

import {
  DEFAULT_CONNECTION_ID,
  type ConnectionView,
} from '../../../../../common/contracts/connections';
import { toApiProblem } from '../../../api/errors';
import { useSaveConnectionMutation, useTestSavedConnectionMutation } from '../../../api/mutations';
import { getTranslation } from '../../../utils/getTranslation';
import { ModelEventsStatus } from './ModelEventsStatus';

interface ConnectionRowProps {
  connection: ConnectionView;
  /** The admin holds "Edit settings". */
  canEdit: boolean;
  onEdit: (connection: ConnectionView) => void;
  onRemove: (connection: ConnectionView) => void;
}

/**
 * One connection: what it is, its state, and what the admin may do with it. The buttons say
 * their action only ("Edit"); aria-describedby ties them to the connection's name, so their
 * accessible name stays their visible text (WCAG 2.5.3).
 */
export const ConnectionRow = ({ connection, canEdit, onEdit, onRemove }: ConnectionRowProps) => {
  const { formatMessage } = useIntl();
  const toggle = useSaveConnectionMutation();
  const test = useTestSavedConnectionMutation();
  const locked = connection.managedBy === 'config';
  // The settings form above edits the default: two editors of one record would contradict each other.
  const editedAbove = connection.id === DEFAULT_CONNECTION_ID;
  const nameId = `matterport-connection-${connection.id}-name`;
  const problem = toggle.isError ? toApiProblem(toggle.error).message : null;

  return (
    <Box
      tag="li"
      padding={4}
      hasRadius
      borderColor="neutral200"
      data-testid={`matterport-connection-${connection.id}`}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex gap={2} wrap="wrap" alignItems="center">
          <Typography variant="omega" fontWeight="bold" id={nameId}>
            {connection.name}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {connection.id}
          </Typography>
          {connection.isDefault ? (
            <Badge>
              {formatMessage({
                id: getTranslation('connections.badge.default'),
                defaultMessage: 'Default',
              })}
            </Badge>
          ) : null}
          <Badge
            backgroundColor={connection.enabled ? 'success100' : 'neutral150'}
            textColor={connection.enabled ? 'success700' : 'neutral700'}
          >
            {connection.enabled
              ? formatMessage({
                  id: getTranslation('connections.badge.enabled'),
                  defaultMessage: 'Enabled',
                })
              : formatMessage({
                  id: getTranslation('connections.badge.disabled'),
                  defaultMessage: 'Disabled',
                })}
          </Badge>
          {locked ? (
            <Badge>
              {formatMessage({
                id: getTranslation('connections.badge.locked'),
                defaultMessage: 'Set in the plugin configuration',
              })}
            </Badge>
          ) : null}
        </Flex>
        <Typography variant="pi" textColor="neutral700">
          {formatMessage(
            {
              id: getTranslation('connections.details'),
              defaultMessage: 'Client ID: {clientId} · Secret: {secret}',
            },
            {
              clientId: connection.clientId ?? '—',
              secret: connection.secretHint
                ? `•••• ${connection.secretHint}`
                : formatMessage({
                    id: getTranslation('connections.noSecret'),
                    defaultMessage: 'none saved',
                  }),
            }
          )}
        </Typography>
        {editedAbove ? (
          <Typography variant="pi" textColor="neutral600">
            {formatMessage({
              id: getTranslation('connections.defaultNote'),
              defaultMessage:
                'The credentials above are this connection’s; values that name no connection use it.',
            })}
          </Typography>
        ) : null}
        {canEdit ? (
          <Flex gap={2} wrap="wrap">
            <Button
              variant="secondary"
              size="S"
              startIcon={<Lightning />}
              loading={test.isLoading}
              onClick={() => test.mutate(connection.id)}
              aria-describedby={nameId}
            >
              {formatMessage({ id: getTranslation('connections.test'), defaultMessage: 'Test' })}
            </Button>
            {locked || editedAbove ? null : (
              <>
                <Button
                  variant="tertiary"
                  size="S"
                  startIcon={<Pencil />}
                  onClick={() => onEdit(connection)}
                  aria-describedby={nameId}
                >
                  {formatMessage({
                    id: getTranslation('connections.edit'),
                    defaultMessage: 'Edit',
                  })}
                </Button>
                <Button
                  variant="tertiary"
                  size="S"
                  loading={toggle.isLoading}
                  onClick={() =>
                    toggle.mutate({ id: connection.id, update: { enabled: !connection.enabled } })
                  }
                  aria-describedby={nameId}
                >
                  {connection.enabled
                    ? formatMessage({
                        id: getTranslation('connections.disable'),
                        defaultMessage: 'Disable',
                      })
                    : formatMessage({
                        id: getTranslation('connections.enable'),
                        defaultMessage: 'Enable',
                      })}
                </Button>
                <Button
                  variant="danger-light"
                  size="S"
                  startIcon={<Trash />}
                  onClick={() => onRemove(connection)}
                  aria-describedby={nameId}
                >
                  {formatMessage({
                    id: getTranslation('connections.remove'),
                    defaultMessage: 'Remove',
                  })}
                </Button>
              </>
            )}
          </Flex>
        ) : null}
        <ModelEventsStatus connection={connection.id} nameId={nameId} canEdit={canEdit} />
        <Box role="status" aria-live="polite" data-testid="matterport-connection-status">
          {test.isSuccess ? (
            <Typography variant="pi" textColor="success700">
              {formatMessage(
                {
                  id: getTranslation('connections.test.ok'),
                  defaultMessage: 'Connected to Matterport. {mint}',
                },
                {
                  mint: test.data.mint.ok
                    ? formatMessage({
                        id: getTranslation('connections.test.mintOk'),
                        defaultMessage: 'An embed link was created and revoked.',
                      })
                    : formatMessage(
                        {
                          id: getTranslation('connections.test.mintFailed'),
                          defaultMessage: 'Embed link: {message}',
                        },
                        {
                          message:
                            test.data.mint.message ??
                            test.data.mint.code ??
                            formatMessage({
                              id: getTranslation('connections.test.mintNotTested'),
                              defaultMessage: 'not tested.',
                            }),
                        }
                      ),
                }
              )}
            </Typography>
          ) : null}
          {test.isError ? (
            <Typography variant="pi" textColor="danger700">
              {formatMessage(
                {
                  id: getTranslation('settings.test.failure'),
                  defaultMessage: 'Connection failed: {message}',
                },
                {
                  message: toApiProblem(test.error).message,
                }
              )}
            </Typography>
          ) : null}
          {problem ? (
            <Typography variant="pi" textColor="danger700">
              {formatMessage(
                {
                  id: getTranslation('connections.saveFailed'),
                  defaultMessage: 'The connection was not saved: {message}',
                },
                {
                  message: problem,
                }
              )}
            </Typography>
          ) : null}
        </Box>
      </Flex>
    </Box>
  );
};
