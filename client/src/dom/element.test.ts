/**
 * @jest-environment jsdom
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { defineMatterportEmbed, type MatterportEmbedElement } from './element';
import type { MatterportEmbedOnDemand } from '../types';

const LINK = 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+live';
const FRESH = 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+fresh';
const ACTIVATE = 'https://cms.example.com/api/matterport/embeds/ref1';
const POSTER = 'https://cms.example.com/api/matterport/posters/ref1';

const onDemand: MatterportEmbedOnDemand = {
  modelId: 'SxQL3iGyoDo',
  name: 'Lobby',
  link: null,
  accessToken: null,
  validUntil: null,
  poster: { url: POSTER },
  activate: { url: ACTIVATE },
};

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

const linkValue = () => ({
  modelId: 'SxQL3iGyoDo',
  name: 'Lobby',
  link: LINK,
  accessToken: 'live',
  validUntil: inAnHour(),
  poster: { url: POSTER },
  activate: { url: ACTIVATE },
});

function answer(status: number, body: unknown): Response {
  return { ok: status < 300, status, json: async () => body } as unknown as Response;
}

const activation = (link = FRESH, validUntil = inAnHour()) =>
  answer(200, { data: { modelId: 'SxQL3iGyoDo', link, accessToken: 'fresh', validUntil } });

const unavailable = () =>
  answer(503, {
    data: null,
    error: {
      status: 503,
      name: 'ServiceUnavailableError',
      message: 'Matterport answered 503',
      details: { code: 'MATTERPORT_UNAVAILABLE' },
    },
  });

let fetchMock: ReturnType<typeof jest.fn<typeof fetch>>;

beforeAll(() => defineMatterportEmbed());
beforeEach(() => {
  fetchMock = jest.fn<typeof fetch>();
  globalThis.fetch = fetchMock;
  document.body.innerHTML = '';
});
afterEach(() => {
  jest.useRealTimers();
});

function mount(value: unknown, attributes: Record<string, string> = {}): MatterportEmbedElement {
  const node = document.createElement('matterport-embed') as MatterportEmbedElement;
  for (const [name, text] of Object.entries(attributes)) node.setAttribute(name, text);
  node.value = value;
  document.body.append(node);
  return node;
}

const shadow = (node: MatterportEmbedElement) => node.shadowRoot as ShadowRoot;
const button = (node: MatterportEmbedElement) =>
  shadow(node).querySelector('button') as HTMLButtonElement;
const iframe = (node: MatterportEmbedElement) => shadow(node).querySelector('iframe');
/** Lets pending promise callbacks (the mocked fetch and json) run. */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('<matterport-embed>: the poster', () => {
  it('shows the poster image, the name and a real button whose name includes the space', () => {
    const node = mount(onDemand);
    expect(shadow(node).querySelector('img')?.getAttribute('src')).toBe(POSTER);
    expect(shadow(node).querySelector('[part="name"]')?.textContent).toBe('Lobby');
    expect(button(node).getAttribute('type')).toBe('button');
    expect(button(node).textContent).toBe('Explore in 3D');
    expect(button(node).getAttribute('aria-label')).toBe('Explore in 3D: Lobby');
    expect(node.dataset.state).toBe('poster');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('without a poster, a plain panel with the name and no image', () => {
    const node = mount({ ...onDemand, poster: null, name: 'Roof <terrace>' });
    expect(shadow(node).querySelector('img')).toBeNull();
    expect(shadow(node).querySelector('[part="name"]')?.textContent).toBe('Roof <terrace>');
  });

  it('takes the value from its JSON attribute (static HTML)', () => {
    document.body.innerHTML = `<matterport-embed value='${JSON.stringify(onDemand)}'></matterport-embed>`;
    const node = document.querySelector('matterport-embed') as MatterportEmbedElement;
    expect(shadow(node).querySelector('[part="name"]')?.textContent).toBe('Lobby');
  });
});

describe('<matterport-embed>: opening', () => {
  it('a live link value opens on click without asking the server, in the safe iframe', async () => {
    const node = mount(linkValue());
    button(node).click();
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    const frame = iframe(node) as HTMLIFrameElement;
    expect(frame.getAttribute('src')).toBe(LINK);
    expect(frame.getAttribute('title')).toBe('Lobby');
    expect(frame.getAttribute('allow')).toBe(
      'fullscreen; xr-spatial-tracking; web-share; autoplay'
    );
    expect(frame.getAttribute('referrerpolicy')).toBe('strict-origin-when-cross-origin');
    expect(node.accessToken).toBe('live');
  });

  it('an on-demand value is activated on click, without credentials', async () => {
    fetchMock.mockResolvedValueOnce(activation());
    const node = mount(onDemand);
    button(node).click();
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0][0]).toBe(ACTIVATE);
    expect(fetchMock.mock.calls[0][1]).toMatchObject({ credentials: 'omit' });
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
    expect(node.dataset.state).toBe('open');
  });

  it('an expired link value is activated again', async () => {
    fetchMock.mockResolvedValueOnce(activation());
    const node = mount({ ...linkValue(), validUntil: new Date(Date.now() - 1000).toISOString() });
    button(node).click();
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });

  it('an expired link value with no activation route fails with MATTERPORT_LINK_EXPIRED', async () => {
    const { activate: _ignored, ...value } = linkValue();
    const node = mount({ ...value, validUntil: new Date(Date.now() - 1000).toISOString() });
    button(node).click();
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(node.dataset.errorCode).toBe('MATTERPORT_LINK_EXPIRED');
  });

  it('an activation answering a javascript: link opens nothing', async () => {
    fetchMock.mockResolvedValueOnce(activation('javascript:alert(1)'));
    const node = mount(onDemand);
    button(node).click();
    await settle();
    expect(iframe(node)).toBeNull();
    expect(node.dataset.errorCode).toBe('MATTERPORT_BAD_ANSWER');
  });

  it('loading="eager" opens at once', async () => {
    fetchMock.mockResolvedValueOnce(activation());
    const node = mount(onDemand, { loading: 'eager' });
    await settle();
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });

  it('loading="visible" opens when the element scrolls into view', async () => {
    let notify: ((entries: Array<{ isIntersecting: boolean }>) => void) | null = null;
    const observed: Element[] = [];
    globalThis.IntersectionObserver = class {
      constructor(callback: (entries: Array<{ isIntersecting: boolean }>) => void) {
        notify = callback;
      }
      observe(target: Element) {
        observed.push(target);
      }
      disconnect() {}
    } as unknown as typeof IntersectionObserver;
    fetchMock.mockResolvedValueOnce(activation());
    const node = mount(onDemand, { loading: 'visible' });
    expect(observed).toEqual([node]);
    expect(fetchMock).not.toHaveBeenCalled();
    notify!([{ isIntersecting: true }]);
    await settle();
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });
});

