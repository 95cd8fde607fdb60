import type {
  MatterportEmbed,
  MatterportEmbedPublic,
  MatterportEmbedUnavailable,
  MatterportEmbedWithLink,
} from './types';

/** 2026-11-22T11:00:00Z: one hour before {@link VALID_UNTIL}. */
export const NOW = Date.parse('2026-11-22T11:00:00Z');
export const VALID_UNTIL = '2026-11-22T12:00:00Z';
export const LINK = 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+tok123&play=1&qs=1';

export function embed(overrides: Partial<MatterportEmbedWithLink> = {}): MatterportEmbedWithLink {
  return {
    modelId: 'SxQL3iGyoDo',
    name: 'Lobby',
    link: LINK,
    accessToken: 'tok123',
    validUntil: VALID_UNTIL,
    ...overrides,
  };
}

/** A public space's plain Showcase link (issue 28): no token, no expiry. */
export const PUBLIC_LINK = 'https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1';

export function publicEmbed(overrides: Partial<MatterportEmbedPublic> = {}): MatterportEmbedPublic {
  return {
    modelId: 'SxQL3iGyoDo',
    name: 'Lobby',
    link: PUBLIC_LINK,
    accessToken: null,
    validUntil: null,
    access: 'public',
    error: null,
    ...overrides,
  };
}

export function failed(
  code: MatterportEmbedUnavailable['error']['code'] = 'MATTERPORT_RATE_LIMITED',
  message = 'Matterport is throttling requests'
): MatterportEmbed {
  return {
    modelId: 'SxQL3iGyoDo',
    name: 'Lobby',
    link: null,
    accessToken: null,
    validUntil: null,
    error: { code, message },
  };
}
