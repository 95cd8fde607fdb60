import { describe, expect, it } from '@jest/globals';
import {
  embedUrl,
  escapeHtml,
  hasLink,
  iframeAttributes,
  iframeHtml,
  iframeProps,
  isPublicEmbed,
  SHOWCASE_PARAMS,
} from './index';
import { embed, failed, LINK, NOW, PUBLIC_LINK, publicEmbed, VALID_UNTIL } from './test-fixtures';

const ALLOW = 'fullscreen; xr-spatial-tracking; web-share; autoplay';
const ESCAPED_LINK =
  'https://my.matterport.com/show?m=SxQL3iGyoDo&amp;auth=Bearer+tok123&amp;play=1&amp;qs=1';

describe('hasLink', () => {
  it('accepts a delivered embed and rejects everything else', () => {
    expect(hasLink(embed())).toBe(true);
    expect(hasLink(failed())).toBe(false);
    expect(hasLink(null)).toBe(false);
    expect(hasLink(undefined)).toBe(false);
    expect(hasLink('https://my.matterport.com/show?m=x')).toBe(false);
    expect(hasLink({ modelId: 'SxQL3iGyoDo' })).toBe(false);
    expect(hasLink(embed({ link: '' }))).toBe(false);
    expect(hasLink(embed({ accessToken: '' }))).toBe(false);
    expect(hasLink({ ...embed(), error: { code: 'MATTERPORT_TIMEOUT', message: 'x' } })).toBe(
      false
    );
  });
});

describe('isPublicEmbed', () => {
  it('accepts a public space value: a plain link, null token and expiry, access public', () => {
    expect(isPublicEmbed(publicEmbed())).toBe(true);
    // Parsed JSON of an older shape without error or name is still public.
    expect(
      isPublicEmbed({
        modelId: 'SxQL3iGyoDo',
        link: PUBLIC_LINK,
        accessToken: null,
        validUntil: null,
        access: 'public',
      })
    ).toBe(true);
  });

  it('rejects a token link, an error, a missing or empty link and anything not public', () => {
    expect(isPublicEmbed(embed())).toBe(false);
    expect(isPublicEmbed({ ...embed(), access: 'public' })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), accessToken: 'tok123' })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), validUntil: VALID_UNTIL })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), access: 'private' })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), access: undefined })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), link: '' })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), link: null })).toBe(false);
    expect(isPublicEmbed({ ...publicEmbed(), modelId: null })).toBe(false);
    expect(
      isPublicEmbed({ ...publicEmbed(), error: { code: 'MATTERPORT_TIMEOUT', message: 'x' } })
    ).toBe(false);
    expect(isPublicEmbed(failed())).toBe(false);
    expect(isPublicEmbed(null)).toBe(false);
    expect(isPublicEmbed(PUBLIC_LINK)).toBe(false);
  });

  it('is not a link in the sense of hasLink (a link with a token)', () => {
    expect(hasLink(publicEmbed())).toBe(false);
  });
});

describe('public space values (issue 28)', () => {
  it('embedUrl gives the plain link, with params by the same rule as a token link', () => {
    expect(embedUrl(publicEmbed())).toBe('https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1');
    expect(embedUrl(publicEmbed(), { params: { play: 0, qs: true, brand: null } })).toBe(
      'https://my.matterport.com/show/?m=SxQL3iGyoDo&play=0&qs=1'
    );
    expect(() => embedUrl(publicEmbed(), { params: { m: 'other' } as never })).toThrow(TypeError);
  });

  it('is never expired, whatever now is given', () => {
    expect(embedUrl(publicEmbed(), { now: NOW })).toBe(PUBLIC_LINK);
    expect(embedUrl(publicEmbed(), { now: Date.parse('2100-01-01T00:00:00Z') })).toBe(PUBLIC_LINK);
  });

  it('refuses an unsafe public link like any other', () => {
    for (const link of ['javascript:alert(1)', '//my.matterport.com/show?m=x', 'https://x y']) {
      expect(embedUrl(publicEmbed({ link }))).toBeNull();
      expect(iframeProps(publicEmbed({ link }))).not.toHaveProperty('src');
    }
  });

  it('iframeProps and iframeAttributes carry the plain link as src', () => {
    expect(iframeProps(publicEmbed(), { params: { qs: 1 }, now: NOW })).toEqual({
      src: 'https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1&qs=1',
      title: 'Lobby',
      allow: ALLOW,
      allowFullScreen: true,
      frameBorder: '0',
      loading: 'lazy',
      referrerPolicy: 'strict-origin-when-cross-origin',
    });
    expect(iframeAttributes(publicEmbed()).src).toBe(PUBLIC_LINK);
    expect(iframeHtml(publicEmbed())).toContain(
      'src="https://my.matterport.com/show/?m=SxQL3iGyoDo&amp;play=1"'
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;'
    );
  });
});

