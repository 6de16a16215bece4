/**
 * The second half of `npm run test:cluster` (scripts/test-cluster.sh starts
 * Slurm and munge first): run the `doc-test: cluster` blocks of
 * docs/sweeps.md as written, in order, in a fresh copy of the repository,
 * then compare the merged Slurm array and the merged GNU parallel shards with
 * the unsharded sweep, file by file and byte by byte. Prints the timings.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO, documentationBlocks, where } from '../test/docs/blocks.js';
import { copyRepo, isClusterBlock, runShellBlock, tail } from '../test/docs/shell.js';

/**
 * Files whose content records when and where a run happened, not what it
 * computed: config.json (date, machine), sweep.json (shards), and the
 * manifest ldyn-run.json (it holds config.json's SHA-256).
 */
const PROVENANCE = new Set(['config.json', 'sweep.json', 'ldyn-run.json']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

/** The differences between two sweep folders' results and cells: missing files and files whose bytes differ (provenance files aside). */
function compareSweeps(a: string, b: string): { compared: number; problems: string[] } {
  // What a sweep computed: its tables and its cells (a report written into the folder is not part of it).
  const computed = (f: string) => f === 'results.csv' || f === 'results.json' || f.startsWith('cells/');
  const rel = (root: string) => new Set(files(root).map((f) => relative(root, f)).filter(computed));
  const fa = rel(a);
  const fb = rel(b);
  const problems: string[] = [];
  let compared = 0;
  for (const f of new Set([...fa, ...fb])) {
    if (!fa.has(f) || !fb.has(f)) {
      problems.push(`${f}: only in ${fa.has(f) ? a : b}`);
      continue;
    }
    if (PROVENANCE.has(f.split('/').pop()!)) continue;
    compared++;
    if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) problems.push(`${f}: the bytes differ`);
  }
  return { compared, problems };
}

const blocks = documentationBlocks().filter((b) => b.file === 'docs/sweeps.md' && isClusterBlock(b));
if (blocks.length === 0) throw new Error('docs/sweeps.md has no `doc-test: cluster` blocks');
const dir = copyRepo('ldyn-cluster-docs-');
let failed = false;
try {
  for (const b of blocks) {
    const start = performance.now();
    const run = await runShellBlock(b, dir, 1_800_000);
    const seconds = (performance.now() - start) / 1000;
    console.log(`${where(b)}: ${run.ok ? 'ran' : 'FAILED'} in ${seconds.toFixed(1)} s`);
    if (!run.ok) {
      console.error(tail(run.output, 40));
      failed = true;
      break;
    }
  }
  if (!failed) {
    for (const merged of ['sweeps/slurm/all', 'sweeps/parallel/all']) {
      const { compared, problems } = compareSweeps(join(dir, merged), join(dir, 'sweeps/whole'));
      const cells = readdirSync(join(dir, merged, 'cells')).length;
      if (problems.length > 0) {
        failed = true;
        console.error(`${merged} differs from the unsharded sweep:\n  ${problems.join('\n  ')}`);
      } else {
        console.log(`${merged}: ${cells} cells, ${compared} files byte-identical to the unsharded sweep (config.json, sweep.json and the manifests ldyn-run.json record provenance and are not compared)`);
      }
    }
    const logs = readdirSync(join(dir, 'logs'));
    console.log(`Slurm task logs: ${logs.join(', ')}; ${statSync(join(dir, 'sweep.sbatch')).size} bytes of batch script`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.error(`test:cluster failed (repository ${REPO})`);
  process.exit(1);
}
console.log('test:cluster passed');
