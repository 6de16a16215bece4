/**
 * The Objective: a loss L(θ) of one flat parameter vector θ ∈ ℝⁿ, the one
 * currency every tool that needs a loss takes (optimizer trajectories,
 * update-map Jacobians, sharpness/Lanczos/SLQ, gradient flow and descent,
 * the modified flow, slices and landscapes).
 *
 * Written once as a differentiable Tensor function θ ↦ L(θ), it is evaluated
 * on plain Float64Arrays: the value, the gradient ∇L (one reverse pass),
 * both together, and the Hessian–vector product H·v. The Hessian is never
 * formed: the graph of g(θ) = ∇L(θ) is recorded once per point θ (a forward
 * and a backward pass), and each H·v is then one reverse pass through it,
 * vᵀ∂g/∂θ = (Hv)ᵀ since H is symmetric. Lanczos calls hvp many times at the
 * same θ, so the graph of the last point is cached (keyed by θ's values, so
 * a buffer changed in place is seen as a new point).
 *
 * With `{ compile: true }` the three are compiled functions of θ (and v)
 * instead (compile.ts: traced once, since θ's shape is fixed, then replayed
 * with no graph and no allocation; bit-identical to the eager evaluation).
 * An HVP is then a whole replayed reverse-over-reverse pass per call, which
 * costs less than one eager reverse pass through the cached gradient graph,
 * so no graph is cached. That requires what compile requires: L must be
 * shape-static and pure (no `.item()` steering control flow, no random
 * draws, no side effects such as a cancellation check inside it — those run
 * only at the trace). The library's own objectives over a model and a fixed
 * batch (moduleObjective, mlpLoss) are, and compile; a loss given here is
 * evaluated eagerly unless the caller says it qualifies.
 *
 * The form over an nn Module and a batch (L(θ) = loss(f(x; θ), y)) is
 * `moduleObjective` in src/optim, beside the flat-parameter layout it uses.
 */
import { compile } from './compile.js';
import { noGrad } from './graph.js';
import { tensor } from './creation.js';
import { grad, valueAndGrad, vjp } from './functional.js';
import type { Tensor } from './tensor.js';

/** A differentiable loss of a flat parameter tensor θ of shape [n], returning a scalar. */
export type FlatLossFn = (theta: Tensor) => Tensor;

export interface Objective {
  /** Number of parameters n. */
  readonly n: number;
  /** The differentiable loss L(θ) for θ of shape [n] (e.g. to build L̃ or a closed-loop map on it). */
  readonly loss: FlatLossFn;
  /** L(θ) (no graph recorded). */
  value(theta: Float64Array): number;
  /** ∇L(θ), written into `out` when given. */
  gradient(theta: Float64Array, out?: Float64Array): Float64Array;
  /** [L(θ), ∇L(θ)] from one forward and one reverse pass; the gradient is written into `out` when given. */
  valueAndGradient(theta: Float64Array, out?: Float64Array): [number, Float64Array];
  /** H(θ)·v, written into `out` when given; the gradient graph at θ is reused while θ is unchanged. */
  hvp(theta: Float64Array, v: Float64Array, out?: Float64Array): Float64Array;
}

