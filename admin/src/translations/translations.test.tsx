import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
// react-intl's own parser: it also proves each message is valid ICU syntax.
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

import { FIELD_OPTIONS } from '../fieldOptions';
import en from './en.json';
import fr from './fr.json';

/**
 * Every message the UI shows must be in en.json with the same text as its
 * defaultMessage (the fallback and the catalogue must not drift apart), and every
 * translation must carry the same keys and placeholders as the English one.
 */
const SRC = join(__dirname, '..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });

const unprefix = (id: string) => id.replace(/^matterport\./, '');

const messagesInSource = (): Array<{ id: string; defaultMessage?: string; file: string }> =>
  sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const found: Array<{ id: string; defaultMessage?: string; file: string }> = [];
    for (const match of text.matchAll(
      /getTranslation\(\s*'([^']+)'\s*\)(?:,\s*defaultMessage:\s*'((?:[^'\\]|\\.)*)')?/g
    )) {
      found.push({ id: match[1], defaultMessage: match[2], file });
    }
    return found;
  });

const messagesInFieldOptions = (): Array<{ id: string; defaultMessage: string }> => {
  const found: Array<{ id: string; defaultMessage: string }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (
      typeof record.id === 'string' &&
      typeof record.defaultMessage === 'string' &&
      record.id.startsWith('matterport.')
    ) {
      found.push({ id: unprefix(record.id), defaultMessage: record.defaultMessage });
    }
    Object.values(record).forEach(visit);
  };
  visit([FIELD_OPTIONS.base, FIELD_OPTIONS.advanced]);
  return found;
};

const argumentNames = (
  elements: MessageFormatElement[],
  names = new Set<string>()
): Set<string> => {
  for (const element of elements) {
    // Literal text (type 0) has a string value too; everything else with one names an argument.
    if ('value' in element && typeof element.value === 'string' && element.type !== 0)
      names.add(element.value);
    if ('options' in element) {
      for (const option of Object.values(element.options) as Array<{
        value: MessageFormatElement[];
      }>)
        argumentNames(option.value, names);
    }
  }
  return names;
};

const placeholders = (message: string): string[] =>
  Array.from(argumentNames(parse(message))).sort();

const catalogue: Record<string, string> = en;

describe('translations', () => {
  it('has every message the source uses, with the same text as its defaultMessage', () => {
    const messages = [...messagesInSource(), ...messagesInFieldOptions()];
    expect(messages.length).toBeGreaterThan(100);
    for (const { id, defaultMessage } of messages) {
      expect({ id, inCatalogue: id in catalogue }).toEqual({ id, inCatalogue: true });
      if (defaultMessage !== undefined)
        expect({ id, text: catalogue[id] }).toEqual({ id, text: defaultMessage });
    }
  });

  it('keeps no message that nothing uses', () => {
    const used = new Set([...messagesInSource(), ...messagesInFieldOptions()].map(({ id }) => id));
    // plugin.name is read by the admin itself (plugin list, permissions page).
    const unused = Object.keys(catalogue).filter((id) => !used.has(id) && id !== 'plugin.name');
    expect(unused).toEqual([]);
  });

  it('translates every English message into French with the same placeholders', () => {
    const french: Record<string, string> = fr;
    expect(Object.keys(french).sort()).toEqual(Object.keys(catalogue).sort());
    for (const [id, message] of Object.entries(catalogue)) {
      expect({ id, placeholders: placeholders(french[id]) }).toEqual({
        id,
        placeholders: placeholders(message),
      });
    }
  });
});
