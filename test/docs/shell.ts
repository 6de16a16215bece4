/**
 * Running the shell blocks of the documentation as a reader would: each page's
 * blocks in order, in a fresh copy of the repository (the files a clone has,
 * plus untracked ones not ignored, so uncommitted docs are tested too;
 * node_modules is linked from this checkout, because `npm ci` is what CI runs
 * before the tests). Each block becomes one bash script whose lines map one to
 * one onto the block's lines, so a failure names the page, the line and the
 * command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO, lineDirective, where, type CodeBlock, type Directive } from './blocks.js';

/** A fresh copy of the repository's files in a temporary folder, with node_modules linked. */
export function copyRepo(prefix = 'ldyn-doc-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(REPO, file), join(dir, file));
    } catch (e) {
      // A file deleted in the work tree but still in the index is not in a clone of the work tree either.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The index of the `#` that starts a shell comment in `line` (outside quotes), or -1. */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return i;
  }
  return -1;
}

export interface ShellLine {
  /** 0-based line within the block. */
  index: number;
  /** The line as written. */
  text: string;
  /** The line without its comment. */
  command: string;
  directive: Directive | null;
}

/** The block's lines with their commands (comment removed) and directives. */
export function shellLines(block: CodeBlock): ShellLine[] {
  return block.code.replace(/\n$/, '').split('\n').map((text, index) => {
    const c = commentStart(text);
    const comment = c < 0 ? '' : text.slice(c);
    const inner = /doc-test:.*$/.exec(comment)?.[0].replace(/\)\s*$/, '');
    return { index, text, command: (c < 0 ? text : text.slice(0, c)).trimEnd(), directive: inner ? lineDirective(`# ${inner}`) : null };
  });
}

/** Whether a block is run only by `npm run test:cluster` (it needs GNU parallel or Slurm). */
export const isClusterBlock = (block: CodeBlock): boolean => shellLines(block).some((l) => l.directive?.kind === 'cluster');

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * One bash script for the block: a header line, then one line per block line.
 * `set -e` stops at the first failing command, and the ERR trap prints the page,
 * the line (from $LINENO) and the command.
 */
export function shellScript(block: CodeBlock, next?: CodeBlock): string {
  const at = (i: number): string => quote(where(block, i));
  const header = [
    'set -Eeo pipefail',
    `__doc_line() { echo "${block.file}:$((${block.line} + $1 - 2))"; }`,
    `trap '__rc=$?; echo "doc-test: $(__doc_line $LINENO): \\\`$BASH_COMMAND\\\` exited with $__rc" >&2; exit $__rc' ERR`,
    // serves "text" cmd: start cmd in its own process group, wait until its output shows text, then stop it.
    '__serve() { local log; log=$(mktemp); setsid bash -c "$3" >"$log" 2>&1 & local pid=$!; local t=0;' +
      ' until grep -qF -- "$2" "$log"; do if ! kill -0 $pid 2>/dev/null; then echo "doc-test: $1: \\`$3\\` stopped before printing \\"$2\\":" >&2; cat "$log" >&2; return 1; fi;' +
      ' t=$((t+1)); if [ $t -gt 2400 ]; then echo "doc-test: $1: \\`$3\\` did not print \\"$2\\" within 240 s" >&2; kill -- -$pid; return 1; fi; sleep 0.1; done;' +
      ' kill -- -$pid 2>/dev/null; wait $pid 2>/dev/null || true; echo "doc-test: $1 served as documented ($2)"; }',
  ].join('; ');
  // Only annotated lines change (a heredoc's lines, e.g. #SBATCH, stay exactly as written).
  const lines = shellLines(block).map(({ index, text, command, directive }) => {
    if (!directive) return text;
    switch (directive.kind) {
      case 'not-run':
        return 'true';
      case 'cluster':
        return command;
      case 'runs-with':
        return `${command} ${directive.args}`;
      case 'exits': {
        const checkCode =
          `if [ "$__rc" != ${directive.code} ]; then ` +
          `echo "doc-test: "${at(index)}": \\\`"${quote(command)}"\\\` exited with $__rc, the doc says ${directive.code}" >&2; exit 1; fi`;
        if (!directive.printsNextBlock) return `if ${command}; then __rc=0; else __rc=$?; fi; ${checkCode}`;
        if (!next) throw new Error(`${where(block, index)}: "printing the block below" but no block follows`);
        // Every line of the next block must appear in the command's output (npm may add lines of its own).
        const expected = Buffer.from(next.code).toString('base64');
        return (
          `if __out=$(${command} 2>&1); then __rc=0; else __rc=$?; fi; printf '%s\\n' "$__out"; ${checkCode}; ` +
          `while IFS= read -r __l; do if [[ "$__out" != *"$__l"* ]]; then echo "doc-test: "${at(index)}": the output lacks the line of ${where(next)}: $__l" >&2; exit 1; fi; done < <(echo ${expected} | base64 -d)`
        );
      }
      case 'serves':
        return `__serve ${at(index)} ${quote(directive.text)} ${quote(`${command} ${directive.args}`.trim())}`;
    }
  });
  return [header, ...lines, ''].join('\n');
}

export interface BlockRun {
  ok: boolean;
  code: number | null;
  output: string;
}

/** Run a block's script with bash in `cwd`; the whole process group is killed after `timeoutMs`. */
export function runShellBlock(block: CodeBlock, cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env, next?: CodeBlock): Promise<BlockRun> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', shellScript(block, next)], { cwd, env: { ...env, FORCE_COLOR: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\ndoc-test: ${where(block)}: the block did not finish within ${timeoutMs / 1000} s`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ ok: code === 0, code, output });
    });
  });
}

/** The last `n` lines of a process's output, for a failure message. */
export const tail = (text: string, n = 25): string => text.trimEnd().split('\n').slice(-n).join('\n');
