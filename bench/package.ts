/**
 * What the package costs a user (issue #14's targets: importing the root
 * ≤ 0.1 s, a browser bundle of tensors + autodiff ≤ 30 kB gzip):
 * - import time and resident memory of each entry point, each in a fresh
 *   Node process (median of several), as ratios to a bare Node process;
 * - Vite production bundles of two browser scripts (test/package), minified
 *   and gzipped, as ratios to the core-only bundle.
 * Measures the built dist/ (`npm run build` first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BROWSER_SCRIPTS, REPO, bundleSize } from '../test/package/consumer.js';
import type { Bench, BenchRow } from './harness.js';

const RUNS = 7;
const ENTRIES: Array<[string, string]> = [
  ['learning-dynamics', 'dist/index.js'],
  ['learning-dynamics/core', 'dist/core.js'],
  ['learning-dynamics/experiments', 'dist/experiments/index.js'],
  ['learning-dynamics/viz', 'dist/viz/index.js'],
  ['learning-dynamics/cli', 'dist/cli/index.js'],
];

/** Milliseconds to import `file` (0 for none) and the RSS afterwards, in a fresh process; medians of RUNS. */
function importCost(file: string | null): { ms: number; rssMb: number } {
  const script = file
    ? `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const ms = performance.now() - t;`
    : 'const ms = 0;';
  const samples: Array<{ ms: number; rssMb: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `${script} console.log(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 2 ** 20 }));`], { encoding: 'utf8' });
    samples.push(JSON.parse(out) as { ms: number; rssMb: number });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(samples.map((s) => s.ms)), rssMb: median(samples.map((s) => s.rssMb)) };
}

/** Wall time of a bare `node -e 0`, the reference for import times (median of RUNS). */
function nodeStartupMs(): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

export const benches: Bench[] = [
  {
    name: 'package',
    description: 'import time and RSS of each entry point (fresh processes), Vite bundle sizes of browser scripts',
    async run(): Promise<BenchRow[]> {
      // A dist/ from before the browser build (dist/browser, the bundlers' condition) is as stale as none.
      if (!existsSync(join(REPO, 'dist', 'index.js')) || !existsSync(join(REPO, 'dist', 'browser', 'core.js'))) throw new Error('bench package: dist/ is missing or stale; run npm run build first');
      const rows: BenchRow[] = [];
      const startup = nodeStartupMs();
      const bare = importCost(null);
      rows.push({ bench: 'package', case: 'node startup (reference)', value: startup, unit: 'ms', ratio: 1 });
      rows.push({ bench: 'package', case: 'bare node RSS (reference)', value: bare.rssMb, unit: 'MiB', ratio: 1 });
      for (const [name, file] of ENTRIES) {
        const cost = importCost(join(REPO, file));
        rows.push({ bench: 'package', case: `import ${name}`, value: cost.ms, unit: 'ms', ratio: cost.ms / startup, note: name === 'learning-dynamics' ? 'target ≤ 100 ms' : undefined });
        rows.push({ bench: 'package', case: `RSS after import ${name}`, value: cost.rssMb, unit: 'MiB', ratio: cost.rssMb / bare.rssMb });
      }
      const work = mkdtempSync(join(tmpdir(), 'ldyn-bench-package-'));
      try {
        mkdirSync(join(work, 'node_modules'));
        symlinkSync(REPO, join(work, 'node_modules', 'learning-dynamics'), 'dir');
        const sizes: Record<string, { bytes: number; gzip: number }> = {};
        for (const [name, source] of Object.entries(BROWSER_SCRIPTS)) {
          writeFileSync(join(work, `${name}.js`), source);
          sizes[name] = await bundleSize(work, join(work, `${name}.js`), join(work, `out-${name}`));
        }
        const core = sizes.core!;
        for (const [name, size] of Object.entries(sizes)) {
          rows.push({ bench: 'package', case: `bundle ${name} (min)`, value: size.bytes / 1000, unit: 'kB', ratio: size.bytes / core.bytes });
          rows.push({ bench: 'package', case: `bundle ${name} (min+gzip)`, value: size.gzip / 1000, unit: 'kB', ratio: size.gzip / core.gzip, note: name === 'core' ? 'target ≤ 30 kB' : undefined });
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      return rows;
    },
  },
];
