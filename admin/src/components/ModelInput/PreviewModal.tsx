import { Box, Button, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import { usePreviewLink } from '../../hooks/usePreviewLink';
import { getTranslation } from '../../utils/getTranslation';
import { ProblemNotice } from '../ProblemNotice';

interface PreviewModalProps {
  modelId: string;
  /** The connection holding the model: its credentials mint the preview link. */
  connection?: string;
  name: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Matterport's player is 16:9; the frame keeps that ratio at any modal width. */
const Frame = styled.div`
  position: relative;
  width: 100%;
  aspect-ratio: 16 / 9;
  background: ${({ theme }) => theme.colors.neutral150};
  border-radius: ${({ theme }) => theme.borderRadius};
  overflow: hidden;

  iframe {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    border: 0;
  }
`;

/**
 * The space in Matterport's Showcase, through a short-lived preview link asked for when
 * the modal opens. The admin's Content-Security-Policy must allow Matterport in
 * frame-src; a blocked frame cannot be detected from here, hence the standing hint.
 */
export const PreviewModal = ({
  modelId,
  connection,
  name,
  open,
  onOpenChange,
}: PreviewModalProps) => {
  const { formatMessage, formatTime } = useIntl();
  const { preview, problem, loading, retry } = usePreviewLink(modelId, open, connection);

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content style={{ maxWidth: '960px', width: '90vw' }}>
        <Modal.Header
          closeLabel={formatMessage({
            id: getTranslation('preview.close'),
            defaultMessage: 'Close the preview',
          })}
        >
          <Modal.Title>
            {formatMessage(
              { id: getTranslation('preview.title'), defaultMessage: 'Preview: {name}' },
              { name }
            )}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            {problem ? <ProblemNotice problem={problem} onRetry={retry} /> : null}
            {loading ? (
              <Frame>
                <Flex justifyContent="center" alignItems="center" height="100%">
                  <Loader>
                    {formatMessage({
                      id: getTranslation('preview.loading'),
                      defaultMessage: 'Opening the space…',
                    })}
                  </Loader>
                </Flex>
              </Frame>
            ) : null}
            {preview ? (
              <>
                <Frame>
                  <iframe
                    title={name}
                    src={preview.link}
                    data-testid="matterport-preview-iframe"
                    allow="fullscreen; xr-spatial-tracking; web-share; autoplay"
                    allowFullScreen
                  />
                </Frame>
                <Typography variant="pi" textColor="neutral600">
                  {formatMessage(
                    {
                      id: getTranslation('preview.validUntil'),
                      defaultMessage:
                        'This preview link stops working at {time}; close and reopen the preview for a new one.',
                    },
                    { time: formatTime(preview.validUntil) }
                  )}
                </Typography>
              </>
            ) : null}
            <Box>
              <Typography variant="pi" textColor="neutral600">
                {formatMessage({
                  id: getTranslation('preview.cspHint'),
                  defaultMessage:
                    'If the preview stays blank, allow https://my.matterport.com in frame-src of the admin’s Content-Security-Policy (config/middlewares) — see the README.',
                })}
              </Typography>
            </Box>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">
              {formatMessage({ id: getTranslation('preview.done'), defaultMessage: 'Close' })}
            </Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