describe('embedUrl', () => {
  it('returns the link untouched without params', () => {
    expect(embedUrl(embed())).toBe(LINK);
  });

  it('appends allow-listed params, encoded, replacing the same keys and keeping m and auth', () => {
    expect(
      embedUrl(embed(), { params: { brand: false, play: 0, lang: 'fr CA&x=1', hl: true, mls: 2 } })
    ).toBe(
      'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+tok123&qs=1&brand=0&play=0&lang=fr%20CA%26x%3D1&hl=1&mls=2'
    );
  });

  it('skips null and undefined params', () => {
    expect(
      embedUrl(embed(), { params: { brand: null, help: undefined, applicationKey: 'abc' } })
    ).toBe(`${LINK}&applicationKey=abc`);
  });

  it('adds a query to a link without one and keeps a fragment last', () => {
    expect(
      embedUrl(embed({ link: 'https://my.matterport.com/show/#x' }), { params: { qs: 1 } })
    ).toBe('https://my.matterport.com/show/?qs=1#x');
    expect(
      embedUrl(embed({ link: 'http://localhost:4010/show?m=a#b' }), { params: { play: 1 } })
    ).toBe('http://localhost:4010/show?m=a&play=1#b');
  });

  it('refuses keys outside the allow-list, even for embeds without a link', () => {
    for (const key of ['auth', 'm', 'foo', '__proto__x', 'constructor']) {
      expect(() => embedUrl(embed(), { params: { [key]: '1' } as never })).toThrow(
        `Showcase parameter "${key}" is not allowed`
      );
    }
    expect(() => embedUrl(failed(), { params: { auth: 'Bearer evil' } as never })).toThrow(
      TypeError
    );
  });

  it('refuses values that are not simple', () => {
    for (const value of [{ a: 1 }, ['1'], NaN, Infinity, () => 1]) {
      expect(() => embedUrl(embed(), { params: { play: value } as never })).toThrow(
        'needs a string, a finite number or a boolean'
      );
    }
  });

  it('allow-list is the documented one', () => {
    expect([...SHOWCASE_PARAMS]).toEqual([
      'play',
      'qs',
      'brand',
      'help',
      'hl',
      'dh',
      'gt',
      'hr',
      'mt',
      'mls',
      'title',
      'ts',
      'lang',
      'f',
      'vr',
      'nozoom',
      'search',
      'tour',
      'fs',
      'wh',
      'st',
      'start',
      'ss',
      'sr',
      'applicationKey',
    ]);
  });

  it('refuses links that are not plain http(s) URLs', () => {
    for (const link of [
      'javascript:alert(1)',
      'JavaScript:alert(1)//https://my.matterport.com/',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'java\tscript:alert(1)',
      '//my.matterport.com/show?m=x',
      '/show?m=x',
      'https://my.matterport.com/show?m=x\n',
      'https://my.matterport.com/show?m=x y',
      'https:\\\\evil.example/',
      'ftp://my.matterport.com/show',
      'https://',
    ]) {
      expect(embedUrl(embed({ link }))).toBeNull();
    }
    expect(embedUrl(embed({ link: 'HTTPS://my.matterport.com/show?m=x' }))).toBe(
      'HTTPS://my.matterport.com/show?m=x'
    );
  });

  it('returns null for error, null and undefined embeds', () => {
    expect(embedUrl(failed())).toBeNull();
    expect(embedUrl(null)).toBeNull();
    expect(embedUrl(undefined)).toBeNull();
  });

  it('consults the clock only when now is given', () => {
    const after = Date.parse(VALID_UNTIL);
    expect(embedUrl(embed(), { now: after })).toBeNull();
    expect(embedUrl(embed(), { now: after - 1 })).toBe(LINK);
    expect(embedUrl(embed(), { now: new Date(NOW) })).toBe(LINK);
    expect(embedUrl(embed({ validUntil: '2000-01-01T00:00:00Z' }))).toBe(LINK);
  });
});

