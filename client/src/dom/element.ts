/**
 * `<matterport-embed>`: a framework-free custom element showing a delivered Matterport value
 * as a poster with an "Explore in 3D" button, and the Showcase player once asked for
 * (issue 27). Entry `strapi-plugin-matterport/client/element`.
 *
 * The class is created inside {@link defineMatterportEmbed}, not at import, so this module
 * can be imported where there is no DOM (server rendering imports it for `embedHtml`).
 */
import {
  activationUrl,
  errorText,
  needsActivation,
  posterUrl,
  readActivationAnswer,
  refreshDelay,
  spaceName,
  type ActivationResult,
} from '../activation';
import { iframeAttributes } from '../iframe';
import { secondsLeft } from '../time';
import {
  isPublicEmbed,
  type MatterportActivation,
  type MatterportEmbedPublic,
  type TokenInfo,
} from '../types';

export { embedHtml, errorText, type EmbedHtmlOptions } from '../activation';

/** The element's tag name. */
export const TAG = 'matterport-embed';

/** Where the element is: the poster, asking for a link, showing the player, or failed. */
export type MatterportEmbedState = 'poster' | 'loading' | 'open' | 'error';

/** `detail` of the `matterport-token` event (an SDK session's renewed token). */
export interface MatterportTokenDetail extends TokenInfo {
  validUntil: string;
}

/** `detail` of the `matterport-error` event. */
export interface MatterportErrorDetail {
  code: string;
  /** true when the failure was a background token renewal (the player stays open). */
  refresh: boolean;
}

/** The element's public interface (what `document.querySelector('matterport-embed')` gives). */
export interface MatterportEmbedElement extends HTMLElement {
  /** The delivered value (an object, or its JSON). Setting it shows the poster again. */
  value: unknown;
  readonly state: MatterportEmbedState;
  /** The current model-scoped token, for the Showcase SDK's `connect(iframe, { auth })`. */
  readonly accessToken: string | null;
  /** For a consent manager: lets the element fetch (same as the `consent-granted` attribute). */
  grantConsent(): void;
  /** Opens the player (as the button does); waits for consent when it is required. */
  open(): Promise<void>;
  /** Back to the poster (a re-open activates again if the link has expired). */
  close(): void;
  /** Renews the token through the activation route (SDK sessions do it before expiry). */
  refresh(): Promise<TokenInfo>;
  /** The first argument of `mpSdk.OAuth.createTokenRefresher`, or null when closed. */
  tokenInfo(): TokenInfo | null;
  /** The second argument: an `OAuth.ITokenFetcher` renewing through the activation route. */
  tokenFetcher(): { fetch(): Promise<TokenInfo> };
}

const STYLE = `
:host { display: block; position: relative; aspect-ratio: var(--matterport-aspect-ratio, 16 / 9);
  overflow: hidden; background: var(--matterport-background, #1f2328); color: var(--matterport-color, #fff);
  border-radius: var(--matterport-radius, 0); font: inherit; }
:host([hidden]) { display: none; }
.layer { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 0.75rem; padding: 1rem; text-align: center; box-sizing: border-box; }
img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; }
p { position: relative; margin: 0; max-width: 40rem; }
.name { font-weight: 600; font-size: 1.15em; text-shadow: 0 1px 3px rgb(0 0 0 / 0.6); }
button { position: relative; font: inherit; font-weight: 600; padding: 0.7em 1.4em; border: 0; border-radius: 999px;
  cursor: pointer; background: var(--matterport-button-background, #fff); color: var(--matterport-button-color, #111);
  transition: transform 150ms ease-out; }
button:hover { transform: scale(1.04); }
button:focus-visible { outline: 3px solid var(--matterport-focus-color, #4c9ffe); outline-offset: 3px; }
.spinner { width: 2rem; height: 2rem; border-radius: 50%; border: 3px solid rgb(255 255 255 / 0.3);
  border-top-color: currentColor; animation: spin 900ms linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) {
  button { transition: none; } button:hover { transform: none; } .spinner { animation: none; }
}
[part='status']:focus { outline: none; }
iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; }
`;

/** Seconds before an SDK session's failed renewal is tried again. */
const REFRESH_RETRY_MS = 5_000;

function parseValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** A public space's plain link (issue 28): no token, no expiry, nothing to renew. */
type PublicLink = Pick<
  MatterportEmbedPublic,
  'modelId' | 'link' | 'accessToken' | 'validUntil' | 'access'
>;

/** What the open player shows: an activated (or delivered) link with a token, or a public one. */
type OpenLink = MatterportActivation | PublicLink;

function isPublicLink(link: OpenLink): link is PublicLink {
  return link.accessToken === null;
}

/** The current link of a value that needs no activation. */
function linkOf(value: unknown): OpenLink {
  if (isPublicEmbed(value)) {
    const { modelId, link, accessToken, validUntil, access } = value;
    return { modelId, link, accessToken, validUntil, access };
  }
  const { modelId, link, accessToken, validUntil } = value as MatterportActivation;
  return { modelId, link, accessToken, validUntil };
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function createClass() {
  return class MatterportEmbed extends HTMLElement implements MatterportEmbedElement {
    static observedAttributes = ['value', 'loading', 'consent', 'consent-granted', 'sdk'];

    #value: unknown = null;
    #valueSet = false;
    #state: MatterportEmbedState = 'poster';
    #link: OpenLink | null = null;
    #errorCode: string | null = null;
    #granted = false;
    /** The visitor asked to open while consent was still pending (a consent manager decides). */
    #openWhenGranted = false;
    /** Bumped by every open/close/value change so a late answer cannot undo them. */
    #generation = 0;
    #refreshTimer: ReturnType<typeof setTimeout> | null = null;
    #refreshing: Promise<TokenInfo> | null = null;
    #observer: IntersectionObserver | null = null;
    /** Focus was inside the element when opening began: it follows to the player or the retry. */
    #keepFocus = false;
    #root: ShadowRoot;

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
    }

    get value(): unknown {
      return this.#valueSet ? this.#value : parseValue(this.getAttribute('value'));
    }

    set value(next: unknown) {
      this.#value = parseValue(next);
      this.#valueSet = true;
      this.#reset();
    }

    get state(): MatterportEmbedState {
      return this.#state;
    }

    get accessToken(): string | null {
      return this.#state === 'open' && this.#link ? this.#link.accessToken : null;
    }

    connectedCallback(): void {
      this.#render();
      this.#proceed();
      if (this.#state === 'open') this.#scheduleRefresh();
    }

    disconnectedCallback(): void {
      this.#generation += 1;
      this.#stopTimers();
      // An answer arriving while detached is dropped: back to the poster, not stuck loading.
      if (this.#state === 'loading') this.#state = 'poster';
    }

    attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
      if (oldValue === newValue || !this.isConnected) return;
      if (name === 'value' && !this.#valueSet) this.#reset();
      else if (name === 'consent-granted' && newValue !== null) this.grantConsent();
      else if (name !== 'consent-granted') {
        this.#render();
        this.#proceed();
      }
    }

    #consentOk(): boolean {
      return (
        this.getAttribute('consent') !== 'required' ||
        this.#granted ||
        this.hasAttribute('consent-granted')
      );
    }

    grantConsent(): void {
      if (this.#granted) return;
      this.#granted = true;
      if (this.#state === 'poster') this.#render();
      if (this.#openWhenGranted) {
        this.#openWhenGranted = false;
        void this.open();
      } else {
        this.#proceed();
      }
    }

    /** What the `loading` attribute asks for once consent is there: nothing, a watch, or open. */
    #proceed(): void {
      if (!this.isConnected || this.#state !== 'poster' || !this.#consentOk()) return;
      const loading = this.getAttribute('loading');
      if (loading === 'eager') {
        void this.open();
      } else if (loading === 'visible' && this.#observer === null) {
        if (typeof IntersectionObserver === 'undefined') {
          void this.open();
          return;
        }
        this.#observer = new IntersectionObserver((entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            this.#observer?.disconnect();
            this.#observer = null;
            void this.open();
          }
        });
        this.#observer.observe(this);
      }
    }

    #reset(): void {
      this.#generation += 1;
      this.#stopTimers();
      this.#link = null;
      this.#errorCode = null;
      this.#state = 'poster';
      if (this.isConnected) {
        this.#render();
        this.#proceed();
      }
    }

    #stopTimers(): void {
      if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
      this.#refreshTimer = null;
      this.#observer?.disconnect();
      this.#observer = null;
    }

    #onButton(): void {
      if (this.#consentOk()) {
        void this.open();
        return;
      }
      // Two-click consent: the click on a button whose note says the space loads from
      // Matterport is the visitor's consent, unless the site's consent manager takes over
      // (it calls preventDefault() and later grantConsent()).
      const ask = new CustomEvent('matterport-consent-request', {
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      if (this.dispatchEvent(ask)) {
        this.grantConsent();
        void this.open();
      } else {
        this.#openWhenGranted = true;
      }
    }

    async open(): Promise<void> {
      if (!this.#consentOk()) {
        this.#openWhenGranted = true;
        return;
      }
      if (this.#state === 'open' || this.#state === 'loading') return;
      this.#observer?.disconnect();
      this.#observer = null;
      const generation = ++this.#generation;
      this.#keepFocus = this.#root.activeElement !== null;
      const value = this.value;
      const current = this.#link ?? (needsActivation(value) ? null : linkOf(value));
      if (current !== null && !needsActivation(current)) {
        this.#show(current);
        return;
      }
      const url = activationUrl(value);
      if (url === null) {
        const delivered = (value as { error?: { code?: unknown } } | null)?.error?.code;
        this.#fail(typeof delivered === 'string' ? delivered : 'MATTERPORT_LINK_EXPIRED');
        return;
      }
      this.#state = 'loading';
      this.#render();
      if (this.#keepFocus) this.#root.querySelector<HTMLElement>('[part="status"]')?.focus();
      const result = await this.#activate(url);
      if (generation !== this.#generation) return;
      if (result.ok) this.#show(result.activation);
      else this.#fail(result.code);
    }

    close(): void {
      this.#generation += 1;
      this.#stopTimers();
      this.#state = 'poster';
      this.#errorCode = null;
      this.#render();
      this.#root.querySelector('button')?.focus();
    }

    async #activate(url: string): Promise<ActivationResult> {
      try {
        // No cookies or credentials: the ref in the URL is the whole authorization, and a
        // site's Strapi session must not ride along to a cacheable public route.
        const response = await fetch(new URL(url, document.baseURI).href, {
          credentials: 'omit',
          cache: 'no-store',
          headers: { Accept: 'application/json' },
        });
        let body: unknown = null;
        try {
          body = await response.json();
        } catch {
          if (response.ok) return { ok: false, code: 'MATTERPORT_NETWORK', status: 0 };
        }
        return readActivationAnswer(response.status, body);
      } catch {
        return { ok: false, code: 'MATTERPORT_NETWORK', status: 0 };
      }
    }

    #show(link: OpenLink): void {
      const hadFocus = this.#keepFocus || this.#root.activeElement !== null;
      this.#keepFocus = false;
      this.#link = link;
      this.#errorCode = null;
      this.#state = 'open';
      this.#render();
      if (hadFocus) this.#root.querySelector('iframe')?.focus();
      this.#scheduleRefresh();
    }

    #fail(code: string): void {
      const hadFocus = this.#keepFocus || this.#root.activeElement !== null;
      this.#keepFocus = false;
      this.#errorCode = code;
      this.#state = 'error';
      this.#render();
      if (hadFocus) this.#root.querySelector('button')?.focus();
      this.dispatchEvent(
        new CustomEvent<MatterportErrorDetail>('matterport-error', {
          bubbles: true,
          composed: true,
          detail: { code, refresh: false },
        })
      );
    }

    #scheduleRefresh(): void {
      if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
      this.#refreshTimer = null;
      const link = this.#link;
      if (!this.hasAttribute('sdk') || link === null) return;
      // A public link has no token and no expiry: nothing to renew (issue 28).
      if (isPublicLink(link)) return;
      if (activationUrl(this.value) === null) return;
      this.#refreshTimer = setTimeout(() => {
        this.#refreshTimer = null;
        this.refresh().catch(() => {
          // Reported through `matterport-error`; try again while the session lasts.
          if (this.#state === 'open') {
            this.#refreshTimer = setTimeout(() => this.#scheduleRefresh(), REFRESH_RETRY_MS);
          }
        });
      }, refreshDelay(link.validUntil));
    }

    refresh(): Promise<TokenInfo> {
      if (this.#refreshing !== null) return this.#refreshing;
      if (this.#link !== null && isPublicLink(this.#link)) {
        return Promise.reject(new Error('matterport: a public space has no token to renew'));
      }
      const url = activationUrl(this.value);
      const generation = this.#generation;
      const run = async (): Promise<TokenInfo> => {
        if (url === null) throw new Error('matterport: this value has no activation route');
        const result = await this.#activate(url);
        if (!result.ok) {
          this.dispatchEvent(
            new CustomEvent<MatterportErrorDetail>('matterport-error', {
              bubbles: true,
              composed: true,
              detail: { code: result.code, refresh: true },
            })
          );
          throw new Error(`matterport: token renewal failed (${result.code})`);
        }
        const link = result.activation;
        const info: TokenInfo = {
          access_token: link.accessToken,
          expires_in: secondsLeft(link),
        };
        // The player keeps its iframe: an SDK session takes the new token from the event
        // (or from tokenFetcher()); only a later re-open uses the new link.
        if (generation === this.#generation) {
          this.#link = link;
          this.dispatchEvent(
            new CustomEvent<MatterportTokenDetail>('matterport-token', {
              bubbles: true,
              composed: true,
              detail: { ...info, validUntil: link.validUntil },
            })
          );
          this.#scheduleRefresh();
        }
        return info;
      };
      this.#refreshing = run().finally(() => {
        this.#refreshing = null;
      });
      return this.#refreshing;
    }

    tokenInfo(): TokenInfo | null {
      const link = this.#link;
      return this.#state === 'open' && link !== null && !isPublicLink(link)
        ? { access_token: link.accessToken, expires_in: secondsLeft(link) }
        : null;
    }

    tokenFetcher(): { fetch(): Promise<TokenInfo> } {
      return { fetch: () => this.refresh() };
    }

    #render(): void {
      const value = this.value;
      const name = spaceName(value);
      this.dataset.state = this.#state;
      if (this.#errorCode === null) delete this.dataset.errorCode;
      else this.dataset.errorCode = this.#errorCode;

      const style = el('style', {}, STYLE);
      let layer: HTMLElement;
      if (this.#state === 'open' && this.#link !== null) {
        layer = el('iframe', { part: 'iframe' });
        const attributes = iframeAttributes({ ...this.#link, name }, { loading: 'eager' });
        for (const [attribute, text] of Object.entries(attributes)) {
          if (text !== undefined) layer.setAttribute(attribute, text);
        }
      } else if (this.#state === 'loading') {
        layer = el('div', { class: 'layer', part: 'status', role: 'status', tabindex: '-1' });
        layer.append(el('div', { class: 'spinner', 'aria-hidden': 'true' }));
        layer.append(el('p', {}, `Opening ${name}…`));
      } else if (this.#state === 'error') {
        layer = el('div', { class: 'layer', part: 'error', role: 'alert' });
        layer.append(el('p', { part: 'error-message' }, errorText(this.#errorCode ?? '')));
        const retry = el('button', { type: 'button', part: 'retry' }, 'Try again');
        retry.addEventListener('click', () => this.#retry());
        layer.append(retry);
      } else {
        layer = el('div', { class: 'layer', part: 'poster' });
        const poster = this.#consentOk() ? posterUrl(value) : null;
        if (poster !== null)
          layer.append(el('img', { src: poster, alt: '', part: 'poster-image' }));
        layer.append(el('p', { class: 'name', part: 'name' }, name));
        // The name read out contains the visible label (WCAG 2.5.3) and says which space.
        const button = el(
          'button',
          { type: 'button', part: 'button', 'aria-label': `Explore in 3D: ${name}` },
          'Explore in 3D'
        );
        button.addEventListener('click', () => this.#onButton());
        layer.append(button);
        if (!this.#consentOk()) {
          layer.append(
            el(
              'p',
              { part: 'consent-note' },
              'Opening it loads the 3D space from Matterport, which may set cookies.'
            )
          );
        }
      }
      this.#root.replaceChildren(style, layer);
    }

    #retry(): void {
      this.#state = 'poster';
      this.#errorCode = null;
      void this.open();
    }
  };
}

/**
 * Registers `<matterport-embed>` (once; later calls do nothing). Does nothing where there is
 * no `customElements` (server rendering), so it is safe to call from shared code.
 */
export function defineMatterportEmbed(tag: string = TAG): void {
  if (typeof customElements === 'undefined' || customElements.get(tag) !== undefined) return;
  customElements.define(tag, createClass());
}
