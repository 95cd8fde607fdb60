import { describe, expect, it } from '@jest/globals';
import * as client from './index';

// Node's fs, typed here so that client/tsconfig.json stays free of Node types
// (the type check then also proves the sources use no Node globals).
declare function require(id: 'node:fs'): {
  readdirSync(dir: string): string[];
  readFileSync(path: string, encoding: 'utf8'): string;
};
declare const __dirname: string;
const { readdirSync, readFileSync } = require('node:fs');

describe('client entry point', () => {
  it('exports exactly the documented runtime API', () => {
    expect(Object.keys(client).sort()).toEqual(
      [
        'DEFAULT_TITLE',
        'DEFAULT_UNAVAILABLE_MESSAGE',
        'IFRAME_ALLOW',
        'MatterportTokenError',
        'SHOWCASE_PARAMS',
        'createTokenFetcher',
        'embedUrl',
        'escapeHtml',
        'hasLink',
        'iframeAttributes',
        'iframeHtml',
        'iframeProps',
        'isExpired',
        'secondsLeft',
        'secondsUntilEarliestExpiry',
        'tokenInfo',
      ].sort(),
    );
  });

  it('imports nothing but its own modules (dependency-free, no Node built-ins, no DOM globals)', () => {
    const sources = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.includes('test'));
    expect(sources.sort()).toEqual(['iframe.ts', 'index.ts', 'time.ts', 'token.ts', 'types.ts']);
    for (const file of sources) {
      const text = readFileSync(`${__dirname}/${file}`, 'utf8');
      for (const [, specifier] of text.matchAll(/\bfrom\s+'([^']+)'/g)) expect(specifier).toMatch(/^\.\/[a-z]+$/);
      expect(text).not.toMatch(/\brequire\(|\bimport\(/);
      expect(text).not.toMatch(/\b(window|document|globalThis|process|Buffer|HTMLElement|HTMLIFrameElement)\b/);
    }
  });
});
