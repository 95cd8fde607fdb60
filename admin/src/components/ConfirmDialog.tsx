import { useState } from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** The dialog stays open, with a busy button, until this settles. */
  onConfirm: () => Promise<void> | void;
}

/**
 * A confirmation for a destructive action. Strapi's own ConfirmDialog closes before
 * its action settles; revoking calls Matterport, so this one waits and shows progress,
 * and the page can report the result afterwards.
 */
export const ConfirmDialog = ({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
}: ConfirmDialogProps) => {
  const { formatMessage } = useIntl();
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      onOpenChange(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            {typeof children === 'string' ? (
              <Typography textAlign="center">{children}</Typography>
            ) : (
              children
            )}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={busy}>
              {cancelLabel ??
                formatMessage({ id: getTranslation('confirm.cancel'), defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          {/* Not Dialog.Action: that would close the dialog before the request ends. */}
          <Button
            fullWidth
            variant="danger-light"
            loading={busy}
            onClick={confirm}
            data-testid="matterport-confirm"
          >
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
