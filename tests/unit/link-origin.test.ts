import { isTrustedLink, trustedLinkOrigins } from '../../server/src/matterport/link-origin';

/**
 * Issue 24: a link Matterport returns is delivered only on Matterport's Showcase origin over
 * https, or on the API origin when that is this machine (the sandbox). Written from the threat:
 * an upstream or a proxy choosing the page every site frames, with a working token in its URL.
 */
const PRODUCTION = trustedLinkOrigins('https://api.matterport.com');
const SANDBOX = trustedLinkOrigins('http://127.0.0.1:4010');

describe('links from a production apiOrigin', () => {
  test.each([
    ['https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+abc', true],
    ['https://my.matterport.com/show/?m=SxQL3iGyoDo', true],
    ['https://my.matterport.com:443/show?m=SxQL3iGyoDo', true],
    ['http://my.matterport.com/show?m=SxQL3iGyoDo', false],
    ['https://my.matterport.com.evil.example/show?m=SxQL3iGyoDo', false],
    ['https://evil.example/show?m=SxQL3iGyoDo', false],
    ['https://my.matterport.com@evil.example/show', false],
    ['https://user:pass@my.matterport.com/show?m=SxQL3iGyoDo', false],
    ['https://api.matterport.com/show?m=SxQL3iGyoDo', false],
    ['https://my.matterport.com:8443/show?m=SxQL3iGyoDo', false],
    ['javascript:alert(1)', false],
    ['/show?m=SxQL3iGyoDo', false],
    ['', false],
    ['http://127.0.0.1:4010/show?m=SxQL3iGyoDo', false],
  ])('%s → %s', (link, trusted) => {
    expect(isTrustedLink(link, PRODUCTION)).toBe(trusted);
  });
});

describe('links from a loopback apiOrigin (the sandbox)', () => {
  test.each([
    ['http://127.0.0.1:4010/show?m=SxQL3iGyoDo&auth=Bearer+abc', true],
    ['https://my.matterport.com/show?m=SxQL3iGyoDo', true],
    ['http://127.0.0.1:4011/show?m=SxQL3iGyoDo', false],
    ['http://127.0.0.2:4010/show?m=SxQL3iGyoDo', false],
    ['http://localhost:4010/show?m=SxQL3iGyoDo', false],
    ['http://evil.example:4010/show?m=SxQL3iGyoDo', false],
  ])('%s → %s', (link, trusted) => {
    expect(isTrustedLink(link, SANDBOX)).toBe(trusted);
  });

  test('a production apiOrigin never trusts a loopback link, and a non-loopback http one is impossible', () => {
    expect(PRODUCTION).toEqual(['https://my.matterport.com']);
    expect(SANDBOX).toEqual(['https://my.matterport.com', 'http://127.0.0.1:4010']);
    expect(trustedLinkOrigins('https://api.localhost:4010')).toEqual(['https://my.matterport.com']);
  });
});
