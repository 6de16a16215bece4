/**
 * Trace-time specialization of kernel calls, for compiled functions
 * (src/autograd/compile.ts).
 *
 * An eager kernel call pays for generality on every call: it checks and
 * broadcasts shapes, picks a loop, allocates (and zero-fills) its result and
 * wraps it in an NDArray. A compiled function calls the same kernels on the
 * same arrays every time, so all of that can be decided once. `specialize`
 * takes a description of one kernel call made while tracing (its operands,
 * whose buffers, offsets and strides stay fixed across replays, and the
 * traced output) and returns a closure that only runs the arithmetic into
 * the output's buffer; or null where it has no specialized form (the caller
 * then replays the generic call).
 *
 * Why the results stay bit-identical: every closure evaluates, for each
 * output element, the same floating-point operations on the same operands in
 * the same order as the eager kernel — it calls the very same inner loops
 * (pointwise.ts's runs, matmul.ts's strided product) with the offsets and
 * strides the eager driver would compute, and a sum accumulates in the eager
 * order from the same +0 start. IEEE 754 makes each operation's result a
 * function of its operands alone, so equal operations give equal bits. A
 * product may be replayed by another of matmul.ts's kernels than the one
 * eager execution picks for its size (the fastest one for a kept output);
 * that is safe because all of them compute each entry as s = 0, s += a·b for
 * k ascending, with separate multiplies and adds (JavaScript and the
 * WebAssembly kernel never contract them into fused multiply-adds).
 *
 * Each specialized elementwise run or small product also says what it is
 * (`elementwise`, `product`), so that fuse.ts can merge a layer's chain of
 * them into one loop.
 */
import type { NDArray } from './ndarray.js';
import { gemm, gemmLarge, gemmStrided } from './matmul.js';
import { gemmWasm, wasmGemmAvailable, type Panel } from './wasm/gemm.js';
import {
  binaryRun, derivativeRun, unaryRun,
  type BinaryCode, type BinaryFn, type DerivativeCode, type DerivativeFn, type UnaryCode, type UnaryFn,
} from './pointwise.js';
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf } from './shape.js';

/** One kernel call, as recorded while tracing: the operands (NDArrays whose buffers replays rewrite in place). */
export type KernelCall =
  | { kind: 'unary'; x: NDArray; f: UnaryCode | UnaryFn }
  | { kind: 'binary'; a: NDArray; b: NDArray; f: BinaryCode | BinaryFn }
  | { kind: 'matmul'; a: NDArray; b: NDArray }
  /** reduce(x, 'sum', axes, keepdims): the output layout does not depend on keepdims. */
  | { kind: 'sum'; x: NDArray; axes: readonly number[] }
  /** out = g·f′(x, y) over contiguous x, y (derivativeRun); g contiguous (sg 1) or one broadcast value (sg 0). */
  | { kind: 'derivative'; d: DerivativeCode | DerivativeFn; g: NDArray; sg: 0 | 1; x: NDArray; y: NDArray }
  /** An op's own loop that writes every element of its contiguous result (`write(out)`), reading `reads`. */
  | { kind: 'write'; reads: readonly NDArray[]; write: (out: Float64Array) => void };

/** A specialized replay: `run` writes the traced output; the rest lets later passes reason about it. */
export interface Specialized {
  run: () => void;
  /** What it computes, for profiling a trace (e.g. 'matmul 64×16×16'). */
  label?: string;
  /** Present when the call is an elementwise run over `n` contiguous output elements (fusable). */
  elementwise?: Elementwise;
  /** Present for a small product C = A·B replayed by a strided loop into C (fusable with a bias and activation). */
  product?: Product;
  /** The array it writes whole, from index 0 (for fusing a step with the sum that reads its result). */
  out?: Float64Array;
  /** Present for a sum over the leading axes of a contiguous x from index 0: o[j] = Σ_i x[i·M + j]. */
  columnSum?: { x: Float64Array; R: number; M: number; out: Float64Array };
}

