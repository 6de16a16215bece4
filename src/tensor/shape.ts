/**
 * Shapes, strides and NumPy broadcasting.
 *
 * Broadcasting (NumPy's rule): align shapes at their trailing axes; two sizes
 * are compatible when they are equal or one of them is 1; the result takes the
 * larger. Missing leading axes count as 1.
 */

export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major (C-order) strides of a contiguous array of this shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The most elements a tensor may hold: 2³¹ − 1, the largest typed-array length
 * that every JavaScript engine accepts (V8 and SpiderMonkey long capped
 * Float64Array at it; a Float64Array that long is already 16 GiB). Larger
 * requests are refused with an error instead of attempting the allocation.
 */
export const MAX_TENSOR_SIZE = 2 ** 31 - 1;

/**
 * The one shape check of every creation path: each dimension a non-negative
 * integer, and the element count at most MAX_TENSOR_SIZE. Returns the count.
 */
export function checkShape(shape: Shape, op: string): number {
  if (!Array.isArray(shape)) throw new Error(`${op}: a shape must be an array of non-negative integers, got ${JSON.stringify(shape) ?? String(shape)}`);
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new Error(`${op}: invalid shape ${formatShape(shape)}: every dimension must be a non-negative integer`);
    }
    n *= d;
  }
  if (n > MAX_TENSOR_SIZE) {
    throw new Error(`${op}: shape ${formatShape(shape)} has ${n} elements, more than the largest tensor supported (${MAX_TENSOR_SIZE} = 2³¹ − 1 elements, 16 GiB of float64)`);
  }
  return n;
}

/** The broadcast shape of two shapes, or an error naming the op and both shapes. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new Error(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(axis ${i - n} has sizes ${da} and ${db}; sizes must match or one must be 1)`,
      );
    }
  }
  return out;
}

/** Strides for reading an array of `shape`/`strides` as if broadcast to `target` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[i + off] = shape[i] === 1 && target[i + off] !== 1 ? 0 : strides[i]!;
  }
  return out;
}

/** Normalize a possibly negative axis into [0, ndim). */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= Math.max(ndim, 1)) {
    throw new Error(`${op}: axis ${axis} is out of range for a ${ndim}-d tensor (allowed ${-ndim}..${ndim - 1})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalize an axis spec (undefined = all axes) into a sorted unique list. */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, ndim: number, op: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axis === 'number') return [normalizeAxis(axis, ndim, op)];
  if (!Array.isArray(axis)) throw new Error(`${op}: axis must be a number or an array of numbers, got ${typeof axis} (PyTorch style: ${op}({ dim: 0, keepdim: true }))`);
  const out = axis.map((a) => normalizeAxis(a, ndim, op)).sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) if (out[i] === out[i - 1]) throw new Error(`${op}: repeated axis in ${JSON.stringify(axis)}`);
  return out;
}

/** Shape after reducing `axes`, keeping them as size-1 axes if `keepdims`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** Resolve a reshape target that may contain one -1. */
export function resolveReshape(from: Shape, to: readonly number[], op = 'reshape'): number[] {
  const size = sizeOf(from);
  let infer = -1;
  let known = 1;
  for (let i = 0; i < to.length; i++) {
    const d = to[i]!;
    if (d === -1) {
      if (infer >= 0) throw new Error(`${op}: only one dimension can be -1, got ${formatShape(to)}`);
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new Error(`${op}: invalid target shape ${formatShape(to)}`);
    } else known *= d;
  }
  const out = [...to];
  if (infer >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new Error(`${op}: cannot reshape ${formatShape(from)} (size ${size}) into ${formatShape(to)}`);
    }
    out[infer] = size / known;
  } else if (known !== size) {
    throw new Error(`${op}: cannot reshape ${formatShape(from)} (size ${size}) into ${formatShape(to)} (size ${known})`);
  }
  return out;
}

/** Check that `axes` is a permutation of 0..ndim-1 (negative axes allowed). */
export function normalizePermutation(axes: readonly number[], ndim: number, op = 'permute'): number[] {
  if (axes.length !== ndim) {
    throw new Error(`${op}: axes ${JSON.stringify(axes)} must list each of the ${ndim} axes exactly once`);
  }
  const norm = new Array<number>(ndim);
  const seen = new Array<boolean>(ndim).fill(false);
  for (let i = 0; i < ndim; i++) {
    const a = normalizeAxis(axes[i]!, ndim, op);
    if (seen[a]) throw new Error(`${op}: axes ${JSON.stringify(axes)} repeat an axis`);
    seen[a] = true;
    norm[i] = a;
  }
  return norm;
}
