import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { ConnectionView } from '../../../../../common/contracts/connections';
import { toApiProblem } from '../../../api/errors';
import { useDeleteConnectionMutation } from '../../../api/mutations';
import { getTranslation } from '../../../utils/getTranslation';
import { RemovalOutcome } from './RemovalOutcome';

interface RemoveConnectionDialogProps {
  connection: ConnectionView;
  onClose: () => void;
}

/**
 * Removes a connection after confirmation. The server refuses (409) while published content
 * uses it; the admin then reads why and may remove it anyway. The dialog stays open to say
 * what the removal did to the connection's links.
 */
export const RemoveConnectionDialog = ({ connection, onClose }: RemoveConnectionDialogProps) => {
  const { formatMessage } = useIntl();
  const remove = useDeleteConnectionMutation();
  const problem = remove.isError ? toApiProblem(remove.error) : null;
  const inUse = problem?.status === 409;

  return (
    <Dialog.Root open onOpenChange={(open) => !open && !remove.isLoading && onClose()}>
      <Dialog.Content>
        <Dialog.Header>
          {formatMessage(
            { id: getTranslation('connections.remove.title'), defaultMessage: 'Remove {name}?' },
            { name: connection.name }
          )}
        </Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            {remove.isSuccess ? (
              <RemovalOutcome removal={remove.data} />
            ) : (
              <Typography>
                {formatMessage(
                  {
                    id: getTranslation('connections.remove.body'),
                    defaultMessage:
                      'Removing {name} revokes every embed link made with it: pages showing its spaces stop showing them. This cannot be undone.',
                  },
                  { name: connection.name }
                )}
              </Typography>
            )}
            {problem ? (
              <Typography
                role="alert"
                textColor="danger700"
                data-testid="matterport-remove-problem"
              >
                {inUse
                  ? problem.message
                  : formatMessage(
                      {
                        id: getTranslation('connections.remove.failed'),
                        defaultMessage: 'The connection was not removed: {message}',
                      },
                      {
                        message: problem.message,
                      }
                    )}
              </Typography>
            ) : null}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          {remove.isSuccess ? (
            <Button fullWidth variant="tertiary" onClick={onClose}>
              {formatMessage({ id: getTranslation('connections.close'), defaultMessage: 'Close' })}
            </Button>
          ) : (
            <>
              <Dialog.Cancel>
                <Button fullWidth variant="tertiary" disabled={remove.isLoading}>
                  {formatMessage({
                    id: getTranslation('confirm.cancel'),
                    defaultMessage: 'Cancel',
                  })}
                </Button>
              </Dialog.Cancel>
              {/* Not Dialog.Action: that would close the dialog before the server answers. */}
              <Button
                fullWidth
                variant="danger-light"
                loading={remove.isLoading}
                onClick={() => remove.mutate({ id: connection.id, force: inUse })}
                data-testid="matterport-remove-confirm"
              >
                {inUse
                  ? formatMessage({
                      id: getTranslation('connections.remove.force'),
                      defaultMessage: 'Remove anyway',
                    })
                  : formatMessage({
                      id: getTranslation('connections.remove.confirm'),
                      defaultMessage: 'Remove',
                    })}
              </Button>
            </>
          )}
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
