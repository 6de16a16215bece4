/**
 * Both cores in the explorer: when the page is cross-origin isolated (the
 * explorer's servers send COOP/COEP, so SharedArrayBuffer and shared
 * WebAssembly memory exist), this worker starts a helper Web Worker
 * (web/matmulHelper.ts) and installs the library's two-thread matmul hook,
 * the same protocol as in Node (src/tensor/wasm/parallelGemm.ts): products
 * of at least PARALLEL_MIN_WORK multiply-adds are shared, bit-identical to
 * one thread. Otherwise everything stays on this worker's thread.
 */
import {
  NDArray, PARALLEL_MIN_WORK, Rng, createGemmShared, createSharedGemmMemory, gemmHelperReady, matmulKernel, parallelGemmCaller,
  setParallelGemm, wasmGemmAvailable, type ParallelGemmStats,
} from '../../src/tensor/index.js';

/** How long the helper may take to start before the explorer stays on one thread. */
const START_TIMEOUT_MS = 10_000;

interface Installed {
  caller: ReturnType<typeof parallelGemmCaller>;
}

let installing: Promise<Installed | null> | null = null;

async function install(): Promise<Installed | null> {
  if (!(globalThis.crossOriginIsolated === true) || !wasmGemmAvailable()) return null;
  const memory = createSharedGemmMemory();
  if (memory === null) return null;
  const shared = createGemmShared(memory);
  const helper = new Worker(new URL('../matmulHelper.ts', import.meta.url), { type: 'module' });
  helper.postMessage(shared);
  const started = await new Promise<boolean>((resolve) => {
    const t0 = performance.now();
    helper.onerror = () => resolve(false);
    const poll = (): void => {
      if (gemmHelperReady(shared)) resolve(true);
      else if (performance.now() - t0 > START_TIMEOUT_MS) resolve(false);
      else setTimeout(poll, 5);
    };
    poll();
  });
  if (!started) {
    helper.terminate();
    return null;
  }
  const caller = parallelGemmCaller(shared);
  setParallelGemm(caller, PARALLEL_MIN_WORK);
  return { caller };
}

/** Start the helper and install the hook once (resolves to whether products can be shared). */
export function installWorkerParallelMatmul(): Promise<boolean> {
  installing ??= install().catch(() => null);
  return installing.then((i) => i !== null);
}

export interface MatmulParity {
  crossOriginIsolated: boolean;
  /** Whether the two-thread hook is installed in this worker. */
  parallel: boolean;
  /** Every product equal to the one-thread product bit for bit. */
  equal: boolean;
  /** Products shared and chunks the helper computed while checking. */
  stats: ParallelGemmStats;
}

/**
 * Compute a few products (odd shapes, a transposed operand) on one thread and on two, and compare them bit for
 * bit; repeated until the helper has computed some chunks (bounded), so that its rows are among those compared.
 */
async function matmulParity({ seed }: { seed: number }): Promise<MatmulParity> {
  const parallel = await installWorkerParallelMatmul();
  const installed = parallel ? await installing : null;
  const rng = new Rng(seed);
  const random = (r: number, c: number) => new NDArray(rng.fillNormal(new Float64Array(r * c)), [r, c]);
  const cases: [NDArray, NDArray][] = [[random(131, 77), random(77, 95)], [random(300, 257), random(301, 257).swapAxes(0, 1)], [random(256, 256), random(256, 256)]];
  setParallelGemm(null);
  const single = cases.map(([a, b]) => matmulKernel(a, b).toFlat());
  const before = installed ? { ...installed.caller.stats } : { products: 0, chunks: 0, helperChunks: 0 };
  let equal = true;
  if (installed) {
    setParallelGemm(installed.caller, 0);
    for (let round = 0; round < 200 && (round < 2 || installed.caller.stats.helperChunks === before.helperChunks); round++) {
      cases.forEach(([a, b], i) => {
        const two = matmulKernel(a, b).toFlat();
        equal &&= two.every((v, j) => Object.is(v, single[i]![j]));
      });
    }
    setParallelGemm(installed.caller, PARALLEL_MIN_WORK);
  }
  const after = installed?.caller.stats ?? before;
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    parallel,
    equal,
    stats: { products: after.products - before.products, chunks: after.chunks - before.chunks, helperChunks: after.helperChunks - before.helperChunks },
  };
}

export const parallelMatmulHandlers = { matmulParity };