describe('iframeAttributes', () => {
  it('gives the exact default attributes, titled with the model name', () => {
    expect(iframeAttributes(embed())).toEqual({
      src: LINK,
      title: 'Lobby',
      allow: ALLOW,
      allowfullscreen: '',
      frameborder: '0',
      loading: 'lazy',
      referrerpolicy: 'strict-origin-when-cross-origin',
    });
  });

  it('applies options', () => {
    expect(
      iframeAttributes(embed(), {
        title: 'Tour of the lobby',
        loading: 'eager',
        referrerPolicy: 'origin',
        width: 640,
        height: '100%',
        params: { brand: 0 },
      })
    ).toEqual({
      src: `${LINK}&brand=0`,
      title: 'Tour of the lobby',
      allow: ALLOW,
      allowfullscreen: '',
      frameborder: '0',
      loading: 'eager',
      referrerpolicy: 'origin',
      width: '640',
      height: '100%',
    });
  });

  it('falls back to a generic title and leaves out src when there is no usable link', () => {
    const attributes = iframeAttributes(failed());
    expect(attributes).not.toHaveProperty('src');
    expect(attributes.title).toBe('Lobby');
    expect(iframeAttributes(embed({ name: '  ' })).title).toBe('Matterport 3D space');
    expect(iframeAttributes(embed({ name: null })).title).toBe('Matterport 3D space');
    expect(iframeAttributes(null).title).toBe('Matterport 3D space');
    expect(iframeAttributes(embed(), { title: ' ' }).title).toBe('Lobby');
    expect(iframeAttributes(embed({ name: ' Lobby  ' })).title).toBe('Lobby');
    expect(iframeAttributes(embed({ link: 'javascript:alert(1)' }))).not.toHaveProperty('src');
  });

  it("keeps hostile names as data (escaping is the renderer's job)", () => {
    expect(iframeAttributes(embed({ name: '"><script>alert(1)</script>' })).title).toBe(
      '"><script>alert(1)</script>'
    );
  });

  it('rejects invalid dimensions', () => {
    expect(() => iframeAttributes(embed(), { width: NaN })).toThrow(TypeError);
    expect(() => iframeAttributes(embed(), { height: -1 })).toThrow(TypeError);
  });
});

describe('iframeProps', () => {
  it('uses the names React knows', () => {
    expect(iframeProps(embed(), { width: 853 })).toEqual({
      src: LINK,
      title: 'Lobby',
      allow: ALLOW,
      allowFullScreen: true,
      frameBorder: '0',
      loading: 'lazy',
      referrerPolicy: 'strict-origin-when-cross-origin',
      width: '853',
    });
    expect(iframeProps(null)).not.toHaveProperty('src');
  });
});

