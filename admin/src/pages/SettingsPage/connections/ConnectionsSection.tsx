import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { ConnectionView } from '../../../../../common/contracts/connections';
import { useConnectionsQuery } from '../../../api/queries';
import { PERMISSIONS } from '../../../permissions';
import { getTranslation } from '../../../utils/getTranslation';
import { ConnectionDialog } from './ConnectionDialog';
import { ConnectionRow } from './ConnectionRow';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';

type Open =
  | { dialog: 'add' }
  | { dialog: 'edit'; connection: ConnectionView }
  | { dialog: 'remove'; connection: ConnectionView }
  | null;

/** Settings → Matterport → Connections: one Matterport organisation's credentials each (issue 26). */
export const ConnectionsSection = () => {
  const { formatMessage } = useIntl();
  const connections = useConnectionsQuery();
  // useRBAC names the result by the action's last segment: canUpdate for settings.update.
  const { allowedActions } = useRBAC(PERMISSIONS.settingsUpdate);
  const canEdit = Boolean(allowedActions.canUpdate);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  return (
    <Box
      background="neutral0"
      padding={6}
      shadow="filterShadow"
      hasRadius
      marginTop={6}
      tag="section"
      aria-labelledby="matterport-connections-title"
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
          <Typography variant="delta" tag="h2" id="matterport-connections-title">
            {formatMessage({
              id: getTranslation('connections.title'),
              defaultMessage: 'Connections',
            })}
          </Typography>
          {canEdit ? (
            <Button startIcon={<Plus />} onClick={() => setOpen({ dialog: 'add' })}>
              {formatMessage({
                id: getTranslation('connections.add'),
                defaultMessage: 'Add connection',
              })}
            </Button>
          ) : null}
        </Flex>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({
            id: getTranslation('connections.help'),
            defaultMessage:
              'Each connection holds the API credentials of one Matterport organisation. A field can use the spaces of several.',
          })}
        </Typography>
        {connections.problem ? (
          <Typography role="alert" textColor="danger700">
            {connections.problem.message}
          </Typography>
        ) : null}
        {connections.data ? (
          <Flex tag="ul" direction="column" alignItems="stretch" gap={3}>
            {connections.data.map((connection) => (
              <ConnectionRow
                key={connection.id}
                connection={connection}
                canEdit={canEdit}
                onEdit={(edited) => setOpen({ dialog: 'edit', connection: edited })}
                onRemove={(removed) => setOpen({ dialog: 'remove', connection: removed })}
              />
            ))}
          </Flex>
        ) : null}
      </Flex>
      {open?.dialog === 'add' ? <ConnectionDialog onClose={close} /> : null}
      {open?.dialog === 'edit' ? (
        <ConnectionDialog connection={open.connection} onClose={close} />
      ) : null}
      {open?.dialog === 'remove' ? (
        <RemoveConnectionDialog connection={open.connection} onClose={close} />
      ) : null}
    </Box>
  );
};
