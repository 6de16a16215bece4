/**
 * Shape and indexing ops. Views (reshape, permute, expand, slice) move no
 * data; each VJP is the adjoint linear map: reshape back, inverse
 * permutation, sum over broadcast axes, scatter into zeros.
 */
import {
  NDArray,
  concatenate,
  formatShape,
  gatherKernel,
  indexAdd,
  indexSelectKernel,
  matmulKernel,
  matmulShape,
  normalizeAxis,
  normalizePermutation,
  resolveReshape,
  scatterAdd,
  elementPositions,
  sliceAdjoint,
  sliceAdjointIndices,
  type KernelCall,
  type SliceSpec,
} from '../../tensor/index.js';
import { asTensor, record, sumToShape } from '../record.js';
import type { Tensor } from '../tensor.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = resolveReshape(x.shape, shape);
  const v = x.value;
  // A contiguous x is viewed; a strided one is copied, which is a kernel result a compiled function replays.
  if (v.isContiguous()) return record('reshape', v.reshape(target), [x], (g) => [g.reshape(x.shape)]);
  return record('reshape', () => x.value.reshape(target), [x], (g) => [g.reshape(x.shape)], () => ({ kind: 'unary', x: x.value, f: identity }));
}

function identity(v: number): number {
  return v;
}

export function permute(x: Tensor, axes: readonly number[]): Tensor {
  const perm = normalizePermutation(axes, x.ndim);
  const inverse = new Array<number>(perm.length);
  perm.forEach((a, i) => (inverse[a] = i));
  return record('permute', x.value.permute(perm), [x], (g) => [g.permute(inverse)]);
}

/** NumPy transpose: no axes reverses them (`.T`); otherwise a permutation. */
export function transpose(x: Tensor, axes?: readonly number[]): Tensor {
  return permute(x, axes ?? x.shape.map((_, i) => x.ndim - 1 - i));
}

/** Swap two axes (torch.transpose(dim0, dim1)): a view, and its own adjoint. */
export function swapAxes(x: Tensor, a: number, b: number): Tensor {
  const i = normalizeAxis(a, x.ndim, 'swapAxes');
  const j = normalizeAxis(b, x.ndim, 'swapAxes');
  return record('swapAxes', x.value.swapAxes(i, j), [x], (g) => [swapAxes(g, i, j)]);
}

/** Broadcast to `shape` (a view); the VJP sums over the broadcast axes. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const target = shape.map((d, i) => (d === -1 ? x.shape[i - (shape.length - x.ndim)]! : d));
  return record('expand', x.value.expand(target), [x], (g) => [sumToShape(g, x.shape)]);
}

export function unsqueeze(x: Tensor, axis: number): Tensor {
  const ax = normalizeAxis(axis, x.ndim + 1, 'unsqueeze');
  const shape = [...x.shape];
  shape.splice(ax, 0, 1);
  return reshape(x, shape);
}

export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const axes = (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis(a, x.ndim, 'squeeze'));
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${a} of shape ${formatShape(x.shape)} has size ${x.shape[a]}, not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis(startAxis, x.ndim, 'flatten');
  const e = normalizeAxis(endAxis, x.ndim, 'flatten');
  const mid = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)]);
}

/** A contiguous copy (identity VJP). */
export function contiguous(x: Tensor): Tensor {
  return record('contiguous', () => new NDArray(x.value.toFlat(), x.shape), [x], (g) => [g]);
}

/** Basic slicing (see SliceSpec); a view. The VJP writes the cotangent into zeros of the input's shape. */
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  return record('slice', x.value.slice(specs), [x], (g) => [sliceScatter(g, x.shape, specs)]);
}

/** Adjoint of slice: zeros of `shape` with `src` in the sliced region. Its own VJP is the slice. */
function sliceScatter(src: Tensor, shape: readonly number[], specs: readonly SliceSpec[]): Tensor {
  return record('sliceScatter', () => sliceAdjoint(shape, specs, src.value), [src], (g) => [slice(g, specs)], () => sliceScatterCall(src.value, shape, specs));
}

/**
 * sliceAdjoint's loop as a kernel call (for a compiled replay): zeros, then the k-th source element at the k-th
 * position the slice covers — the same stores, so the same bits. Its read set is the source alone, which lets
 * compile.ts see that the gradient of a flat θ (a sliceScatter per parameter) depends only on what its source does.
 */
