import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../../api/errors';
import { useModelEventsMutation } from '../../../api/mutations';
import { useModelEventsQuery } from '../../../api/queries';
import { getTranslation } from '../../../utils/getTranslation';

interface ModelEventsStatusProps {
  connection: string;
  /** The id of the connection's name, which the buttons are described by. */
  nameId: string;
  canEdit: boolean;
}

/**
 * Whether Matterport tells this site when a space of the connection is deleted, archived,
 * transferred or changed (model event webhooks, issue 28), with a button to register (or
 * register again: new credentials) and one to unregister.
 */
export const ModelEventsStatus = ({ connection, nameId, canEdit }: ModelEventsStatusProps) => {
  const { formatMessage, formatDate } = useIntl();
  const status = useModelEventsQuery(connection);
  const change = useModelEventsMutation();
  const data = status.data;
  const problem = change.isError ? toApiProblem(change.error).message : null;

  return (
    <Box data-testid={`matterport-model-events-${connection}`}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="pi" fontWeight="bold">
          {formatMessage({
            id: getTranslation('connections.events.title'),
            defaultMessage: 'Model events',
          })}
        </Typography>
        {data ? (
          <Typography variant="pi" textColor="neutral700">
            {data.registered && data.registeredAt
              ? formatMessage(
                  {
                    id: getTranslation('connections.events.registered'),
                    defaultMessage:
                      'Registered at Matterport on {date}: deleted, archived or transferred spaces stop being delivered at once. Callback: {url}',
                  },
                  { date: formatDate(data.registeredAt), url: data.callbackUrl }
                )
              : formatMessage(
                  {
                    id: getTranslation('connections.events.unregistered'),
                    defaultMessage:
                      'Not registered: Matterport does not tell this site when a space is deleted, archived or transferred (Enterprise plan). Callback: {url}',
                  },
                  { url: data.callbackUrl }
                )}
          </Typography>
        ) : null}
        {status.problem ? (
          <Typography variant="pi" textColor="danger700">
            {status.problem.message}
          </Typography>
        ) : null}
        {canEdit && data ? (
          <Flex gap={2} wrap="wrap">
            <Button
              variant="secondary"
              size="S"
              loading={change.isLoading && change.variables?.register === true}
              onClick={() => change.mutate({ id: connection, register: true })}
              aria-describedby={nameId}
            >
              {data.registered
                ? formatMessage({
                    id: getTranslation('connections.events.registerAgain'),
                    defaultMessage: 'Register model events again',
                  })
                : formatMessage({
                    id: getTranslation('connections.events.register'),
                    defaultMessage: 'Register model events',
                  })}
            </Button>
            {data.registered ? (
              <Button
                variant="tertiary"
                size="S"
                loading={change.isLoading && change.variables?.register === false}
                onClick={() => change.mutate({ id: connection, register: false })}
                aria-describedby={nameId}
              >
                {formatMessage({
                  id: getTranslation('connections.events.unregister'),
                  defaultMessage: 'Unregister',
                })}
              </Button>
            ) : null}
          </Flex>
        ) : null}
        <Box role="status" aria-live="polite">
          {problem ? (
            <Typography variant="pi" textColor="danger700">
              {formatMessage(
                {
                  id: getTranslation('connections.events.failed'),
                  defaultMessage: 'Nothing was changed: {message}',
                },
                { message: problem }
              )}
            </Typography>
          ) : null}
        </Box>
      </Flex>
    </Box>
  );
};
