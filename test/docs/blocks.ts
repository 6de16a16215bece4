/**
 * The code blocks of the documentation, as the doc tests see them: every
 * fenced block of README.md and docs/*.md (parsed by markdown-it, so fences
 * inside lists count too) and every fenced block of a TypeDoc `@example` in
 * src/. The convention they follow is written in docs/design.md
 * ("Documentation is tested"):
 *
 * - `sh`/`bash` blocks are shell commands, run in order, per page, in a fresh
 *   copy of the repository;
 * - `ts` blocks are complete programs, typechecked strictly against the built
 *   package and run;
 * - `text` blocks are output, file listings and synopses: never run;
 * - any other language must say why it is not run, in the block itself
 *   (`# doc-test: not run — reason`).
 *
 * A line's directive is a trailing comment `# doc-test: …` (shell) or
 * `// doc-test: …` (TypeScript), visible to every reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface CodeBlock {
  /** Path relative to the repository, e.g. `docs/sweeps.md`. */
  file: string;
  /** 1-based line of the block's first code line in `file`. */
  line: number;
  lang: string;
  code: string;
}

export type Directive =
  | { kind: 'not-run'; reason: string }
  | { kind: 'exits'; code: number; printsNextBlock: boolean }
  | { kind: 'runs-with'; args: string }
  | { kind: 'serves'; text: string; args: string }
  | { kind: 'cluster' };

const DIRECTIVE = /(?:#|\/\/)\s*doc-test:\s*(.*)$/;

/** Parse the directive of one line (its trailing `doc-test:` comment), or null. Throws on a malformed one. */
export function lineDirective(line: string): Directive | null {
  const m = DIRECTIVE.exec(line);
  if (!m) return null;
  const body = m[1]!.trim();
  let d: RegExpExecArray | null;
  if ((d = /^not run\s+[—-]+\s*(\S.*)$/.exec(body))) return { kind: 'not-run', reason: d[1]! };
  if ((d = /^exits (\d+)(, printing the block below)?$/.exec(body))) return { kind: 'exits', code: Number(d[1]), printsNextBlock: d[2] !== undefined };
  if ((d = /^runs with `([^`]+)`$/.exec(body))) return { kind: 'runs-with', args: d[1]! };
  if ((d = /^serves "([^"]+)"(?: with `([^`]+)`)?$/.exec(body))) return { kind: 'serves', text: d[1]!, args: d[2] ?? '' };
  if (/^cluster\b/.test(body)) return { kind: 'cluster' };
  throw new Error(`unknown doc-test directive "${body}" (known: not run — <reason>; exits <n>[, printing the block below]; runs with \`<args>\`; serves "<text>" [with \`<args>\`]; cluster)`);
}

/** The documentation pages that are tested. */
export function docPages(): string[] {
  const docs = readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

const md = new MarkdownIt();

/** The fenced code blocks of one markdown text (`file` is only a label). */
export function markdownBlocks(file: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const token of md.parse(text, {})) {
    if (token.type !== 'fence' || !token.map) continue;
    // token.map[0] is the 0-based line of the opening fence; the code starts one line below.
    blocks.push({ file, line: token.map[0] + 2, lang: token.info.trim().split(/\s+/)[0] ?? '', code: token.content });
  }
  return blocks;
}

/** Every fenced block of README.md and docs/*.md. */
export function documentationBlocks(): CodeBlock[] {
  return docPages().flatMap((file) => markdownBlocks(file, readFileSync(join(REPO, file), 'utf8')));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The fenced blocks inside TypeDoc `@example` tags of src/: the lines of a
 * doc comment from the `@example` line to the next tag or the comment's end,
 * with the leading ` * ` removed.
 */
export function exampleBlocks(): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const path of sourceFiles(join(REPO, 'src'))) {
    const lines = readFileSync(path, 'utf8').split('\n');
    const file = relative(REPO, path);
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (/^\s*\*\//.test(l) || /^\s*\*\s*@\w+/.test(l)) break;
        body.push(l.replace(/^\s*\* ?/, ''));
      }
      // Line numbers of the comment lines are i+2 … in 1-based counting; markdownBlocks counts from the body's start.
      for (const b of markdownBlocks(file, body.join('\n'))) blocks.push({ ...b, line: b.line + i + 1 });
      i = j - 1;
    }
  }
  return blocks;
}

export const SHELL_LANGS = new Set(['sh', 'bash']);
export const TS_LANGS = new Set(['ts']);

/** `file:line` of a block's n-th code line (0-based). */
export const where = (b: CodeBlock, n = 0): string => `${b.file}:${b.line + n}`;
