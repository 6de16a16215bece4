/**
 * Joining and indexing kernels: concatenate, gather / scatter-add along an
 * axis (PyTorch's `gather` semantics: out[…, i, …] = x[…, index[…, i, …], …]),
 * index selection, and writing a sliced view back into a zero array (the
 * adjoint of slicing).
 */
import { allocFloat64 } from './alloc.js';
import { NDArray, forEachIndex, type SliceSpec } from './ndarray.js';
import { formatShape, normalizeAxis, sizeOf } from './shape.js';

export function concatenate(arrays: readonly NDArray[], axis: number): NDArray {
  if (arrays.length === 0) throw new Error('concat: needs at least one tensor');
  const first = arrays[0]!;
  const ax = normalizeAxis(axis, first.ndim, 'concat');
  for (const [k, a] of arrays.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new Error(
        `concat: tensor ${k} has shape ${formatShape(a.shape)}, incompatible with ${formatShape(first.shape)} along axis ${axis} ` +
          '(all axes but the concatenation axis must match)',
      );
    }
  }
  const shape = [...first.shape];
  shape[ax] = arrays.reduce((s, a) => s + a.shape[ax]!, 0);
  const out = allocFloat64(sizeOf(shape));
  const outer = sizeOf(shape.slice(0, ax));
  const innerOut = sizeOf(shape.slice(ax));
  let colOffset = 0;
  for (const a of arrays) {
    const flat = a.values();
    const inner = sizeOf(a.shape.slice(ax));
    for (let o = 0; o < outer; o++) out.set(flat.subarray(o * inner, (o + 1) * inner), o * innerOut + colOffset);
    colOffset += inner;
  }
  return new NDArray(out, shape);
}

function checkIndex(v: number, n: number, op: string, axis: number): number {
  if (!Number.isInteger(v) || v < -n || v >= n) {
    throw new Error(`${op}: index ${v} is out of range for axis ${axis} of size ${n}`);
  }
  return v < 0 ? v + n : v;
}

/** torch.gather: index has the same ndim as x; out has index's shape. */
export function gather(x: NDArray, axis: number, index: NDArray): NDArray {
  const ax = normalizeAxis(axis, x.ndim, 'gather');
  if (index.ndim !== x.ndim) {
    throw new Error(`gather: index must have the same number of axes as the input: ${formatShape(index.shape)} vs ${formatShape(x.shape)}`);
  }
  for (let d = 0; d < x.ndim; d++) {
    if (d !== ax && index.shape[d]! > x.shape[d]!) {
      throw new Error(`gather: index shape ${formatShape(index.shape)} exceeds input shape ${formatShape(x.shape)} on axis ${d}`);
    }
  }
  const out = allocFloat64(index.size);
  const idx = index.values();
  const coord = new Array<number>(x.ndim).fill(0);
  for (let k = 0; k < index.size; k++) {
    let p = x.offset;
    for (let d = 0; d < x.ndim; d++) {
      const c = d === ax ? checkIndex(idx[k]!, x.shape[ax]!, 'gather', ax) : coord[d]!;
      p += c * x.strides[d]!;
    }
    out[k] = x.data[p]!;
    for (let d = x.ndim - 1; d >= 0; d--) {
      if (++coord[d]! < index.shape[d]!) break;
      coord[d] = 0;
    }
  }
  return new NDArray(out, index.shape);
}

/** Adjoint of gather: zeros of `shape`, then out[…, index[…,i,…], …] += src[…, i, …]. */
export function scatterAdd(shape: readonly number[], axis: number, index: NDArray, src: NDArray): NDArray {
  const ax = normalizeAxis(axis, shape.length, 'scatterAdd');
  const out = NDArray.zeros(shape);
  const idx = index.values();
  const s = src.values();
  const strides = out.strides;
  const coord = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < index.size; k++) {
    let p = 0;
    for (let d = 0; d < shape.length; d++) {
      const c = d === ax ? checkIndex(idx[k]!, shape[ax]!, 'scatterAdd', ax) : coord[d]!;
      p += c * strides[d]!;
    }
    out.data[p]! += s[k]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d]! < index.shape[d]!) break;
      coord[d] = 0;
    }
  }
  return out;
}

/** NumPy take along one axis with a 1-D list of indices (out keeps the axis, resized). */
export function indexSelect(x: NDArray, axis: number, indices: ArrayLike<number>): NDArray {
  const ax = normalizeAxis(axis, x.ndim, 'indexSelect');
  const n = x.shape[ax]!;
  const parts: NDArray[] = [];
  for (let i = 0; i < indices.length; i++) {
    const spec: SliceSpec[] = x.shape.map(() => null);
    const j = checkIndex(indices[i]!, n, 'indexSelect', ax);
    spec[ax] = [j, j + 1];
    parts.push(x.slice(spec));
  }
  if (parts.length === 0) {
    const shape = [...x.shape];
    shape[ax] = 0;
    return NDArray.zeros(shape);
  }
  return concatenate(parts, ax);
}

/** Adjoint of indexSelect: zeros of `shape`, rows added back at their indices. */
export function indexAdd(shape: readonly number[], axis: number, indices: ArrayLike<number>, src: NDArray): NDArray {
  const ax = normalizeAxis(axis, shape.length, 'indexAdd');
  const out = NDArray.zeros(shape);
  const s = src.contiguous();
  const outer = sizeOf(shape.slice(0, ax));
  const inner = sizeOf(shape.slice(ax + 1));
  const nOut = shape[ax]!;
  const nSrc = indices.length;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < nSrc; i++) {
      const j = checkIndex(indices[i]!, nOut, 'indexAdd', ax);
      const dst = (o * nOut + j) * inner;
      const from = s.offset + (o * nSrc + i) * inner;
      for (let t = 0; t < inner; t++) out.data[dst + t]! += s.data[from + t]!;
    }
  }
  return out;
}

/** Adjoint of slicing: a zero array of `shape` with `src` written into the sliced region. */
/**
 * The flat positions, in a contiguous array of `shape`, that the sliced view covers, in row-major order of the
 * view: `sliceAdjoint` writes the k-th element of its source to position k of this list (for a replay that writes
 * the same elements into a preallocated output, specialize.ts's 'write' call).
 */
export function sliceAdjointIndices(shape: readonly number[], specs: readonly SliceSpec[]): Int32Array {
  const view = new NDArray(new Float64Array(0), shape).slice(specs);
  const out = new Int32Array(view.size);
  forEachIndex(view, (dst, k) => {
    out[k] = dst;
  });
  return out;
}

/** The data positions of `a`'s elements in row-major order (those `a.values()` reads). */
export function elementPositions(a: NDArray): Int32Array {
  const out = new Int32Array(a.size);
  forEachIndex(a, (src, k) => {
    out[k] = src;
  });
  return out;
}

export function sliceAdjoint(shape: readonly number[], specs: readonly SliceSpec[], src: NDArray): NDArray {
  const out = NDArray.zeros(shape);
  const view = out.slice(specs);
  if (view.size !== src.size) {
    throw new Error(`sliceAdjoint: gradient of shape ${formatShape(src.shape)} does not fit slice of shape ${formatShape(view.shape)}`);
  }
  const s = src.values();
  forEachIndex(view, (dst, k) => {
    out.data[dst] = s[k]!;
  });
  return out;
}
