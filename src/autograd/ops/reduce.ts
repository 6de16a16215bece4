/**
 * Reductions and the softmax family. The VJP of a reduction broadcasts the
 * cotangent back over the reduced axes (with keepdims restored first).
 */
import { argReduce, mapBinary, mapUnary, normalizeAxes, reduce, reducedShape, sizeOf, type NDArray, type ReduceKind } from '../../tensor/index.js';
import { record } from '../record.js';
import type { Tensor } from '../tensor.js';

export type Axis = number | readonly number[] | undefined | null;

/**
 * PyTorch's keyword form of a reduction's arguments, `x.sum({ dim: 0, keepdim: true })`, beside the positional
 * NumPy-style `x.sum(0, true)`; `axis`/`keepdims` are accepted as aliases. `correction` is var/std's.
 */
export interface ReduceOptions {
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
  correction?: number;
}

const REDUCE_KEYS = ['dim', 'keepdim', 'axis', 'keepdims', 'correction'];

/** argmax/argmin/softmax take one axis (default −1 when the options name none). */
export function singleAxis(op: string, axis: Axis): number {
  if (axis === undefined || axis === null) return -1;
  if (typeof axis !== 'number') throw new Error(`${op}: dim must be a single integer, got ${JSON.stringify(axis)}`);
  return axis;
}

/** Resolve (axis | options, keepdims) to positional arguments, with one-line errors naming what to write. */
export function reduceArgs(op: string, axis: Axis | ReduceOptions, keepdims: boolean, correction?: number): { axis: Axis; keepdims: boolean; correction: number | undefined } {
  if (axis === undefined || axis === null || typeof axis === 'number' || Array.isArray(axis)) return { axis: axis as Axis, keepdims, correction };
  if (typeof axis !== 'object') {
    throw new Error(`${op}: the first argument must be an axis (a number or an array of numbers) or PyTorch-style options { dim, keepdim }, got ${typeof axis}`);
  }
  const o = axis as ReduceOptions;
  for (const key of Object.keys(o)) {
    if (!REDUCE_KEYS.includes(key)) throw new Error(`${op}: unknown option '${key}' (write ${op}({ dim: 0, keepdim: true })${op === 'var' || op === 'std' ? ', with correction' : ''})`);
  }
  if (o.dim !== undefined && o.axis !== undefined) throw new Error(`${op}: give dim or axis, not both`);
  if (o.keepdim !== undefined && o.keepdims !== undefined) throw new Error(`${op}: give keepdim or keepdims, not both`);
  const keep = o.keepdim ?? o.keepdims ?? keepdims;
  if (typeof keep !== 'boolean') throw new Error(`${op}: keepdim must be a boolean, got ${String(keep)}`);
  return { axis: (o.dim ?? o.axis) as Axis, keepdims: keep, correction: o.correction ?? correction };
}

/** Broadcast a reduced cotangent back to the input's shape. */
function unreduce(g: Tensor, x: Tensor, axes: number[], keepdims: boolean): Tensor {
  const kept = keepdims ? g : g.reshape(reducedShape(x.shape, axes, true));
  return kept.expand(x.shape);
}

/** Σ over `axis`: ∂/∂x = 1, so the cotangent is broadcast back. */
export function sum(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'sum');
  return record('sum', () => reduce(x.value, 'sum', axes, keepdims), [x], (g) => [unreduce(g, x, axes, keepdims)], () => ({ kind: 'sum', x: x.value, axes }));
}

/** Mean: the cotangent broadcast back and divided by the number of reduced elements. */
export function mean(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'mean');
  const n = sizeOf(axes.map((a) => x.shape[a]!));
  // The thunks of these ops are anonymous arguments calling module-level kernels, never closures bound to a name:
  // under tsx (the benches, `ldyn`) esbuild's keepNames makes each such binding an Object.defineProperty per call.
  return record('mean', () => meanKernel(x.value, axes, keepdims, n), [x], (g) => [unreduce(g, x, axes, keepdims).div(n)]);
}

function meanKernel(x: NDArray, axes: number[], keepdims: boolean, n: number): NDArray {
  const r = reduce(x, 'sum', axes, keepdims, 'mean');
  const d = r.data;
  for (let i = 0; i < d.length; i++) d[i]! /= n;
  return r;
}

/** Max/min: the cotangent goes to the extremal elements, split equally among ties (like torch.amax). */
function extremum(kind: ReduceKind & ('max' | 'min'), x: Tensor, axis: Axis, keepdims: boolean): Tensor {
  const axes = normalizeAxes(axis, x.ndim, kind);
  return record(kind, () => reduce(x.value, kind, axes, keepdims), [x], (g, out) => {
    const outK = keepdims ? out : out.reshape(reducedShape(x.shape, axes, true));
    const mask = x.eq(outK.detach());
    const count = mask.sum(axes, true);
    return [unreduce(g, x, axes, keepdims).mul(mask).div(count)];
  });
}
export const max = (x: Tensor, axis?: Axis, keepdims = false): Tensor => extremum('max', x, axis, keepdims);
export const min = (x: Tensor, axis?: Axis, keepdims = false): Tensor => extremum('min', x, axis, keepdims);

