import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { LinkListItem } from '../../../../common/contracts/links';
import { getTranslation } from '../../utils/getTranslation';
import { formatClock, selectRelativeUnit } from '../../utils/time';
import type { LinkStatus } from './linkStatus';
import { actorLabel } from '../../utils/actor';

interface TimeLeftProps {
  link: LinkListItem;
  status: LinkStatus;
  now: number;
}

// The design system's Table sets nowrap on every cell; these sentences may wrap so
// the action buttons stay in view.
const WRAP = { whiteSpace: 'normal' } as const;

/** A ticking countdown while the link works; afterwards, when and how it stopped. */
export const TimeLeft = ({ link, status, now }: TimeLeftProps) => {
  const { formatMessage, formatRelativeTime, formatDate } = useIntl();
  const exact = formatDate(link.validUntil, { dateStyle: 'medium', timeStyle: 'medium' });

  if (status === 'active' || status === 'failed') {
    const seconds = (new Date(link.validUntil).getTime() - now) / 1000;
    return (
      <Typography textColor="neutral800" title={exact}>
        <time dateTime={link.validUntil}>
          {formatMessage(
            { id: getTranslation('links.timeLeft'), defaultMessage: '{clock} left' },
            { clock: formatClock(seconds) }
          )}
        </time>
      </Typography>
    );
  }

  const relative = (date: string) => {
    const { value, unit } = selectRelativeUnit(date, now);
    return formatRelativeTime(value, unit, { numeric: 'auto' });
  };

  if (status === 'revoked' && link.revokedAt) {
    return (
      <Typography
        textColor="neutral600"
        style={WRAP}
        title={formatDate(link.revokedAt, { dateStyle: 'medium', timeStyle: 'medium' })}
      >
        {link.revokedBy
          ? formatMessage(
              { id: getTranslation('links.revokedBy'), defaultMessage: 'Revoked {when} by {who}' },
              {
                when: relative(link.revokedAt),
                who: actorLabel(link.revokedBy, link.revokedByEmail),
              }
            )
          : formatMessage(
              { id: getTranslation('links.revokedAt'), defaultMessage: 'Revoked {when}' },
              { when: relative(link.revokedAt) }
            )}
      </Typography>
    );
  }

  return (
    <Typography textColor="neutral600" style={WRAP} title={exact}>
      {formatMessage(
        { id: getTranslation('links.expiredAt'), defaultMessage: 'Expired {when}' },
        { when: relative(link.validUntil) }
      )}
    </Typography>
  );
};
