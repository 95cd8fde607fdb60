import { forwardRef, useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise, Cross, Eye, WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import { connectionOf, type StoredModelValue } from '../../../../common/field-value';
import { useModel } from '../../hooks/useModel';
import { thumbnailPathOf } from '../../hooks/useThumbnail';
import { getTranslation } from '../../utils/getTranslation';
import { ModelBadges } from '../ModelBadges';
import { ModelThumbnail } from '../ModelThumbnail';
import { ProblemNotice } from '../ProblemNotice';
import { WhereUsedButton } from '../WhereUsed';
import { PreviewModal } from './PreviewModal';
import { PrivacyNotice } from './PrivacyNotice';
import { ViewChoice } from './ViewChoice';

interface ModelCardProps {
  value: StoredModelValue;
  /** The name of the value's connection, shown when the field offers several. */
  connectionName?: string;
  disabled?: boolean;
  /** Hidden while the picker below is open for a change. */
  changing?: boolean;
  onChange: () => void;
  onClear: () => void;
  /** A new View or start for this entry (issue 28); absent: not offered. */
  onPresentationChange?: (next: StoredModelValue) => void;
}

const Mono = styled(Typography)`
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
`;

/**
 * The chosen space. It is looked up again each time the entry opens, so the editor
 * sees the current name and thumbnail, and learns when the space has been deleted in
 * Matterport; the stored name is shown meanwhile and whenever Matterport cannot answer.
 */
export const ModelCard = forwardRef<HTMLDivElement, ModelCardProps>(
  (
    {
      value,
      connectionName,
      disabled = false,
      changing = false,
      onChange,
      onClear,
      onPresentationChange,
    },
    ref
  ) => {
    const { formatMessage } = useIntl();
    const connection = connectionOf(value);
    const { model, problem, loading, retry } = useModel(value.modelId, connection);
    const [previewOpen, setPreviewOpen] = useState(false);
    const gone = problem?.kind === 'notFound';
    const name = model?.name ?? value.name ?? value.modelId;

    return (
      <Box
        ref={ref}
        tabIndex={-1}
        role="group"
        aria-label={formatMessage(
          { id: getTranslation('card.label'), defaultMessage: 'Selected space: {name}' },
          { name }
        )}
        data-testid="matterport-selected-card"
        data-model-id={value.modelId}
        // The stored name shows meanwhile; the lookup only refreshes it, so it is not announced.
        aria-busy={loading}
        background="neutral0"
        borderColor={gone ? 'warning600' : 'neutral200'}
        borderStyle="solid"
        borderWidth="1px"
        hasRadius
        padding={3}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex gap={4} alignItems="flex-start" wrap="wrap">
            <ModelThumbnail path={thumbnailPathOf(model)} width={120} height={72} />
            <Flex direction="column" alignItems="flex-start" gap={1} flex="1" minWidth={0}>
              <Typography
                variant="delta"
                tag="p"
                textColor="neutral800"
                data-testid="matterport-selected-name"
              >
                {name}
              </Typography>
              <Mono variant="pi" textColor="neutral600">
                {formatMessage(
                  { id: getTranslation('card.modelId'), defaultMessage: 'Model ID {modelId}' },
                  { modelId: value.modelId }
                )}
              </Mono>
              {connectionName ? (
                <Typography
                  variant="pi"
                  textColor="neutral600"
                  data-testid="matterport-selected-connection"
                >
                  {formatMessage(
                    {
                      id: getTranslation('card.connection'),
                      defaultMessage: 'Connection: {connection}',
                    },
                    { connection: connectionName }
                  )}
                </Typography>
              ) : null}
              {model ? <ModelBadges model={model} /> : null}
            </Flex>
          </Flex>

          {gone ? (
            <Box
              role="alert"
              background="warning100"
              borderColor="warning200"
              borderStyle="solid"
              borderWidth="1px"
              hasRadius
              padding={3}
              data-testid="matterport-model-gone"
            >
              <Flex gap={2} alignItems="flex-start">
                <WarningCircle fill="warning600" width="20px" height="20px" aria-hidden />
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography variant="omega" fontWeight="semiBold">
                    {formatMessage({
                      id: getTranslation('card.gone.title'),
                      defaultMessage: 'This space no longer exists in Matterport',
                    })}
                  </Typography>
                  <Typography variant="pi" textColor="neutral700">
                    {formatMessage({
                      id: getTranslation('card.gone.body'),
                      defaultMessage:
                        'It was deleted, or these Matterport credentials can no longer see it. Visitors get no tour for it: clear the field or pick another space.',
                    })}
                  </Typography>
                </Flex>
              </Flex>
            </Box>
          ) : null}
          {problem && !gone ? <ProblemNotice problem={problem} onRetry={retry} /> : null}
          <PrivacyNotice
            modelId={value.modelId}
            connection={connection}
            liveVisibility={model?.accessVisibility}
            liveGone={gone}
          />
          {onPresentationChange && !gone && !changing ? (
            <ViewChoice value={value} disabled={disabled} onChange={onPresentationChange} />
          ) : null}

          <Flex gap={2} wrap="wrap">
            <Button
              variant="secondary"
              startIcon={<Eye />}
              disabled={
                gone ||
                Boolean(problem && problem.kind !== 'unavailable' && problem.kind !== 'rateLimited')
              }
              onClick={() => setPreviewOpen(true)}
              data-testid="matterport-preview-button"
            >
              {formatMessage({ id: getTranslation('card.preview'), defaultMessage: 'Preview' })}
            </Button>
            {!changing ? (
              <Button
                variant="tertiary"
                startIcon={<ArrowClockwise />}
                disabled={disabled}
                onClick={onChange}
                data-testid="matterport-change-button"
              >
                {formatMessage({ id: getTranslation('card.change'), defaultMessage: 'Change' })}
              </Button>
            ) : null}
            <Button
              variant={gone ? 'danger-light' : 'tertiary'}
              startIcon={<Cross />}
              disabled={disabled}
              onClick={onClear}
              data-testid="matterport-clear-button"
            >
              {formatMessage({ id: getTranslation('card.clear'), defaultMessage: 'Clear' })}
            </Button>
            <WhereUsedButton modelId={value.modelId} connection={connection} name={name} />
          </Flex>
        </Flex>
        {previewOpen ? (
          <PreviewModal
            modelId={value.modelId}
            connection={connection}
            name={name}
            open={previewOpen}
            onOpenChange={setPreviewOpen}
          />
        ) : null}
      </Box>
    );
  }
);

ModelCard.displayName = 'ModelCard';
