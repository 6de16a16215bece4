/**
 * Rebundle the tsc output in dist/ as code-split ESM: every entry point of package.json `exports` (and the CLI's
 * bin, workers and path-loaded modules) becomes one file over shared chunks. Node's ESM loader pays per module, and
 * the root import is ~150 small modules; split into chunks it loads a handful, 3–4× faster (BENCHMARKS.md).
 * Bundlers instead get tsc's module-per-file output, copied to dist/browser/ and named by the `browser` condition of
 * `exports`: a chunk's namespace objects (`nn`, `optim`, …) cannot be tree-shaken member by member, the original
 * `export * as nn` modules can. Node never reads `browser` and bundlers for the browser read it first, so one
 * program sees one copy.
 * Chunks are shared by all entry points, so a registry (optimizers, experiments) stays a single instance whichever
 * entries a process imports. The chunks sit in dist/cli/ because the CLI's code resolves files relative to its own
 * module (`new URL('./sweepWorker.js', import.meta.url)`, '../../web/dist'); the library's code does not. The
 * .d.ts files stay as tsc wrote them. Run after `tsc -p tsconfig.build.json`.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { import?: string }> };
/** The CLI's modules that are started or imported by path rather than by a static import. */
const PATH_LOADED = ['cli/main.js', 'cli/sweepWorker.js', 'cli/matmulWorker.js', 'cli/figures.js'];
const files = new Set(PATH_LOADED);
for (const target of Object.values(pkg.exports)) if (typeof target === 'object' && target.import !== undefined) files.add(target.import.replace(/^\.\/dist\//, ''));
const input = Object.fromEntries([...files].map((f) => [f.replace(/\.js$/, ''), join(dist, f)]));

const bundle = await rolldown({ input, external: (id: string) => !id.startsWith('.') && !id.startsWith('/'), platform: 'neutral', logLevel: 'warn' });
const out = join(root, 'dist.bundle');
rmSync(out, { recursive: true, force: true });
await bundle.write({ dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'cli/_[name]-[hash].js', sourcemap: false });
await bundle.close();

// Move every tsc-emitted .js to dist/browser/ (same tree) and put the bundle's files in its place (tsc's .d.ts stay).
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const browser = join(dist, 'browser');
rmSync(browser, { recursive: true, force: true });
for (const f of walk(dist)) {
  if (!f.endsWith('.js')) continue;
  // A previous build's chunks (no source file's name starts with '_'): not tsc's output.
  if (/[\\/]_[^\\/]*\.js$/.test(relative(dist, f))) {
    rmSync(f);
    continue;
  }
  const to = join(browser, relative(dist, f));
  mkdirSync(dirname(to), { recursive: true });
  renameSync(f, to);
}
for (const f of walk(out)) renameSync(f, join(dist, relative(out, f)));
rmSync(out, { recursive: true, force: true });
