import { Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { ConnectionRemoval } from '../../../../../common/contracts/connections';
import { getTranslation } from '../../../utils/getTranslation';

/** What removing a connection did to its links: how many were revoked, and which still work. */
export const RemovalOutcome = ({ removal }: { removal: ConnectionRemoval }) => {
  const { formatMessage } = useIntl();
  const { revoked, notRevoked, error } = removal.links;
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      role="status"
      data-testid="matterport-removal-outcome"
    >
      <Typography>
        {formatMessage(
          {
            id: getTranslation('connections.removed'),
            defaultMessage:
              '{name} was removed. {count, plural, =0 {No link needed revoking.} one {# link was revoked.} other {# links were revoked.}}',
          },
          { name: removal.connection.name, count: revoked }
        )}
      </Typography>
      {error ? (
        <Typography textColor="danger700">
          {formatMessage(
            {
              id: getTranslation('connections.removed.error'),
              defaultMessage: 'Its links could not be revoked: {message}',
            },
            { message: error }
          )}
        </Typography>
      ) : null}
      {notRevoked.length ? (
        <>
          <Typography textColor="danger700">
            {formatMessage(
              {
                id: getTranslation('connections.removed.notRevoked'),
                defaultMessage:
                  '{count, plural, one {# link was} other {# links were}} not revoked and work until they expire:',
              },
              { count: notRevoked.length }
            )}
          </Typography>
          <ul data-testid="matterport-removal-not-revoked">
            {notRevoked.map((link) => (
              <li key={link.id}>
                <Typography variant="pi">
                  {formatMessage(
                    {
                      id: getTranslation('connections.removed.notRevokedLink'),
                      defaultMessage: 'Link {id} of {model}: {message}',
                    },
                    { id: link.id, model: link.modelId, message: link.error.message }
                  )}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Flex>
  );
};