/** C[i·N + j] = Σ_k A[ao + i·as0 + k·as1]·B[bo + k·bs0 + j·bs1], C contiguous from 0. */
export interface Product {
  ad: Float64Array; ao: number; as0: number; as1: number;
  bd: Float64Array; bo: number; bs0: number; bs1: number;
  out: Float64Array; M: number; K: number; N: number;
}

/**
 * A specialized elementwise run into n contiguous output elements, in rows of m: a binary op reads a contiguously
 * and b at bo + r·bRow + j·bCol for element j of row r (so b is either of a's shape, one value, or a trailing
 * broadcast such as a bias); a unary op reads its x contiguously.
 */
export interface Elementwise {
  call: KernelCall & { kind: 'unary' | 'binary' };
  out: Float64Array;
  n: number;
  m: number;
  bRow: number;
  bCol: number;
}

/** The arrays a call reads (for dead-code elimination over a trace). */
export function callReads(call: KernelCall): readonly NDArray[] {
  switch (call.kind) {
    case 'unary': case 'sum': return [call.x];
    case 'binary': case 'matmul': return [call.a, call.b];
    case 'derivative': return [call.g, call.x, call.y];
    case 'write': return call.reads;
  }
}

/**
 * M·K·N from which a product replays as the eager dispatch runs it (`gemmLarge`: WebAssembly, two threads when
 * installed), straight into the traced output — the allocation tape would zero it first, for nothing.
 */
const MATMUL_EAGER_MIN = 32768;
/** M·K·N up to which the strided dot-product loop is used (matmul.ts's SMALL): beyond, the blocked kernel. */
const MATMUL_STRIDED_MAX = 4096;
/** M·K·N from which the WebAssembly kernel replays a product (both sides at least 8: it pads them to 4). */
const MATMUL_WASM_MIN = 8192;

/**
 * A closure replaying `call` into `out` (the traced result: contiguous, its own buffer), or null when the call
 * has no specialized form here.
 */
export function specialize(call: KernelCall, out: NDArray): Specialized | null {
  const s = specializeCall(call, out);
  if (s !== null) s.label = call.kind === 'matmul' ? `matmul ${call.a.shape.join('×')}·${call.b.shape.join('×')}` : `${call.kind} ${out.shape.join('×')}`;
  return s;
}

function specializeCall(call: KernelCall, out: NDArray): Specialized | null {
  if (!out.isContiguous()) return null;
  const o = out.data;
  const oo = out.offset;
  const n = out.size;
  switch (call.kind) {
    case 'unary': return unary(call, o, oo, n);
    case 'binary': return binary(call, o, oo, n, out.shape);
    case 'matmul': return matmul(call.a, call.b, o, oo, out);
    case 'sum': return sum(call.x, call.axes, o, oo, n);
    case 'derivative': {
      const { d, g, sg, x, y } = call;
      if (oo !== 0 || !x.isContiguous() || !y.isContiguous() || x.size !== n || y.size !== n) return null;
      const gd = g.data, go = g.offset, xd = x.data, xo = x.offset, yd = y.data, yo = y.offset;
      return { run: () => derivativeRun(d, o, gd, go, sg, xd, xo, yd, yo, n), out: o };
    }
    case 'write': {
      if (oo !== 0 || o.length !== n) return null;
      const write = call.write;
      return { run: () => write(o) };
    }
  }
}

function unary(call: KernelCall & { kind: 'unary' }, o: Float64Array, oo: number, n: number): Specialized | null {
  const { x, f } = call;
  const xd = x.data;
  if (x.size !== n) return null;
  if (x.isContiguous()) {
    const xo = x.offset;
    const run = () => unaryRun(f, o, oo, xd, xo, 1, n);
    return oo === 0 ? { run, elementwise: { call, out: o, n, m: n, bRow: 0, bCol: 0 } } : { run };
  }
  const c = coalesce(x.shape, [x.strides]);
  const rows = rowOffsets(c.shape, c.strides, [x.offset]);
  const s = lastStride(c.strides[0]!);
  const len = rows.len;
  const xs = rows.offs[0]!;
  return { run: () => { for (let r = 0, start = oo; r < xs.length; r++, start += len) unaryRun(f, o, start, xd, xs[r]!, s, len); } };
}