function sliceScatterCall(src: NDArray, shape: readonly number[], specs: readonly SliceSpec[]): KernelCall {
  const dst = sliceAdjointIndices(shape, specs);
  const from = elementPositions(src);
  const sd = src.data;
  return {
    kind: 'write',
    reads: [src],
    write: (o) => {
      o.fill(0);
      for (let k = 0; k < dst.length; k++) o[dst[k]!] = sd[from[k]!]!;
    },
  };
}

export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('concat: needs at least one tensor');
  const ax = normalizeAxis(axis, tensors[0]!.ndim, 'concat');
  return record('concat', () => concatenate(tensors.map((t) => t.value), ax), tensors, (g) => {
    let start = 0;
    return tensors.map((t) => {
      const spec: SliceSpec[] = t.shape.map(() => null);
      spec[ax] = [start, start + t.shape[ax]!];
      start += t.shape[ax]!;
      return t.requiresGrad ? slice(g, spec) : null;
    });
  });
}

export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: needs at least one tensor');
  const first = tensors[0]!;
  for (const [k, t] of tensors.entries()) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new Error(`stack: tensor ${k} has shape ${formatShape(t.shape)}, but tensor 0 has ${formatShape(first.shape)}; all must match`);
    }
  }
  const ax = normalizeAxis(axis, first.ndim + 1, 'stack');
  return concat(tensors.map((t) => unsqueeze(t, ax)), ax);
}

function indexArray(index: Tensor | ArrayLike<number>, op: string): NDArray {
  if (typeof index === 'object' && index !== null && 'value' in index) return (index as Tensor).value;
  const arr = Float64Array.from(index as ArrayLike<number>);
  for (const v of arr) if (!Number.isInteger(v)) throw new Error(`${op}: indices must be integers, got ${v}`);
  return new NDArray(arr, [arr.length]);
}

/** torch.gather(x, axis, index): out[…i…] = x[… index[…i…] …] along `axis`. VJP: scatter-add. */
export function gather(x: Tensor, axis: number, index: Tensor | ArrayLike<number>): Tensor {
  return gatherIndex(x, normalizeAxis(axis, x.ndim, 'gather'), indexArray(index, 'gather'));
}

function gatherIndex(x: Tensor, axis: number, idx: NDArray): Tensor {
  return record('gather', () => gatherKernel(x.value, axis, idx), [x], (g) => [scatterAddOp(g, x.shape, axis, idx)]);
}

function scatterAddOp(src: Tensor, shape: readonly number[], axis: number, idx: NDArray): Tensor {
  return record('scatterAdd', () => scatterAdd(shape, axis, idx, src.value), [src], (g) => [gatherIndex(g, axis, idx)]);
}

/** Select entries along `axis` by a list of indices (numpy.take / torch.index_select). VJP: index-add. */
export function indexSelect(x: Tensor, axis: number, indices: ArrayLike<number> | Tensor): Tensor {
  const idx = indexArray(indices, 'indexSelect').values();
  const ax = normalizeAxis(axis, x.ndim, 'indexSelect');
  return record('indexSelect', () => indexSelectKernel(x.value, ax, idx), [x], (g) => [indexAddOp(g, x.shape, ax, idx)]);
}

function indexAddOp(src: Tensor, shape: readonly number[], axis: number, idx: Float64Array): Tensor {
  return record('indexAdd', () => indexAdd(shape, axis, idx, src.value), [src], (g) => [indexSelect(g, axis, idx)]);
}

/**
 * matmul with NumPy semantics. The core handles stacks of matrices
 * (both ≥ 2-d): ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G, each summed over broadcast
 * batch axes. 1-d operands are promoted to a row / column and demoted after.
 */
export function matmul(a: Tensor, b: Tensor | number): Tensor {
  const tb = asTensor(b);
  if (a.ndim === 2 && tb.ndim === 2) return batchedMatmul(a, tb); // the kernel checks the inner sizes
  matmulShape(a.shape, tb.shape); // validate with the user's shapes
  const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = tb.ndim === 1 ? reshape(tb, [tb.shape[0]!, 1]) : tb;
  let out = batchedMatmul(a2, b2);
  if (a.ndim === 1) out = squeeze(out, -2);
  if (tb.ndim === 1) out = squeeze(out, -1);
  return out;
}

function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  return record('matmul', () => matmulKernel(a.value, b.value), [a, b], (g) => [
    a.requiresGrad ? sumToShape(batchedMatmul(g, swapAxes(b, -1, -2)), a.shape) : null,
    b.requiresGrad ? sumToShape(batchedMatmul(swapAxes(a, -1, -2), g), b.shape) : null,
  ], () => ({ kind: 'matmul', a: a.value, b: b.value }));
}
