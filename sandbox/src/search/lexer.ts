import { MatterportError } from '../errors';

/** A piece of a term: literal text, or an unescaped `*` / `?` wildcard. */
export type TermPart = { kind: 'literal'; text: string } | { kind: 'any' } | { kind: 'one' };

export interface Bound {
  /** Unescaped value; `null` for an open end (`*`). */
  value: string | null;
  inclusive: boolean;
}

export type Token =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'must'; pos: number }
  | { type: 'field'; name: string; pos: number }
  | { type: 'term'; parts: TermPart[]; pos: number }
  | { type: 'phrase'; text: string; pos: number }
  | { type: 'range'; lower: Bound; upper: Bound; pos: number };

/** Elasticsearch's reserved characters that the sandbox does not implement as syntax. */
const UNSUPPORTED = new Set(['^', '~', '/']);
/** Reserved characters that are only valid as syntax somewhere else, so must be escaped inside a term. */
const MUST_ESCAPE = new Set(['=', '<', '>', '!', ']', '}']);
const TERM_BREAK = new Set(['(', ')', '"', '[', '{']);

export function invalidQuery(message: string, pos?: number): MatterportError {
  const where = pos === undefined ? '' : ` at position ${pos + 1}`;
  return new MatterportError('request.invalid', `Cannot parse query${where}: ${message}`);
}

/** Splits an Elasticsearch query string (the subset the sandbox implements) into tokens. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (offset = 0): string => input.charAt(i + offset);
  const isSpace = (ch: string): boolean => /\s/.test(ch);

  while (i < input.length) {
    const ch = at();
    const pos = i;
    if (isSpace(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', pos });
      i += 1;
    } else if (ch === '"') {
      const { text, end } = readPhrase(input, i);
      tokens.push({ type: 'phrase', text, pos });
      i = end;
      rejectSuffixOperator(input, i);
    } else if (ch === '[' || ch === '{') {
      const { token, end } = readRange(input, i);
      tokens.push(token);
      i = end;
    } else if ((ch === '&' && at(1) === '&') || (ch === '|' && at(1) === '|')) {
      tokens.push({ type: ch === '&' ? 'and' : 'or', pos });
      i += 2;
    } else if (ch === '+' || ch === '-' || ch === '!') {
      if (i + 1 >= input.length || isSpace(at(1))) {
        throw invalidQuery(
          `"${ch}" must be followed by a term (escape it as \\${ch} to search for it)`,
          pos
        );
      }
      tokens.push({ type: ch === '+' ? 'must' : 'not', pos });
      i += 1;
    } else if (ch === ':') {
      throw invalidQuery(
        '":" needs a field name before it (escape it as \\: to search for it)',
        pos
      );
    } else {
      const { parts, end, isField, hadEscape } = readTerm(input, i);
      i = end;
      if (isField) {
        const name = literalOnly(parts, pos);
        tokens.push({ type: 'field', name, pos });
        i += 1; // the ':'
        i = readComparison(input, i, tokens);
        continue;
      }
      const word =
        !hadEscape && parts.length === 1 && parts[0]?.kind === 'literal' ? parts[0].text : '';
      if (word === 'AND' || word === 'OR' || word === 'NOT') {
        tokens.push({ type: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not', pos });
      } else {
        tokens.push({ type: 'term', parts, pos });
      }
    }
  }
  return tokens;
}

function readTerm(
  input: string,
  start: number
): { parts: TermPart[]; end: number; isField: boolean; hadEscape: boolean } {
  const parts: TermPart[] = [];
  let literal = '';
  let hadEscape = false;
  let i = start;
  const flush = (): void => {
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch) || TERM_BREAK.has(ch)) break;
    if ((ch === '&' && input.charAt(i + 1) === '&') || (ch === '|' && input.charAt(i + 1) === '|'))
      break;
    if (ch === ':') {
      flush();
      return { parts, end: i, isField: true, hadEscape };
    }
    if (ch === '\\') {
      if (i + 1 >= input.length) throw invalidQuery('the query ends with a lone backslash', i);
      literal += input.charAt(i + 1);
      hadEscape = true;
      i += 2;
      continue;
    }
    if (ch === '*' || ch === '?') {
      flush();
      parts.push({ kind: ch === '*' ? 'any' : 'one' });
    } else if (UNSUPPORTED.has(ch)) {
      throw invalidQuery(
        `"${ch}" (boosts, fuzzy, proximity and regular expressions) is not supported; escape it as \\${ch}`,
        i
      );
    } else if (MUST_ESCAPE.has(ch)) {
      throw invalidQuery(`reserved character "${ch}" must be escaped as \\${ch}`, i);
    } else {
      literal += ch;
    }
    i += 1;
  }
  flush();
  return { parts, end: i, isField: false, hadEscape };
}

/** After `field:`, reads `>value`, `>=value`, `<value` or `<=value` as a one-sided range. */
function readComparison(input: string, start: number, tokens: Token[]): number {
  const op = input.charAt(start);
  if (op !== '>' && op !== '<') return start;
  const inclusive = input.charAt(start + 1) === '=';
  const valueStart = start + (inclusive ? 2 : 1);
  const { parts, end, isField } = readTerm(input, valueStart);
  if (isField || parts.length === 0) throw invalidQuery(`"${op}" needs a value after it`, start);
  const value = literalOnly(parts, valueStart);
  const bound: Bound = { value, inclusive };
  const open: Bound = { value: null, inclusive: true };
  tokens.push({
    type: 'range',
    lower: op === '>' ? bound : open,
    upper: op === '<' ? bound : open,
    pos: start,
  });
  return end;
}

function readPhrase(input: string, start: number): { text: string; end: number } {
  let text = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === '\\' && i + 1 < input.length) {
      text += input.charAt(i + 1);
      i += 2;
    } else if (ch === '"') {
      return { text, end: i + 1 };
    } else {
      text += ch;
      i += 1;
    }
  }
  throw invalidQuery('a quoted phrase is not closed', start);
}

function readRange(input: string, start: number): { token: Token; end: number } {
  const lowerInclusive = input.charAt(start) === '[';
  let i = start + 1;
  const words: string[] = [];
  let word = '';
  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === '\\' && i + 1 < input.length) {
      word += input.charAt(i + 1);
      i += 2;
      continue;
    }
    if (ch === ']' || ch === '}') {
      if (word) words.push(word);
      if (words.length !== 3 || words[1] !== 'TO') {
        throw invalidQuery(
          'a range looks like [from TO to] or {from TO to}, with * for an open end',
          start
        );
      }
      const bound = (value: string, inclusive: boolean): Bound => ({
        value: value === '*' ? null : value,
        inclusive,
      });
      const token: Token = {
        type: 'range',
        lower: bound(words[0] as string, lowerInclusive),
        upper: bound(words[2] as string, ch === ']'),
        pos: start,
      };
      return { token, end: i + 1 };
    }
    if (/\s/.test(ch)) {
      if (word) words.push(word);
      word = '';
    } else {
      word += ch;
    }
    i += 1;
  }
  throw invalidQuery('a range is not closed with ] or }', start);
}

function rejectSuffixOperator(input: string, i: number): void {
  const ch = input.charAt(i);
  if (UNSUPPORTED.has(ch)) {
    throw invalidQuery(
      `"${ch}" (boosts, fuzzy, proximity and regular expressions) is not supported`,
      i
    );
  }
}

function literalOnly(parts: readonly TermPart[], pos: number): string {
  if (parts.some((p) => p.kind !== 'literal'))
    throw invalidQuery('wildcards are not allowed here', pos);
  return parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
}