function binary(call: KernelCall & { kind: 'binary' }, o: Float64Array, oo: number, n: number, shape: readonly number[]): Specialized | null {
  const { a, b, f } = call;
  const ad = a.data, bd = b.data, ao = a.offset, bo = b.offset;
  if (a.isContiguous() && b.isContiguous()) {
    // The eager fast paths (elementwise.ts), with their strides fixed.
    const sa = a.size === n && shapesEqual(a.shape, shape) ? 1 : a.size === 1 ? 0 : -1;
    const sb = b.size === n && shapesEqual(b.shape, shape) ? 1 : b.size === 1 ? 0 : -1;
    if (sa >= 0 && sb >= 0) {
      const run = () => binaryRun(f, o, oo, ad, ao, sa, bd, bo, sb, n);
      return oo === 0 && sa === 1 ? { run, elementwise: { call, out: o, n, m: n, bRow: 0, bCol: sb } } : { run };
    }
    if (sa === 1 && b.size > 0 && n % b.size === 0 && isTrailing(shape, b.shape)) {
      // a[…, j] ∘ b[j]: one run per row of b's size.
      const m = b.size;
      const run = () => { for (let start = 0; start < n; start += m) binaryRun(f, o, oo + start, ad, ao + start, 1, bd, bo, 1, m); };
      return oo === 0 ? { run, elementwise: { call, out: o, n, m, bRow: 0, bCol: 1 } } : { run };
    }
  }
  // Any broadcast: the innermost rows' offsets, computed once.
  const full = broadcastShapes(a.shape, b.shape, 'compile');
  if (sizeOf(full) !== n) return null;
  const c = coalesce(full, [broadcastStrides(a.shape, a.strides, full), broadcastStrides(b.shape, b.strides, full)]);
  const [sa, sb] = c.strides as [number[], number[]];
  const rows = rowOffsets(c.shape, c.strides, [ao, bo]);
  const [as, bs] = rows.offs as [Int32Array, Int32Array];
  const la = lastStride(sa), lb = lastStride(sb), len = rows.len;
  return { run: () => { for (let r = 0, start = oo; r < as.length; r++, start += len) binaryRun(f, o, start, ad, as[r]!, la, bd, bs[r]!, lb, len); } };
}

