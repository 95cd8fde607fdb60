import { useIntl } from 'react-intl';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { getTranslation } from '../../utils/getTranslation';
import type { PendingRevoke } from './useRevokeActions';

interface RevokeConfirmProps {
  pending: PendingRevoke;
  modelLabel: (modelId: string) => string;
  onCancel: () => void;
  onConfirm: (pending: PendingRevoke) => Promise<void>;
}

/** "Revoke this link / every link of this space / every link that matches?", with what it does. */
export const RevokeConfirm = ({ pending, modelLabel, onCancel, onConfirm }: RevokeConfirmProps) => {
  const { formatMessage } = useIntl();
  if (pending.kind === 'connection')
    return (
      <ConfirmDialog
        open
        onOpenChange={(open) => !open && onCancel()}
        title={formatMessage({
          id: getTranslation('links.confirm.connection.title'),
          defaultMessage: 'Revoke every link of this connection?',
        })}
        confirmLabel={formatMessage(
          {
            id: getTranslation('links.confirm.connection.confirm'),
            defaultMessage: 'Revoke every link of {connection}',
          },
          { connection: pending.name }
        )}
        onConfirm={() => onConfirm(pending)}
      >
        {formatMessage(
          {
            id: getTranslation('links.confirm.connection.body'),
            defaultMessage:
              'Every working link minted with the credentials of {connection} stops at once, whatever the other filters, also in tours that are open. Other connections’ links are not touched. Visitors get new links on their next visit.',
          },
          { connection: pending.name }
        )}
      </ConfirmDialog>
    );
  const title =
    pending.kind === 'link'
      ? formatMessage({
          id: getTranslation('links.confirm.link.title'),
          defaultMessage: 'Revoke this link?',
        })
      : pending.kind === 'model'
        ? formatMessage({
            id: getTranslation('links.confirm.model.title'),
            defaultMessage: 'Revoke every link of this space?',
          })
        : formatMessage({
            id: getTranslation('links.confirm.filter.title'),
            defaultMessage: 'Revoke every link that matches?',
          });
  const confirmLabel =
    pending.kind === 'link'
      ? formatMessage({ id: getTranslation('links.revoke'), defaultMessage: 'Revoke' })
      : pending.kind === 'filter' && !pending.exact
        ? formatMessage({
            id: getTranslation('links.confirm.filter.confirmAtLeast'),
            defaultMessage: 'Revoke every matching link',
          })
        : formatMessage(
            {
              id: getTranslation('links.confirm.model.confirm'),
              defaultMessage: 'Revoke {count, plural, one {# link} other {# links}}',
            },
            { count: pending.count }
          );
  const body =
    pending.kind === 'link'
      ? formatMessage(
          {
            id: getTranslation('links.confirm.link.body'),
            defaultMessage:
              'The link …{token} of {model} stops working at once, also in tours that are open. Visitors get a new link on their next visit.',
          },
          { token: pending.link.tokenHint ?? '', model: modelLabel(pending.link.modelId) }
        )
      : pending.kind === 'model'
        ? formatMessage(
            {
              id: getTranslation('links.confirm.model.body'),
              defaultMessage:
                'All {count, plural, one {# active link} other {# active links}} of {model} stop working at once, also in tours that are open. Visitors get new links on their next visit.',
            },
            { count: pending.count, model: modelLabel(pending.modelId) }
          )
        : !pending.exact
          ? formatMessage(
              {
                id: getTranslation('links.confirm.filter.bodyAtLeast'),
                defaultMessage:
                  'More than {count, number} links match the current filters, on every page. Those still working stop at once, also in tours that are open. Visitors get new links on their next visit.',
              },
              { count: pending.count }
            )
          : formatMessage(
              {
                id: getTranslation('links.confirm.filter.body'),
                defaultMessage:
                  '{count, plural, one {# link matches} other {# links match}} the current filters, on every page. Those still working stop at once, also in tours that are open. Visitors get new links on their next visit.',
              },
              { count: pending.count }
            );

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onCancel()}
      title={title}
      confirmLabel={confirmLabel}
      onConfirm={() => onConfirm(pending)}
    >
      {body}
    </ConfirmDialog>
  );
};
