import { ConfigError, defaultConfig, resolveConfig, validateConfig } from '../../server/src/config';

describe('plugin configuration', () => {
  test('the defaults are valid and resolve to numbers', () => {
    expect(() => validateConfig(defaultConfig)).not.toThrow();
    expect(resolveConfig(defaultConfig)).toMatchObject({
      apiOrigin: 'https://api.matterport.com',
      requestTimeoutMs: 5000,
      retryBudgetMs: 10000,
      deliveryTimeoutMs: 3000,
      previewValidForSeconds: 300,
      cacheMaxEntries: 10000,
      delivery: true,
      onError: 'field',
      draftLinks: 'api-token',
    });
  });

  test.each([
    [{ requestTimeout: '10' }, /"requestTimeout" requestTimeout|"requestTimeout".*not a duration/],
    [{ deliveryTimeout: 'PT10M' }, /"deliveryTimeout".*at most 2m/],
    [{ previewValidFor: '25h' }, /"previewValidFor".*at most 24h/],
    [{ apiOrigin: 'not a url' }, /"apiOrigin" must be a URL/],
    [{ apiOrigin: 'ftp://x.example' }, /"apiOrigin" must start with http/],
    [{ cacheMaxEntries: 0 }, /"cacheMaxEntries"/],
    [{ onError: 'explode' }, /"onError"/],
    [{ clientId: 'id-only' }, /set both clientId and clientSecret/],
    [{ encryptionKey: 'short' }, /"encryptionKey" must be at least 16 characters/],
    [{ surprise: true }, /unknown key\(s\) "surprise"/],
    [{ draftLinks: 'public' }, /"draftLinks" must be one of 'api-token', 'always', 'never'/],
    [{ draftLinks: true }, /"draftLinks" must be one of/],
  ])('%p is refused with a message naming the key', (patch, message) => {
    const run = () => validateConfig({ ...defaultConfig, ...patch });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
    expect(run).toThrow(/See the README's configuration table|set both/);
  });

  test.each(['api-token', 'always', 'never'])('draftLinks %p is accepted as is', (draftLinks) => {
    expect(resolveConfig({ ...defaultConfig, draftLinks } as typeof defaultConfig).draftLinks).toBe(draftLinks);
  });
});