describe('<matterport-embed consent="required">', () => {
  it('fetches nothing, not even the poster, before consent, even with loading="eager"', async () => {
    const node = mount(onDemand, { consent: 'required', loading: 'eager' });
    await settle();
    expect(shadow(node).querySelector('img')).toBeNull();
    expect(iframe(node)).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(shadow(node).querySelector('[part="consent-note"]')?.textContent).toMatch(/Matterport/);
  });

  it("the consent manager's grant (method or attribute) lets it proceed", async () => {
    fetchMock.mockResolvedValue(activation());
    const byMethod = mount(onDemand, { consent: 'required', loading: 'eager' });
    byMethod.grantConsent();
    await settle();
    expect(iframe(byMethod)?.getAttribute('src')).toBe(FRESH);

    const byAttribute = mount(onDemand, { consent: 'required' });
    byAttribute.setAttribute('consent-granted', '');
    expect(shadow(byAttribute).querySelector('img')?.getAttribute('src')).toBe(POSTER);
    expect(iframe(byAttribute)).toBeNull();
  });

  it('a site that handles the consent request keeps the click from counting as consent', async () => {
    fetchMock.mockResolvedValue(activation());
    const node = mount(onDemand, { consent: 'required' });
    node.addEventListener('matterport-consent-request', (event) => event.preventDefault());
    button(node).click();
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    node.grantConsent();
    await settle();
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });

  it('without a consent manager, the click on the button is the consent', async () => {
    fetchMock.mockResolvedValue(activation());
    const node = mount(onDemand, { consent: 'required' });
    button(node).click();
    await settle();
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });
});

