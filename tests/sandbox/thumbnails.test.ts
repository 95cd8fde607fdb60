import { MODELS, startSandbox, type Harness } from './harness';

describe('thumbnails: image.resizeUrl and GET /thumbnails/<id>.svg', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startSandbox();
    token = await h.accessToken();
  });
  afterAll(() => h.sandbox.stop());

  const resizeUrl = async (modelId: string, resolution?: string): Promise<string> => {
    const args = resolution ? `(resolution: ${resolution})` : '';
    const answer = await h.graph(
      `{ model(id: "${modelId}") { image { resizeUrl${args} } } }`,
      {},
      token
    );
    return answer.body.data?.model.image.resizeUrl;
  };

  it('hands out signed URLs that expire in ten minutes', async () => {
    const url = new URL(await resizeUrl(MODELS.grandHotelLobby, 'preview'));
    expect(`${url.origin}${url.pathname}`).toBe(
      `${h.origin}/thumbnails/${MODELS.grandHotelLobby}.svg`
    );
    expect(url.searchParams.get('resolution')).toBe('preview');
    expect(url.searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
    const expiresIn = Number(url.searchParams.get('expires')) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(598);
    expect(expiresIn).toBeLessThanOrEqual(600);
  });

  it('serves an SVG with the space name, a colour of its own and the size of the resolution', async () => {
    const first = await fetch(await resizeUrl(MODELS.grandHotelLobby, 'thumbnail'));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await first.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="256" height="144"/);
    expect(svg).toContain('Grand Hotel Lobby');
    const other = await (await fetch(await resizeUrl(MODELS.cafeMuller))).text();
    expect(other).toContain('width="1280"');
    const fill = (text: string) => /fill="(hsl\([^"]+\))"/.exec(text)?.[1];
    expect(fill(svg)).toBeDefined();
    expect(fill(svg)).not.toBe(fill(other));
  });

  it('escapes names in the SVG', async () => {
    const svg = await (await fetch(await resizeUrl(MODELS.htmlGallery))).text();
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt; Gallery');
    expect(svg).not.toContain('<img');
  });

  it('answers 403 to a tampered signature, another model or another resolution', async () => {
    const url = new URL(await resizeUrl(MODELS.grandHotelLobby, 'preview'));
    const sig = url.searchParams.get('sig') as string;
    const tampered = new URL(url);
    tampered.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
    expect((await fetch(tampered)).status).toBe(403);
    const otherModel = new URL(url.toString().replace(MODELS.grandHotelLobby, MODELS.cafeMuller));
    expect((await fetch(otherModel)).status).toBe(403);
    const bigger = new URL(url);
    bigger.searchParams.set('resolution', 'full');
    expect((await fetch(bigger)).status).toBe(403);
    const unsigned = new URL(`${h.origin}/thumbnails/${MODELS.grandHotelLobby}.svg`);
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it('answers 403 once the URL has expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 1;
    const expired = h.sandbox.state.thumbnails.urlExpiringAt(
      h.origin,
      MODELS.grandHotelLobby,
      'web',
      past
    );
    const response = await fetch(expired);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/expired/);
    const fresh = h.sandbox.state.thumbnails.urlExpiringAt(
      h.origin,
      MODELS.grandHotelLobby,
      'web',
      past + 60
    );
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('follows the thumbnailTtlSeconds config', async () => {
    await h.control.setConfig({ thumbnailTtlSeconds: 30 });
    try {
      const url = new URL(await resizeUrl(MODELS.grandHotelLobby));
      const expiresIn = Number(url.searchParams.get('expires')) - Date.now() / 1000;
      expect(expiresIn).toBeLessThanOrEqual(30);
      expect(expiresIn).toBeGreaterThan(28);
    } finally {
      await h.control.setConfig({ thumbnailTtlSeconds: 600 });
    }
  });

  it('counts thumbnail requests', async () => {
    await h.control.resetCounters();
    const url = await resizeUrl(MODELS.grandHotelLobby);
    await fetch(url);
    await fetch(`${url}x`);
    expect((await h.control.counters()).thumbnailRequests).toBe(2);
  });

  describe('mode thumbnailHost', () => {
    afterEach(() => h.control.setModes({ thumbnailHost: 'sandbox' }));
    const otherHost = (origin: string) => {
      const url = new URL(origin);
      url.hostname = 'localhost';
      return url.origin;
    };

    it('other-host: the URL names localhost instead of 127.0.0.1, and is served there', async () => {
      await h.control.setModes({ thumbnailHost: 'other-host' });
      const url = new URL(await resizeUrl(MODELS.grandHotelLobby));
      expect(url.origin).toBe(otherHost(h.origin));
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
    });

    it('redirect-other-host: 302 to the same image on the other host name, which serves it', async () => {
      await h.control.setModes({ thumbnailHost: 'redirect-other-host' });
      const url = new URL(await resizeUrl(MODELS.grandHotelLobby));
      expect(url.origin).toBe(h.origin);
      const first = await fetch(url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      const location = new URL(first.headers.get('location') as string);
      expect(location.origin).toBe(otherHost(h.origin));
      expect(location.pathname).toBe(url.pathname);
      expect(location.searchParams.get('sig')).toBe(url.searchParams.get('sig'));
      expect((await fetch(location, { redirect: 'manual' })).status).toBe(200);
    });

    it('redirect-same-host: 302 to the same image on the same host, which serves it', async () => {
      await h.control.setModes({ thumbnailHost: 'redirect-same-host' });
      const url = new URL(await resizeUrl(MODELS.grandHotelLobby));
      const first = await fetch(url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      const location = new URL(first.headers.get('location') as string);
      expect(location.origin).toBe(h.origin);
      expect((await fetch(location, { redirect: 'manual' })).status).toBe(200);
    });
  });
});
