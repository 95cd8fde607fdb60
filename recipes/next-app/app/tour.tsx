'use client';

/**
 * The kit's React component runs in the browser (it registers <matterport-embed> and listens
 * to its events), so it is used from a client component. Server rendering still outputs the
 * complete element with its poster and name.
 */
import type { MatterportDeliveredValue } from 'strapi-plugin-matterport/client';
import { MatterportEmbed } from 'strapi-plugin-matterport/client/react';

export function Tour({
  value,
  consentRequired,
}: {
  value: MatterportDeliveredValue;
  consentRequired: boolean;
}) {
  return (
    <MatterportEmbed
      value={value}
      loading="click"
      consent={consentRequired ? 'required' : undefined}
      onError={({ code }) => console.warn(`3D space ${value.modelId}: ${code}`)}
      style={{ borderRadius: 12 }}
    />
  );
}
