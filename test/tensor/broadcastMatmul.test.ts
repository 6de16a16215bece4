import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NDArray, broadcastShapes, mapBinary, matmulKernel, matmulShape, sizeOf } from '../../src/tensor/index.js';

/** NumPy's broadcasting rule, written independently: right-align, sizes equal or 1. */
function numpyBroadcast(a: number[], b: number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 4 });
/** A pair of shapes that broadcast (each axis of b is either a's size, 1, or absent). */
const compatiblePair = shapeArb.chain((a) =>
  fc.tuple(fc.constant(a), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.integer({ min: 0, max: a.length })).map(([a, ones, drop]) => {
    const b = a.map((d, i) => (ones[i] ? 1 : d)).slice(drop);
    return [a, b] as const;
  }),
);

function iota(shape: number[], seed: number): NDArray {
  const d = new Float64Array(sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = ((i * 7919 + seed * 104729) % 1000) / 100 - 5;
  return new NDArray(d, shape);
}

describe('broadcasting', () => {
  it('result shapes follow NumPy, including the error cases', () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, (a, b) => {
        const expected = numpyBroadcast(a, b);
        if (expected === null) {
          expect(() => broadcastShapes(a, b, 'add')).toThrow(/add: shapes \[.*\] and \[.*\] cannot be broadcast/);
        } else {
          expect(broadcastShapes(a, b, 'add')).toEqual(expected);
          expect(broadcastShapes(b, a, 'add')).toEqual(expected);
        }
      }),
    );
  });

  it('elementwise values equal explicit index arithmetic for every compatible pair (both orders)', () => {
    fc.assert(
      fc.property(compatiblePair, ([a, b]) => {
        const A = iota([...a], 1);
        const B = iota([...b], 2);
        const out = mapBinary(B, A, (x, y) => x * 10 + y, 'test');
        const shape = numpyBroadcast([...b], [...a])!;
        expect(out.shape).toEqual(shape);
        // Reference: for each output multi-index, read each operand at its (clamped) index.
        const read = (X: NDArray, idx: number[]): number => {
          const off = idx.length - X.ndim;
          return X.get(X.shape.map((d, i) => (d === 1 ? 0 : idx[i + off]!)));
        };
        const total = sizeOf(shape);
        for (let k = 0; k < total; k++) {
          const idx: number[] = [];
          let r = k;
          for (let i = shape.length - 1; i >= 0; i--) {
            idx.unshift(r % shape[i]!);
            r = Math.floor(r / shape[i]!);
          }
          expect(out.values()[k]).toBe(read(B, idx) * 10 + read(A, idx));
        }
      }),
    );
  });

  it('names the op and both shapes when shapes do not broadcast', () => {
    expect(() => mapBinary(iota([2, 3], 0), iota([4], 0), (x, y) => x + y, 'mul')).toThrow('mul: shapes [2, 3] and [4] cannot be broadcast');
  });
});

/** Naive matmul of two 2-D row-major arrays. */
function naive(a: Float64Array, b: Float64Array, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a[i * K + k]! * b[k * N + j]!;
    c[i * N + j] = s;
  }
  return c;
}

