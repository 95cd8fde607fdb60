import { Box, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { isAccessVisibility, type ModelState } from '../../../../common/catalogue';
import { useModelStateQuery } from '../../api/queries';
import { getTranslation } from '../../utils/getTranslation';

interface Message {
  id: string;
  defaultMessage: string;
}

/** What to tell the editor of a space that is not private (issue 28, privacy guard). */
const VISIBILITY_WARNINGS: Record<'public' | 'unlisted' | 'password', [Message, Message]> = {
  public: [
    {
      id: getTranslation('privacy.public.title'),
      defaultMessage: 'This space is public in Matterport',
    },
    {
      id: getTranslation('privacy.public.body'),
      defaultMessage:
        'Anyone can find and open it on Matterport, with or without this site: the embed link protects nothing. If it must be seen only here, make it private in Matterport.',
    },
  ],
  unlisted: [
    {
      id: getTranslation('privacy.unlisted.title'),
      defaultMessage: 'This space is unlisted in Matterport',
    },
    {
      id: getTranslation('privacy.unlisted.body'),
      defaultMessage:
        'Anyone who has its Showcase link can open it, with or without this site. If it must be seen only here, make it private in Matterport.',
    },
  ],
  password: [
    {
      id: getTranslation('privacy.password.title'),
      defaultMessage: 'This space is password-protected in Matterport',
    },
    {
      id: getTranslation('privacy.password.body'),
      defaultMessage:
        'Anyone with its link and the password can open it outside this site. If it must be seen only here, make it private in Matterport.',
    },
  ],
};

const GONE_WARNINGS: Record<Exclude<ModelState, 'active'>, Message> = {
  deleted: {
    id: getTranslation('privacy.gone.deleted'),
    defaultMessage: 'This space was deleted in Matterport',
  },
  inactive: {
    id: getTranslation('privacy.gone.inactive'),
    defaultMessage: 'This space is archived in Matterport',
  },
  transferred: {
    id: getTranslation('privacy.gone.transferred'),
    defaultMessage: 'This space was transferred to another Matterport organisation',
  },
};

const GONE_BODY = {
  id: getTranslation('privacy.gone.body'),
  defaultMessage:
    'Its links were revoked and visitors get no tour for it. Restore it in Matterport, or pick another space.',
};

const Warning = ({ title, body, testId }: { title: string; body: string; testId: string }) => (
  <Box
    role="status"
    background="warning100"
    borderColor="warning200"
    borderStyle="solid"
    borderWidth="1px"
    hasRadius
    padding={3}
    data-testid={testId}
  >
    <Flex gap={2} alignItems="flex-start">
      <WarningCircle fill="warning600" width="20px" height="20px" aria-hidden />
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega" fontWeight="semiBold">
          {title}
        </Typography>
        <Typography variant="pi" textColor="neutral700">
          {body}
        </Typography>
      </Flex>
    </Flex>
  </Box>
);

/**
 * The field's privacy warning (issue 28): the chosen space is not private (public, unlisted,
 * password-protected), or is gone in Matterport (deleted, archived, transferred). The space's
 * visibility as Matterport answers it now (`liveVisibility`, from the card's own read) wins
 * over what the plugin last recorded; a state the plugin was told (a model event, the periodic
 * check) says whether it is gone. `liveGone`: the card already says the space is gone.
 */
export const PrivacyNotice = ({
  modelId,
  connection,
  liveVisibility,
  liveGone,
}: {
  modelId: string;
  connection: string;
  liveVisibility: string | null | undefined;
  liveGone: boolean;
}) => {
  const { formatMessage } = useIntl();
  const { data: known } = useModelStateQuery(modelId, connection);
  if (known && known.state !== 'active' && !liveGone)
    return (
      <Warning
        title={formatMessage(GONE_WARNINGS[known.state])}
        body={formatMessage(GONE_BODY)}
        testId="matterport-model-state-warning"
      />
    );
  const visibility = isAccessVisibility(liveVisibility) ? liveVisibility : known?.visibility;
  if (!visibility || visibility === 'private' || liveGone) return null;
  const [title, body] = VISIBILITY_WARNINGS[visibility];
  return (
    <Warning
      title={formatMessage(title)}
      body={formatMessage(body)}
      testId="matterport-privacy-warning"
    />
  );
};
