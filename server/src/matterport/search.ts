/**
 * Matterport's `models(query:)` takes Elasticsearch query-string syntax. Editors type
 * plain words, so each word is escaped (reserved characters would otherwise change
 * the query or make it fail) and matched as a prefix of a word in the model's name.
 */
const RESERVED = /[+\-=&|><!(){}[\]^"~*?:\\/]/g;
const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 64;

export const escapeQueryTerm = (term: string): string => term.replace(RESERVED, (c) => `\\${c}`);

export const toModelSearchQuery = (search: string | undefined): string => {
  const words = (search ?? '')
    .normalize('NFC')
    .split(/\s+/)
    .map((w) => w.trim().toLowerCase().slice(0, MAX_WORD_LENGTH))
    .filter((w) => w.length > 0 && !/^(and|or|not)$/.test(w))
    .slice(0, MAX_WORDS);
  if (words.length === 0) return '*';
  const byName = words.map((w) => `name:${escapeQueryTerm(w)}*`).join(' AND ');
  const single = (search ?? '').trim();
  // Editors also paste IDs into the search box.
  if (/^[A-Za-z0-9]{11}$/.test(single)) return `(id:${single}) OR (${byName})`;
  return byName;
};
