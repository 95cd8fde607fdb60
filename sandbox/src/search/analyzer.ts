/**
 * Splits text into lowercase words, close to Elasticsearch's `standard`
 * analyzer: punctuation separates words, case does not matter, accents are
 * kept (so `cafe` does not find `Café`, as in Elasticsearch without folding).
 */
export function analyze(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}