describe('matmul (NumPy semantics)', () => {
  it('1-D and 2-D promotion rules and batch broadcasting give NumPy result shapes', () => {
    expect(matmulShape([3], [3])).toEqual([]);
    expect(matmulShape([3], [3, 4])).toEqual([4]);
    expect(matmulShape([2, 3], [3])).toEqual([2]);
    expect(matmulShape([5, 1, 2, 3], [4, 3, 6])).toEqual([5, 4, 2, 6]);
    expect(matmulShape([2, 3], [7, 3, 4])).toEqual([7, 2, 4]);
    expect(() => matmulShape([2, 3], [4, 5])).toThrow(/matmul: shapes \[2, 3\] and \[4, 5\] are not aligned/);
    expect(() => matmulShape([2, 2, 3], [3, 3, 4])).toThrow(/cannot be broadcast/);
    expect(() => matmulShape([], [3])).toThrow(/at least 1-d/);
  });

  it('batched products equal per-matrix naive products (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.constantFrom([] as number[], [2], [3, 1]), fc.constantFrom([] as number[], [1], [2, 3]),
        (M, K, N, ba, bb) => {
          // Make batch dims compatible: use NumPy's rule to decide, skip incompatible draws.
          const batch = numpyBroadcast(ba, bb);
          if (!batch) return;
          const A = iota([...ba, M, K], 3);
          const B = iota([...bb, K, N], 4);
          const C = matmulKernel(A, B);
          expect(C.shape).toEqual([...batch, M, N]);
          const nb = sizeOf(batch);
          for (let t = 0; t < nb; t++) {
            const idx: number[] = [];
            let r = t;
            for (let i = batch.length - 1; i >= 0; i--) {
              idx.unshift(r % batch[i]!);
              r = Math.floor(r / batch[i]!);
            }
            const pick = (X: NDArray, lead: number[]): Float64Array => {
              const off = idx.length - lead.length;
              const spec = lead.map((d, i) => (d === 1 ? 0 : idx[i + off]!));
              return X.slice(spec).toFlat();
            };
            const ref = naive(pick(A, ba), pick(B, bb), M, K, N);
            const got = C.values().subarray(t * M * N, (t + 1) * M * N);
            // Same summation order (k ascending) as the naive loop, so results agree to the last bit.
            for (let i = 0; i < ref.length; i++) expect(got[i]).toBe(ref[i]);
          }
        },
      ),
    );
  });

  it('large blocked products agree with the naive product to float64 rounding', () => {
    const M = 67, K = 300, N = 530; // crosses the k- and j-block boundaries
    const A = iota([M, K], 5);
    const B = iota([K, N], 6);
    const C = matmulKernel(A, B).values();
    const ref = naive(A.values(), B.values(), M, K, N);
    // |Σ error| ≤ K·ε·Σ|a||b| (Higham); values ≤ 5 in size so Σ|a||b| ≤ 25K.
    const bound = K * 2.2e-16 * 25 * K;
    for (let i = 0; i < ref.length; i++) expect(Math.abs(C[i]! - ref[i]!)).toBeLessThanOrEqual(bound);
  });

  it('transposed (strided) operands are packed correctly', () => {
    const A = iota([4, 3], 7);
    const B = iota([5, 4], 8);
    const C = matmulKernel(A.permute([1, 0]), B.permute([1, 0])); // [3,4]·[4,5]
    const ref = naive(A.permute([1, 0]).toFlat(), B.permute([1, 0]).toFlat(), 3, 4, 5);
    expect(Array.from(C.values())).toEqual(Array.from(ref));
  });
});

describe('the three matmul kernels agree to the last bit', () => {
  it('blocked JavaScript kernel, WebAssembly SIMD kernel (incl. strided and padded operands) and naive loop', async () => {
    const { gemm } = await import('../../src/tensor/index.js');
    const { gemmWasm, wasmGemmAvailable } = await import('../../src/tensor/wasm/gemm.js');
    expect(wasmGemmAvailable()).toBe(true); // Node 20 and Chromium both ship WebAssembly SIMD
    // N = 256: B is stored with padded rows (ldb = N + 4, see wasm/gemmKernel.ts).
    for (const [M, K, N] of [[5, 7, 3], [67, 300, 530], [130, 129, 257], [33, 150, 256]] as const) {
      const A = iota([M, K], 11);
      const B = iota([K, N], 12);
      const ref = naive(A.values(), B.values(), M, K, N);
      const js = new Float64Array(M * N);
      gemm(A.values(), 0, B.values(), 0, js, 0, M, K, N);
      const w = new Float64Array(M * N);
      gemmWasm({ data: A.data, offset: 0, rs: K, cs: 1 }, { data: B.data, offset: 0, rs: N, cs: 1 }, w, 0, M, K, N);
      // Transposed storage: read Aᵀᵀ from a [K, M] buffer with strides (1, M).
      const At = new NDArray(A.permute([1, 0]).toFlat(), [K, M]).permute([1, 0]);
      const wt = new Float64Array(M * N);
      gemmWasm({ data: At.data, offset: 0, rs: At.strides[0]!, cs: At.strides[1]! }, { data: B.data, offset: 0, rs: N, cs: 1 }, wt, 0, M, K, N);
      expect(Array.from(js)).toEqual(Array.from(ref));
      expect(Array.from(w)).toEqual(Array.from(ref));
      expect(Array.from(wt)).toEqual(Array.from(ref));
    }
  });
});
