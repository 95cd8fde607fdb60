import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';

import type { PrivacyHealthView, PrivacySpaceView } from '../../../../common/contracts/ops';
import { getTranslation } from '../../utils/getTranslation';

/** What a listed space is, in the editor's words (visibility, or why it is gone). */
const useSpaceStatus = () => {
  const { formatMessage } = useIntl();
  return (view: PrivacySpaceView): string => {
    switch (view.space.state) {
      case 'deleted':
        return formatMessage({
          id: getTranslation('health.privacy.deleted'),
          defaultMessage: 'deleted',
        });
      case 'inactive':
        return formatMessage({
          id: getTranslation('health.privacy.inactive'),
          defaultMessage: 'archived',
        });
      case 'transferred':
        return formatMessage({
          id: getTranslation('health.privacy.transferred'),
          defaultMessage: 'transferred',
        });
      default:
        break;
    }
    switch (view.space.visibility) {
      case 'public':
        return formatMessage({
          id: getTranslation('health.privacy.public'),
          defaultMessage: 'public',
        });
      case 'unlisted':
        return formatMessage({
          id: getTranslation('health.privacy.unlisted'),
          defaultMessage: 'unlisted',
        });
      default:
        return formatMessage({
          id: getTranslation('health.privacy.password'),
          defaultMessage: 'password-protected',
        });
    }
  };
};

const SpaceList = ({
  views,
  title,
  testId,
}: {
  views: PrivacySpaceView[];
  title: string;
  testId: string;
}) => {
  const { formatMessage } = useIntl();
  const statusOf = useSpaceStatus();
  const headingId = `${testId}-title`;
  return (
    <Box data-testid={testId}>
      <Typography variant="sigma" textColor="neutral600" tag="h3" id={headingId}>
        {title}
      </Typography>
      <ul aria-labelledby={headingId}>
        {views.map((view) => (
          <li
            key={`${view.space.connection}/${view.space.modelId}`}
            data-testid="matterport-health-privacy-space"
            data-model-id={view.space.modelId}
          >
            <Typography variant="omega" fontWeight="semiBold">
              {formatMessage(
                {
                  id: getTranslation('health.privacy.space'),
                  defaultMessage: '{name} ({modelId}, {connection}): {status}',
                },
                {
                  name: view.space.name ?? view.space.modelId,
                  modelId: view.space.modelId,
                  connection: view.space.connection,
                  status: statusOf(view),
                }
              )}
            </Typography>
            <ul>
              {view.entries.map((entry) => (
                <li
                  key={`${entry.contentType}/${entry.documentId}/${entry.locale ?? ''}/${entry.path}`}
                  data-testid="matterport-health-privacy-entry"
                  data-document-id={entry.documentId}
                >
                  <Link tag={RouterLink} to={entry.adminPath}>
                    {formatMessage(
                      {
                        id: getTranslation('health.privacy.entry'),
                        defaultMessage: '{type}: {title}',
                      },
                      {
                        type: entry.contentTypeName,
                        title: entry.title ?? entry.documentId,
                      }
                    )}
                  </Link>
                </li>
              ))}
            </ul>
            {view.published > view.entries.length ? (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage(
                  {
                    id: getTranslation('health.privacy.more'),
                    defaultMessage: 'and {count} more published entries',
                  },
                  { count: view.published - view.entries.length }
                )}
              </Typography>
            ) : null}
          </li>
        ))}
      </ul>
    </Box>
  );
};

/**
 * The privacy guard in the health panel (issue 28): published entries whose space is public,
 * unlisted or password-protected, and those whose space is gone in Matterport. Nothing when
 * both lists are empty.
 */
export const HealthPrivacy = ({ privacy }: { privacy: PrivacyHealthView }) => {
  const { formatMessage } = useIntl();
  if (!privacy.exposed.length && !privacy.gone.length) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="matterport-health-privacy">
      {privacy.exposed.length ? (
        <SpaceList
          views={privacy.exposed}
          testId="matterport-health-exposed"
          title={formatMessage({
            id: getTranslation('health.privacy.exposed'),
            defaultMessage:
              'Published spaces that are not private in Matterport (anyone with the link can open them)',
          })}
        />
      ) : null}
      {privacy.gone.length ? (
        <SpaceList
          views={privacy.gone}
          testId="matterport-health-gone"
          title={formatMessage({
            id: getTranslation('health.privacy.gone'),
            defaultMessage:
              'Published spaces gone in Matterport (visitors get no tour: restore them or change the entries)',
          })}
        />
      ) : null}
    </Flex>
  );
};
