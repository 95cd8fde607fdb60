import { useIntl } from 'react-intl';

import type { SettingsView } from '../../../../common/contracts/settings';
import { getTranslation } from '../../utils/getTranslation';
import { selectRelativeUnit } from '../../utils/time';
import { actorLabel } from '../../utils/actor';

/**
 * The secret is never sent back to the browser, so its field stays empty and the
 * placeholder says which secret is saved: its last characters, when it changed, by whom.
 */
export const useSecretPlaceholder = (settings: SettingsView): string => {
  const { formatMessage, formatRelativeTime } = useIntl();

  if (!settings.hasSecret) {
    return formatMessage({
      id: getTranslation('settings.secret.placeholder.none'),
      defaultMessage: 'Paste the client secret from Matterport',
    });
  }
  const hint = settings.secretHint ?? '';
  if (!settings.secretUpdatedAt) {
    return formatMessage(
      { id: getTranslation('settings.secret.placeholder.saved'), defaultMessage: '•••• {hint}' },
      { hint }
    );
  }
  const { value, unit } = selectRelativeUnit(settings.secretUpdatedAt);
  const when = formatRelativeTime(value, unit, { numeric: 'auto' });
  if (!settings.secretUpdatedBy) {
    return formatMessage(
      {
        id: getTranslation('settings.secret.placeholder.changed'),
        defaultMessage: '•••• {hint} · changed {when}',
      },
      { hint, when }
    );
  }
  return formatMessage(
    {
      id: getTranslation('settings.secret.placeholder.changedBy'),
      defaultMessage: '•••• {hint} · changed {when} by {who}',
    },
    { hint, when, who: actorLabel(settings.secretUpdatedBy, settings.secretUpdatedByEmail) }
  );
};
