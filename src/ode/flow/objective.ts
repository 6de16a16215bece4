/**
 * The objective of a continuous-time learning dynamics: a loss L(θ) of one
 * flat parameter vector θ ∈ ℝⁿ, written once as a differentiable Tensor
 * function and evaluated on plain Float64Arrays — its value, its gradient
 * ∇L (one reverse pass) and its Hessian–vector product H·v = ∇(∇L·v)
 * (reverse-over-reverse, a few gradient costs; the Hessian is never formed).
 *
 * `moduleObjective` builds L(θ) = loss(f(x; θ), y) for an nn Module and a
 * full batch, with θ laid out as src/optim's flattenParams (Parameters end to
 * end in `parameters()` order, each row-major).
 */
import { hvp, noGrad, tensor, valueAndGrad, type Tensor } from '../../autograd/index.js';
import { functionalCall, resolveLoss, type Loss, type LossFn, type LossName, type Module } from '../../nn/index.js';
import { flattenParams, unflattenInto, unflattenTensor } from '../../optim/index.js';

/** A differentiable loss of a flat parameter tensor θ of shape [n], returning a scalar. */
export type FlatLossFn = (theta: Tensor) => Tensor;

export interface Objective {
  /** Number of parameters n. */
  readonly n: number;
  /** The differentiable loss L(θ) for θ of shape [n]. */
  readonly loss: FlatLossFn;
  /** L(θ) (no graph recorded). */
  value(theta: Float64Array): number;
  /** ∇L(θ), written into `out` when given. */
  gradient(theta: Float64Array, out?: Float64Array): Float64Array;
  /** H(θ)·v, written into `out` when given. */
  hvp(theta: Float64Array, v: Float64Array, out?: Float64Array): Float64Array;
}

function checkVector(fn: string, name: string, v: unknown, n: number): Float64Array {
  if (!(v instanceof Float64Array) || v.length !== n) {
    const len = (v as { length?: unknown } | null)?.length;
    throw new Error(`${fn}: ${name} must be a Float64Array of length n = ${n}, got ${v instanceof Float64Array ? `length ${v.length}` : `${typeof v}${len !== undefined ? ` of length ${String(len)}` : ''}`}`);
  }
  return v;
}

function checkScalarLoss(fn: string, out: unknown): Tensor {
  const t = out as Tensor;
  if (!t || typeof t !== 'object' || typeof t.size !== 'number' || t.size !== 1) {
    throw new Error(`${fn}: the loss must return a scalar Tensor (one element), got ${t && Array.isArray(t.shape) ? `shape [${t.shape.join(', ')}]` : typeof out}`);
  }
  return t;
}

/** Wrap a differentiable flat loss L(θ) of n parameters as value / gradient / hvp on Float64Arrays. */
export function objective(loss: FlatLossFn, n: number): Objective {
  if (typeof loss !== 'function') throw new Error('objective: loss must be a function (theta: Tensor) => Tensor');
  if (!Number.isInteger(n) || n < 1) throw new Error(`objective: n must be an integer ≥ 1, got ${n}`);
  const checked: FlatLossFn = (theta) => checkScalarLoss('objective', loss(theta));
  const vg = valueAndGrad(checked);
  const write = (src: Tensor, out: Float64Array | undefined): Float64Array => {
    const data = src.contiguous().data;
    if (out === undefined) return Float64Array.from(data);
    out.set(data);
    return out;
  };
  return {
    n,
    loss: checked,
    value(theta) {
      checkVector('objective.value', 'theta', theta, n);
      return noGrad(() => checked(tensor(theta.slice())).item());
    },
    gradient(theta, out) {
      checkVector('objective.gradient', 'theta', theta, n);
      if (out !== undefined) checkVector('objective.gradient', 'out', out, n);
      // A copy: tensor() wraps a Float64Array without copying, and callers pass reused solver buffers.
      const [, g] = vg(tensor(theta.slice()));
      return write(g as Tensor, out);
    },
    hvp(theta, v, out) {
      checkVector('objective.hvp', 'theta', theta, n);
      checkVector('objective.hvp', 'v', v, n);
      if (out !== undefined) checkVector('objective.hvp', 'out', out, n);
      return write(hvp(checked, tensor(theta.slice()), tensor(v.slice())) as Tensor, out);
    },
  };
}


export interface ModuleObjective extends Objective {
  /** The model's current parameters, flattened (a copy): the natural θ(0). */
  theta0(): Float64Array;
  /** Write θ back into the model's Parameters (in place). */
  assign(theta: Float64Array): void;
}

/**
 * L(θ) = loss(model(x; θ), y) on a full batch, θ flattened as by
 * flattenParams(model.parameters()). The model's own Parameters are not
 * touched by evaluating L (functionalCall swaps θ in for one forward pass).
 */
export function moduleObjective(model: Module, data: { x: Tensor; y: Tensor }, loss: LossName | Loss | LossFn = 'mse'): ModuleObjective {
  if (!model || typeof model.parameters !== 'function') throw new Error('moduleObjective: model must be an nn Module');
  if (!data || !data.x || !data.y) throw new Error('moduleObjective: data must be { x: Tensor, y: Tensor }');
  const params = model.parameters();
  if (params.length === 0) throw new Error('moduleObjective: model has no parameters');
  const lossFn = resolveLoss(loss);
  const shapes = params.map((p) => [...p.shape]);
  const n = params.reduce((s, p) => s + p.size, 0);
  const flat: FlatLossFn = (theta) => {
    if (theta.ndim !== 1 || theta.size !== n) throw new Error(`moduleObjective: theta must have shape [${n}], got [${theta.shape.join(', ')}]`);
    return lossFn(functionalCall(model, unflattenTensor(theta, shapes), data.x), data.y);
  };
  return {
    ...objective(flat, n),
    theta0: () => flattenParams(params),
    assign: (theta) => unflattenInto(params, checkVector('moduleObjective.assign', 'theta', theta, n)),
  };
}
