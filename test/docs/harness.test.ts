/**
 * The doc-test machinery itself, on synthetic pages: block extraction keeps
 * the page's line numbers, a failing command is reported with its page, line
 * and command, and each directive does what docs/design.md says.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineDirective, markdownBlocks, type CodeBlock } from './blocks.js';
import { runShellBlock, shellLines } from './shell.js';

const dir = mkdtempSync(join(tmpdir(), 'ldyn-doc-harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The only shell block of a synthetic page whose block starts after `before` lines of prose. */
function block(code: string, before = 3): CodeBlock {
  const page = `${'prose\n'.repeat(before)}\n\`\`\`sh\n${code}\n\`\`\`\n`;
  const [b] = markdownBlocks('page.md', page);
  return b!;
}

describe('doc-test harness', () => {
  it('gives each block the page line of its first code line, and its language', () => {
    const blocks = markdownBlocks('p.md', 'a\n\n```ts\nconst x = 1;\n```\n\n- item\n\n  ```sh\n  echo hi\n  ```\n');
    expect(blocks.map((b) => [b.line, b.lang, b.code])).toEqual([
      [4, 'ts', 'const x = 1;\n'],
      [10, 'sh', 'echo hi\n'],
    ]);
  });

  it('stops at the first failing command and names the page, the line and the command', async () => {
    const b = block('echo one\nfalse\necho never');
    const run = await runShellBlock(b, dir, 30_000);
    expect(run.ok).toBe(false);
    expect(run.output).toContain('one');
    expect(run.output).not.toContain('never');
    expect(run.output).toContain(`doc-test: page.md:${b.line + 1}: \`false\` exited with 1`);
  });

  it('skips a "not run" line, appends "runs with" arguments, and keeps heredoc lines verbatim', async () => {
    const b = block(
      [
        'touch ran-anyway   # doc-test: not run — needs a cluster',
        'echo   # doc-test: runs with `appended`',
        "cat > script.sh <<'EOF'",
        '#SBATCH --array=0-3',
        'EOF',
      ].join('\n'),
    );
    const run = await runShellBlock(b, dir, 30_000);
    expect(run.ok, run.output).toBe(true);
    expect(run.output).toContain('appended');
    expect(() => readFileSync(join(dir, 'ran-anyway'))).toThrow();
    expect(readFileSync(join(dir, 'script.sh'), 'utf8')).toBe('#SBATCH --array=0-3\n');
  });

  it('"exits N" passes on exactly that exit code and fails, naming it, on any other', async () => {
    expect((await runShellBlock(block('bash -c "exit 2"   # doc-test: exits 2'), dir, 30_000)).ok).toBe(true);
    const b = block('bash -c "exit 0"   # doc-test: exits 2');
    const wrong = await runShellBlock(b, dir, 30_000);
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toContain(`page.md:${b.line}: \`bash -c "exit 0"\` exited with 0, the doc says 2`);
  });

  it('"exits N, printing the block below" also needs every line of the next block in the output', async () => {
    const page = '```sh\nbash -c "echo noise; echo \'bad value\' >&2; exit 2"   # doc-test: exits 2, printing the block below\n```\n\n```text\nbad value\n```\n';
    const [cmd, text] = markdownBlocks('page.md', page);
    expect((await runShellBlock(cmd!, dir, 30_000, process.env, text)).ok).toBe(true);
    const stale = { ...text!, code: 'bad value\nthe old message\n' };
    const run = await runShellBlock(cmd!, dir, 30_000, process.env, stale);
    expect(run.ok).toBe(false);
    expect(run.output).toContain('page.md:2: the output lacks the line of page.md:6: the old message');
  });

  it('"serves" passes once the server prints its line, then stops it; a server that exits first fails', async () => {
    const ok = await runShellBlock(block('bash -c \'echo "listening on $0"; sleep 600\'   # doc-test: serves "listening on" with `port-0`'), dir, 30_000);
    expect(ok.ok, ok.output).toBe(true);
    expect(ok.output).toContain('served as documented');
    const early = await runShellBlock(block('echo bye   # doc-test: serves "listening"'), dir, 30_000);
    expect(early.ok).toBe(false);
    expect(early.output).toContain('stopped before printing "listening"');
  });

  it('rejects an unknown directive and a "not run" without a reason', () => {
    expect(() => lineDirective('ls   # doc-test: skip')).toThrow(/unknown doc-test directive "skip"/);
    expect(() => lineDirective('ls   # doc-test: not run')).toThrow(/unknown doc-test directive/);
    expect(() => shellLines(block('ls  # doc-test: maybe'))).toThrow(/maybe/);
  });
});
