/**
 * Tensor: an NDArray value plus its place in the computation graph.
 *
 * Plain Tensors are transient intermediates of one computation. A
 * `Parameter` is learning state: a leaf that always requires grad and keeps
 * accumulating `.grad` across backward passes until `zeroGrad`. Learning
 * dynamics act on Parameters; Tensors only carry the computation.
 *
 * Method names follow PyTorch/NumPy. Binary ops accept a Tensor or a number.
 */
import { NDArray, formatShape, type NestedArray, type SliceSpec } from '../tensor/index.js';
import { runBackward, type BackwardOptions, type GraphNode } from './graph.js';
import { settleVersion } from './saved.js';
import * as E from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import * as S from './ops/shape.js';
import type { TensorLike } from './record.js';
import { evaluate } from './trace.js';

export class Tensor {
  /** The forward value. */
  value: NDArray;
  requiresGrad: boolean;
  /** Accumulated gradient (leaves that require grad, and tensors that called retainGrad()). */
  grad: Tensor | null = null;
  /** The op that produced this tensor (null for leaves). */
  readonly node: GraphNode | null;
  /** Also store .grad on this non-leaf during backward (torch's retain_grad). */
  retainsGrad = false;
  /** @internal Bookkeeping of the backward pass that last visited this tensor (see graph.ts). */
  epoch = 0;
  /** @internal This tensor's position in that pass's topological order. */
  slot = 0;
  /** @internal The tensor whose storage this one shares (views, detach()); versions are kept there. */
  base: Tensor | null = null;
  /** @internal This storage's version: bumped by every detected write (see graph.ts, "saved tensors"). */
  versionCount = 0;
  /** @internal How many graph nodes not yet released by a backward pass saved this storage. */
  liveSaves = 0;
  /** @internal The contents at the first `.data` access while saved, compared at the next check (buffer reused). */
  snapshot: Float64Array | null = null;
  /** @internal Whether `snapshot` holds contents still to be compared. */
  snapshotTaken = false;

  constructor(value: NDArray, requiresGrad = false, node: GraphNode | null = null) {
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.node = node;
  }

  get shape(): number[] {
    return this.value.shape;
  }
  get ndim(): number {
    return this.value.shape.length;
  }
  get size(): number {
    return this.value.size;
  }
  /**
   * The live Float64Array of a contiguous tensor (writes are visible); a row-major copy otherwise. A kernel result's
   * array is a view into a shared slab (src/tensor/alloc.ts): hand `.data.slice()` to I/O, not `.data.buffer`.
   * Writing into it while a graph still needs the values makes that graph's backward raise (see `version`).
   */
  get data(): Float64Array {
    const v = this.value;
    if (v.isContiguous()) {
      // A live buffer that a graph still needs: remember its contents, so that backward can tell whether it was written.
      const b = this.base ?? this;
      if (b.liveSaves > 0 && !b.snapshotTaken) {
        const d = b.value.data;
        if (b.snapshot === null || b.snapshot.length !== d.length) b.snapshot = new Float64Array(d.length);
        b.snapshot.set(d);
        b.snapshotTaken = true;
      }
    }
    return v.values();
  }
  /**
   * The storage's version counter (torch's `_version`): it grows with every write seen to this tensor's values or
   * to a view's. Backward raises when a value a VJP needs changed after the forward pass. Writes through `.data`
   * are seen while a graph holds the tensor; writes through an array taken before the forward pass, or into
   * `.value.data`, are not.
   */
  get version(): number {
    return settleVersion(this.base ?? this);
  }
  get isLeaf(): boolean {
    return this.node === null;
  }
  /** NumPy's `.T`: all axes reversed. */
  get T(): Tensor {
    return S.transpose(this);
  }

