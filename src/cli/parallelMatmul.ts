/**
 * Both cores for large products, in Node: a worker thread computes the lower
 * rows of C = A·B while this thread computes the upper rows, each with the
 * single-thread WebAssembly kernel. Every row of C sums over k in the same
 * ascending order whichever thread computes it, so the product is bit for bit
 * the one-thread product (test/cli/parallelMatmul.test.ts checks it).
 *
 * The library offers the hook (`setParallelGemm` in src/tensor/matmul.ts)
 * and stays isomorphic; this module installs it. The worker's rows of A and
 * all of B are copied into SharedArrayBuffers (O(MK + KN) next to the O(MKN)
 * product), the worker is woken through Atomics, and its rows of C are
 * copied back. Products below `minWork` multiply-adds stay on one thread:
 * waking the worker and the copies cost more than half the product there
 * (the crossover is measured by `npm run bench -- matmul-parallel`).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { gemmWasm, setParallelGemm, wasmGemmAvailable, type Panel, type ParallelGemm } from '../tensor/index.js';
import { CTRL, type Buffers } from './parallelMatmulProtocol.js';

/** Default crossover: 128³ multiply-adds (see BENCHMARKS.md, "Both cores"). */
const PARALLEL_MIN_WORK = 128 * 128 * 128;

let worker: Worker | null = null;
let installed: ParallelGemm | null = null;
let calls = 0;

/** Change the crossover of the installed hook (multiply-adds M·K·N from which the worker shares a product). */
export function setParallelMatmulMinWork(minWork: number): void {
  if (installed === null) throw new Error('setParallelMatmulMinWork: the parallel matmul is not installed (await installParallelMatmul() first)');
  setParallelGemm(installed, minWork);
}

/** How many products the worker has shared so far (for tests and benches). */
export function parallelMatmulCalls(): number {
  return calls;
}

/** The worker's entry script: import the compiled worker, or (running from source) register tsx's loader first. */
function workerEntry(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = JSON.stringify(new URL(fromSource ? './matmulWorker.ts' : './matmulWorker.js', import.meta.url).href);
  if (!fromSource) return `import(${file});`;
  const api = JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href);
  return `import(${api}).then((m) => { m.register(); return import(${file}); });`;
}

/** Copy an R×C strided panel into a contiguous row-major array. */
function packInto(dst: Float64Array, p: Panel, r0: number, R: number, C: number): void {
  for (let r = 0; r < R; r++) {
    const src = p.offset + (r0 + r) * p.rs;
    const o = r * C;
    if (p.cs === 1) dst.set(p.data.subarray(src, src + C), o);
    else for (let c = 0; c < C; c++) dst[o + c] = p.data[src + c * p.cs]!;
  }
}

/**
 * Start the worker and install the hook; resolves once the worker is ready (false, with nothing installed, where
 * worker threads or WebAssembly SIMD are unavailable). Idempotent.
 */
export async function installParallelMatmul({ minWork = PARALLEL_MIN_WORK }: { minWork?: number } = {}): Promise<boolean> {
  if (worker !== null) {
    setParallelMatmulMinWork(minWork);
    return true;
  }
  if (!wasmGemmAvailable()) return false;
  const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.length * 4));
  const { port1, port2 } = new MessageChannel();
  let w: Worker;
  try {
    w = new Worker(workerEntry(), { eval: true, workerData: { ctrl: ctrl.buffer, port: port2 }, transferList: [port2] });
  } catch {
    return false;
  }
  const started = await new Promise<boolean>((resolve) => {
    w.once('error', () => resolve(false));
    const poll = (): void => {
      if (Atomics.load(ctrl, CTRL.ready) === 1) resolve(true);
      else setTimeout(poll, 5);
    };
    poll();
  });
  if (!started) {
    void w.terminate();
    return false;
  }
  w.unref();
  port1.unref();
  worker = w;
  let buffers: Buffers | null = null;
  let generation = 0;
  let job = 0;
  installed = (a, b, out, M, K, N) => {
    const top = M >> 1; // this thread: rows [0, top); the worker: rows [top, M)
    const rows = M - top;
    if (buffers === null || buffers.a.length < rows * K || buffers.b.length < K * N || buffers.c.length < rows * N) {
      const grow = (n: number, have = 0) => new Float64Array(new SharedArrayBuffer(Math.max(n, have) * 8));
      buffers = { a: grow(rows * K, buffers?.a.length), b: grow(K * N, buffers?.b.length), c: grow(rows * N, buffers?.c.length) };
      generation++;
      port1.postMessage({ generation, buffers });
      Atomics.store(ctrl, CTRL.generation, generation);
    }
    packInto(buffers.a, a, top, rows, K);
    packInto(buffers.b, b, 0, K, N);
    ctrl[CTRL.rows] = rows;
    ctrl[CTRL.k] = K;
    ctrl[CTRL.n] = N;
    job++;
    Atomics.store(ctrl, CTRL.job, job);
    Atomics.notify(ctrl, CTRL.job);
    gemmWasm(a, b, out, 0, top, K, N);
    while (Atomics.load(ctrl, CTRL.done) !== job) Atomics.wait(ctrl, CTRL.done, job - 1, 50);
    out.set(buffers.c.subarray(0, rows * N), top * N);
    calls++;
    return true;
  };
  setParallelGemm(installed, minWork);
  return true;
}

/** Remove the hook and stop the worker. */
export async function uninstallParallelMatmul(): Promise<void> {
  setParallelGemm(null);
  installed = null;
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
