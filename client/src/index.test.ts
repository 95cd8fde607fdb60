import { describe, expect, it } from '@jest/globals';
import * as client from './index';

// Node's fs, typed here so that client/tsconfig.json stays free of Node types
// (the type check then also proves the sources use no Node globals).
declare function require(id: 'node:fs'): {
  readdirSync(dir: string): string[];
  readFileSync(path: string, encoding: 'utf8'): string;
};
declare function require(id: 'node:path'): {
  dirname(path: string): string;
  resolve(...parts: string[]): string;
};
declare const __dirname: string;
const { readdirSync, readFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

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
        'embedHtml',
        'embedUrl',
        'escapeHtml',
        'hasLink',
        'iframeAttributes',
        'iframeHtml',
        'iframeProps',
        'isExpired',
        'isPublicEmbed',
        'secondsLeft',
        'secondsUntilEarliestExpiry',
        'tokenInfo',
      ].sort()
    );
  });

  it('imports nothing but its own modules and the pure shared ones (dependency-free, no Node built-ins, no DOM globals)', () => {
    const sources = readdirSync(__dirname).filter(
      (file) => file.endsWith('.ts') && !file.includes('test')
    );
    expect(sources.sort()).toEqual([
      'activation.ts',
      'globals.d.ts',
      'iframe.ts',
      'index.ts',
      'time.ts',
      'token.ts',
      'types.ts',
    ]);
    // Every file the kit's code reaches, the shared ones included (common/ is compiled into the kit).
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      const text = readFileSync(path, 'utf8');
      for (const [, specifier] of text.matchAll(/\bfrom\s+'([^']+)'/g)) {
        // Only relative files: its own (./x) or the shared vocabulary (../../common/x, ./x inside common).
        expect(specifier).toMatch(/^(\.\/[a-z-]+|\.\.\/\.\.\/common\/[a-z-]+)$/);
        visit(resolve(dirname(path), `${specifier}.ts`));
      }
      expect(text).not.toMatch(/\brequire\(|\bimport\(/);
      expect(text).not.toMatch(
        /\b(window|document|globalThis|process|Buffer|HTMLElement|HTMLIFrameElement)\b/
      );
    };
    for (const file of sources) visit(resolve(__dirname, file));
    expect([...seen].filter((path) => path.includes('/common/')).length).toBeGreaterThan(0);
  });
});
