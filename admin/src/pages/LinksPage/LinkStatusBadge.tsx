import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';
import type { LinkStatus } from './linkStatus';

const VARIANT = {
  active: 'success',
  revoked: 'danger',
  expired: 'neutral',
  failed: 'warning',
} as const;

export const LinkStatusBadge = ({ status }: { status: LinkStatus }) => {
  const { formatMessage } = useIntl();
  const label = {
    active: formatMessage({ id: getTranslation('links.status.active'), defaultMessage: 'Active' }),
    revoked: formatMessage({
      id: getTranslation('links.status.revoked'),
      defaultMessage: 'Revoked',
    }),
    expired: formatMessage({
      id: getTranslation('links.status.expired'),
      defaultMessage: 'Expired',
    }),
    failed: formatMessage({
      id: getTranslation('links.status.failed'),
      defaultMessage: 'Revocation failed',
    }),
  }[status];
  return (
    <Badge variant={VARIANT[status]} data-testid="matterport-link-status">
      {label}
    </Badge>
  );
};