function matmul(a: NDArray, b: NDArray, o: Float64Array, oo: number, out: NDArray): Specialized | null {
  if (a.ndim !== 2 || b.ndim !== 2) return null;
  const [M, K] = a.shape as [number, number];
  const N = b.shape[1]!;
  if (out.size !== M * N) return null;
  const [as0, as1] = a.strides as [number, number];
  const [bs0, bs1] = b.strides as [number, number];
  const ad = a.data, bd = b.data, ao = a.offset, bo = b.offset;
  if (M * K * N >= MATMUL_EAGER_MIN) {
    if (!wasmGemmAvailable()) return null;
    const pa: Panel = { data: ad, offset: ao, rs: as0, cs: as1 };
    const pb: Panel = { data: bd, offset: bo, rs: bs0, cs: bs1 };
    return { run: () => void gemmLarge(pa, pb, o, oo, M, K, N) };
  }
  if (K === 0) return { run: () => o.fill(0, oo, oo + M * N) };
  const product = oo === 0 ? { ad, ao, as0, as1, bd, bo, bs0, bs1, out: o, M, K, N } : undefined;
  if (K <= 4) return { run: shortDot(ad, ao, as0, as1, bd, bo, bs0, bs1, o, oo, M, K as 1 | 2 | 3 | 4, N), product };
  if (M * K * N <= MATMUL_STRIDED_MAX) return { run: () => gemmStrided(ad, ao, as0, as1, bd, bo, bs0, bs1, o, oo, M, K, N), product };
  if (M * K * N >= MATMUL_WASM_MIN && M >= 8 && N >= 8 && wasmGemmAvailable()) {
    // The WebAssembly kernel copies (and so packs) its operands itself and writes every entry of C. Eagerly it
    // starts at a larger size, where it also pays for fresh output memory; replayed into a kept output it is the
    // fastest of the three here (measured: 1.4–3× the blocked loop at 16·64·16 … 32³).
    const pa: Panel = { data: ad, offset: ao, rs: as0, cs: as1 };
    const pb: Panel = { data: bd, offset: bo, rs: bs0, cs: bs1 };
    return { run: () => void gemmWasm(pa, pb, o, oo, M, K, N) };
  }
  // The blocked kernel accumulates C += A·B into a zeroed C, reading row-major panels: a strided operand is packed
  // (copied, same values) into a buffer kept for the replay.
  const pa = a.isContiguous() ? null : new Float64Array(M * K);
  const pb = b.isContiguous() ? null : new Float64Array(K * N);
  return {
    run: () => {
      if (pa !== null) pack(ad, ao, as0, as1, pa, M, K);
      if (pb !== null) pack(bd, bo, bs0, bs1, pb, K, N);
      o.fill(0, oo, oo + M * N);
      gemm(pa ?? ad, pa ? 0 : ao, pb ?? bd, pb ? 0 : bo, o, oo, M, K, N);
    },
  };
}

/**
 * gemmStrided for an inner dimension K ≤ 4 (small networks: a layer of 2 inputs, a 1-unit output), with the k loop
 * written out. Each entry is still s = 0, then s += A(i,k)·B(k,j) for k ascending — gemmStrided's operations in its
 * order (the leading 0 + keeps a −0 product's sum at +0, as there).
 */
function shortDot(
  ad: Float64Array, ao: number, as0: number, as1: number,
  bd: Float64Array, bo: number, bs0: number, bs1: number,
  o: Float64Array, oo: number, M: number, K: 1 | 2 | 3 | 4, N: number,
): () => void {
  const a1 = as1, a2 = 2 * as1, a3 = 3 * as1, b1 = bs0, b2 = 2 * bs0, b3 = 3 * bs0;
  switch (K) {
    case 1: return () => {
      for (let i = 0, pa = ao, c = oo; i < M; i++, pa += as0) for (let j = 0, pb = bo; j < N; j++, pb += bs1, c++) o[c] = 0 + ad[pa]! * bd[pb]!;
    };
    case 2: return () => {
      for (let i = 0, pa = ao, c = oo; i < M; i++, pa += as0) {
        for (let j = 0, pb = bo; j < N; j++, pb += bs1, c++) { let s = 0 + ad[pa]! * bd[pb]!; s += ad[pa + a1]! * bd[pb + b1]!; o[c] = s; }
      }
    };
    case 3: return () => {
      for (let i = 0, pa = ao, c = oo; i < M; i++, pa += as0) {
        for (let j = 0, pb = bo; j < N; j++, pb += bs1, c++) {
          let s = 0 + ad[pa]! * bd[pb]!;
          s += ad[pa + a1]! * bd[pb + b1]!;
          s += ad[pa + a2]! * bd[pb + b2]!;
          o[c] = s;
        }
      }
    };
    case 4: return () => {
      for (let i = 0, pa = ao, c = oo; i < M; i++, pa += as0) {
        for (let j = 0, pb = bo; j < N; j++, pb += bs1, c++) {
          let s = 0 + ad[pa]! * bd[pb]!;
          s += ad[pa + a1]! * bd[pb + b1]!;
          s += ad[pa + a2]! * bd[pb + b2]!;
          s += ad[pa + a3]! * bd[pb + b3]!;
          o[c] = s;
        }
      }
    };
  }
}

