/** The printed table and the target verdicts. */

export interface Row {
  id: string;
  measurement: string;
  result: string;
  comparedWith: string;
  ratio: string;
  target: string;
  verdict: string;
}

export interface Verdict {
  met: boolean;
  text: string;
}

const fmt = (n: number, digits = 3) =>
  Number.isFinite(n) ? String(Number(n.toFixed(digits))) : 'n/a';

/** value ≥ target. */
export const atLeast = (value: number, target: number): Verdict => {
  if (!Number.isFinite(value)) return { met: false, text: 'NOT MEASURED' };
  if (value >= target) return { met: true, text: 'met' };
  const by = target - value;
  return { met: false, text: `MISSED by ${fmt(by)} (${fmt((by / target) * 100, 1)}% under)` };
};

/** value ≤ target. */
export const atMost = (value: number, target: number): Verdict => {
  if (!Number.isFinite(value)) return { met: false, text: 'NOT MEASURED' };
  if (value <= target) return { met: true, text: 'met' };
  const by = value - target;
  return { met: false, text: `MISSED by ${fmt(by)} (${fmt((by / target) * 100, 1)}% over)` };
};

const HEADERS: Row = {
  id: '#',
  measurement: 'Measurement',
  result: 'Result',
  comparedWith: 'Compared with',
  ratio: 'Ratio',
  target: 'Target',
  verdict: 'Verdict',
};

const KEYS = Object.keys(HEADERS) as Array<keyof Row>;

/** A Markdown table, aligned so it also reads well in a terminal. */
export const renderTable = (rows: Row[]): string => {
  const all = [HEADERS, ...rows];
  const widths = KEYS.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) =>
    `| ${KEYS.map((k, i) => r[k].padEnd(widths[i] as number)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEADERS), rule, ...rows.map(line)].join('\n');
};
