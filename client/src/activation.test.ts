import { describe, expect, it } from '@jest/globals';

import {
  embedHtml,
  errorText,
  needsActivation,
  readActivationAnswer,
  refreshDelay,
  MIN_LINK_LIFE_MS,
} from './activation';
import { embed, failed, LINK, NOW, publicEmbed, VALID_UNTIL } from './test-fixtures';
import type { MatterportEmbedOnDemand } from './types';

const onDemand: MatterportEmbedOnDemand = {
  modelId: 'SxQL3iGyoDo',
  name: 'Lobby',
  link: null,
  accessToken: null,
  validUntil: null,
  poster: { url: 'https://cms.example.com/api/matterport/posters/ref1' },
  activate: { url: 'https://cms.example.com/api/matterport/embeds/ref1' },
};

describe('needsActivation: only a live, safe link opens without asking the server', () => {
  it('a live link value needs none', () => {
    expect(needsActivation(embed(), NOW)).toBe(false);
  });
  it('an on-demand value, an error value and nothing at all need one', () => {
    expect(needsActivation(onDemand, NOW)).toBe(true);
    expect(needsActivation(failed(), NOW)).toBe(true);
    expect(needsActivation(null, NOW)).toBe(true);
  });
  it('a link past validUntil, or about to pass it, needs one', () => {
    const until = Date.parse(VALID_UNTIL);
    expect(needsActivation(embed(), until + 1)).toBe(true);
    expect(needsActivation(embed(), until - MIN_LINK_LIFE_MS + 1)).toBe(true);
    expect(needsActivation(embed(), until - MIN_LINK_LIFE_MS - 1_000)).toBe(false);
  });
  it('a javascript: link is never opened as is', () => {
    expect(needsActivation(embed({ link: 'javascript:alert(1)' }), NOW)).toBe(true);
  });
  it('a public space value with a safe link needs none, at any time (it has no expiry)', () => {
    expect(needsActivation(publicEmbed(), NOW)).toBe(false);
    expect(needsActivation(publicEmbed(), Date.parse('2100-01-01T00:00:00Z'))).toBe(false);
    expect(needsActivation(publicEmbed())).toBe(false);
  });
  it('a public space value with an unsafe link, or carrying a token, is not opened as public', () => {
    expect(needsActivation(publicEmbed({ link: 'javascript:alert(1)' }), NOW)).toBe(true);
    // A token but no expiry is neither a link value nor a public one.
    expect(needsActivation({ ...publicEmbed(), accessToken: 'tok' }, NOW)).toBe(true);
  });
});

describe('readActivationAnswer: the route answers a link or the plugin error shape', () => {
  const data = { modelId: 'SxQL3iGyoDo', link: LINK, accessToken: 'tok', validUntil: VALID_UNTIL };

  it('200 with a complete link is a success carrying exactly the four members', () => {
    expect(readActivationAnswer(200, { data: { ...data, extra: 1 } })).toEqual({
      ok: true,
      activation: data,
    });
  });
  it('200 without a link, or with an unsafe one, is a bad answer', () => {
    expect(readActivationAnswer(200, { data: { ...data, link: null } })).toEqual({
      ok: false,
      code: 'MATTERPORT_BAD_ANSWER',
      status: 200,
    });
    expect(readActivationAnswer(200, { data: { ...data, link: 'data:text/html,x' } })).toEqual({
      ok: false,
      code: 'MATTERPORT_BAD_ANSWER',
      status: 200,
    });
  });
  it('an error answer gives its details.code and status', () => {
    const body = {
      data: null,
      error: {
        status: 503,
        name: 'ServiceUnavailableError',
        message: 'Matterport answered 503',
        details: { code: 'MATTERPORT_UNAVAILABLE' },
      },
    };
    expect(readActivationAnswer(503, body)).toEqual({
      ok: false,
      code: 'MATTERPORT_UNAVAILABLE',
      status: 503,
    });
  });
  it('an error answer without a code (a proxy page) gives HTTP_<status>', () => {
    expect(readActivationAnswer(502, '<html>Bad gateway</html>')).toEqual({
      ok: false,
      code: 'HTTP_502',
      status: 502,
    });
  });
});

describe('refreshDelay: renew before the token dies', () => {
  it('a 24-hour token is renewed one minute before expiry', () => {
    expect(refreshDelay('2026-11-23T11:00:00Z', NOW)).toBe(24 * 3600_000 - 60_000);
  });
  it('a 2-second token is renewed half a second before expiry', () => {
    expect(refreshDelay(new Date(NOW + 2_000).toISOString(), NOW)).toBe(1_500);
  });
  it('an expired token is due now', () => {
    expect(refreshDelay(new Date(NOW - 1).toISOString(), NOW)).toBe(0);
  });
});

describe('errorText: plain words for visitors', () => {
  it.each([
    'MATTERPORT_UNAVAILABLE',
    'MATTERPORT_RATE_LIMITED',
    'MATTERPORT_NOT_PUBLISHED',
    'MATTERPORT_NETWORK',
    'HTTP_500',
  ])('%s: a sentence without the code', (code) => {
    const text = errorText(code);
    expect(text).toMatch(/^[A-Z][^_]*\.$/);
    expect(text).not.toContain(code);
  });
  it('a rate limit says to wait, a removed space says it is gone', () => {
    expect(errorText('MATTERPORT_RATE_LIMITED')).toMatch(/try again in a moment/);
    expect(errorText('MATTERPORT_NOT_PUBLISHED')).toMatch(/no longer available/);
  });
});

describe('embedHtml: the element as server-rendered markup', () => {
  it('carries the value as escaped JSON and a fallback with the poster and name', () => {
    const html = embedHtml({ ...onDemand, name: 'Lobby "A" <b>' }, { loading: 'visible' });
    expect(html.startsWith('<matterport-embed value="{&quot;modelId&quot;')).toBe(true);
    expect(html).toContain(' loading="visible"');
    expect(html).toContain('<img src="https://cms.example.com/api/matterport/posters/ref1"');
    expect(html).toContain('Lobby &quot;A&quot; &lt;b&gt;');
    expect(html).not.toContain('<b>');
  });
  it('with consent required, the fallback loads no poster', () => {
    const html = embedHtml(onDemand, { consent: 'required' });
    expect(html).toContain(' consent="required"');
    expect(html).not.toContain('<img');
  });
  it('a poster URL that is not http(s) or site-relative is left out', () => {
    expect(embedHtml({ ...onDemand, poster: { url: 'javascript:alert(1)' } })).not.toContain(
      '<img'
    );
  });
});
