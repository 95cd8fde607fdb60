/**
 * `<matterport-embed>` in Chromium (issue 27, item 5): a static HTML page built once from
 * `on-demand` values, served by a tiny local server that also plays Strapi's activation and
 * poster routes (counting every call) and Matterport's Showcase page. The kit's sources are
 * served as ES modules (TypeScript stripped per file), so the test needs no build.
 *
 * Expectations come from the issue: keyboard activation, nothing fetched before consent,
 * a new activation once a 2-second link has died (SDK renewal, re-open, three lifetimes
 * later), and an error state whose retry works.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import ts from 'typescript';

import { embedHtml, type EmbedHtmlOptions } from '../../client/src/activation';
import type { MatterportEmbedOnDemand } from '../../client/src/types';
import { launchBrowser, until } from '../e2e/browser';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../..');
/** A 1x1 PNG: the poster. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64'
);

/** A file of an installed package that its `exports` do not list (React 18's UMD builds). */
const umd = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** React as a site loads it: the UMD builds, and `react` mapped to them for ES modules. */
const VENDOR: Record<string, () => string> = {
  '/vendor/react.js': () => fs.readFileSync(umd('react', 'umd/react.development.js'), 'utf8'),
  '/vendor/react-dom.js': () =>
    fs.readFileSync(umd('react-dom', 'umd/react-dom.development.js'), 'utf8'),
  '/vendor/react.mjs': () =>
    'const React = window.React; export default React; export const { createElement, useEffect, useRef } = React;',
};

interface Activation {
  /** Life of the links the route mints. */
  lifeMs: number;
  /** The next this-many activations answer 503 in the plugin's error shape. */
  failures: number;
  /** Every activation made: the ref, the token minted and its expiry. */
  calls: Array<{ ref: string; token: string; validUntil: number; cookie: string | undefined }>;
}

/** Strapi's side and Matterport's, played by one server. */
class FakeServer {
  server = http.createServer((req, res) => this.handle(req, res));
  pages = new Map<string, string>();
  /** Every request apart from the page itself and the kit's modules. */
  requests: string[] = [];
  activation: Activation = { lifeMs: 60_000, failures: 0, calls: [] };
  origin = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests = [];
    this.activation = { lifeMs: 60_000, failures: 0, calls: [] };
  }

  count(prefix: string): number {
    return this.requests.filter((url) => url.startsWith(prefix)).length;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/kit/')) return this.module(url.pathname.slice(5), res);
    const vendor = VENDOR[url.pathname];
    if (vendor !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(vendor());
      return;
    }
    const page = this.pages.get(url.pathname);
    if (page !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
      return;
    }
    this.requests.push(url.pathname);
    const embeds = /^\/api\/matterport\/embeds\/([\w-]+)$/.exec(url.pathname);
    if (embeds) return this.activate(embeds[1], req, res);
    if (url.pathname.startsWith('/api/matterport/posters/')) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=31536000' });
      res.end(PNG);
      return;
    }
    if (url.pathname === '/showcase') {
      const model = url.searchParams.get('m') ?? '';
      const auth = url.searchParams.get('auth') ?? '';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Showcase</title><p id="model">${model.replace(/\W/g, '')}</p><p id="auth">${auth.replace(/[^\w ]/g, '')}</p>`
      );
      return;
    }
    res.writeHead(404);
    res.end();
  }

  private activate(ref: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    if (this.activation.failures > 0) {
      this.activation.failures -= 1;
      res.writeHead(503, headers);
      res.end(
        JSON.stringify({
          data: null,
          error: {
            status: 503,
            name: 'ServiceUnavailableError',
            message: 'Matterport answered 503',
            details: { code: 'MATTERPORT_UNAVAILABLE' },
          },
        })
      );
      return;
    }
    const token = `tok${this.activation.calls.length + 1}`;
    const validUntil = Date.now() + this.activation.lifeMs;
    this.activation.calls.push({ ref, token, validUntil, cookie: req.headers.cookie });
    res.writeHead(200, headers);
    res.end(
      JSON.stringify({
        data: {
          modelId: 'SxQL3iGyoDo',
          link: `${this.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+${token}`,
          accessToken: token,
          validUntil: new Date(validUntil).toISOString(),
        },
      })
    );
  }

  /** `/kit/client/src/dom/element` → client/src/dom/element.ts without its types. */
  private module(name: string, res: http.ServerResponse): void {
    const file = path.join(ROOT, `${name}.ts`);
    const inside = ['client', 'common'].some((dir) => file.startsWith(path.join(ROOT, dir) + '/'));
    if (!inside || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    res.end(outputText);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const fake = new FakeServer();
let browser: Browser;
let context: BrowserContext;

const onDemand = (ref: string, name: string): MatterportEmbedOnDemand => ({
  modelId: 'SxQL3iGyoDo',
  name,
  link: null,
  accessToken: null,
  validUntil: null,
  poster: { url: `${fake.origin}/api/matterport/posters/${ref}` },
  activate: { url: `${fake.origin}/api/matterport/embeds/${ref}` },
});

/** A static page built once, as a site generator would: `embedHtml` plus the element's module. */
function publish(
  pathname: string,
  embeds: Array<{ value: unknown; options?: EmbedHtmlOptions }>,
  extra = ''
): string {
  fake.pages.set(
    pathname,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spaces</title><link rel="icon" href="data:,"></head><body>
<h1>Spaces</h1>${extra}
${embeds.map(({ value, options }) => embedHtml(value, options)).join('\n')}
<script type="module">
import { defineMatterportEmbed } from '/kit/client/src/dom/element';
defineMatterportEmbed();
</script></body></html>`
  );
  return `${fake.origin}${pathname}`;
}

