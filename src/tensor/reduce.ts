/**
 * Reductions over any set of axes, with keepdims. The reduced axes are moved
 * to the end (a permuted view), so every output element reduces one run of
 * R = Π(reduced sizes) values; a contiguous input with trailing (or all) axes
 * reduced needs no copy, and a leading-axes sum accumulates whole rows.
 */
import { allocFloat64 } from './alloc.js';
import { NDArray } from './ndarray.js';
import { normalizeAxes, reducedShape } from './shape.js';

export type ReduceKind = 'sum' | 'max' | 'min' | 'prod';

export function reduce(x: NDArray, kind: ReduceKind, axis: number | readonly number[] | undefined | null, keepdims: boolean, op: string = kind): NDArray {
  const axes = typeof axis === 'number' && axis >= 0 && axis < x.ndim ? [axis] : normalizeAxes(axis, x.ndim, op);
  // One pass over the axes (sorted, unique): the output shape, the kept axes,
  // R = Π reduced sizes, M = Π kept sizes, and whether the reduced axes lead.
  const outShape: number[] = [];
  const kept: number[] = [];
  let R = 1;
  let M = 1;
  let leading = true;
  for (let i = 0, j = 0; i < x.ndim; i++) {
    const n = x.shape[i]!;
    if (j < axes.length && axes[j] === i) {
      j++;
      R *= n;
      if (keepdims) outShape.push(1);
      if (j !== i + 1) leading = false;
    } else {
      kept.push(i);
      M *= n;
      outShape.push(n);
    }
  }
  if (R === 0 && (kind === 'max' || kind === 'min')) {
    throw new Error(`${op}: cannot reduce over an empty axis (shape [${x.shape.join(', ')}]) — the result has no identity`);
  }
  const out = allocFloat64(M);
  if (kind === 'sum' && x.isContiguous() && axes.length > 0) {
    const d = x.data;
    if (M === 1) {
      // Everything reduced: one running sum in row-major order.
      let acc = 0;
      for (let i = 0, p = x.offset; i < R; i++, p++) acc += d[p]!;
      out[0] = acc;
      return new NDArray(out, outShape);
    }
    if (leading) {
      // Leading-axes sum: out[j] = Σ_i x[i, j], row by row (cache friendly).
      for (let i = 0, p = x.offset; i < R; i++) {
        for (let j = 0; j < M; j++, p++) out[j]! += d[p]!;
      }
      return new NDArray(out, outShape);
    }
  }
  const moved = x.permute([...kept, ...axes]);
  const src = moved.isContiguous() ? moved : new NDArray(moved.toFlat(), moved.shape);
  const d = src.data;
  let p = src.offset;
  for (let j = 0; j < M; j++) {
    let acc: number;
    switch (kind) {
      case 'sum':
        acc = 0;
        for (let i = 0; i < R; i++) acc += d[p + i]!;
        break;
      case 'prod':
        acc = 1;
        for (let i = 0; i < R; i++) acc *= d[p + i]!;
        break;
      case 'max':
        acc = -Infinity;
        for (let i = 0; i < R; i++) {
          const v = d[p + i]!;
          if (v > acc || v !== v) acc = v; // NaN propagates, as in NumPy
          if (acc !== acc) break;
        }
        break;
      case 'min':
        acc = Infinity;
        for (let i = 0; i < R; i++) {
          const v = d[p + i]!;
          if (v < acc || v !== v) acc = v;
          if (acc !== acc) break;
        }
        break;
    }
    out[j] = acc;
    p += R;
  }
  return new NDArray(out, outShape);
}

/** Index of the max (or min) along one axis; ties go to the first, as in NumPy. */
export function argReduce(x: NDArray, kind: 'max' | 'min', axis: number, keepdims: boolean): NDArray {
  const [ax] = normalizeAxes(axis, x.ndim, `arg${kind}`);
  const kept = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => i !== ax);
  const moved = x.permute([...kept, ax!]);
  const src = moved.isContiguous() ? moved : new NDArray(moved.toFlat(), moved.shape);
  const R = x.shape[ax!]!;
  if (R === 0) throw new Error(`arg${kind}: cannot reduce over an empty axis`);
  const M = src.size / R;
  const out = allocFloat64(M);
  const d = src.data;
  for (let j = 0, p = src.offset; j < M; j++, p += R) {
    let best = 0;
    let bv = d[p]!;
    for (let i = 1; i < R; i++) {
      const v = d[p + i]!;
      if (kind === 'max' ? v > bv : v < bv) {
        bv = v;
        best = i;
      }
    }
    out[j] = best;
  }
  return new NDArray(out, reducedShape(x.shape, [ax!], keepdims));
}
