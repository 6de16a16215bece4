/**
 * Where the command line reads and writes. Commands never touch
 * process.stdout/stderr directly, so tests can run them in-process and
 * capture everything.
 */
import type { CodeStamp } from './codeStamp.js';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Directory relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Aborted when the user interrupts (Ctrl-C); long work stops at the next check. */
  signal?: AbortSignal;
  /** The stamp of the running code (src/cli/codeStamp.ts); given by tests to act as another version, else computed. */
  codeStamp?: CodeStamp;
}

export function processIO(signal?: AbortSignal): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, signal };
}

/**
 * The exit code of work stopped by a signal, as a shell reports a process
 * killed by it: 128 + signal number (SIGINT 2 → 130, SIGTERM 15 → 143). The
 * signal's name is the abort reason (main.ts); any other reason counts as Ctrl-C.
 */
export function interruptedExitCode(signal: AbortSignal | undefined): number {
  return signal?.reason === 'SIGTERM' ? 143 : 130;
}

/** Errors that mean "you typed something wrong": exit code 2, nothing written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure explained in one line (exit code 1): the message is printed as it is, without "the run failed". */
export class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Failure';
  }
}

/**
 * The width tables are fitted to: the terminal's columns when stdout is one;
 * otherwise $COLUMNS if set; otherwise unlimited (pipes and files get every
 * cell on one line, for grep; `--json` is the machine format).
 */
export function tableWidth(io: Pick<CliIO, 'stdout' | 'env'>): number {
  if (io.stdout.isTTY && io.stdout.columns && io.stdout.columns > 0) return io.stdout.columns;
  const env = Number(io.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : Infinity;
}

const GAP = 2;
/** A column keeps at least this many characters (or its natural width, if smaller) when the table is narrowed. */
const MIN_COLUMN = 8;
const chars = (s: string) => [...s].length;

/** Greedy word wrap to `width` characters; a word longer than the width breaks after a comma, else is cut. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    while (chars(word) > width) {
      if (line) lines.push(line);
      line = '';
      // Break a long list after a comma when one falls within the width, else cut.
      const cps = [...word];
      const comma = cps.lastIndexOf(',', width - 1);
      const cut = comma >= 0 ? comma + 1 : width;
      lines.push(cps.slice(0, cut).join(''));
      word = cps.slice(cut).join('');
    }
    if (!line) line = word;
    else if (chars(line) + 1 + chars(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** Prose wrapped to `width` characters (unchanged when it fits or the width is unlimited). */
export function wrapProse(text: string, width: number): string {
  return chars(text) <= width ? text : wrap(text, width).join('\n');
}

/**
 * Align rows of cells into a plain-text table with a header rule, at most
 * `maxWidth` characters wide: when the natural widths do not fit, the widest
 * columns are narrowed, first down to their longest word (comma-separated
 * lists count item by item), then (only if still
 * too wide) down to MIN_COLUMN, and their cells wrap onto further lines, so no
 * text is lost.
 */
export function formatTable(header: string[], rows: string[][], maxWidth = Infinity): string {
  const widths = header.map((h, j) => Math.max(chars(h), ...rows.map((r) => chars(r[j] ?? ''))));
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const narrow = (floor: number[]) => {
    while (total() > maxWidth) {
      // Narrow the widest column that can still give up a character.
      let j = -1;
      for (let k = 0; k < widths.length; k++) if (widths[k]! > floor[k]! && (j < 0 || widths[k]! > widths[j]!)) j = k;
      if (j < 0) return;
      widths[j]!--;
    }
  };
  // First wrap only between words (ids and values stay whole); cut words only if that is not enough.
  const longestWord = (j: number) => Math.max(chars(header[j]!), ...rows.flatMap((r) => (r[j] ?? '').split(/\s+|(?<=,)/).map(chars)));
  narrow(widths.map((w, j) => Math.min(w, longestWord(j))));
  narrow(widths.map((w) => Math.min(w, MIN_COLUMN)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (j === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[j]! - chars(c)))))
      .join(' '.repeat(GAP))
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) {
    const wrapped = widths.map((w, j) => (chars(row[j] ?? '') <= w ? [row[j] ?? ''] : wrap(row[j] ?? '', w)));
    const height = Math.max(...wrapped.map((c) => c.length));
    for (let i = 0; i < height; i++) out.push(line(wrapped.map((c) => c[i] ?? '')));
  }
  return out.join('\n') + '\n';
}

/** A number shown with 6 significant digits, integers as they are. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = x.toPrecision(6);
  return s.includes('e') ? s : String(Number(s));
}

/** A value of any config type, as the user would type it. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return v.map((x) => formatValue(x)).join(',');
  return JSON.stringify(v);
}