describe('iframeHtml', () => {
  const IFRAME_STYLE = 'position:absolute;top:0;left:0;width:100%;height:100%;border:0';

  it('renders a responsive 16:9 box by default', () => {
    expect(iframeHtml(embed())).toBe(
      '<div class="matterport-embed" style="position:relative;width:100%;height:0;padding-top:56.25%">' +
        `<iframe src="${ESCAPED_LINK}" title="Lobby" allow="${ALLOW}" allowfullscreen="" frameborder="0" loading="lazy" ` +
        `referrerpolicy="strict-origin-when-cross-origin" style="${IFRAME_STYLE}"></iframe></div>`
    );
  });

  it('ignores width and height when responsive and honours aspectRatio', () => {
    expect(iframeHtml(embed(), { width: 100, height: 100, aspectRatio: 4 / 3 })).toBe(
      '<div class="matterport-embed" style="position:relative;width:100%;height:0;padding-top:75%">' +
        `<iframe src="${ESCAPED_LINK}" title="Lobby" allow="${ALLOW}" allowfullscreen="" frameborder="0" loading="lazy" ` +
        `referrerpolicy="strict-origin-when-cross-origin" style="${IFRAME_STYLE}"></iframe></div>`
    );
    expect(iframeHtml(embed(), { aspectRatio: 3 })).toContain('padding-top:33.3333%');
    expect(() => iframeHtml(embed(), { aspectRatio: 0 })).toThrow(TypeError);
  });

  it('renders a bare 853x480 iframe when not responsive', () => {
    expect(iframeHtml(embed(), { responsive: false })).toBe(
      `<iframe src="${ESCAPED_LINK}" title="Lobby" allow="${ALLOW}" allowfullscreen="" frameborder="0" loading="lazy" ` +
        'referrerpolicy="strict-origin-when-cross-origin" width="853" height="480"></iframe>'
    );
    expect(iframeHtml(embed(), { responsive: false, width: '100%', height: 600 })).toContain(
      ' width="100%" height="600"></iframe>'
    );
  });

  it('escapes hostile names, titles and param values', () => {
    const html = iframeHtml(embed({ name: `"><script>alert('x')</script> & co` }), {
      responsive: false,
    });
    expect(html).toContain(
      ' title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" '
    );
    expect(html).not.toContain('<script>');
    expect(iframeHtml(embed(), { title: `It's "ours"` })).toContain(
      ' title="It&#39;s &quot;ours&quot;" '
    );
    expect(iframeHtml(embed(), { params: { lang: '"><b>' } })).toContain(
      '&amp;lang=%22%3E%3Cb%3E"'
    );
  });

  it('escapes a link with quotes the server might deliver', () => {
    const link = `https://my.matterport.com/show?m=x&t="onload='alert(1)'`;
    expect(iframeHtml(embed({ link }), { responsive: false })).toContain(
      ' src="https://my.matterport.com/show?m=x&amp;t=&quot;onload=&#39;alert(1)&#39;" '
    );
  });

  it('renders a placeholder, never an iframe, when there is no usable link', () => {
    const placeholder = (reason: string) =>
      `<div class="matterport-embed-unavailable" role="note" data-reason="${reason}">This 3D space is not available at the moment.</div>`;
    expect(iframeHtml(failed('MATTERPORT_NOT_FOUND', '<img src=x onerror=alert(1)>'))).toBe(
      placeholder('MATTERPORT_NOT_FOUND')
    );
    expect(iframeHtml(null)).toBe(placeholder('NO_LINK'));
    expect(iframeHtml(undefined, { responsive: false })).toBe(placeholder('NO_LINK'));
    expect(iframeHtml(embed({ link: 'javascript:alert(1)' }))).toBe(placeholder('UNSAFE_LINK'));
    expect(iframeHtml(embed(), { now: Date.parse(VALID_UNTIL) })).toBe(placeholder('EXPIRED'));
    expect(iframeHtml(embed(), { now: Date.parse(VALID_UNTIL) - 1 })).toContain('<iframe ');
  });

  it('escapes the placeholder message and a hostile error code', () => {
    expect(iframeHtml(null, { unavailableMessage: '<b>Bientôt</b> & "plus"' })).toBe(
      '<div class="matterport-embed-unavailable" role="note" data-reason="NO_LINK">&lt;b&gt;Bientôt&lt;/b&gt; &amp; &quot;plus&quot;</div>'
    );
    const hostile = { modelId: 'x', link: null, error: { code: '"><script>', message: 'm' } };
    expect(iframeHtml(hostile)).toBe(
      '<div class="matterport-embed-unavailable" role="note" data-reason="&quot;&gt;&lt;script&gt;">This 3D space is not available at the moment.</div>'
    );
  });
});
