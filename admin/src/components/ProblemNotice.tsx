import { Box, Button, Flex, LinkButton, Typography } from '@strapi/design-system';
import { ArrowClockwise, Cog } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';

import type { ApiProblem } from '../api/errors';
import { SETTINGS_ROUTE } from '../routes';
import { getTranslation } from '../utils/getTranslation';

interface ProblemNoticeProps {
  problem: ApiProblem;
  onRetry?: () => void;
}

/**
 * What went wrong talking to Matterport, said so that the reader knows what to do
 * next: configure (link to the settings), ask for access, or retry. The server's own
 * message is shown under the summary because it often names the precise cause.
 */
export const ProblemNotice = ({ problem, onRetry }: ProblemNoticeProps) => {
  const { formatMessage } = useIntl();

  const summary = (() => {
    switch (problem.kind) {
      case 'notConfigured':
        return formatMessage({
          id: getTranslation('problem.notConfigured'),
          defaultMessage:
            'Matterport is not connected yet: an administrator must enter the client ID and secret in the Matterport settings.',
        });
      case 'authFailed':
        return formatMessage({
          id: getTranslation('problem.authFailed'),
          defaultMessage:
            'Matterport rejected the saved client ID or secret. An administrator must update them in the Matterport settings.',
        });
      case 'forbidden':
        return formatMessage({
          id: getTranslation('problem.forbidden'),
          defaultMessage: 'You cannot browse Matterport models; ask an administrator.',
        });
      case 'notFound':
        return formatMessage({
          id: getTranslation('problem.notFound'),
          defaultMessage: 'Matterport has no such space, or these credentials cannot see it.',
        });
      case 'rateLimited':
        return formatMessage({
          id: getTranslation('problem.rateLimited'),
          defaultMessage: 'Matterport is receiving too many requests. Wait a moment, then retry.',
        });
      case 'unavailable':
        return formatMessage({
          id: getTranslation('problem.unavailable'),
          defaultMessage: 'Matterport is not answering right now.',
        });
      default:
        return formatMessage({
          id: getTranslation('problem.unknown'),
          defaultMessage: 'The request to Matterport failed.',
        });
    }
  })();

  const needsSettings = problem.kind === 'notConfigured' || problem.kind === 'authFailed';
  // Retrying cannot fix missing configuration or permissions.
  const canRetry = onRetry && problem.kind !== 'notConfigured' && problem.kind !== 'forbidden';
  // The server's text repeats the summary for these kinds; elsewhere it adds the cause.
  const showDetail = problem.message && !needsSettings && problem.kind !== 'forbidden';

  return (
    <Box
      role="alert"
      data-testid="matterport-problem"
      data-kind={problem.kind}
      background={problem.kind === 'forbidden' || needsSettings ? 'warning100' : 'danger100'}
      borderColor={problem.kind === 'forbidden' || needsSettings ? 'warning200' : 'danger200'}
      borderStyle="solid"
      borderWidth="1px"
      hasRadius
      padding={4}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography variant="omega" fontWeight="semiBold" textColor="neutral800">
          {summary}
        </Typography>
        {showDetail ? (
          <Typography variant="pi" textColor="neutral600">
            {problem.message}
          </Typography>
        ) : null}
        {needsSettings || canRetry ? (
          <Flex gap={2}>
            {needsSettings ? (
              <LinkButton
                tag={RouterLink}
                to={SETTINGS_ROUTE}
                variant="secondary"
                size="S"
                startIcon={<Cog />}
              >
                {formatMessage({
                  id: getTranslation('problem.openSettings'),
                  defaultMessage: 'Open Matterport settings',
                })}
              </LinkButton>
            ) : null}
            {canRetry ? (
              <Button variant="secondary" size="S" startIcon={<ArrowClockwise />} onClick={onRetry}>
                {formatMessage({ id: getTranslation('problem.retry'), defaultMessage: 'Retry' })}
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>
    </Box>
  );
};
