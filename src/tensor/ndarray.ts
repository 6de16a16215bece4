/**
 * NDArray: an n-d view onto a Float64Array, described by shape, strides and
 * offset (element units). Element (i₀, …, iₖ) lives at
 *   offset + Σ iⱼ·strides[j].
 * Reshape of contiguous data, permute, expand (stride 0) and slicing are
 * views: they share the buffer and copy nothing. Kernels always write fresh
 * contiguous outputs.
 */
import { allocFloat64 } from './alloc.js';
import {
  checkShape,
  contiguousStrides,
  formatShape,
  normalizeAxis,
  normalizePermutation,
  resolveReshape,
  sizeOf,
  type Shape,
} from './shape.js';

export type NestedArray = number | NestedArray[];

/** One axis of a slice: an index (drops the axis), [start, stop, step] (any may be null), or null (whole axis). */
export type SliceSpec = number | null | readonly [(number | null)?, (number | null)?, (number | null)?];

export class NDArray {
  readonly data: Float64Array;
  /** The shape. Shared, never mutated: treat it as read-only. */
  readonly shape: number[];
  readonly offset: number;
  readonly size: number;
  private _strides: number[] | null;
  private _contiguous: boolean;

  /**
   * `shape` is adopted, not copied (shapes are never mutated in this code
   * base); strides default to row-major and are then computed only on demand.
   */
  constructor(data: Float64Array, shape: Shape, strides?: readonly number[], offset = 0) {
    this.data = data;
    this.shape = shape as number[];
    this.offset = offset;
    let n = 1;
    for (let i = 0; i < shape.length; i++) n *= shape[i]!;
    this.size = n;
    if (strides) {
      this._strides = strides as number[];
      this._contiguous = stridesAreContiguous(shape, strides);
    } else {
      this._strides = null;
      this._contiguous = true;
    }
  }

  get strides(): number[] {
    if (this._strides === null) this._strides = contiguousStrides(this.shape);
    return this._strides;
  }

  static zeros(shape: Shape): NDArray {
    checkShape(shape, 'zeros');
    return new NDArray(allocFloat64(sizeOf(shape)), shape);
  }

  static scalar(value: number): NDArray {
    const d = new Float64Array(1);
    d[0] = value;
    return new NDArray(d, []);
  }