/** Opens a page and waits until the element has rendered its poster. */
async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('matterport-embed[data-state="poster"]').first().waitFor();
  return page;
}

/** The iframe's `src` inside the element's shadow root (Playwright's CSS pierces it). */
const frameSrc = (page: Page) => page.locator('matterport-embed iframe').getAttribute('src');

beforeAll(async () => {
  await fake.start();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await fake.close();
});
beforeEach(async () => {
  fake.reset();
  await context?.close();
  context = await browser.newContext();
});

describe('<matterport-embed> in Chromium', () => {
  it('keyboard: Tab reaches the named button, Enter opens the activated link', async () => {
    const page = await open(publish('/keyboard.html', [{ value: onDemand('ref-k', 'Lobby') }]));
    expect(fake.count('/api/matterport/embeds/')).toBe(0);

    await page.keyboard.press('Tab');
    const button = page.getByRole('button', { name: 'Explore in 3D: Lobby' });
    expect(await button.evaluate((node) => node.matches(':focus-visible'))).toBe(true);
    // Visible focus: an outline drawn around the focused button.
    expect(await button.evaluate((node) => getComputedStyle(node).outlineStyle)).toBe('solid');

    await page.keyboard.press('Enter');
    await page.locator('matterport-embed[data-state="open"]').waitFor();
    expect(await frameSrc(page)).toBe(`${fake.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+tok1`);
    const showcase = page.frameLocator('matterport-embed iframe');
    expect(await showcase.locator('#auth').innerText()).toBe('Bearer tok1');
    expect(fake.activation.calls.map((call) => call.ref)).toEqual(['ref-k']);
    const iframe = page.locator('matterport-embed iframe');
    expect(await iframe.getAttribute('title')).toBe('Lobby');
    expect(await iframe.getAttribute('referrerpolicy')).toBe('strict-origin-when-cross-origin');
    expect(await iframe.getAttribute('allow')).toContain('xr-spatial-tracking');
  });

  it('reduced motion: the button does not move when the visitor asks for less motion', async () => {
    const page = await open(publish('/motion.html', [{ value: onDemand('ref-m', 'Lobby') }]));
    const button = page.getByRole('button', { name: 'Explore in 3D: Lobby' });
    const transition = () => button.evaluate((node) => getComputedStyle(node).transitionDuration);
    expect(await transition()).not.toBe('0s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await transition()).toBe('0s');
  });

  it('consent: nothing is requested before consent; the consent manager grants it', async () => {
    const seen: string[] = [];
    const url = publish(
      '/consent.html',
      [
        { value: onDemand('ref-c1', 'Lobby'), options: { consent: 'required', loading: 'eager' } },
        { value: onDemand('ref-c2', 'Roof'), options: { consent: 'required' } },
      ],
      `<button id="accept" onclick="document.querySelectorAll('matterport-embed').forEach((e) => e.grantConsent())">Accept all cookies</button>`
    );
    const page = await context.newPage();
    page.on('request', (request) => seen.push(request.url()));
    await page.goto(url);
    await page.locator('matterport-embed[data-state="poster"]').first().waitFor();
    await page.waitForLoadState('networkidle');

    expect(fake.requests).toEqual([]);
    expect(seen.filter((address) => !/\/(consent\.html|kit\/.*)$/.test(address))).toEqual([]);
    expect(await page.locator('matterport-embed img').count()).toBe(0);
    expect(await page.locator('matterport-embed iframe').count()).toBe(0);

    await page.getByRole('button', { name: 'Accept all cookies' }).click();
    // The eager one opens; the other now shows its poster and waits for a click.
    await page.locator('matterport-embed[data-state="open"]').waitFor();
    await until('the second poster image', () =>
      page
        .locator('matterport-embed')
        .nth(1)
        .locator('img')
        .evaluate((img) => (img as HTMLImageElement).complete)
    );
    expect(fake.activation.calls.map((call) => call.ref)).toEqual(['ref-c1']);
    expect(fake.count('/api/matterport/posters/')).toBe(2);
    expect(fake.count('/showcase')).toBe(1);
  });

  it('refresh: an SDK session renews its 2-second token through the activation route', async () => {
    fake.activation.lifeMs = 2_000;
    const page = await open(
      publish('/sdk.html', [{ value: onDemand('ref-s', 'Lobby'), options: { sdk: true } }])
    );
    await page.evaluate(() => {
      const element = document.querySelector('matterport-embed') as HTMLElement & {
        tokens?: string[];
      };
      element.tokens = [];
      element.addEventListener('matterport-token', (event) =>
        element.tokens?.push((event as CustomEvent<{ access_token: string }>).detail.access_token)
      );
    });
    await page.getByRole('button', { name: 'Explore in 3D: Lobby' }).click();
    await page.locator('matterport-embed[data-state="open"]').waitFor();

    // Poll until the first token's expiry has passed: by then it must have been renewed.
    const first = fake.activation.calls[0];
    await until('the first token to expire', () => Date.now() > first.validUntil + 200);
    const tokens = await page.evaluate(
      () =>
        (document.querySelector('matterport-embed') as HTMLElement & { tokens: string[] }).tokens
    );
    expect(tokens[0]).toBe('tok2');
    expect(fake.activation.calls[1].validUntil - first.validUntil).toBeGreaterThan(0);
    expect(fake.activation.calls.every((call) => call.ref === 'ref-s')).toBe(true);
    // The player keeps its iframe; the SDK takes the new token.
    expect(await frameSrc(page)).toBe(`${fake.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+tok1`);
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('matterport-embed') as HTMLElement & { accessToken: string })
            .accessToken
      )
    ).not.toBe('tok1');
  });

  it('public space (issue 28): the plain link opens with no token and nothing scheduled', async () => {
    // A public value as the server delivers it for `access: 'public' | 'auto'`: a plain
    // Showcase link (the field's params already in it), no token, no expiry.
    const link = `${fake.origin}/showcase?m=SxQL3iGyoDo&play=1&qs=1`;
    const value = {
      modelId: 'SxQL3iGyoDo',
      name: 'Lobby',
      link,
      accessToken: null,
      validUntil: null,
      access: 'public',
      error: null,
      poster: { url: `${fake.origin}/api/matterport/posters/ref-p` },
      activate: { url: `${fake.origin}/api/matterport/embeds/ref-p` },
    };
    const url = publish('/public.html', [{ value, options: { sdk: true } }]);
    const page = await context.newPage();
    // Counts every timer the page sets from now on (the element is the page's only script).
    await page.addInitScript(() => {
      const w = window as unknown as { timers: number[]; setTimeout: typeof setTimeout };
      const original = w.setTimeout.bind(window);
      w.timers = [];
      w.setTimeout = ((handler: TimerHandler, delay?: number, ...rest: unknown[]) => {
        w.timers.push(delay ?? 0);
        return original(handler, delay, ...rest);
      }) as typeof setTimeout;
    });
    await page.goto(url);
    await page.locator('matterport-embed[data-state="poster"]').waitFor();
    await page.getByRole('button', { name: 'Explore in 3D: Lobby' }).click();
    await page.locator('matterport-embed[data-state="open"]').waitFor();

    expect(await frameSrc(page)).toBe(link);
    const showcase = page.frameLocator('matterport-embed iframe');
    expect(await showcase.locator('#model').innerText()).toBe('SxQL3iGyoDo');
    expect(await showcase.locator('#auth').innerText()).toBe('');
    // Wait past where a renewal would have fired, then: no activation, no timer, no token.
    await page.waitForTimeout(1_500);
    expect(fake.count('/api/matterport/embeds/')).toBe(0);
    expect(fake.activation.calls).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { timers: number[] }).timers)).toEqual(
      []
    );
    const element = page.locator('matterport-embed');
    expect(
      await element.evaluate((node) => {
        const embed = node as HTMLElement & { accessToken: unknown; tokenInfo(): unknown };
        return [embed.accessToken, embed.tokenInfo()];
      })
    ).toEqual([null, null]);
  });

  it('refresh: a page built once still opens after three link lifetimes, and on re-open', async () => {
    fake.activation.lifeMs = 2_000;
    const built = Date.now();
    const page = await open(publish('/static.html', [{ value: onDemand('ref-r', 'Lobby') }]));
    await until('three link lifetimes', () => Date.now() > built + 3 * 2_000);

    await page.getByRole('button', { name: 'Explore in 3D: Lobby' }).click();
    await page.locator('matterport-embed[data-state="open"]').waitFor();
    expect(await frameSrc(page)).toBe(`${fake.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+tok1`);
    expect(fake.activation.calls).toHaveLength(1);

    // No SDK: nothing renews in the background; closing and re-opening after expiry activates again.
    const first = fake.activation.calls[0];
    await page.evaluate(() =>
      (document.querySelector('matterport-embed') as HTMLElement & { close(): void }).close()
    );
    await until('the first link to expire', () => Date.now() > first.validUntil);
    expect(fake.activation.calls).toHaveLength(1);
    await page.getByRole('button', { name: 'Explore in 3D: Lobby' }).click();
    await page.locator('matterport-embed[data-state="open"]').waitFor();
    expect(fake.activation.calls).toHaveLength(2);
    expect(await frameSrc(page)).toBe(`${fake.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+tok2`);
    const showcase = page.frameLocator('matterport-embed iframe');
    expect(await showcase.locator('#auth').innerText()).toBe('Bearer tok2');
  });

  it('React: <MatterportEmbed> waits for consentGranted, then opens from the keyboard', async () => {
    fake.pages.set(
      '/react.html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React</title><link rel="icon" href="data:,">
<script src="/vendor/react.js"></script><script src="/vendor/react-dom.js"></script>
<script type="importmap">{ "imports": { "react": "/vendor/react.mjs" } }</script></head><body>
<div id="root"></div>
<script type="module">
import { MatterportEmbed } from '/kit/client/src/dom/react';
const value = ${JSON.stringify(onDemand('ref-react', 'Lobby'))};
const root = ReactDOM.createRoot(document.getElementById('root'));
function App() {
  const [granted, setGranted] = React.useState(false);
  return React.createElement('main', null,
    React.createElement('button', { onClick: () => setGranted(true) }, 'Accept all cookies'),
    React.createElement(MatterportEmbed, { value, consent: 'required', consentGranted: granted }));
}
root.render(React.createElement(App));
</script></body></html>`
    );
    // The zero-request count under load is the consent test's; here, that React's render
    // leaves the gate closed: no poster image, no player, nothing asked of the server.
    const page = await open(`${fake.origin}/react.html`);
    expect(await page.locator('matterport-embed img').count()).toBe(0);
    expect(await page.locator('matterport-embed iframe').count()).toBe(0);
    expect(fake.requests).toEqual([]);

    await page.getByRole('button', { name: 'Accept all cookies' }).click();
    await until('the poster image', () =>
      page.locator('matterport-embed img').evaluate((img) => (img as HTMLImageElement).complete)
    );
    expect(fake.requests).toEqual(['/api/matterport/posters/ref-react']);

    await page.keyboard.press('Tab');
    const explore = page.getByRole('button', { name: 'Explore in 3D: Lobby' });
    expect(await explore.evaluate((node) => node.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('matterport-embed[data-state="open"]').waitFor();
    expect(await frameSrc(page)).toBe(`${fake.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+tok1`);
    expect(fake.activation.calls.map((call) => call.ref)).toEqual(['ref-react']);
  });

  it('error: a 503 in the plugin error shape shows plain words and a retry that works', async () => {
    fake.activation.failures = 1;
    const page = await open(publish('/error.html', [{ value: onDemand('ref-e', 'Lobby') }]));
    await page.getByRole('button', { name: 'Explore in 3D: Lobby' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The 3D space could not be opened right now.');
    expect(await alert.innerText()).not.toContain('MATTERPORT');
    expect(await page.locator('matterport-embed').getAttribute('data-error-code')).toBe(
      'MATTERPORT_UNAVAILABLE'
    );
    const retry = page.getByRole('button', { name: 'Try again' });
    expect(await retry.evaluate((node) => node.matches(':focus'))).toBe(true);

    await page.keyboard.press('Enter');
    await page.locator('matterport-embed[data-state="open"]').waitFor();
    expect(await frameSrc(page)).toBe(`${fake.origin}/showcase?m=SxQL3iGyoDo&auth=Bearer+tok1`);
    expect(fake.count('/api/matterport/embeds/')).toBe(2);
    expect(await page.locator('matterport-embed').getAttribute('data-error-code')).toBeNull();
  });
});