/** Index of the max/min along one axis (not differentiable). */
export function argmax(x: Tensor, axis = -1, keepdims = false): Tensor {
  return record('argmax', () => argReduce(x.value, 'max', axis, keepdims), [], () => []);
}
export function argmin(x: Tensor, axis = -1, keepdims = false): Tensor {
  return record('argmin', () => argReduce(x.value, 'min', axis, keepdims), [], () => []);
}

/** Product over axes, with ∂/∂xᵢ = Π_{j≠i} xⱼ written as out/xᵢ (exact where no xᵢ is 0). */
export function prod(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'prod');
  return record('prod', () => reduce(x.value, 'prod', axes, keepdims), [x], (g, out) => {
    const outK = keepdims ? out : out.reshape(reducedShape(x.shape, axes, true));
    return [unreduce(g, x, axes, keepdims).mul(outK).div(x)];
  });
}

/**
 * Variance with Bessel's correction by default (PyTorch: correction = 1;
 * NumPy's default is ddof = 0, pass correction 0 for it):
 * var = Σ(x − x̄)² / (N − correction). A composite, so it is differentiable to any order.
 */
export function variance(x: Tensor, axis?: Axis, keepdims = false, correction = 1): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'var');
  const n = sizeOf(axes.map((a) => x.shape[a]!));
  const d = x.sub(x.mean(axes, true));
  return d.square().sum(axes, keepdims).div(Math.max(0, n - correction));
}

export function std(x: Tensor, axis?: Axis, keepdims = false, correction = 1): Tensor {
  return variance(x, axis, keepdims, correction).sqrt();
}

/**
 * Euclidean norm ‖x‖ = √(Σᵢ xᵢ²) of all elements. VJP: g·x/‖x‖. At x = 0 the
 * norm is not differentiable; as PyTorch does, the gradient there is the
 * subgradient 0 (the composition √(Σx²) would give 0·∞ = NaN). Dividing by
 * ‖x‖ + [‖x‖ = 0] keeps the VJP in Tensor ops, so it differentiates again.
 */
export function norm(x: Tensor): Tensor {
  const axes = normalizeAxes(undefined, x.ndim, 'norm');
  return record('norm', () => mapUnary(reduce(mapUnary(x.value, 'square'), 'sum', axes, false, 'norm'), 'sqrt'), [x], (g, out) => [x.mul(g).div(out.add(out.eq(0)))]);
}

/** The max over axes with non-finite values replaced by 0: the stabilizing shift m (a constant: the results do not depend on it). */
function stableShift(x: NDArray, axes: number[], op: string): NDArray {
  const m = reduce(x, 'max', axes, true, op);
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) d[i] = 0;
  return m;
}

/** (x − m) and log Σ exp(x − m) over `axes` (kept as size-1 axes): the pieces of every function below. */
function shiftedLogSum(x: NDArray, axes: number[], op: string): { shifted: NDArray; logSum: NDArray } {
  const shifted = mapBinary(x, stableShift(x, axes, op), 'sub', op);
  const logSum = mapUnary(reduce(mapUnary(shifted, 'exp'), 'sum', axes, true, op), 'log');
  return { shifted, logSum };
}

/** log Σ exp(x) = m + log Σ exp(x − m), m = max x. VJP: g·softmax(x) = g·exp(x − lse). */
export function logsumexp(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'logsumexp');
  return record('logsumexp', () => logsumexpKernel(x.value, axes, keepdims), [x], (g, out) => {
    const outK = keepdims ? out : out.reshape(reducedShape(x.shape, axes, true));
    return [unreduce(g, x, axes, keepdims).mul(x.sub(outK).exp())];
  });
}

function logsumexpKernel(x: NDArray, axes: number[], keepdims: boolean): NDArray {
  const m = stableShift(x, axes, 'logsumexp');
  const { logSum } = shiftedLogSum(x, axes, 'logsumexp');
  const lse = mapBinary(logSum, m, 'add', 'logsumexp');
  return keepdims ? lse : lse.reshape(reducedShape(x.shape, axes, false));
}

/**
 * log softmax(x) = (x − m) − log Σ exp(x − m), one op as in PyTorch. With
 * y = log softmax(x): ∂L/∂x = g − softmax(x)·Σ_axis g = g − exp(y)·Σ g.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'logSoftmax');
  return record('logSoftmax', () => logSoftmaxKernel(x.value, axes), [x], (g, out) => [g.sub(out.exp().mul(g.sum(axes, true)))]);
}

function logSoftmaxKernel(x: NDArray, axes: number[]): NDArray {
  const { shifted, logSum } = shiftedLogSum(x, axes, 'logSoftmax');
  return mapBinary(shifted, logSum, 'sub', 'logSoftmax');
}

/**
 * softmax(x) = exp(x − m) / Σ exp(x − m), one op. With y = softmax(x):
 * ∂L/∂x = y·(g − Σ_axis g·y).
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'softmax');
  return record('softmax', () => softmaxKernel(x.value, axes), [x], (g, out) => [out.mul(g.sub(g.mul(out).sum(axes, true)))]);
}

function softmaxKernel(x: NDArray, axes: number[]): NDArray {
  const e = mapUnary(mapBinary(x, stableShift(x, axes, 'softmax'), 'sub', 'softmax'), 'exp');
  return mapBinary(e, reduce(e, 'sum', axes, true, 'softmax'), 'div', 'softmax');
}
