/**
 * `<MatterportEmbed>` for React 18 and 19: renders the `<matterport-embed>` custom element
 * (entry `strapi-plugin-matterport/client/react`). React comes from the site (a peer); the
 * value travels as a JSON attribute, so server rendering outputs a complete element that
 * upgrades when the script runs.
 */
import { createElement, useEffect, useRef, type CSSProperties } from 'react';

import {
  defineMatterportEmbed,
  TAG,
  type MatterportEmbedElement,
  type MatterportErrorDetail,
  type MatterportTokenDetail,
} from './element';
import type { MatterportDeliveredValue } from '../types';

export { defineMatterportEmbed, type MatterportEmbedElement } from './element';

/** Props of {@link MatterportEmbed}. */
export interface MatterportEmbedProps {
  /** The delivered value of the Matterport field. */
  value: MatterportDeliveredValue | null | undefined;
  /** When the player loads: on a click (default), when scrolled into view, or at once. */
  loading?: 'click' | 'visible' | 'eager';
  /** `required`: nothing is fetched before `consentGranted` (or the visitor's click). */
  consent?: 'required';
  /** Set by the site's consent manager. */
  consentGranted?: boolean;
  /** Keep a Showcase SDK session's token fresh through the activation route. */
  sdk?: boolean;
  className?: string;
  style?: CSSProperties;
  id?: string;
  /** An SDK session's renewed token. */
  onToken?: (detail: MatterportTokenDetail) => void;
  onError?: (detail: MatterportErrorDetail) => void;
  /** The visitor clicked while consent is required; call `event.preventDefault()` to ask your consent manager instead. */
  onConsentRequest?: (event: Event) => void;
}

/** Listens to `name` on the element while `handler` is set. */
function useElementEvent(
  ref: { current: MatterportEmbedElement | null },
  name: string,
  handler: ((event: Event) => void) | undefined
): void {
  const latest = useRef(handler);
  latest.current = handler;
  const active = handler !== undefined;
  useEffect(() => {
    const node = ref.current;
    if (!active || node === null) return undefined;
    const listener = (event: Event) => latest.current?.(event);
    node.addEventListener(name, listener);
    return () => node.removeEventListener(name, listener);
  }, [ref, name, active]);
}

/** A Matterport space: poster, "Explore in 3D" button, consent gate, activation and player. */
export function MatterportEmbed(props: MatterportEmbedProps) {
  const ref = useRef<MatterportEmbedElement | null>(null);
  const { onToken, onError } = props;
  useEffect(() => {
    defineMatterportEmbed();
  }, []);
  useElementEvent(
    ref,
    'matterport-token',
    onToken && ((event) => onToken((event as CustomEvent<MatterportTokenDetail>).detail))
  );
  useElementEvent(
    ref,
    'matterport-error',
    onError && ((event) => onError((event as CustomEvent<MatterportErrorDetail>).detail))
  );
  useElementEvent(ref, 'matterport-consent-request', props.onConsentRequest);

  // Boolean attributes: present (empty string) or absent, the same in React 18 and 19.
  return createElement(TAG, {
    ref,
    id: props.id,
    class: props.className,
    style: props.style,
    value: JSON.stringify(props.value ?? null),
    loading: props.loading,
    consent: props.consent,
    'consent-granted': props.consentGranted ? '' : undefined,
    sdk: props.sdk ? '' : undefined,
  });
}
