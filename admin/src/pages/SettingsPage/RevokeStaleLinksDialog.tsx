import { Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import { useRevokePreviousCredentialsMutation } from '../../api/mutations';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { getTranslation } from '../../utils/getTranslation';

interface RevokeStaleLinksDialogProps {
  /** Active links created before the change, when the user may list links; null otherwise. */
  count: number | null;
  onClose: () => void;
}

/**
 * After new credentials are saved, links minted with the previous ones keep working
 * until they expire; if the old secret leaked, that is what must stop. Only the server
 * knows which credentials minted a link, so it picks them; the count shown beforehand
 * (links older than the change) is an upper bound.
 */
export const RevokeStaleLinksDialog = ({ count, onClose }: RevokeStaleLinksDialogProps) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const mutation = useRevokePreviousCredentialsMutation();

  // Resolves once settled, either way: the dialog shows progress until then.
  const revoke = () =>
    mutation
      .mutateAsync(undefined, {
        onSuccess: ({ meta }) =>
          toggleNotification({
            type: 'success',
            message: formatMessage(
              {
                id: getTranslation('settings.revokeStale.done'),
                defaultMessage:
                  '{count, plural, =0 {No active link was made with the previous credentials.} one {# link revoked.} other {# links revoked.}}',
              },
              { count: meta.revoked }
            ),
          }),
        onError: (error) =>
          toggleNotification({
            type: 'danger',
            message: formatMessage(
              {
                id: getTranslation('settings.revokeStale.failed'),
                defaultMessage: 'The old links were not revoked: {message}',
              },
              { message: toApiProblem(error).message }
            ),
          }),
      })
      .then(
        () => undefined,
        () => undefined
      );

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={formatMessage({
        id: getTranslation('settings.revokeStale.title'),
        defaultMessage: 'Revoke links made with the old credentials?',
      })}
      confirmLabel={formatMessage({
        id: getTranslation('settings.revokeStale.confirm'),
        defaultMessage: 'Revoke old links',
      })}
      cancelLabel={formatMessage({
        id: getTranslation('settings.revokeStale.keep'),
        defaultMessage: 'Keep them',
      })}
      onConfirm={revoke}
    >
      <Typography textAlign="center">
        {count === null
          ? formatMessage({
              id: getTranslation('settings.revokeStale.bodyUncounted'),
              defaultMessage:
                'Links made with the previous credentials keep working until they expire. Revoke them if the old secret may have leaked: tours using them stop at once, and visitors get new links on their next visit.',
            })
          : formatMessage(
              {
                id: getTranslation('settings.revokeStale.body'),
                defaultMessage:
                  '{count, plural, one {# active link was} other {# active links were}} minted before this change. Those made with the previous credentials keep working until they expire. Revoke them if the old secret may have leaked: tours using them stop at once, and visitors get new links on their next visit.',
              },
              { count }
            )}
      </Typography>
    </ConfirmDialog>
  );
};