/** Throw unless `v` is a Float64Array of length n. */
export function checkFlatVector(fn: string, name: string, v: unknown, n: number): Float64Array {
  if (!(v instanceof Float64Array) || v.length !== n) {
    const len = (v as { length?: unknown } | null)?.length;
    throw new Error(
      `${fn}: ${name} must be a Float64Array of length n = ${n}, got ${v instanceof Float64Array ? `length ${v.length}` : `${typeof v}${len !== undefined ? ` of length ${String(len)}` : ''}`}`,
    );
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

function write(src: Tensor, out: Float64Array | undefined): Float64Array {
  const data = src.contiguous().data;
  if (out === undefined) return Float64Array.from(data);
  out.set(data);
  return out;
}

export interface ObjectiveOptions {
  /**
   * Evaluate through compiled functions of θ (see the module comment); only for a shape-static, pure loss.
   * Default false.
   */
  compile?: boolean;
}

/** Wrap a differentiable flat loss L(θ) of n parameters as value / gradient / hvp on Float64Arrays. */
export function objective(loss: FlatLossFn, n: number, options: ObjectiveOptions = {}): Objective {
  if (typeof loss !== 'function') throw new Error('objective: loss must be a function (theta: Tensor) => Tensor');
  if (!Number.isInteger(n) || n < 1) throw new Error(`objective: n must be an integer ≥ 1, got ${String(n)}`);
  if (options.compile !== undefined && typeof options.compile !== 'boolean') {
    throw new Error(`objective: options.compile must be a boolean, got ${typeof options.compile}`);
  }
  const checked: FlatLossFn = (theta) => checkScalarLoss('objective', loss(theta));
  if (options.compile === true) return compiledObjective(checked, n);
  const vg = valueAndGrad(checked);
  const gradient = (theta: Tensor): Tensor => grad(checked)(theta) as Tensor;
  // The point θ whose gradient graph is cached, and the reverse pass through that graph.
  let cachedPoint: Float64Array | null = null;
  let cachedBack: ((v: Tensor) => Tensor[]) | null = null;
  const hvpAt = (theta: Float64Array): ((v: Tensor) => Tensor[]) => {
    if (cachedBack !== null && cachedPoint !== null && cachedPoint.every((x, i) => Object.is(x, theta[i]))) return cachedBack;
    // A copy: tensor() wraps a Float64Array without copying, and callers pass reused solver buffers.
    const [, back] = vjp(gradient, tensor(theta.slice()));
    cachedPoint = theta.slice();
    cachedBack = back;
    return back;
  };
  return {
    n,
    loss: checked,
    value(theta) {
      checkFlatVector('objective.value', 'theta', theta, n);
      return noGrad(() => checked(tensor(theta.slice())).item());
    },
    gradient(theta, out) {
      checkFlatVector('objective.gradient', 'theta', theta, n);
      if (out !== undefined) checkFlatVector('objective.gradient', 'out', out, n);
      const [, g] = vg(tensor(theta.slice()));
      return write(g as Tensor, out);
    },
    valueAndGradient(theta, out) {
      checkFlatVector('objective.valueAndGradient', 'theta', theta, n);
      if (out !== undefined) checkFlatVector('objective.valueAndGradient', 'out', out, n);
      const [l, g] = vg(tensor(theta.slice()));
      return [l.item(), write(g as Tensor, out)];
    },
    hvp(theta, v, out) {
      checkFlatVector('objective.hvp', 'theta', theta, n);
      checkFlatVector('objective.hvp', 'v', v, n);
      if (out !== undefined) checkFlatVector('objective.hvp', 'out', out, n);
      return write(hvpAt(theta)(tensor(v.slice()))[0]!, out);
    },
  };
}

/** The Objective of a shape-static, pure loss, evaluated by compiled functions of θ (and v). */
function compiledObjective(checked: FlatLossFn, n: number): Objective {
  const vg = valueAndGrad(checked);
  // Each traced once (θ and v always have shape [n]); the arguments are copied in, so θ needs no defensive copy.
  const valueC = compile((theta: Tensor) => checked(theta));
  const valueAndGradC = compile((theta: Tensor) => {
    const [l, g] = vg(theta);
    return [l, g as Tensor];
  });
  // The eager path's operations (a VJP of ∇L with cotangent v), so the results are the eager ones bit for bit.
  const gradient = (theta: Tensor): Tensor => grad(checked)(theta) as Tensor;
  // Lanczos and power iteration call it many times at one θ with a new v: only the steps that depend on v (the
  // second backward pass) are replayed then, since the forward pass and ∇L(θ) did not change (compile.ts, skipUnchanged).
  const hvpC = compile((theta: Tensor, v: Tensor) => vjp(gradient, theta)[1](v)[0]!, { skipUnchanged: true });
  return {
    n,
    loss: checked,
    value(theta) {
      checkFlatVector('objective.value', 'theta', theta, n);
      return noGrad(() => valueC(tensor(theta)).item());
    },
    gradient(theta, out) {
      checkFlatVector('objective.gradient', 'theta', theta, n);
      if (out !== undefined) checkFlatVector('objective.gradient', 'out', out, n);
      return write(valueAndGradC(tensor(theta))[1]!, out);
    },
    valueAndGradient(theta, out) {
      checkFlatVector('objective.valueAndGradient', 'theta', theta, n);
      if (out !== undefined) checkFlatVector('objective.valueAndGradient', 'out', out, n);
      const [l, g] = valueAndGradC(tensor(theta));
      return [l!.item(), write(g!, out)];
    },
    hvp(theta, v, out) {
      checkFlatVector('objective.hvp', 'theta', theta, n);
      checkFlatVector('objective.hvp', 'v', v, n);
      if (out !== undefined) checkFlatVector('objective.hvp', 'out', out, n);
      return write(hvpC(tensor(theta), tensor(v)), out);
    },
  };
}
