import { Flex } from '@strapi/design-system';
import { styled } from 'styled-components';

// Hard-coded colours, like Strapi's own custom-field icons, so the icon reads the
// same in the light and dark themes of the Content-Type Builder.
const IconBox = styled(Flex)`
  background-color: #f0f0ff;
  border: 1px solid #d9d8ff;
  color: #4945ff;
`;

/** A cube: the field holds a 3D space. The icons package has no 3D glyph. */
export const MatterportIcon = () => (
  <IconBox justifyContent="center" alignItems="center" width={7} height={6} hasRadius aria-hidden>
    <svg
      width="16"
      height="16"
      viewBox="0 0 32 32"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinejoin="round"
    >
      <path d="M16 3 28 9.5v13L16 29 4 22.5v-13L16 3Z" />
      <path d="M4 9.5 16 16l12-6.5M16 16v13" />
    </svg>
  </IconBox>
);
