/**
 * A model's loss as a function of one flat parameter vector θ ∈ ℝⁿ,
 * L(θ) = loss(f(x; θ), y), the object whose gradient field and Hessian
 * define the learning dynamics. The layout is src/optim's (Parameters end to
 * end in `model.parameters()` order, each row-major), so vectors from
 * `flattenParams` / `ParamVector` plug in directly.
 *
 * The Hessian is never formed: `hvp` is reverse-over-reverse autograd.
 * The graph of g(θ) = ∇L(θ) is built once per point θ (a forward and a
 * backward pass, recorded), and each H·v is then one reverse pass through
 * it: vᵀ∂g/∂θ = (Hv)ᵀ since H is symmetric. Lanczos calls hvp many times
 * at the same θ, so the point's graph is cached (keyed by θ's values).
 */
import { grad, noGrad, tensor, valueAndGrad, vjp, type Tensor } from '../autograd/index.js';
import type { Loss, LossFn, LossName, Module } from '../nn/index.js';
import { moduleObjective } from '../ode/index.js';
import { flattenParams } from '../optim/index.js';

export interface Data {
  x: Tensor;
  y: Tensor;
}

export interface FlatLoss {
  /** Number of parameters n. */
  n: number;
  /** Differentiable L(θ) for a flat tensor θ of shape [n]. */
  loss: (theta: Tensor) => Tensor;
  /** L(θ) for a plain vector (no graph). */
  value: (theta: Float64Array) => number;
  /** [L(θ), ∇L(θ)] for a plain vector. */
  valueAndGradient: (theta: Float64Array) => [number, Float64Array];
  /** H(θ)·v for plain vectors. */
  hvp: (theta: Float64Array, v: Float64Array) => Float64Array;
  /** The model's current parameters, flattened (a copy). */
  theta0: () => Float64Array;
}

/** The flat-parameter loss of `model` on `data` (full batch). */
export function flatLoss(model: Module, data: Data, lossFn: LossName | Loss | LossFn): FlatLoss {
  // The loss of θ is the flow code's module objective (same layout, same checks); what this adds is the
  // per-point cached Hessian-vector product that Lanczos needs.
  const { n, loss } = moduleObjective(model, data, lossFn);
  const params = model.parameters();
  const check = (name: string, v: Float64Array): void => {
    if (!(v instanceof Float64Array) || v.length !== n) {
      throw new Error(`flatLoss: ${name} must be a Float64Array of length n = ${n}, got length ${(v as { length?: number })?.length}`);
    }
  };
  const vg = valueAndGrad(loss);
  const gradient = (theta: Tensor): Tensor => grad(loss)(theta) as Tensor;
  let cachedPoint: Float64Array | null = null;
  let cachedBack: ((v: Tensor) => Tensor[]) | null = null;
  const hvpAt = (theta: Float64Array): ((v: Tensor) => Tensor[]) => {
    if (cachedBack && cachedPoint && cachedPoint.every((x, i) => Object.is(x, theta[i]))) return cachedBack;
    const [, back] = vjp(gradient, tensor(Float64Array.from(theta)));
    cachedPoint = Float64Array.from(theta);
    cachedBack = back;
    return back;
  };
  return {
    n,
    loss,
    value: (theta) => {
      check('theta', theta);
      return noGrad(() => loss(tensor(theta)).item());
    },
    valueAndGradient: (theta) => {
      check('theta', theta);
      const [l, g] = vg(tensor(Float64Array.from(theta)));
      return [l.item(), Float64Array.from((g as Tensor).data)];
    },
    hvp: (theta, v) => {
      check('theta', theta);
      check('v', v);
      const hv = hvpAt(theta)(tensor(Float64Array.from(v)))[0]!;
      return Float64Array.from(hv.contiguous().data);
    },
    theta0: () => flattenParams(params),
  };
}
