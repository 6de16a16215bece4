/**
 * Matrix multiplication with NumPy's `matmul` semantics:
 *  - 1-D × 1-D → scalar (inner product);
 *  - a 1-D first operand is treated as a row [1, K], a 1-D second operand as
 *    a column [K, 1], and that axis is removed from the result;
 *  - N-D operands are stacks of matrices in the last two axes, whose leading
 *    (batch) axes broadcast.
 *
 * Three kernels, chosen by size: tiny products read strided views directly;
 * large ones run the WebAssembly SIMD kernel (wasm/gemmKernel.ts); where
 * WebAssembly SIMD is missing, a cache-blocked JavaScript C += A·B on
 * row-major panels keeps a k-block of B (≈ 256 KiB) in L2 while 4 rows of C
 * accumulate rank-1 updates. All three sum over k in ascending order with
 * separate multiplies and adds, so they agree to the last bit.
 */
import { allocFloat64 } from './alloc.js';
import { NDArray } from './ndarray.js';
import { broadcastShapes, broadcastStrides, formatShape, sizeOf } from './shape.js';
import { gemmWasm, wasmGemmAvailable, type Panel } from './wasm/gemm.js';

const KB = 128;
const JB = 512;

/** C[cOff + i·N + j] += Σ_k A[aOff + i·K + k] · B[bOff + k·N + j] for row-major contiguous panels. */
export function gemm(
  A: Float64Array, aOff: number,
  B: Float64Array, bOff: number,
  C: Float64Array, cOff: number,
  M: number, K: number, N: number,
): void {
  for (let k0 = 0; k0 < K; k0 += KB) {
    const k1 = Math.min(K, k0 + KB);
    for (let j0 = 0; j0 < N; j0 += JB) {
      const j1 = Math.min(N, j0 + JB);
      let i = 0;
      for (; i + 4 <= M; i += 4) {
        const c0 = cOff + i * N;
        const c1 = c0 + N;
        const c2 = c1 + N;
        const c3 = c2 + N;
        const a0 = aOff + i * K;
        for (let k = k0; k < k1; k++) {
          const x0 = A[a0 + k]!;
          const x1 = A[a0 + K + k]!;
          const x2 = A[a0 + 2 * K + k]!;
          const x3 = A[a0 + 3 * K + k]!;
          const b = bOff + k * N;
          for (let j = j0; j < j1; j++) {
            const y = B[b + j]!;
            C[c0 + j] += x0 * y;
            C[c1 + j] += x1 * y;
            C[c2 + j] += x2 * y;
            C[c3 + j] += x3 * y;
          }
        }
      }
      for (; i < M; i++) {
        const c0 = cOff + i * N;
        const a0 = aOff + i * K;
        for (let k = k0; k < k1; k++) {
          const x0 = A[a0 + k]!;
          const b = bOff + k * N;
          for (let j = j0; j < j1; j++) C[c0 + j] += x0 * B[b + j]!;
        }
      }
    }
  }
}

/**
 * Small products straight from strided views (no packing copies): for tiny
 * matrices the copies would cost more than the arithmetic.
 * C[cOff + i·N + j] = Σ_k A[aOff + i·as0 + k·as1] · B[bOff + k·bs0 + j·bs1].
 */
export function gemmStrided(
  A: Float64Array, aOff: number, as0: number, as1: number,
  B: Float64Array, bOff: number, bs0: number, bs1: number,
  C: Float64Array, cOff: number,
  M: number, K: number, N: number,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = aOff + i * as0, pb = bOff + j * bs1; k < K; k++, pa += as1, pb += bs0) s += A[pa]! * B[pb]!;
      C[cOff + i * N + j] = s;
    }
  }
}

const SMALL = 4096;

/** The result shape of matmul(a, b) under NumPy rules, or an error naming both shapes. */
export function matmulShape(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0 || b.length === 0) {
    throw new Error(`matmul: operands must be at least 1-d, got shapes ${formatShape(a)} and ${formatShape(b)}`);
  }
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const K = a2[a2.length - 1]!;
  if (b2[b2.length - 2] !== K) {
    throw new Error(
      `matmul: shapes ${formatShape(a)} and ${formatShape(b)} are not aligned: ` +
        `${K} (last axis of the first) ≠ ${b2[b2.length - 2]} (${b.length === 1 ? 'only' : 'second-to-last'} axis of the second)`,
    );
  }
  const batch = broadcastShapes(a2.slice(0, -2), b2.slice(0, -2), 'matmul');
  const out = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]!);
  if (b.length > 1) out.push(b2[b2.length - 1]!);
  return out;
}

/** The common 2-D × 2-D case without the batch machinery (tiny products are dominated by overhead). */
function matmul2d(a: NDArray, b: NDArray): NDArray {
  const [M, K] = a.shape as [number, number];
  const [K2, N] = b.shape as [number, number];
  if (K !== K2) matmulShape(a.shape, b.shape); // throws the aligned-shapes error
  const out = allocFloat64(M * N);
  const work = M * K * N;
  if (work <= SMALL) {
    // Row-major operands need no strides array (the getter would allocate one).
    const [as0, as1] = a.isContiguous() ? [K, 1] : [a.strides[0]!, a.strides[1]!];
    const [bs0, bs1] = b.isContiguous() ? [N, 1] : [b.strides[0]!, b.strides[1]!];
    gemmStrided(a.data, a.offset, as0, as1, b.data, b.offset, bs0, bs1, out, 0, M, K, N);
  } else if (work >= WASM_MIN && wasmGemmAvailable()) {
    gemmLarge({ data: a.data, offset: a.offset, rs: a.strides[0]!, cs: a.strides[1]! }, { data: b.data, offset: b.offset, rs: b.strides[0]!, cs: b.strides[1]! }, out, 0, M, K, N);
  } else {
    const A = a.isContiguous() ? a : new NDArray(a.toFlat(), a.shape);
    const B = b.isContiguous() ? b : new NDArray(b.toFlat(), b.shape);
    gemm(A.data, A.offset, B.data, B.offset, out, 0, M, K, N);
  }
  return new NDArray(out, [M, N]);
}

