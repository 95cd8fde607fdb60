import { Badge, Flex } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { ModelView } from '../../../common/contracts/models';
import { getTranslation } from '../utils/getTranslation';

interface ModelBadgesProps {
  model: Pick<ModelView, 'state' | 'accessVisibility'>;
}

/** Who can open the space in Matterport, and whether it is archived (Matterport's "inactive"). */
export const ModelBadges = ({ model }: ModelBadgesProps) => {
  const { formatMessage } = useIntl();

  const visibility = (() => {
    switch (model.accessVisibility) {
      case 'private':
        return formatMessage({
          id: getTranslation('model.visibility.private'),
          defaultMessage: 'Private',
        });
      case 'unlisted':
        return formatMessage({
          id: getTranslation('model.visibility.unlisted'),
          defaultMessage: 'Unlisted',
        });
      case 'public':
        return formatMessage({
          id: getTranslation('model.visibility.public'),
          defaultMessage: 'Public',
        });
      case 'password':
        return formatMessage({
          id: getTranslation('model.visibility.password'),
          defaultMessage: 'Password protected',
        });
      default:
        return model.accessVisibility || null;
    }
  })();

  return (
    <Flex gap={1} wrap="wrap">
      {visibility ? <Badge size="S">{visibility}</Badge> : null}
      {model.state === 'inactive' ? (
        <Badge size="S" variant="warning">
          {formatMessage({ id: getTranslation('model.archived'), defaultMessage: 'Archived' })}
        </Badge>
      ) : null}
    </Flex>
  );
};