describe('<matterport-embed>: errors', () => {
  it('shows plain words, the code in data-error-code, and a retry that works', async () => {
    fetchMock.mockResolvedValueOnce(unavailable()).mockResolvedValueOnce(activation());
    const errors: string[] = [];
    const node = mount(onDemand);
    node.addEventListener('matterport-error', (event) =>
      errors.push((event as CustomEvent<{ code: string }>).detail.code)
    );
    button(node).click();
    await settle();
    const alert = shadow(node).querySelector('[role="alert"]') as HTMLElement;
    expect(alert.textContent).toContain('could not be opened right now');
    expect(alert.textContent).not.toContain('MATTERPORT');
    expect(node.dataset.errorCode).toBe('MATTERPORT_UNAVAILABLE');
    expect(errors).toEqual(['MATTERPORT_UNAVAILABLE']);

    const retry = shadow(node).querySelector('[part="retry"]') as HTMLButtonElement;
    expect(retry.textContent).toBe('Try again');
    retry.click();
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
    expect(node.dataset.errorCode).toBeUndefined();
  });

  it('a network failure is an error state too', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const node = mount(onDemand);
    button(node).click();
    await settle();
    expect(node.dataset.errorCode).toBe('MATTERPORT_NETWORK');
  });
});

describe('<matterport-embed>: a public space (issue 28)', () => {
  const PUBLIC = 'https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1';
  const publicValue = () => ({
    modelId: 'SxQL3iGyoDo',
    name: 'Lobby',
    link: PUBLIC,
    accessToken: null,
    validUntil: null,
    access: 'public',
    error: null,
    poster: { url: POSTER },
    activate: { url: ACTIVATE },
  });

  it('opens the plain link on click, asking the server nothing, with no token', async () => {
    const node = mount(publicValue());
    button(node).click();
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(node.state).toBe('open');
    expect(iframe(node)?.getAttribute('src')).toBe(PUBLIC);
    expect(iframe(node)?.getAttribute('title')).toBe('Lobby');
    expect(node.accessToken).toBeNull();
    expect(node.tokenInfo()).toBeNull();
  });

  it('with sdk and loading="eager", schedules no renewal and never fetches', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T11:00:00Z') });
    const node = mount(publicValue(), { sdk: '', loading: 'eager' });
    await settle();
    expect(iframe(node)?.getAttribute('src')).toBe(PUBLIC);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(48 * 3600_000);
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(iframe(node)?.getAttribute('src')).toBe(PUBLIC);
    await expect(node.refresh()).rejects.toThrow('no token');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('a re-open, even days later, shows the same link without activating', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T11:00:00Z') });
    const node = mount(publicValue());
    button(node).click();
    await settle();
    node.close();
    jest.setSystemTime(Date.parse('2026-12-01T11:00:00Z'));
    button(node).click();
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(iframe(node)?.getAttribute('src')).toBe(PUBLIC);
  });

  it('an unsafe public link is not shown: it goes to the activation route instead', async () => {
    fetchMock.mockResolvedValueOnce(activation());
    const node = mount({ ...publicValue(), link: 'javascript:alert(1)' });
    button(node).click();
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });
});

describe('<matterport-embed sdk>: token renewal', () => {
  it('renews through the activation route before expiry, keeping the player', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T11:00:00Z') });
    const twoSeconds = () => new Date(Date.now() + 2_000).toISOString();
    fetchMock.mockResolvedValueOnce(activation(FRESH, twoSeconds())).mockResolvedValueOnce(
      answer(200, {
        data: {
          modelId: 'SxQL3iGyoDo',
          link: LINK,
          accessToken: 'renewed',
          validUntil: new Date(Date.now() + 4_000).toISOString(),
        },
      })
    );
    const tokens: string[] = [];
    const node = mount(onDemand, { sdk: '' });
    node.addEventListener('matterport-token', (event) =>
      tokens.push((event as CustomEvent<{ access_token: string }>).detail.access_token)
    );
    button(node).click();
    await settle();
    expect(node.tokenInfo()).toEqual({ access_token: 'fresh', expires_in: 2 });

    jest.advanceTimersByTime(1_600);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(tokens).toEqual(['renewed']);
    expect(node.accessToken).toBe('renewed');
    expect(iframe(node)?.getAttribute('src')).toBe(FRESH);
  });

  it('without sdk, nothing is renewed in the background; a re-open after expiry activates again', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T11:00:00Z') });
    fetchMock
      .mockResolvedValueOnce(activation(FRESH, new Date(Date.now() + 2_000).toISOString()))
      .mockResolvedValueOnce(activation(LINK));
    const node = mount(onDemand);
    button(node).click();
    await settle();
    jest.advanceTimersByTime(10_000);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    node.close();
    button(node).click();
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(iframe(node)?.getAttribute('src')).toBe(LINK);
  });
});
