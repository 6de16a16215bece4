/**
 * The two-thread protocol's caller side on its own: with no helper running
 * (one that never started, or never gets a core), the caller takes every
 * chunk itself and the product is still the one-thread product bit for bit —
 * it never waits for work it can do (src/tensor/wasm/parallelGemm.ts).
 */
import { describe, expect, it } from 'vitest';
import { NDArray, Rng, createGemmShared, createSharedGemmMemory, gemmWasm, parallelGemmCaller } from '../../src/tensor/index.js';

describe('parallel gemm protocol without a helper', () => {
  it('computes every chunk on the calling thread, equal bit for bit to the one-thread kernel, for padded and transposed operands', () => {
    const memory = createSharedGemmMemory();
    expect(memory, 'Node 20 has shared WebAssembly memory').not.toBeNull();
    const caller = parallelGemmCaller(createGemmShared(memory!));
    const rng = new Rng(11);
    for (const [m, k, n] of [[37, 50, 64], [130, 129, 257], [8, 3, 5]] as const) {
      const A = new NDArray(rng.fillNormal(new Float64Array(m * k)), [k, m]).swapAxes(0, 1); // transposed view of A
      const B = new NDArray(rng.fillNormal(new Float64Array(k * n)), [k, n]);
      const pa = { data: A.data, offset: A.offset, rs: A.strides[0]!, cs: A.strides[1]! };
      const pb = { data: B.data, offset: 0, rs: n, cs: 1 };
      const one = new Float64Array(m * n);
      gemmWasm(pa, pb, one, 0, m, k, n);
      const two = new Float64Array(m * n + 3);
      expect(caller(pa, pb, two, 3, m, k, n)).toBe(true);
      expect(Array.from(two.subarray(3)).every((v, i) => Object.is(v, one[i]))).toBe(true);
    }
    expect(caller.stats.products).toBe(3);
    expect(caller.stats.helperChunks).toBe(0);
  });
});
