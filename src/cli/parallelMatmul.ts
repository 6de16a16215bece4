/**
 * Both cores for large products, in Node: a worker thread serves the helper's
 * side of the two-thread kernel (src/tensor/wasm/parallelGemm.ts) while the
 * calling thread copies the operands once into their shared WebAssembly
 * memory and both threads take chunks of C's rows; every row is computed
 * whole by the single-thread kernel, so the product is bit for bit the
 * one-thread product (test/cli/parallelMatmul.test.ts checks it).
 *
 * The library offers the hook (`setParallelGemm` in src/tensor/matmul.ts)
 * and stays isomorphic; this module installs it. Products below `minWork`
 * multiply-adds stay on one thread: there waking the helper and waiting for
 * its last chunk cost more than half the product (the crossover is measured
 * by `npm run bench -- matmul-parallel`, see BENCHMARKS.md "Both cores").
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  PARALLEL_MIN_WORK, createGemmShared, createSharedGemmMemory, gemmHelperReady, parallelGemmCaller, setParallelGemm, stopGemmHelper,
  wasmGemmAvailable, type GemmShared, type ParallelGemm, type ParallelGemmStats,
} from '../tensor/index.js';

export { PARALLEL_MIN_WORK };

let worker: Worker | null = null;
let shared: GemmShared | null = null;
let installed: ParallelGemm | null = null;
let stats: ParallelGemmStats | null = null;

/** Change the crossover of the installed hook (multiply-adds M·K·N from which the worker shares a product). */
export function setParallelMatmulMinWork(minWork: number): void {
  if (installed === null) throw new Error('setParallelMatmulMinWork: the parallel matmul is not installed (await installParallelMatmul() first)');
  setParallelGemm(installed, minWork);
}

/** How many products have been shared so far, and how many chunks the worker computed (for tests and benches). */
export function parallelMatmulStats(): ParallelGemmStats {
  return { products: stats?.products ?? 0, chunks: stats?.chunks ?? 0, helperChunks: stats?.helperChunks ?? 0 };
}

/** The worker's entry script: import the compiled worker, or (running from source) register tsx's loader first. */
function workerEntry(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = JSON.stringify(new URL(fromSource ? './matmulWorker.ts' : './matmulWorker.js', import.meta.url).href);
  if (!fromSource) return `import(${file});`;
  const api = JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href);
  return `import(${api}).then((m) => { m.register(); return import(${file}); });`;
}

/**
 * Start the worker and install the hook; resolves once the worker is ready (false, with nothing installed, where
 * worker threads or WebAssembly SIMD are unavailable). Idempotent.
 */
export async function installParallelMatmul({ minWork = PARALLEL_MIN_WORK }: { minWork?: number } = {}): Promise<boolean> {
  // Concurrent calls share one start (a second worker would be left running).
  starting ??= start().finally(() => (starting = null));
  if (!(await starting)) return false;
  setParallelMatmulMinWork(minWork);
  return true;
}

let starting: Promise<boolean> | null = null;

async function start(): Promise<boolean> {
  if (worker !== null) return true;
  if (!wasmGemmAvailable()) return false;
  const memory = createSharedGemmMemory();
  if (memory === null) return false;
  const sh = createGemmShared(memory);
  let w: Worker;
  try {
    w = new Worker(workerEntry(), { eval: true, workerData: sh });
  } catch {
    return false;
  }
  const started = await new Promise<boolean>((resolve) => {
    w.once('error', () => resolve(false));
    const poll = (): void => {
      if (gemmHelperReady(sh)) resolve(true);
      else setTimeout(poll, 5);
    };
    poll();
  });
  if (!started) {
    void w.terminate();
    return false;
  }
  w.unref();
  worker = w;
  shared = sh;
  const caller = parallelGemmCaller(sh);
  stats = caller.stats;
  installed = caller;
  return true;
}

/** Remove the hook and stop the worker. */
export async function uninstallParallelMatmul(): Promise<void> {
  setParallelGemm(null);
  installed = null;
  const w = worker;
  worker = null;
  if (shared !== null) stopGemmHelper(shared);
  shared = null;
  if (w) await w.terminate();
}
