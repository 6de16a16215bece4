/**
 * Every `ts` block of README.md and docs/*.md, and every TypeDoc `@example` in
 * src/, is a complete program that a user of the package could paste: it
 * typechecks under `strict` against the *built* package (imports of
 * 'learning-dynamics' resolve through node_modules to this repository's
 * package.json exports, i.e. dist/, as in a consumer project) and runs to the
 * end without throwing. `npm test` builds before it runs the tests; run
 * `npm run build` first when running this file alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, TS_LANGS, documentationBlocks, exampleBlocks, where, type CodeBlock } from './blocks.js';
import { tail } from './shell.js';

const blocks = [...documentationBlocks(), ...exampleBlocks()].filter((b) => TS_LANGS.has(b.lang));
const fileName = (b: CodeBlock, i: number): string => `b${i}_${b.file.replace(/[^A-Za-z0-9]+/g, '-')}_L${b.line}`;

let project = '';
let setupError: Error | null = null;
let typeErrors: string[] = [];

function newestMtime(dir: string): { path: string; mtime: number } {
  let best = { path: dir, mtime: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const cand = e.isDirectory() ? newestMtime(p) : { path: p, mtime: statSync(p).mtimeMs };
    if (cand.mtime > best.mtime) best = cand;
  }
  return best;
}

beforeAll(() => {
  const built = join(REPO, 'dist', 'index.js');
  if (!existsSync(built)) {
    setupError = new Error('dist/ is missing: run `npm run build` (npm test does) before the doc tests');
    return;
  }
  const src = newestMtime(join(REPO, 'src'));
  if (src.mtime > statSync(built).mtimeMs) {
    setupError = new Error(`dist/ is older than ${src.path.slice(REPO.length + 1)}: run \`npm run build\` first`);
    return;
  }
  project = mkdtempSync(join(tmpdir(), 'ldyn-doc-ts-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(REPO, join(project, 'node_modules', 'learning-dynamics'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'doc-blocks', private: true, type: 'module' }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        strict: true,
        noImplicitReturns: true,
        noFallthroughCasesInSwitch: true,
        // The package's own .d.ts files are checked by the package test of #14 item 4; here the docs are.
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(REPO, 'node_modules', '@types')],
        sourceMap: true,
        outDir: 'out',
        rootDir: '.',
      },
      include: ['*.ts'],
    }),
  );
  blocks.forEach((b, i) => {
    // A block without import/export would be a script sharing globals with the others; make each a module.
    writeFileSync(join(project, `${fileName(b, i)}.ts`), `${b.code}\nexport {};\n`);
  });
  // One tsc run for every block (it emits even when a block has type errors, so the others still run).
  const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
  typeErrors = tsc.status === 0 ? [] : tsc.stdout.split('\n').filter((l) => l.trim() !== '').map(docDiagnostic);
}, 300_000);

/** tsc prints "b3_docs-nn-md_L76.ts(5,10): error TS2304: …": name the doc's own file and line instead. */
function docDiagnostic(line: string): string {
  const m = /^b(\d+)_[^(]*\.ts\((\d+),(\d+)\): (.*)$/.exec(line);
  if (!m) return line;
  return `${where(blocks[Number(m[1])]!, Number(m[2]) - 1)}:${m[3]}: ${m[4]}`;
}

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const requireSetup = (): void => {
  if (setupError) throw setupError;
};

describe('TypeScript in the documentation', () => {
  it(`finds the blocks (${blocks.length}: docs pages and @example tags)`, () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('every block typechecks under strict against the built package', () => {
    requireSetup();
    if (typeErrors.length > 0) expect.fail(`TypeScript blocks do not typecheck:\n${typeErrors.join('\n')}`);
  });

  describe.concurrent('every block runs to the end', () => {
    blocks.forEach((b, i) => {
      it(`${where(b)} runs`, { timeout: 240_000 }, async () => {
        requireSetup();
        const out = join(project, 'out', `${fileName(b, i)}.js`);
        if (!existsSync(out)) expect.fail(`${where(b)}: not compiled (see the typecheck test)`);
        const run = await runNode(out, project);
        if (run.code !== 0) expect.fail(`${where(b)}: the block exited with ${run.code}:\n${tail(docLines(run.output))}`);
      });
    });
  });
});

/** Stack frames name the block's temporary file (through its source map): name the page and line instead. */
function docLines(output: string): string {
  return output.replace(/(?:file:\/\/)?[^\s(]*\/b(\d+)_[^\s():]*\.ts:(\d+)(?::\d+)?/g, (m, i: string, line: string) => {
    const b = blocks[Number(i)];
    return b ? where(b, Number(line) - 1) : m;
  });
}

function runNode(file: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--enable-source-maps', file], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 200_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}
