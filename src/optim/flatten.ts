/**
 * Parameters as one flat vector θ ∈ ℝⁿ, the state space of the learning
 * dynamics: the Parameters are laid end to end in list order, each in
 * row-major order.
 *
 * `flattenParams`/`unflattenInto` copy. `ParamVector` instead moves every
 * Parameter into one contiguous Float64Array and re-points each
 * Parameter's `.value` at a subarray view of it, so the flat vector and the
 * Parameters are the same memory: writing θ moves the network, an
 * optimizer step on the Parameters moves θ, and no copy is made on the
 * hot path.
 */
import type { Parameter, Tensor } from '../autograd/index.js';
import { NDArray } from '../tensor/index.js';

/** Total number of scalars in `params`. */
export function paramCount(params: readonly Parameter[]): number {
  let n = 0;
  for (const p of params) n += p.size;
  return n;
}

/** A new vector holding the Parameters' values end to end. */
export function flattenParams(params: readonly Parameter[]): Float64Array {
  const out = new Float64Array(paramCount(params));
  let offset = 0;
  for (const p of params) {
    out.set(p.data, offset);
    offset += p.size;
  }
  return out;
}

/** A new vector holding the Parameters' gradients end to end (a null grad contributes zeros). */
export function flattenGrads(params: readonly Parameter[], out?: Float64Array): Float64Array {
  const n = paramCount(params);
  if (out !== undefined && out.length !== n) {
    throw new Error(`flattenGrads: out has length ${out.length}, expected the parameter count ${n}`);
  }
  const dst = out ?? new Float64Array(n);
  let offset = 0;
  for (const p of params) {
    if (p.grad === null) dst.fill(0, offset, offset + p.size);
    else dst.set(p.grad.data, offset);
    offset += p.size;
  }
  return dst;
}

/** Copy `vec` (laid out as by flattenParams) into the Parameters' values, in place. */
/**
 * Cut a flat θ (a Tensor) into tensors of the given shapes, in order: slices
 * + reshapes, so they are differentiable views of θ (the functional
 * counterpart of ParamVector, for losses written as functions of θ).
 */
export function unflattenTensor(theta: Tensor, shapes: readonly (readonly number[])[]): Tensor[] {
  const out: Tensor[] = [];
  let offset = 0;
  for (const shape of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    out.push(theta.slice([offset, offset + size]).reshape([...shape]));
    offset += size;
  }
  if (offset !== theta.size) throw new Error(`unflattenTensor: theta has ${theta.size} entries but the shapes need ${offset}`);
  return out;
}

export function unflattenInto(params: readonly Parameter[], vec: ArrayLike<number>): void {
  const n = paramCount(params);
  if (vec.length !== n) throw new Error(`unflattenInto: vec has length ${vec.length}, expected the parameter count ${n}`);
  const src = vec instanceof Float64Array ? vec : Float64Array.from(vec);
  let offset = 0;
  for (const p of params) {
    p.data.set(src.subarray(offset, offset + p.size));
    offset += p.size;
  }
}

/**
 * One Float64Array owning all the Parameters' values; each Parameter's
 * `.value` becomes a view into it (same shape), so reads and writes go
 * through in both directions.
 *
 * The binding holds as long as nobody assigns a new `.value` to one of the
 * Parameters (check with `isBound()`).
 */
export class ParamVector {
  /** θ: all parameter values, end to end. */
  private readonly flat: Float64Array;
  readonly params: readonly Parameter[];
  /** Start of each Parameter's block in `data` (and a last entry = data.length). */
  readonly offsets: readonly number[];

  constructor(params: readonly Parameter[]) {
    if (params.length === 0) throw new Error('ParamVector: params must be a non-empty array of Parameters');
    if (new Set(params).size !== params.length) throw new Error('ParamVector: a Parameter appears more than once in params');
    this.params = [...params];
    this.flat = new Float64Array(paramCount(params));
    const offsets = [0];
    let offset = 0;
    for (const p of params) {
      const size = p.size;
      const view = this.flat.subarray(offset, offset + size);
      view.set(p.data);
      p.value = new NDArray(view, p.shape);
      offset += size;
      offsets.push(offset);
    }
    this.offsets = offsets;
  }

  /**
   * θ as a live array: writes go through to the Parameters. Handing it out counts as a possible write to each
   * Parameter (see Tensor.version), so backward through a graph made before a change raises.
   */
  get data(): Float64Array {
    for (const p of this.params) void p.data;
    return this.flat;
  }

  get size(): number {
    return this.flat.length;
  }

  /** The block of Parameter `i` (a live view). */
  view(i: number): Float64Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.params.length) {
      throw new Error(`ParamVector.view: index must be an integer in [0, ${this.params.length - 1}], got ${i}`);
    }
    void this.params[i]!.data; // a possible write, as for `data`
    return this.flat.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  /** Overwrite θ with `values` (length = size). */
  set(values: ArrayLike<number>): void {
    if (values.length !== this.flat.length) {
      throw new Error(`ParamVector.set: values has length ${values.length}, expected ${this.flat.length}`);
    }
    for (const p of this.params) void p.data; // lets backward see the write (Tensor.version)
    this.flat.set(values);
  }

  /** A copy of θ. */
  toArray(): Float64Array {
    return this.flat.slice();
  }

  /** The gradients end to end, written into `out` when given (null grads → zeros). */
  grads(out?: Float64Array): Float64Array {
    return flattenGrads(this.params, out);
  }

  /** True while every Parameter's value is still the view into `data`. */
  isBound(): boolean {
    return this.params.every((p, i) => {
      const d = p.value.data;
      return (
        d.buffer === this.flat.buffer &&
        d.byteOffset === this.flat.byteOffset + this.offsets[i]! * Float64Array.BYTES_PER_ELEMENT &&
        d.length === p.size &&
        p.value.offset === 0 &&
        p.value.isContiguous()
      );
    });
  }
}
