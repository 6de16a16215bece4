/**
 * Where the command line reads and writes. Commands never touch
 * process.stdout/stderr directly, so tests can run them in-process and
 * capture everything.
 */
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

/** Align rows of cells into a plain-text table with a header rule. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (j === cells.length - 1 ? c : c.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
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
