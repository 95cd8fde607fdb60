/**
 * @jest-environment jsdom
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';

import type { MatterportEmbedOnDemand } from '../types';
import type { MatterportEmbedElement } from './element';
import { MatterportEmbed, type MatterportEmbedProps } from './react';

// The Node build of the server renderer (jsdom would pick the browser one, which needs
// TextEncoder). `require` typed here so that the DOM tsconfig stays free of Node types.
declare function require(id: 'react-dom/server.node'): unknown;
const { renderToString } = require('react-dom/server.node') as typeof import('react-dom/server');

const ACTIVATE = 'https://cms.example.com/api/matterport/embeds/ref1';
const FRESH = 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+fresh';

const onDemand: MatterportEmbedOnDemand = {
  modelId: 'SxQL3iGyoDo',
  name: 'Lobby',
  link: null,
  accessToken: null,
  validUntil: null,
  poster: { url: 'https://cms.example.com/api/matterport/posters/ref1' },
  activate: { url: ACTIVATE },
};

const answer = (status: number, body: unknown) =>
  ({ ok: status < 300, status, json: async () => body }) as unknown as Response;

let fetchMock: ReturnType<typeof jest.fn<typeof fetch>>;
let root: Root | null = null;
let container: HTMLElement;

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  fetchMock = jest.fn<typeof fetch>();
  globalThis.fetch = fetchMock;
  container = document.createElement('div');
  document.body.replaceChildren(container);
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

function render(props: MatterportEmbedProps): MatterportEmbedElement {
  act(() => {
    root ??= createRoot(container);
    root.render(createElement(MatterportEmbed, props));
  });
  return container.querySelector('matterport-embed') as MatterportEmbedElement;
}

const settle = async () => {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  });
};

describe('<MatterportEmbed> (React)', () => {
  it('renders on the server as a complete <matterport-embed> with the value as JSON', () => {
    const html = renderToString(
      createElement(MatterportEmbed, { value: onDemand, loading: 'visible', consent: 'required' })
    );
    expect(html).toContain('<matterport-embed');
    expect(html).toContain('value="{&quot;modelId&quot;:&quot;SxQL3iGyoDo&quot;');
    expect(html).toContain('loading="visible"');
    expect(html).toContain('consent="required"');
    expect(html).not.toContain('consent-granted');
    expect(html).not.toContain('sdk');
  });

  it('in the browser, defines the element: poster, click, activation, player', async () => {
    fetchMock.mockResolvedValueOnce(
      answer(200, {
        data: {
          modelId: 'SxQL3iGyoDo',
          link: FRESH,
          accessToken: 'fresh',
          validUntil: new Date(Date.now() + 3600_000).toISOString(),
        },
      })
    );
    const node = render({ value: onDemand, className: 'tour' });
    expect(node.className).toBe('tour');
    const button = node.shadowRoot?.querySelector('button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Explore in 3D: Lobby');
    act(() => button.click());
    await settle();
    expect(fetchMock.mock.calls[0][0]).toBe(ACTIVATE);
    expect(node.shadowRoot?.querySelector('iframe')?.getAttribute('src')).toBe(FRESH);
  });

  it('a public space value shows its plain link, with no activation and no timer, even with sdk', async () => {
    jest.useFakeTimers();
    try {
      const PUBLIC = 'https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1';
      const onToken = jest.fn();
      const node = render({
        value: {
          modelId: 'SxQL3iGyoDo',
          name: 'Lobby',
          link: PUBLIC,
          accessToken: null,
          validUntil: null,
          access: 'public',
          poster: null,
          // An activation route is there, yet a public link has nothing to renew.
          activate: { url: ACTIVATE },
        },
        loading: 'eager',
        sdk: true,
        onToken,
      });
      await settle();
      expect(node.shadowRoot?.querySelector('iframe')?.getAttribute('src')).toBe(PUBLIC);
      expect(jest.getTimerCount()).toBe(0);
      act(() => jest.advanceTimersByTime(48 * 3600_000));
      await settle();
      expect(fetchMock).not.toHaveBeenCalled();
      expect(onToken).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('consentGranted from the consent manager lets an eager embed proceed', async () => {
    fetchMock.mockResolvedValue(
      answer(503, {
        data: null,
        error: {
          status: 503,
          name: 'x',
          message: 'x',
          details: { code: 'MATTERPORT_UNAVAILABLE' },
        },
      })
    );
    const onError = jest.fn<(detail: { code: string; refresh: boolean }) => void>();
    render({ value: onDemand, loading: 'eager', consent: 'required', onError });
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();

    const node = render({
      value: onDemand,
      loading: 'eager',
      consent: 'required',
      consentGranted: true,
      onError,
    });
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith({ code: 'MATTERPORT_UNAVAILABLE', refresh: false });
    expect(node.dataset.errorCode).toBe('MATTERPORT_UNAVAILABLE');
  });
});
