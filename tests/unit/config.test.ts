import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  CONFIG_KEYS,
  ConfigError,
  defaultConfig,
  resolveConfig,
  validateConfig,
  type PluginConfig,
} from '../../server/src/config';

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
    [{ legacyCiphertexts: 'maybe' }, /"legacyCiphertexts" must be one of 'read', 'refuse'/],
    [{ publicSpaces: 'private' }, /"publicSpaces" must be one of 'pme', 'plain', 'refuse'/],
    [{ modelCheckInterval: '30s' }, /"modelCheckInterval".*at least 1m/],
  ])('%p is refused with a message naming the key', (patch, message) => {
    const run = () => validateConfig({ ...defaultConfig, ...patch });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
    expect(run).toThrow(/See the README's configuration table|set both/);
  });

  test("publicSpaces defaults to 'pme' (as before issue 28), modelCheckInterval to 6 h", () => {
    expect(resolveConfig(defaultConfig)).toMatchObject({
      publicSpaces: 'pme',
      modelCheckIntervalMs: 6 * 3600 * 1000,
    });
    for (const publicSpaces of ['pme', 'plain', 'refuse'] as const)
      expect(resolveConfig({ ...defaultConfig, publicSpaces }).publicSpaces).toBe(publicSpaces);
  });

  test.each(['api-token', 'always', 'never'])('draftLinks %p is accepted as is', (draftLinks) => {
    expect(resolveConfig({ ...defaultConfig, draftLinks } as typeof defaultConfig).draftLinks).toBe(
      draftLinks
    );
  });
});

describe('issue 18 configuration keys', () => {
  test.each([
    ['http://api.matterport.com'],
    ['http://10.0.0.5:8080'],
    ['http://127.evil.example'],
    // Issue 24: a *.localhost name is not loopback unless some resolver makes it so.
    ['http://api.localhost:4010'],
    ['http://localhost.evil.example'],
  ])('apiOrigin %s over http: off loopback is refused', (apiOrigin) => {
    expect(() => validateConfig({ ...defaultConfig, apiOrigin })).toThrow(
      /"apiOrigin" must use https:/
    );
  });

  test.each([
    ['http://127.0.0.1:4010'],
    ['http://127.5.6.7'],
    ['http://localhost:3000'],
    ['http://[::1]:9000'],
    ['https://api.matterport.com'],
  ])('apiOrigin %s is accepted', (apiOrigin) => {
    expect(() => validateConfig({ ...defaultConfig, apiOrigin })).not.toThrow();
  });

  test('failureTtl defaults to 60 s and is validated', () => {
    expect(resolveConfig(defaultConfig).failureTtlMs).toBe(60_000);
    expect(() => validateConfig({ ...defaultConfig, failureTtl: 'soon' })).toThrow(/"failureTtl"/);
    expect(() => validateConfig({ ...defaultConfig, failureTtl: '2h' })).toThrow(/"failureTtl"/);
  });

  test("legacyCiphertexts defaults to 'read' and takes 'refuse'", () => {
    expect(resolveConfig(defaultConfig).legacyCiphertexts).toBe('read');
    expect(resolveConfig({ ...defaultConfig, legacyCiphertexts: 'refuse' }).legacyCiphertexts).toBe(
      'refuse'
    );
  });

  test('previousEncryptionKeys takes a list of keys of at least 16 characters', () => {
    expect(() =>
      validateConfig({ ...defaultConfig, previousEncryptionKeys: ['old-key-0123456789'] })
    ).not.toThrow();
    expect(() =>
      validateConfig({ ...defaultConfig, previousEncryptionKeys: 'old-key-0123456789' })
    ).toThrow(/"previousEncryptionKeys"/);
    expect(() => validateConfig({ ...defaultConfig, previousEncryptionKeys: ['short'] })).toThrow(
      /"previousEncryptionKeys.0" must be at least 16/
    );
  });
});

/**
 * The README's configuration table is the users' spec: it names every key the plugin accepts
 * (the validator refuses any other), and the defaults it states are the ones applied.
 */
describe("the README's configuration table", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const table = section
    .slice(0, section.indexOf('\n## ', 1))
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));
  const namesIn = (cell: string) => [...cell.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);

  test('names exactly the declared keys', () => {
    const documented = table.flatMap(([, keys]) => namesIn(keys));
    expect([...documented].sort()).toEqual([...CONFIG_KEYS].sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  test('states the declared default wherever it gives a value', () => {
    const stated = table.flatMap(([, keys, fallback]) => {
      const literal = /^`([^`]*)`$/.exec(fallback)?.[1];
      return namesIn(keys)
        .filter(
          (key) => literal !== undefined && defaultConfig[key as keyof PluginConfig] !== undefined
        )
        .map((key) => [key, literal?.replace(/^["']|["']$/g, '')]);
    });
    // Every key with a default but minRemaining ("half the lifetime") and the key material.
    expect(stated.length).toBeGreaterThanOrEqual(18);
    expect(stated).toEqual(
      stated.map(([key]) => {
        const value = defaultConfig[key as keyof PluginConfig];
        return [key, Array.isArray(value) ? JSON.stringify(value) : String(value)];
      })
    );
  });
});
