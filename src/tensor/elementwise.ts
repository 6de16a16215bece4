/**
 * Elementwise kernels with NumPy broadcasting. Inputs may be strided views;
 * outputs are fresh contiguous arrays. The driver walks all axes but the last
 * and hands each innermost row (with its strides, 0 on broadcast axes) to a
 * tight loop, so broadcasting costs nothing extra per element.
 */
import { allocFloat64 } from './alloc.js';
import { binaryRun, unaryRun, type BinaryCode, type BinaryFn, type UnaryCode, type UnaryFn } from './pointwise.js';
import { NDArray } from './ndarray.js';
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf, type Shape } from './shape.js';

export type { UnaryFn, BinaryFn } from './pointwise.js';

/**
 * Call `row(offsets, n)` for every innermost row of `shape`, where
 * offsets[k] is the buffer offset of operand k for that row.
 */
function forEachRow(shape: Shape, strides: number[][], offsets: number[], row: (offs: number[], n: number, outStart: number) => void): void {
  const nd = shape.length;
  const size = sizeOf(shape);
  if (size === 0) return;
  if (nd === 0) {
    row(offsets, 1, 0);
    return;
  }
  const n = shape[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  const offs = [...offsets];
  for (let start = 0; start < size; start += n) {
    row(offs, n, start);
    let ax = nd - 2;
    while (ax >= 0) {
      idx[ax]!++;
      for (let k = 0; k < offs.length; k++) offs[k]! += strides[k]![ax]!;
      if (idx[ax]! < shape[ax]!) break;
      for (let k = 0; k < offs.length; k++) offs[k]! -= idx[ax]! * strides[k]![ax]!;
      idx[ax] = 0;
      ax--;
    }
  }
}

function lastStride(strides: readonly number[]): number {
  return strides.length === 0 ? 0 : strides[strides.length - 1]!;
}

/** True when `b` broadcasts against `a` by repeating along a's leading axes only: b's shape is a's trailing shape (after dropping b's leading 1s). */
function isTrailingBroadcast(a: Shape, b: Shape): boolean {
  let lead = 0;
  while (lead < b.length && b[lead] === 1) lead++;
  const k = b.length - lead;
  if (k === 0 || k > a.length || b.length > a.length) return false;
  for (let i = 1; i <= k; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

/** out[i] = f(x[i]); `f` may be a code naming a built-in loop (see pointwise.ts). */
export function mapUnary(x: NDArray, f: UnaryCode | UnaryFn): NDArray {
  const out = allocFloat64(x.size);
  const xd = x.data;
  if (x.isContiguous()) {
    unaryRun(f, out, 0, xd, x.offset, 1, out.length);
    return new NDArray(out, x.shape);
  }
  const s = lastStride(x.strides);
  forEachRow(x.shape, [x.strides], [x.offset], (offs, n, start) => unaryRun(f, out, start, xd, offs[0]!, s, n));
  return new NDArray(out, x.shape);
}

/** out = f(a, b) with broadcasting; `f` may be a code naming a built-in loop; `op` names the operation in shape errors. */
export function mapBinary(a: NDArray, b: NDArray, f: BinaryCode | BinaryFn, op: string): NDArray {
  const ad = a.data;
  const bd = b.data;
  // Fast paths: same shape contiguous, one operand a single element, or b repeating along a's leading axes.
  if (a.isContiguous() && b.isContiguous()) {
    if (shapesEqual(a.shape, b.shape)) {
      const out = allocFloat64(a.size);
      binaryRun(f, out, 0, ad, a.offset, 1, bd, b.offset, 1, out.length);
      return new NDArray(out, a.shape);
    }
    if (b.size === 1 && a.ndim >= b.ndim) {
      const out = allocFloat64(a.size);
      binaryRun(f, out, 0, ad, a.offset, 1, bd, b.offset, 0, out.length);
      return new NDArray(out, a.shape);
    }
    if (a.size === 1 && b.ndim >= a.ndim) {
      const out = allocFloat64(b.size);
      binaryRun(f, out, 0, ad, a.offset, 0, bd, b.offset, 1, out.length);
      return new NDArray(out, b.shape);
    }
    if (isTrailingBroadcast(a.shape, b.shape)) {
      // a[…, j] ∘ b[j] (e.g. adding a bias to every row): one run per row of b's size.
      const out = allocFloat64(a.size);
      const n = b.size;
      for (let start = 0; start < out.length; start += n) binaryRun(f, out, start, ad, a.offset + start, 1, bd, b.offset, 1, n);
      return new NDArray(out, a.shape);
    }
  }
  const shape = broadcastShapes(a.shape, b.shape, op);
  const sa = broadcastStrides(a.shape, a.strides, shape);
  const sb = broadcastStrides(b.shape, b.strides, shape);
  const out = allocFloat64(sizeOf(shape));
  const la = lastStride(sa);
  const lb = lastStride(sb);
  forEachRow(shape, [sa, sb], [a.offset, b.offset], (offs, n, start) => binaryRun(f, out, start, ad, offs[0]!, la, bd, offs[1]!, lb, n));
  return new NDArray(out, shape);
}

/** out = cond ≠ 0 ? a : b, broadcasting all three (NumPy where). */
export function whereKernel(cond: NDArray, a: NDArray, b: NDArray): NDArray {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, 'where'), b.shape, 'where');
  const sc = broadcastStrides(cond.shape, cond.strides, shape);
  const sa = broadcastStrides(a.shape, a.strides, shape);
  const sb = broadcastStrides(b.shape, b.strides, shape);
  const out = allocFloat64(sizeOf(shape));
  const [lc, la, lb] = [lastStride(sc), lastStride(sa), lastStride(sb)];
  const cd = cond.data;
  const ad = a.data;
  const bd = b.data;
  forEachRow(shape, [sc, sa, sb], [cond.offset, a.offset, b.offset], (offs, n, start) => {
    let pc = offs[0]!;
    let pa = offs[1]!;
    let pb = offs[2]!;
    for (let j = 0; j < n; j++, pc += lc, pa += la, pb += lb) out[start + j] = cd[pc] !== 0 ? ad[pa]! : bd[pb]!;
  });
  return new NDArray(out, shape);
}

