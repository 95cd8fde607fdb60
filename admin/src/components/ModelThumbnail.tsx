import { Flex } from '@strapi/design-system';
import { Image } from '@strapi/icons';
import { styled } from 'styled-components';

import { useThumbnail } from '../hooks/useThumbnail';

interface ModelThumbnailProps {
  path: string | null | undefined;
  width: number;
  height: number;
}

const Frame = styled(Flex)`
  flex-shrink: 0;
  overflow: hidden;
  background: ${({ theme }) => theme.colors.neutral150};
  color: ${({ theme }) => theme.colors.neutral500};

  img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
`;

/**
 * A model's thumbnail, or a neutral placeholder while it loads or when the model has
 * none. Decorative: the model's name is always written next to it, so alt is empty.
 */
export const ModelThumbnail = ({ path, width, height }: ModelThumbnailProps) => {
  const { src } = useThumbnail(path);
  return (
    <Frame
      justifyContent="center"
      alignItems="center"
      hasRadius
      style={{ width, height }}
      aria-hidden={src ? undefined : true}
    >
      {src ? <img src={src} alt="" /> : <Image width="24px" height="24px" />}
    </Frame>
  );
};
