/**
 * Every shell line of README.md and docs/*.md runs as written from a fresh
 * copy of the repository (see test/docs/shell.ts and docs/design.md,
 * "Documentation is tested"). Lines annotated `not run — reason` are listed as
 * skipped tests with their reason; blocks annotated `cluster` need GNU
 * parallel and Slurm and are run by `npm run test:cluster` (here they are
 * only parsed by bash).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SHELL_LANGS, TS_LANGS, documentationBlocks, docPages, lineDirective, where, type CodeBlock } from './blocks.js';
import { copyRepo, isClusterBlock, runShellBlock, shellLines, shellScript, tail } from './shell.js';

const blocks = documentationBlocks();
const shellBlocks = blocks.filter((b) => SHELL_LANGS.has(b.lang));
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the documentation follows the doc-test convention', () => {
  it('every fenced block has a language, and one that is not run says why in the block', () => {
    const problems: string[] = [];
    for (const b of blocks) {
      if (SHELL_LANGS.has(b.lang) || TS_LANGS.has(b.lang) || b.lang === 'text') continue;
      if (b.lang === '') problems.push(`${where(b)}: a fenced block without a language (use sh, ts or text)`);
      else if (!b.code.split('\n').some((l) => lineDirective(l)?.kind === 'not-run')) {
        problems.push(`${where(b)}: a ${b.lang} block is neither run nor annotated "doc-test: not run — <reason>"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no text block hides a command a reader would copy (npm, npx, node or a $ prompt belong in sh blocks)', () => {
    const hidden = blocks
      .filter((b) => b.lang === 'text')
      .flatMap((b) =>
        b.code
          .split('\n')
          .map((l, i) => ({ l, i }))
          .filter(({ l }) => /^\s*(\$ |npm |npx |node )/.test(l))
          .map(({ l, i }) => `${where(b, i)}: ${l.trim()}`),
      );
    expect(hidden).toEqual([]);
  });

  it('no shell line uses npx without --no-install (npx may fetch a registry package of that name)', () => {
    const offending = shellBlocks.flatMap((b) =>
      shellLines(b)
        .filter((l) => /\bnpx\s+(?!--no-install\b)/.test(l.command))
        .map((l) => `${where(b, l.index)}: ${l.command.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  it('every directive is well-formed (an unknown one throws, naming it)', () => {
    for (const b of shellBlocks) expect(() => shellLines(b), where(b)).not.toThrow();
  });
});

for (const page of docPages()) {
  const pageBlocks = shellBlocks.filter((b) => b.file === page);
  if (pageBlocks.length === 0) continue;
  describe(page, () => {
    for (const b of pageBlocks) {
      for (const l of shellLines(b)) {
        // A line marked "not run" (its reason is in the doc) is still checked to be valid shell.
        if (l.directive?.kind === 'not-run') {
          it(`${where(b, l.index)}: \`${l.command.trim()}\` parses (not run: ${l.directive.reason})`, () => {
            const parsed = spawnSync('bash', ['-n', '-c', l.command], { encoding: 'utf8' });
            expect(parsed.status, `${where(b, l.index)}: ${parsed.stderr}`).toBe(0);
          });
        }
      }
    }
    const cluster = pageBlocks.filter(isClusterBlock);
    for (const b of cluster) {
      it(`${where(b)}: the cluster block parses (it is run by npm run test:cluster)`, () => {
        const parsed = spawnSync('bash', ['-n', '-c', shellScript(b)], { encoding: 'utf8' });
        expect(parsed.status, `${where(b)}: ${parsed.stderr}`).toBe(0);
      });
    }
    const local = pageBlocks.filter((b) => !isClusterBlock(b));
    if (local.length === 0) return;
    // Generous: a busy 2-core machine runs each `npm run ldyn` in 2-10 s.
    it(`runs every shell block (${local.map((b) => `line ${b.line}`).join(', ')}) in order in a fresh copy`, { timeout: 600_000 }, async () => {
      const dir = copyRepo();
      copies.push(dir);
      for (const b of local) await expectBlockRuns(b, dir);
    });
  });
}

async function expectBlockRuns(b: CodeBlock, dir: string): Promise<void> {
  // The block after it on the page, for `exits N, printing the block below`.
  const next = blocks[blocks.indexOf(b) + 1];
  const run = await runShellBlock(b, dir, 480_000, process.env, next?.file === b.file ? next : undefined);
  if (!run.ok) expect.fail(`${where(b)}: the shell block failed (exit ${run.code}):\n${tail(run.output)}`);
}
