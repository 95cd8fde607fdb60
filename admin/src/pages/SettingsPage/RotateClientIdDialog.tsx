import { useState } from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';

interface RotateClientIdDialogProps {
  previousClientId: string;
  nextClientId: string;
  /** Revoke the links of the current credentials, then save. */
  onRevokeThenSave: () => Promise<void>;
  onSaveOnly: () => Promise<void>;
  onCancel: () => void;
}

/**
 * Shown before a new client ID is saved. Links are revoked with the credentials that
 * minted them, and once the new ones are saved the old client ID is gone from the
 * server: so the offer comes now, while the saved credentials are still the old ones.
 */
export const RotateClientIdDialog = ({
  previousClientId,
  nextClientId,
  onRevokeThenSave,
  onSaveOnly,
  onCancel,
}: RotateClientIdDialogProps) => {
  const { formatMessage } = useIntl();
  const [busy, setBusy] = useState<'revoke' | 'save' | null>(null);

  const run = (kind: 'revoke' | 'save', action: () => Promise<void>) => async () => {
    setBusy(kind);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && !busy && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>
          {formatMessage({
            id: getTranslation('settings.rotate.title'),
            defaultMessage: 'Revoke the links of the current client ID first?',
          })}
        </Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Typography textAlign="center">
              {formatMessage(
                {
                  id: getTranslation('settings.rotate.body'),
                  defaultMessage:
                    'You are replacing the client ID {previous} with {next}. Links minted with {previous} keep working until they expire, and can only be revoked with its credentials, that is before saving. Revoke them if the old credentials may have leaked: tours using them stop at once, and visitors get new links on their next visit.',
                },
                { previous: previousClientId, next: nextClientId }
              )}
            </Typography>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={busy !== null}>
              {formatMessage({ id: getTranslation('confirm.cancel'), defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant="secondary"
            disabled={busy === 'revoke'}
            loading={busy === 'save'}
            onClick={run('save', onSaveOnly)}
          >
            {formatMessage({
              id: getTranslation('settings.rotate.saveOnly'),
              defaultMessage: 'Save without revoking',
            })}
          </Button>
          <Button
            fullWidth
            variant="danger-light"
            disabled={busy === 'save'}
            loading={busy === 'revoke'}
            onClick={run('revoke', onRevokeThenSave)}
            data-testid="matterport-rotate-revoke"
          >
            {formatMessage({
              id: getTranslation('settings.rotate.revokeThenSave'),
              defaultMessage: 'Revoke old links, then save',
            })}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
