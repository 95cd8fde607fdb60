import { analyze } from './analyzer';
import { parseDateSpan } from './dates';
import { DEFAULT_FIELD, fieldDefinition, SEARCH_FIELDS } from './fields';
import { invalidQuery, tokenize, type Bound, type TermPart, type Token } from './lexer';

/**
 * A parsed query, already checked against the fields' kinds so matching
 * cannot fail. `ignored` stands for a term with no searchable characters
 * (like `&`), which Elasticsearch drops from the query.
 */
export type SearchNode =
  | { kind: 'all' }
  | { kind: 'ignored' }
  | { kind: 'and' | 'or'; children: SearchNode[] }
  | { kind: 'not'; child: SearchNode }
  /** Text fields: these words, consecutive (one word for a plain term). */
  | { kind: 'words'; field: string; words: string[] }
  /** Text fields test each word, keyword fields the whole value. */
  | { kind: 'pattern'; field: string; regex: RegExp; eachWord: boolean }
  | { kind: 'equals'; field: string; value: string }
  /** Half-open `[from, to)` in epoch milliseconds; `null` = open. */
  | { kind: 'range'; field: string; from: number | null; to: number | null }
  | { kind: 'exists'; field: string };

/** Parses the subset of Elasticsearch query-string syntax the sandbox implements (see README). */
export function parseSearchQuery(input: string): SearchNode {
  const parser = new Parser(tokenize(input));
  return parser.parseAll();
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): SearchNode {
    if (this.tokens.length === 0) return { kind: 'all' };
    const node = this.parseOr(null);
    const extra = this.peek();
    if (extra)
      throw invalidQuery(
        extra.type === 'rparen' ? 'unbalanced ")"' : `unexpected ${describe(extra)}`,
        extra.pos
      );
    return node;
  }

  /** `field` is the one named by an enclosing `field:(...)`, `null` when none was. */
  private parseOr(field: string | null): SearchNode {
    const children = [this.parseAnd(field)];
    while (this.peek()?.type === 'or') {
      this.next();
      children.push(this.parseAnd(field));
    }
    return children.length === 1 ? (children[0] as SearchNode) : { kind: 'or', children };
  }

  /** AND is the default operator, so adjacent clauses are joined by it too. */
  private parseAnd(field: string | null): SearchNode {
    const children = [this.parseUnary(field)];
    for (;;) {
      const token = this.peek();
      if (!token || token.type === 'or' || token.type === 'rparen') break;
      if (token.type === 'and') this.next();
      children.push(this.parseUnary(field));
    }
    return children.length === 1 ? (children[0] as SearchNode) : { kind: 'and', children };
  }

  private parseUnary(field: string | null): SearchNode {
    const token = this.expect('a term');
    if (token.type === 'not') return { kind: 'not', child: this.parseUnary(field) };
    if (token.type === 'must') return this.parseUnary(field);
    return this.parsePrimary(token, field);
  }

  private parsePrimary(token: Token, field: string | null): SearchNode {
    switch (token.type) {
      case 'lparen': {
        const inner = this.parseOr(field);
        const close = this.next();
        if (close?.type !== 'rparen') throw invalidQuery('"(" is never closed', token.pos);
        return inner;
      }
      case 'field': {
        if (!fieldDefinition(token.name)) {
          throw invalidQuery(
            `unknown field "${token.name}"; searchable fields: ${Object.keys(SEARCH_FIELDS).join(', ')}`,
            token.pos
          );
        }
        const value = this.expect(`a value for field "${token.name}"`);
        if (value.type === 'lparen') return this.parsePrimary(value, token.name);
        if (value.type === 'term' || value.type === 'phrase' || value.type === 'range')
          return this.leaf(value, token.name);
        throw invalidQuery(
          `field "${token.name}" needs a value, found ${describe(value)}`,
          value.pos
        );
      }
      case 'term':
      case 'phrase':
        return this.leaf(token, field);
      case 'range':
        throw invalidQuery('a range needs a field, like created:[2024-01-01 TO *]', token.pos);
      default:
        throw invalidQuery(`unexpected ${describe(token)}`, token.pos);
    }
  }

  private leaf(
    token: Token & { type: 'term' | 'phrase' | 'range' },
    namedField: string | null
  ): SearchNode {
    const field = namedField ?? DEFAULT_FIELD;
    const kind = fieldDefinition(field)?.kind ?? 'text';
    if (token.type === 'range') {
      if (kind !== 'date')
        throw invalidQuery(`ranges work on created and modified, not on "${field}"`, token.pos);
      return dateRange(field, token.lower, token.upper, token.pos);
    }
    const parts: TermPart[] =
      token.type === 'phrase' ? [{ kind: 'literal', text: token.text }] : token.parts;
    // A bare `*` is match-all; `name:*` asks for models that have a name.
    if (parts.length === 1 && parts[0]?.kind === 'any')
      return namedField === null ? { kind: 'all' } : { kind: 'exists', field };
    const hasWildcard = parts.some((p) => p.kind !== 'literal');
    const literal = parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
    if (kind === 'date') {
      if (hasWildcard)
        throw invalidQuery(`wildcards do not work on the date field "${field}"`, token.pos);
      const span = parseDateSpan(literal);
      if (!span)
        throw invalidQuery(
          `"${literal}" is not a date (use 2024, 2024-03 or 2024-03-01[T10:00:00Z])`,
          token.pos
        );
      return { kind: 'range', field, from: span.start, to: span.end };
    }
    if (hasWildcard) {
      return {
        kind: 'pattern',
        field,
        regex: wildcardRegex(parts, kind === 'text'),
        eachWord: kind === 'text',
      };
    }
    if (kind === 'keyword') return { kind: 'equals', field, value: literal };
    const words = analyze(literal);
    return words.length === 0 ? { kind: 'ignored' } : { kind: 'words', field, words };
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.index];
    if (token) this.index += 1;
    return token;
  }

  private expect(what: string): Token {
    const token = this.next();
    if (!token) {
      const last = this.tokens[this.tokens.length - 1];
      throw invalidQuery(
        `expected ${what} after ${last ? describe(last) : 'the start'}, but the query ended`
      );
    }
    return token;
  }
}

function dateRange(field: string, lower: Bound, upper: Bound, pos: number): SearchNode {
  const span = (bound: Bound): ReturnType<typeof parseDateSpan> => {
    if (bound.value === null) return null;
    const parsed = parseDateSpan(bound.value);
    if (!parsed)
      throw invalidQuery(
        `"${bound.value}" is not a date (use 2024, 2024-03 or 2024-03-01[T10:00:00Z], or *)`,
        pos
      );
    return parsed;
  };
  const from = span(lower);
  const to = span(upper);
  return {
    kind: 'range',
    field,
    from: from === null ? null : lower.inclusive ? from.start : from.end,
    to: to === null ? null : upper.inclusive ? to.end : to.start,
  };
}

function wildcardRegex(parts: readonly TermPart[], ignoreCase: boolean): RegExp {
  const body = parts
    .map((p) =>
      p.kind === 'any'
        ? '.*'
        : p.kind === 'one'
          ? '.'
          : p.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
    )
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'iu' : 'u');
}

function describe(token: Token): string {
  switch (token.type) {
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'and':
      return 'AND';
    case 'or':
      return 'OR';
    case 'not':
      return 'NOT';
    case 'must':
      return '"+"';
    case 'field':
      return `field "${token.name}:"`;
    case 'phrase':
      return 'a quoted phrase';
    case 'range':
      return 'a range';
    case 'term':
      return 'a term';
  }
}
