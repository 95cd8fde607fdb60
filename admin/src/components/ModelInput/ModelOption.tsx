import { Box, Flex, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';

import type { ModelView } from '../../../../common/contracts/models';
import { ModelBadges } from '../ModelBadges';
import { thumbnailPathOf } from '../../hooks/useThumbnail';
import { ModelThumbnail } from '../ModelThumbnail';

interface ModelOptionProps {
  id: string;
  model: ModelView;
  active: boolean;
  onSelect: (model: ModelView) => void;
  onHover: () => void;
}

const Row = styled.li<{ $active: boolean }>`
  list-style: none;
  cursor: pointer;
  border-radius: ${({ theme }) => theme.borderRadius};
  background: ${({ theme, $active }) => ($active ? theme.colors.primary100 : 'transparent')};
  outline: ${({ theme, $active }) => ($active ? `1px solid ${theme.colors.primary600}` : 'none')};
`;

const Mono = styled(Typography)`
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
`;

/**
 * One search result in the picker's listbox. Focus stays in the search box (the
 * combobox pattern), so the row is reached with aria-activedescendant and clicked with
 * the mouse; mousedown is cancelled so a click does not blur the box first. Its
 * accessible name comes from what it shows (name, ID, badges): an aria-label of the name
 * alone would leave out visible text, which fails WCAG 2.5.3 "label in name" for people
 * who speak what they see to voice-control software.
 */
export const ModelOption = ({ id, model, active, onSelect, onHover }: ModelOptionProps) => (
  <Row
    id={id}
    role="option"
    aria-selected={active}
    data-testid={`matterport-option-${model.id}`}
    $active={active}
    onMouseDown={(event) => event.preventDefault()}
    onMouseMove={active ? undefined : onHover}
    onClick={() => onSelect(model)}
  >
    <Flex gap={3} padding={2}>
      <ModelThumbnail path={thumbnailPathOf(model)} width={72} height={48} />
      <Box minWidth={0}>
        <Typography
          variant="omega"
          fontWeight="semiBold"
          textColor="neutral800"
          ellipsis
          data-testid="matterport-option-name"
        >
          {model.name}
        </Typography>
        <Flex gap={2} wrap="wrap">
          <Mono variant="pi" textColor="neutral600">
            {model.id}
          </Mono>
          <ModelBadges model={model} />
        </Flex>
      </Box>
    </Flex>
  </Row>
);
