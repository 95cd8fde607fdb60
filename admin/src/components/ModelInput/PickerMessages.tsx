import { Typography } from '@strapi/design-system';
import { useIntl, type IntlShape } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';
import type { InvalidReason, ModelReference } from '../../utils/modelReference';

const INVALID_MESSAGES: Record<InvalidReason, { id: string; defaultMessage: string }> = {
  notMatterport: {
    id: getTranslation('picker.invalid.notMatterport'),
    defaultMessage:
      'This is not a Matterport link. Paste a Showcase link such as https://my.matterport.com/show/?m=SxQL3iGyoDo, or the 11-character model ID.',
  },
  noModelId: {
    id: getTranslation('picker.invalid.noModelId'),
    defaultMessage:
      'This Matterport link does not name a space (no m= parameter). Copy the link from the space’s Share menu.',
  },
  badModelId: {
    id: getTranslation('picker.invalid.badModelId'),
    defaultMessage: 'The m= parameter of this link is not a model ID (11 letters and digits).',
  },
  unreadable: {
    id: getTranslation('picker.invalid.unreadable'),
    defaultMessage: 'This link cannot be read. Paste a Showcase link or the 11-character model ID.',
  },
};

/** Why the box's text names no space: not a Matterport link, or no such space in the account. */
export const ReferenceProblem = ({
  reference,
  settled,
  notFound,
}: {
  reference: ModelReference;
  /** Typing has paused (a half-typed link is not an error yet). */
  settled: boolean;
  /** Matterport answered that the pasted or linked model does not exist. */
  notFound: boolean;
}) => {
  const { formatMessage } = useIntl();
  const message =
    reference.kind === 'invalid' && settled
      ? formatMessage(INVALID_MESSAGES[reference.reason])
      : notFound && reference.kind === 'model'
        ? formatMessage(
            {
              id: getTranslation('picker.lookup.notFound'),
              defaultMessage:
                'No space with the ID {modelId} was found in this Matterport account.',
            },
            { modelId: reference.modelId }
          )
        : null;
  if (message === null) return null;
  return (
    <Typography
      variant="pi"
      textColor="danger600"
      role="alert"
      data-testid="matterport-reference-error"
    >
      {message}
    </Typography>
  );
};

/** The status line under the results (announced politely): searching, none, or how many. */
export const pickerStatus = (
  { formatMessage }: IntlShape,
  state: {
    loading: boolean;
    ready: boolean;
    options: number;
    searchText: string | null;
    shown: number;
    total: number;
  }
): string | null => {
  if (state.loading)
    return formatMessage({
      id: getTranslation('picker.loading'),
      defaultMessage: 'Searching Matterport…',
    });
  if (!state.ready) return null;
  if (!state.options)
    return state.searchText
      ? formatMessage(
          {
            id: getTranslation('picker.empty.search'),
            defaultMessage: 'No space matches “{search}”.',
          },
          { search: state.searchText }
        )
      : formatMessage({
          id: getTranslation('picker.empty.account'),
          defaultMessage: 'This Matterport account has no spaces yet.',
        });
  return formatMessage(
    {
      id: getTranslation('picker.count'),
      defaultMessage:
        '{shown, plural, one {# space} other {# spaces}} of {total} shown. Use the arrow keys and Enter to pick one.',
    },
    { shown: state.shown, total: Math.max(state.total, state.shown) }
  );
};
