/**
 * Both cores (issue 18, item 2): the two-thread matmul (src/cli/parallelMatmul.ts over the isomorphic protocol
 * src/tensor/wasm/parallelGemm.ts) against one thread by size — where the crossover lies — and at 1024² against
 * NumPy/OpenBLAS on the same two cores, in the same run.
 */
import { Rng, matmulKernel, NDArray } from '../src/tensor/index.js';
import type { Bench, BenchRow } from './harness.js';
import { timePaired } from './harness.js';
import { numpyReference } from './numpy.js';

const SIZES = [32, 48, 64, 96, 128, 160, 192, 256, 384, 512, 1024];

/** Speed-up at least this to count as a gain at the crossover (the paired medians' spread on a quiet machine is a few %). */
const GAIN = 1.05;

const matmulParallelBench: Bench = {
  name: 'matmul-parallel',
  description: 'n×n float64 matmul on two threads (shared WebAssembly memory) vs one thread, n = 32…1024; 1024² vs NumPy/OpenBLAS',
  async run(): Promise<BenchRow[]> {
    const { installParallelMatmul, parallelMatmulStats, setParallelMatmulMinWork, uninstallParallelMatmul, PARALLEL_MIN_WORK } = await import('../src/cli/parallelMatmul.js');
    const rows: BenchRow[] = [];
    if (!(await installParallelMatmul({ minWork: 0 }))) return [{ bench: 'matmul-parallel', case: 'worker threads or shared WebAssembly memory unavailable', value: 0, unit: '' }];
    const numpy = numpyReference(
      'import numpy as np, time\nn=1024\na=np.random.rand(n,n); b=np.random.rand(n,n); a@b\nk=0; t0=time.perf_counter()\nwhile time.perf_counter()-t0<2: a@b; k+=1\nprint(2*n**3*k/(time.perf_counter()-t0)/1e9)',
    );
    const rng = new Rng(4);
    const speedups: number[] = [];
    let one1024 = 0;
    let two1024 = 0;
    for (const n of SIZES) {
      const a = new NDArray(rng.fillNormal(new Float64Array(n * n)), [n, n]);
      const b = new NDArray(rng.fillNormal(new Float64Array(n * n)), [n, n]);
      const flops = 2 * n * n * n;
      const opts = { minSeconds: n >= 512 ? 3 : 0.8, rounds: n >= 512 ? 5 : 9, warmupSeconds: 0.3 };
      const s0 = parallelMatmulStats();
      const t = timePaired(
        () => { setParallelMatmulMinWork(0); matmulKernel(a, b); },
        () => { setParallelMatmulMinWork(Infinity); matmulKernel(a, b); },
        opts,
      );
      speedups.push(1 / t.ratio);
      if (n === 1024) [one1024, two1024] = [flops / t.b / 1e9, flops / t.a / 1e9];
      rows.push({ bench: 'matmul-parallel', case: `${n}² one thread (reference)`, value: flops / t.b / 1e9, unit: 'GFLOP/s' });
      const s1 = parallelMatmulStats();
      // The helper's share of the chunks: ≈ 0.5 when it keeps up; near 0 when it rarely gets a core.
      const share = (s1.helperChunks - s0.helperChunks) / Math.max(1, s1.chunks - s0.chunks);
      rows.push({ bench: 'matmul-parallel', case: `${n}² two threads`, value: flops / t.a / 1e9, unit: 'GFLOP/s', ratio: 1 / t.ratio, note: `speed-up (median of alternating rounds); helper computed ${(100 * share).toFixed(0)} % of the chunks` });
    }
    await uninstallParallelMatmul();
    if (numpy !== null) {
      rows.push({ bench: 'matmul-parallel', case: '1024² NumPy/OpenBLAS, 2 threads (reference)', value: numpy, unit: 'GFLOP/s' });
      rows.push({ bench: 'matmul-parallel', case: '1024² one thread vs NumPy', value: one1024, unit: 'GFLOP/s', ratio: one1024 / numpy });
      rows.push({ bench: 'matmul-parallel', case: '1024² two threads vs NumPy', value: two1024, unit: 'GFLOP/s', ratio: two1024 / numpy, note: 'target ≥ 0.2' });
    }
    // The crossover: the smallest n from which every larger size measured gains at least GAIN.
    let from = SIZES.length;
    while (from > 0 && speedups[from - 1]! >= GAIN) from--;
    const n = SIZES[from];
    rows.push({
      bench: 'matmul-parallel',
      case: 'crossover (smallest n gaining ≥ 5 % from there on)',
      value: n ?? Infinity,
      unit: 'n',
      note: `${n === undefined ? 'no size gained' : `n³ = ${n ** 3} multiply-adds`}; installed default ${PARALLEL_MIN_WORK} (${Math.round(Math.cbrt(PARALLEL_MIN_WORK))}³)`,
    });
    return rows;
  },
};

export const benches: Bench[] = [matmulParallelBench];