  item(): number {
    if (this.size !== 1) throw new Error(`item: only a tensor with exactly one element can be converted, got shape ${formatShape(this.shape)}`);
    return this.value.data[this.value.offset]!;
  }
  toArray(): NestedArray {
    return this.value.toNested();
  }
  toString(): string {
    return `Tensor(${JSON.stringify(this.toArray())}, shape=${formatShape(this.shape)}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  /**
   * Reverse-mode differentiation from this tensor: accumulates ∂this/∂leaf
   * (contracted with `seed`) into `.grad` of every leaf that requires grad.
   * A non-scalar tensor needs a seed of its own shape (the cotangent).
   * As in torch, the pass releases the graph: a second backward through it
   * raises unless the first passed `{ retainGraph: true }` (the default with
   * `createGraph`).
   */
  backward(seed?: Tensor | number | NestedArray, options: BackwardOptions = {}): void {
    if (!this.requiresGrad) {
      throw new Error('backward: this tensor does not require grad (no input that requires grad was used to compute it)');
    }
    let g: Tensor;
    if (seed === undefined) {
      if (this.size !== 1) {
        throw new Error(
          `backward: called on a tensor of shape ${formatShape(this.shape)} without a seed gradient; ` +
            'pass a seed of the same shape, or reduce to a scalar first (e.g. .sum())',
        );
      }
      const one = new Float64Array(1);
      one[0] = 1;
      g = new Tensor(new NDArray(one, this.shape));
    } else {
      g = seed instanceof Tensor ? seed : new Tensor(typeof seed === 'number' ? new NDArray(new Float64Array([seed]), []) : NDArray.fromNested(seed));
      if (g.size === 1 && this.size === 1) g = g.reshape(this.shape);
      if (g.ndim !== this.ndim || g.shape.some((d, i) => d !== this.shape[i])) {
        throw new Error(`backward: seed of shape ${formatShape(g.shape)} does not match the tensor's shape ${formatShape(this.shape)}`);
      }
    }
    runBackward([this], [g], null, options);
  }

  /** A leaf sharing this tensor's data (and its version counter, as in torch), cut from the graph. */
  detach(): Tensor {
    const t = new Tensor(this.value, false);
    t.base = this.base ?? this;
    return t;
  }
  /** Set requiresGrad in place on a leaf (torch's requires_grad_). */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag) throw new Error('requiresGrad_: cannot turn off grad on a non-leaf tensor; use detach()');
    this.requiresGrad = flag;
    return this;
  }
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }
  zeroGrad(): void {
    this.grad = null;
  }
  /** A copy with a contiguous buffer of its own (no graph; not carved from the kernels' shared slabs, since copies are made to be kept). */
  clone(): Tensor {
    return new Tensor(evaluate(() => new NDArray(this.value.values().slice(), this.shape)));
  }
  zerosLike(): Tensor {
    return new Tensor(NDArray.zeros(this.shape));
  }

  // ---- elementwise ----
  add(o: TensorLike): Tensor { return E.add(this, o); }
  sub(o: TensorLike): Tensor { return E.sub(this, o); }
  mul(o: TensorLike): Tensor { return E.mul(this, o); }
  div(o: TensorLike): Tensor { return E.div(this, o); }
  pow(o: TensorLike): Tensor { return E.pow(this, o); }
  maximum(o: TensorLike): Tensor { return E.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return E.minimum(this, o); }
  neg(): Tensor { return E.neg(this); }
  exp(): Tensor { return E.exp(this); }
  log(): Tensor { return E.log(this); }
  log1p(): Tensor { return E.log1p(this); }
  expm1(): Tensor { return E.expm1(this); }
  sqrt(): Tensor { return E.sqrt(this); }
  square(): Tensor { return E.square(this); }
  abs(): Tensor { return E.abs(this); }
  sign(): Tensor { return E.sign(this); }
  sin(): Tensor { return E.sin(this); }
  cos(): Tensor { return E.cos(this); }
  tanh(): Tensor { return E.tanh(this); }
  sigmoid(): Tensor { return E.sigmoid(this); }
  relu(): Tensor { return E.relu(this); }
  leakyRelu(negativeSlope = 0.01): Tensor { return E.leakyRelu(this, negativeSlope); }
  softplus(beta = 1, threshold = 20): Tensor { return E.softplus(this, beta, threshold); }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor { return E.gelu(this, approximate); }
  erf(): Tensor { return E.erfOp(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return E.clamp(this, min, max); }
  eq(o: TensorLike): Tensor { return E.eq(this, o); }
  ne(o: TensorLike): Tensor { return E.ne(this, o); }
  lt(o: TensorLike): Tensor { return E.lt(this, o); }
  le(o: TensorLike): Tensor { return E.le(this, o); }
  gt(o: TensorLike): Tensor { return E.gt(this, o); }
  ge(o: TensorLike): Tensor { return E.ge(this, o); }

  // ---- reductions ----
  // Each reduction takes NumPy's positional (axis, keepdims) or PyTorch's options object ({ dim, keepdim }).
  sum(axis?: R.Axis | R.ReduceOptions, keepdims = false): Tensor { const a = R.reduceArgs('sum', axis, keepdims); return R.sum(this, a.axis, a.keepdims); }
  mean(axis?: R.Axis | R.ReduceOptions, keepdims = false): Tensor { const a = R.reduceArgs('mean', axis, keepdims); return R.mean(this, a.axis, a.keepdims); }
  max(axis?: R.Axis | R.ReduceOptions, keepdims = false): Tensor { const a = R.reduceArgs('max', axis, keepdims); return R.max(this, a.axis, a.keepdims); }
  min(axis?: R.Axis | R.ReduceOptions, keepdims = false): Tensor { const a = R.reduceArgs('min', axis, keepdims); return R.min(this, a.axis, a.keepdims); }
  prod(axis?: R.Axis | R.ReduceOptions, keepdims = false): Tensor { const a = R.reduceArgs('prod', axis, keepdims); return R.prod(this, a.axis, a.keepdims); }
  /** Variance; `correction` = 1 (Bessel, PyTorch's default) or 0 (NumPy's default). */
  var(axis?: R.Axis | R.ReduceOptions, keepdims = false, correction = 1): Tensor { const a = R.reduceArgs('var', axis, keepdims, correction); return R.variance(this, a.axis, a.keepdims, a.correction); }
  std(axis?: R.Axis | R.ReduceOptions, keepdims = false, correction = 1): Tensor { const a = R.reduceArgs('std', axis, keepdims, correction); return R.std(this, a.axis, a.keepdims, a.correction); }
  argmax(axis: number | R.ReduceOptions = -1, keepdims = false): Tensor { const a = R.reduceArgs('argmax', axis, keepdims); return R.argmax(this, R.singleAxis('argmax', a.axis), a.keepdims); }
  argmin(axis: number | R.ReduceOptions = -1, keepdims = false): Tensor { const a = R.reduceArgs('argmin', axis, keepdims); return R.argmin(this, R.singleAxis('argmin', a.axis), a.keepdims); }
  logsumexp(axis?: R.Axis | R.ReduceOptions, keepdims = false): Tensor { const a = R.reduceArgs('logsumexp', axis, keepdims); return R.logsumexp(this, a.axis, a.keepdims); }
  softmax(axis: number | R.ReduceOptions = -1): Tensor { return R.softmax(this, R.singleAxis('softmax', R.reduceArgs('softmax', axis, false).axis)); }
  logSoftmax(axis: number | R.ReduceOptions = -1): Tensor { return R.logSoftmax(this, R.singleAxis('logSoftmax', R.reduceArgs('logSoftmax', axis, false).axis)); }
  /** Euclidean norm of all elements (gradient 0 at x = 0, as in PyTorch). */
  norm(): Tensor { return R.norm(this); }

  // ---- shape ----
  reshape(...shape: number[] | [readonly number[]]): Tensor { return S.reshape(this, flatShape(shape)); }
  view(...shape: number[] | [readonly number[]]): Tensor { return S.reshape(this, flatShape(shape)); }
  permute(...axes: number[] | [readonly number[]]): Tensor { return S.permute(this, flatShape(axes)); }
  transpose(axes?: readonly number[]): Tensor { return S.transpose(this, axes); }
  swapAxes(a: number, b: number): Tensor { return S.swapAxes(this, a, b); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return S.expand(this, flatShape(shape)); }
  broadcastTo(shape: readonly number[]): Tensor { return S.expand(this, shape); }
  unsqueeze(axis: number): Tensor { return S.unsqueeze(this, axis); }
  squeeze(axis?: number | readonly number[]): Tensor { return S.squeeze(this, axis); }
  flatten(startAxis = 0, endAxis = -1): Tensor { return S.flatten(this, startAxis, endAxis); }
  contiguous(): Tensor { return S.contiguous(this); }
  /** Basic slicing: one spec per leading axis — an index, [start, stop, step] or null. */
  slice(...specs: SliceSpec[]): Tensor { return S.slice(this, specs); }
  /** x.select(axis, i): the sub-tensor at index i along `axis` (the axis is removed). */
  select(axis: number, index: number): Tensor {
    const specs: SliceSpec[] = this.shape.map(() => null);
    specs[axis < 0 ? axis + this.ndim : axis] = index;
    return S.slice(this, specs);
  }
  gather(axis: number, index: Tensor | ArrayLike<number>): Tensor { return S.gather(this, axis, index); }
  indexSelect(axis: number, indices: ArrayLike<number> | Tensor): Tensor { return S.indexSelect(this, axis, indices); }
  matmul(o: Tensor | number): Tensor { return S.matmul(this, o); }
}

function flatShape(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

/**
 * Learning state: a leaf that always requires grad and accumulates `.grad`
 * over backward passes (until zeroGrad). Optimizers update `.data` in place.
 */
export class Parameter extends Tensor {
  name?: string;
  constructor(value: NDArray | Tensor, name?: string) {
    const v = value instanceof Tensor ? value.value : value;
    // Learning state is kept for the whole run: adopt a buffer only if it is exactly this value's, never a view into a
    // larger one (such as a kernel slab, which the parameter would otherwise keep alive).
    const d = v.data;
    const owns = v.isContiguous() && v.offset === 0 && d.length === v.size && d.byteOffset === 0 && d.byteLength === d.buffer.byteLength;
    super(owns ? v : new NDArray(v.values().slice(), v.shape), true, null);
    if (name !== undefined) this.name = name;
  }
  override requiresGrad_(flag = true): this {
    if (!flag) throw new Error('Parameter.requiresGrad_: a Parameter always requires grad; use detach() for a constant copy');
    return this;
  }
}