/** dst (rows × cols, row-major) = the strided matrix at src[off + i·s0 + j·s1]. */
function pack(src: Float64Array, off: number, s0: number, s1: number, dst: Float64Array, rows: number, cols: number): void {
  for (let i = 0, q = 0; i < rows; i++) for (let j = 0, p = off + i * s0; j < cols; j++, p += s1, q++) dst[q] = src[p]!;
}

/** reduce.ts's two contiguous sum paths (everything, or leading axes), accumulating in its order from +0. */
function sum(x: NDArray, axes: readonly number[], o: Float64Array, oo: number, M: number): Specialized | null {
  if (!x.isContiguous() || axes.length === 0) return null;
  const sorted = [...axes].sort((p, q) => p - q);
  const leading = sorted.every((ax, i) => ax === i);
  const R = x.size / Math.max(M, 1);
  const d = x.data;
  const xo = x.offset;
  // (A sum of everything is the leading-axes sum with M = 1: the same additions from +0, in the same order.)
  const columnSum = xo === 0 && oo === 0 && (M === 1 || leading) ? { x: d, R, M, out: o } : undefined;
  if (M === 1) {
    return { run: () => { let acc = 0; for (let i = 0, p = xo; i < R; i++, p++) acc += d[p]!; o[oo] = acc; }, columnSum };
  }
  if (!leading) return null;
  return {
    run: () => {
      for (let j = 0; j < M; j++) o[oo + j] = 0;
      for (let i = 0, p = xo; i < R; i++) for (let j = 0; j < M; j++, p++) o[oo + j]! += d[p]!;
    },
    columnSum,
  };
}

function lastStride(strides: readonly number[]): number {
  return strides.length === 0 ? 0 : strides[strides.length - 1]!;
}

/** True when `b` (after dropping leading 1s) is the trailing part of `shape`. */
function isTrailing(shape: readonly number[], b: readonly number[]): boolean {
  let lead = 0;
  while (lead < b.length && b[lead] === 1) lead++;
  const k = b.length - lead;
  if (k === 0 || k > shape.length) return false;
  for (let i = 1; i <= k; i++) if (shape[shape.length - i] !== b[b.length - i]) return false;
  return true;
}

/**
 * The same walk over fewer axes: size-1 axes dropped, and axis i merged into axis i+1 wherever every operand (and
 * the contiguous output) steps over axis i exactly as over all of axis i+1 (stride_i = stride_{i+1}·n_{i+1}), so
 * a [64, 16] array times one broadcast value becomes one run of 1024. The elements and their order are unchanged.
 */
function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const keep = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  const sh = keep.map((i) => shape[i]!);
  const st = strides.map((s) => keep.map((i) => s[i]!));
  for (let i = sh.length - 2; i >= 0; i--) {
    if (!st.every((s) => s[i] === s[i + 1]! * sh[i + 1]!)) continue;
    sh[i + 1]! *= sh[i]!;
    sh.splice(i, 1);
    for (const s of st) s.splice(i, 1);
  }
  return { shape: sh, strides: st };
}

/** Each operand's buffer offset at the start of every innermost row of `shape` (row-major order), and the row length. */
function rowOffsets(shape: readonly number[], strides: readonly (readonly number[])[], start: readonly number[]): { offs: Int32Array[]; len: number } {
  const nd = shape.length;
  const len = nd === 0 ? 1 : shape[nd - 1]!;
  const rows = len === 0 ? 0 : sizeOf(shape) / len;
  const offs = strides.map(() => new Int32Array(rows));
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < strides.length; k++) {
      let p = start[k]!;
      for (let ax = 0; ax < nd - 1; ax++) p += idx[ax]! * strides[k]![ax]!;
      offs[k]![r] = p;
    }
    for (let ax = nd - 2; ax >= 0; ax--) {
      if (++idx[ax]! < shape[ax]!) break;
      idx[ax] = 0;
    }
  }
  return { offs, len };
}
