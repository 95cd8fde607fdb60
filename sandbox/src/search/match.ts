import type { ModelRecord } from '../models/types';
import { analyze } from './analyzer';
import { fieldDefinition } from './fields';
import type { SearchNode } from './parser';

/** Whether a model matches a parsed query. */
export function matchesQuery(node: SearchNode, model: ModelRecord): boolean {
  // A query made only of ignored terms constrains nothing.
  return evaluate(node, model) ?? true;
}

/** `null`: the clause has no opinion (an ignored term), as if it were not in the query. */
function evaluate(node: SearchNode, model: ModelRecord): boolean | null {
  switch (node.kind) {
    case 'all':
      return true;
    case 'ignored':
      return null;
    case 'not': {
      const inner = evaluate(node.child, model);
      return inner === null ? null : !inner;
    }
    case 'and':
    case 'or': {
      const results = node.children
        .map((child) => evaluate(child, model))
        .filter((r): r is boolean => r !== null);
      if (results.length === 0) return null;
      return node.kind === 'and' ? results.every(Boolean) : results.some(Boolean);
    }
    default: {
      const value = fieldDefinition(node.field)?.value(model) ?? null;
      return value !== null && matchesValue(node, value);
    }
  }
}

function matchesValue(node: SearchNode, value: string): boolean {
  switch (node.kind) {
    case 'exists':
      return true;
    case 'equals':
      return value === node.value;
    case 'pattern':
      return node.eachWord
        ? analyze(value).some((word) => node.regex.test(word))
        : node.regex.test(value);
    case 'words':
      return containsSequence(analyze(value), node.words);
    case 'range': {
      const time = Date.parse(value);
      return (node.from === null || time >= node.from) && (node.to === null || time < node.to);
    }
    default:
      return false;
  }
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, offset) => haystack[start + offset] === word)) return true;
  }
  return false;
}