  /** Build from nested arrays (must be rectangular). */
  static fromNested(value: NestedArray, op = 'tensor'): NDArray {
    const shape: number[] = [];
    let probe: NestedArray = value;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0]!;
    }
    const out = allocFloat64(sizeOf(shape));
    let k = 0;
    const walk = (v: NestedArray, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof v !== 'number') throw new Error(`${op}: ragged nested array at ${path || 'top'}: expected a number`);
        out[k++] = v;
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        throw new Error(
          `${op}: ragged nested array at ${path || 'top'}: expected length ${shape[depth]} as for shape ${formatShape(shape)}`,
        );
      }
      for (let i = 0; i < v.length; i++) walk(v[i]!, depth + 1, `${path}[${i}]`);
    };
    walk(value, 0, '');
    return new NDArray(out, shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True when elements are laid out row-major without gaps (from `offset`). */
  isContiguous(): boolean {
    return this._contiguous;
  }

  /** A contiguous array with the same values (this, if already contiguous from offset 0 and exact length). */
  contiguous(): NDArray {
    if (this.isContiguous() && this.offset === 0 && this.data.length === this.size) return this;
    if (this.isContiguous()) return new NDArray(this.data.subarray(this.offset, this.offset + this.size), this.shape);
    return new NDArray(this.toFlat(), this.shape);
  }

  /** The values in row-major order as a new Float64Array. */
  toFlat(): Float64Array {
    const out = allocFloat64(this.size);
    if (this.isContiguous()) {
      out.set(this.data.subarray(this.offset, this.offset + this.size));
      return out;
    }
    forEachIndex(this, (src, k) => {
      out[k] = this.data[src]!;
    });
    return out;
  }

  /** Live Float64Array of a contiguous array; a row-major copy otherwise. */
  values(): Float64Array {
    if (this.isContiguous()) {
      return this.offset === 0 && this.data.length === this.size
        ? this.data
        : this.data.subarray(this.offset, this.offset + this.size);
    }
    return this.toFlat();
  }

  toNested(): NestedArray {
    const flat = this.values();
    if (this.shape.length === 0) return flat[0]!;
    let k = 0;
    const build = (depth: number): NestedArray => {
      const n = this.shape[depth]!;
      const arr: NestedArray[] = new Array(n);
      if (depth === this.shape.length - 1) {
        for (let i = 0; i < n; i++) arr[i] = flat[k++]!;
      } else {
        for (let i = 0; i < n; i++) arr[i] = build(depth + 1);
      }
      return arr;
    };
    return build(0);
  }

  get(index: readonly number[]): number {
    if (index.length !== this.shape.length) {
      throw new Error(`get: index of length ${index.length} for a ${this.shape.length}-d array ${formatShape(this.shape)}`);
    }
    let p = this.offset;
    for (let i = 0; i < index.length; i++) {
      const ii = normalizeAxis(index[i]!, this.shape[i]!, `get (axis ${i})`);
      p += ii * this.strides[i]!;
    }
    return this.data[p]!;
  }

  /** Reshape: a view when the data are contiguous, a copy otherwise. */
  reshape(shape: readonly number[]): NDArray {
    const target = resolveReshape(this.shape, shape);
    if (this.isContiguous()) return new NDArray(this.data, target, undefined, this.offset);
    return new NDArray(this.toFlat(), target);
  }

  /** Reorder axes: always a view. */
  permute(axes: readonly number[]): NDArray {
    const perm = normalizePermutation(axes, this.ndim);
    return new NDArray(
      this.data,
      perm.map((a) => this.shape[a]!),
      perm.map((a) => this.strides[a]!),
      this.offset,
    );
  }

  /** Exchange axes i and j (both already in range): a view. */
  swapAxes(i: number, j: number): NDArray {
    const shape = this.shape.slice();
    const strides = this.strides.slice();
    shape[i] = this.shape[j]!;
    shape[j] = this.shape[i]!;
    strides[i] = this.strides[j]!;
    strides[j] = this.strides[i]!;
    return new NDArray(this.data, shape, strides, this.offset);
  }

  /** Broadcast to a larger shape (NumPy broadcast_to): a view with stride 0 on new or size-1 axes. */
  expand(shape: readonly number[]): NDArray {
    const off = shape.length - this.ndim;
    if (off < 0) {
      throw new Error(`expand: cannot broadcast ${formatShape(this.shape)} to fewer dimensions ${formatShape(shape)}`);
    }
    const strides = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < this.ndim; i++) {
      const from = this.shape[i]!;
      const to = shape[i + off]!;
      if (from === to) strides[i + off] = this.strides[i]!;
      else if (from !== 1) {
        throw new Error(`expand: cannot broadcast ${formatShape(this.shape)} to ${formatShape(shape)} (axis ${i})`);
      }
    }
    return new NDArray(this.data, shape, strides, this.offset);
  }

  /**
   * Basic slicing, one spec per leading axis (missing trailing axes are whole):
   * a number selects (and drops the axis), [start, stop, step] slices with
   * Python semantics (negative indices count from the end). Always a view.
   */
  slice(specs: readonly SliceSpec[]): NDArray {
    if (specs.length > this.ndim) {
      throw new Error(`slice: ${specs.length} indices for a ${this.ndim}-d array ${formatShape(this.shape)}`);
    }
    let offset = this.offset;
    const shape: number[] = [];
    const strides: number[] = [];
    for (let i = 0; i < this.ndim; i++) {
      const n = this.shape[i]!;
      const spec = i < specs.length ? specs[i] : null;
      if (typeof spec === 'number') {
        if (!Number.isInteger(spec) || spec < -n || spec >= n) {
          throw new Error(`slice: index ${spec} is out of range for axis ${i} of size ${n}`);
        }
        offset += (spec < 0 ? spec + n : spec) * this.strides[i]!;
        continue;
      }
      const [start, stop, step] = normalizeRange(spec ?? [], n, i);
      const len = Math.max(0, Math.ceil((stop - start) / step)); // the same formula serves both signs of step
      offset += len > 0 ? start * this.strides[i]! : 0;
      shape.push(len);
      strides.push(this.strides[i]! * step);
    }
    return new NDArray(this.data, shape, strides, offset);
  }
}

function stridesAreContiguous(shape: Shape, strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i]!;
  }
  return true;
}

/** Python slice semantics: clamp start/stop into range for the given step. */
export function normalizeRange(
  spec: readonly [(number | null)?, (number | null)?, (number | null)?],
  n: number,
  axis: number,
): [number, number, number] {
  const step = spec[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new Error(`slice: step must be a non-zero integer on axis ${axis}, got ${step}`);
  if (step > 0) return [clampBound(spec[0], 0, 0, n, n, axis), clampBound(spec[1], n, 0, n, n, axis), step];
  return [clampBound(spec[0], n - 1, -1, n - 1, n, axis), clampBound(spec[1], -1, -1, n - 1, n, axis), step];
}

/** A slice bound v (negative: from the end of n), or `dflt` when absent, clamped into [lo, hi]. */
function clampBound(v: number | null | undefined, dflt: number, lo: number, hi: number, n: number, axis: number): number {
  if (v === null || v === undefined) return dflt;
  if (!Number.isInteger(v)) throw new Error(`slice: bounds must be integers on axis ${axis}, got ${v}`);
  const x = v < 0 ? v + n : v;
  return Math.min(Math.max(x, lo), hi);
}

/**
 * Visit every element of a (possibly strided) array in row-major order,
 * calling `fn(bufferIndex, flatIndex)`. Cold path: kernels use specialised loops.
 */
export function forEachIndex(a: NDArray, fn: (src: number, k: number) => void): void {
  const nd = a.ndim;
  if (a.size === 0) return;
  if (nd === 0) {
    fn(a.offset, 0);
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  let p = a.offset;
  const last = nd - 1;
  const n = a.shape[last]!;
  const s = a.strides[last]!;
  for (let k = 0; k < a.size; ) {
    for (let j = 0; j < n; j++, k++) fn(p + j * s, k);
    // Carry into the outer axes.
    let ax = last - 1;
    while (ax >= 0) {
      idx[ax]!++;
      p += a.strides[ax]!;
      if (idx[ax]! < a.shape[ax]!) break;
      p -= idx[ax]! * a.strides[ax]!;
      idx[ax] = 0;
      ax--;
    }
  }
}
