import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { RevokeResponse } from '../../../common/contracts/links';
import { getTranslation } from '../utils/getTranslation';

interface RevokeOutcomeNoticeProps {
  outcome: RevokeResponse;
  /** Model names by ID, when known. */
  names?: Record<string, string>;
}

type LinkEntry = RevokeResponse['data']['failed'][number];

/** One line per link: its token hint, its model and what happened to it. */
const LinkList = ({
  testId,
  entries,
  names,
}: {
  testId: string;
  entries: LinkEntry[];
  names: Record<string, string>;
}) => {
  const { formatMessage } = useIntl();
  if (!entries.length) return null;
  return (
    <ul data-testid={testId}>
      {entries.map(({ link, error }) => (
        <li key={link.id}>
          <Typography variant="pi" textColor="neutral800">
            {formatMessage(
              {
                id: getTranslation('revokeOutcome.failure'),
                defaultMessage: 'Link …{token} of {model}: {message}',
              },
              {
                token: link.tokenHint ?? '',
                model: names[link.modelId] ?? link.modelId,
                message: error.message,
              }
            )}
          </Typography>
        </li>
      ))}
    </ul>
  );
};

/**
 * What a revocation of several links did, link by link where it failed: a failed link
 * still works, so the admin must see which ones and why (and can retry them on the
 * links page, where they are marked).
 */
export const RevokeOutcomeNotice = ({ outcome, names = {} }: RevokeOutcomeNoticeProps) => {
  const { formatMessage } = useIntl();
  const { revoked, failed } = outcome.meta;
  // Revoked at Matterport but not recorded in the ledger (the database refused the write).
  const unrecorded = outcome.data.unrecorded ?? [];
  const warn = failed > 0 || unrecorded.length > 0;
  return (
    <Box
      role="status"
      data-testid="matterport-revoke-outcome"
      background={warn ? 'warning100' : 'success100'}
      borderColor={warn ? 'warning200' : 'success200'}
      borderStyle="solid"
      borderWidth="1px"
      hasRadius
      padding={4}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography fontWeight="semiBold" textColor="neutral800">
          {formatMessage(
            {
              id: getTranslation('revokeOutcome.summary'),
              defaultMessage:
                '{revoked, plural, =0 {No link revoked} one {# link revoked} other {# links revoked}}{failed, plural, =0 {.} other {, # could not be revoked and still work:}}',
            },
            { revoked, failed }
          )}
        </Typography>
        <LinkList testId="matterport-revoke-failures" entries={outcome.data.failed} names={names} />
        {unrecorded.length ? (
          <Typography variant="pi" fontWeight="semiBold" textColor="neutral800">
            {formatMessage({
              id: getTranslation('revokeOutcome.unrecorded'),
              defaultMessage:
                'Revoked at Matterport but not recorded (the database refused the write); no replica delivers them, revoke them again to record it:',
            })}
          </Typography>
        ) : null}
        <LinkList testId="matterport-revoke-unrecorded" entries={unrecorded} names={names} />
      </Flex>
    </Box>
  );
};