// ---- a second thread for large products (installed in Node by src/cli/parallelMatmul.ts, in the explorer's
// worker by web/compute/parallelMatmul.ts; the protocol is wasm/parallelGemm.ts) ----
//
// The library stays isomorphic: it only offers a hook. A hook computes C = A·B for M·K·N ≥ its minimum work,
// splitting whole rows of C between threads that each run the single-thread WebAssembly kernel on their rows;
// since every row sums over k in the same ascending order, the result is bit-identical to one thread.

/** Computes out[outOff + i·N + j] = Σ_k A(i,k)·B(k,j) (M×K by K×N), returning false to decline (the caller then computes it). */
export type ParallelGemm = (a: Panel, b: Panel, out: Float64Array, outOff: number, M: number, K: number, N: number) => boolean;

let parallelGemm: ParallelGemm | null = null;
let parallelMinWork = Infinity;

/** Install (or, with null, remove) a parallel kernel for 2-D products of at least `minWork` = M·K·N multiply-adds. */
export function setParallelGemm(fn: ParallelGemm | null, minWork = 1 << 21): void {
  if (fn !== null && !(minWork >= 0)) throw new Error(`setParallelGemm: minWork must be a number ≥ 0 (Infinity: never), got ${minWork}`);
  parallelGemm = fn;
  parallelMinWork = fn === null ? Infinity : minWork;
}

/**
 * out[outOff + i·N + j] = Σ_k A(i,k)·B(k,j) by the WebAssembly kernel, shared with the second thread when the hook is
 * installed and M·K·N reaches its minimum work; false (nothing written) where WebAssembly SIMD is unavailable. The
 * eager products from WASM_MIN on and their compiled replays (specialize.ts) both run it.
 */
export function gemmLarge(a: Panel, b: Panel, out: Float64Array, outOff: number, M: number, K: number, N: number): boolean {
  if (M * K * N >= parallelMinWork && parallelGemm !== null && parallelGemm(a, b, out, outOff, M, K, N)) return true;
  return gemmWasm(a, b, out, outOff, M, K, N);
}

/** Product size (M·K·N) from which the WebAssembly SIMD kernel pays for its operand copies. */
const WASM_MIN = 32768;

export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 2 && b.ndim === 2) return matmul2d(a, b);
  const outShape = matmulShape(a.shape, b.shape);
  const a2 = a.ndim === 1 ? a.reshape([1, a.shape[0]!]) : a;
  const b2 = b.ndim === 1 ? b.reshape([b.shape[0]!, 1]) : b;
  const M = a2.shape[a2.ndim - 2]!;
  const K = a2.shape[a2.ndim - 1]!;
  const N = b2.shape[b2.ndim - 1]!;
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), 'matmul');
  const nBatch = sizeOf(batch);
  const out = allocFloat64(nBatch * M * N);
  if (out.length === 0 || K === 0) return new NDArray(out, outShape);
  const work = M * K * N;
  const kind = work <= SMALL ? 'strided' : work >= WASM_MIN && wasmGemmAvailable() ? 'wasm' : 'blocked';
  // The blocked JavaScript kernel needs row-major panels: pack strided views once.
  const A = kind === 'blocked' && !a2.isContiguous() ? new NDArray(a2.toFlat(), a2.shape) : a2;
  const B = kind === 'blocked' && !b2.isContiguous() ? new NDArray(b2.toFlat(), b2.shape) : b2;
  const [as0, as1] = [A.strides[A.ndim - 2]!, A.strides[A.ndim - 1]!];
  const [bs0, bs1] = [B.strides[B.ndim - 2]!, B.strides[B.ndim - 1]!];
  // Batch strides of each operand as broadcast to the batch shape (0 on broadcast axes).
  const aBatch = broadcastStrides(A.shape.slice(0, -2), A.strides.slice(0, -2), batch);
  const bBatch = broadcastStrides(B.shape.slice(0, -2), B.strides.slice(0, -2), batch);
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < nBatch; t++) {
    let ao = A.offset;
    let bo = B.offset;
    for (let d = 0; d < batch.length; d++) {
      ao += idx[d]! * aBatch[d]!;
      bo += idx[d]! * bBatch[d]!;
    }
    const co = t * M * N;
    if (kind === 'strided') gemmStrided(A.data, ao, as0, as1, B.data, bo, bs0, bs1, out, co, M, K, N);
    else if (kind === 'wasm') gemmLarge({ data: A.data, offset: ao, rs: as0, cs: as1 }, { data: B.data, offset: bo, rs: bs0, cs: bs1 }, out, co, M, K, N);
    else gemm(A.data, ao, B.data, bo, out, co, M, K, N);
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++idx[d]! < batch[d]!) break;
      idx[d] = 0;
    }
  }
  return new NDArray(out, outShape);
}
