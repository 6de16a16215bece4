/**
 * Gradient flow, the continuous-time limit of gradient descent:
 *
 *   dθ/dt = −∇L(θ),   θ(0) = θ₀,
 *
 * integrated by any solveIvp method. Its Jacobian is ∂(−∇L)/∂θ = −H(θ),
 * the negative Hessian, obtained by autodiff (tensorRhs) for the implicit
 * method 'ros23' — needed when H is ill-conditioned (a stiff flow).
 *
 * The modified flow of backward error analysis (Barrett & Dherin 2021,
 * "Implicit Gradient Regularization"): GD with step η follows, to O(η²)
 * over a fixed horizon, the gradient flow of
 *
 *   L̃(θ) = L(θ) + (η/4)‖∇L(θ)‖²,   ∇L̃ = ∇L + (η/2)·H∇L,
 *
 * whose right-hand side costs one gradient and one Hessian–vector product.
 */
import { grad, type FlatLossFn, type Objective, type Tensor } from '../../autograd/index.js';
import { solveIvp } from '../solveIvp.js';
import { tensorRhs } from '../tensorRhs.js';
import type { Jacobian, OdeResult, Rhs, SolveIvpOptions } from '../types.js';
import { checkNonNegativeNumber } from '../../tensor/validate.js';

/** Throw unless `input` is an Objective (src/autograd's `objective`, or `moduleObjective`). */
export function checkObjective(input: Objective, fn: string): Objective {
  if (!input || typeof input !== 'object' || typeof input.loss !== 'function' || typeof input.gradient !== 'function' || typeof input.hvp !== 'function') {
    throw new Error(`${fn}: objective must be an Objective (build one with objective(loss, n) or moduleObjective(model, data, loss))`);
  }
  return input;
}

function checkStep(fn: string, eta: number): void {
  checkNonNegativeNumber(fn, 'eta', eta);
}

/** L̃(θ) = L(θ) + (η/4)‖∇L(θ)‖², differentiable (double backprop), e.g. to take its gradient or Hessian by autodiff. */
export function modifiedLoss(loss: FlatLossFn, eta: number): FlatLossFn {
  checkStep('modifiedLoss', eta);
  const gradL = grad(loss);
  return (theta) => {
    const l = loss(theta);
    if (eta === 0) return l;
    const g = gradL(theta) as Tensor;
    return l.add(g.square().sum().mul(eta / 4));
  };
}

/**
 * Right-hand side of gradient flow, f(θ) = −∇L(θ), with its Jacobian −H(θ)
 * by autodiff. With `eta` > 0, the modified flow f = −(∇L + (η/2)·H∇L);
 * its Jacobian is then −∇²L̃ (third derivatives, by autodiff through the
 * double-backprop graph of L̃).
 */
export function gradientFlowRhs(input: Objective, eta = 0): { f: Rhs; jac: Jacobian } {
  checkStep('gradientFlowRhs', eta);
  const obj = checkObjective(input, 'gradientFlowRhs');
  const n = obj.n;
  const g = new Float64Array(n);
  const hg = new Float64Array(n);
  const f: Rhs = (_t, theta, dtheta) => {
    obj.gradient(theta, g);
    if (eta > 0) {
      obj.hvp(theta, g, hg);
      for (let i = 0; i < n; i++) dtheta[i] = -(g[i]! + 0.5 * eta * hg[i]!);
    } else {
      for (let i = 0; i < n; i++) dtheta[i] = -g[i]!;
    }
  };
  const field = eta > 0 ? grad(modifiedLoss(obj.loss, eta)) : grad(obj.loss);
  const { jac } = tensorRhs((_t, theta) => (field(theta) as Tensor).neg());
  return { f, jac };
}

export interface GradientFlowOptions extends SolveIvpOptions {
  /** Integrate the modified flow of GD with this step η (L̃ = L + (η/4)‖∇L‖²); default 0 (plain gradient flow). */
  modifiedStep?: number;
}

export interface GradientFlowResult extends OdeResult {
  /** L(θ(t)) at each output time (the original loss, also for the modified flow). */
  loss: Float64Array;
}

/**
 * Integrate dθ/dt = −∇L(θ) (or the modified flow) over tSpan from θ₀;
 * method and tolerances as solveIvp (default dopri5, rtol 1e-6, atol 1e-9).
 * A Jacobian is passed for 'ros23' only (it costs n reverse passes).
 *
 * @example
 * ```ts
 * import { objective, ode, tensor, type Tensor } from 'learning-dynamics';
 *
 * // L(θ) = ½(θ₀² + 10 θ₁²): the flow is θ(t) = (e^{−t} θ₀(0), e^{−10t} θ₁(0)).
 * const L = objective((theta: Tensor) => theta.square().mul(tensor([0.5, 5])).sum(), 2);
 * const flow = ode.gradientFlow(L, [1, 1], [0, 1], { tEval: [1], rtol: 1e-10, atol: 1e-12 });
 * console.log(flow.y[0], [Math.exp(-1), Math.exp(-10)]);
 * ```
 */
export function gradientFlow(input: Objective, theta0: ArrayLike<number>, tSpan: readonly [number, number], options: GradientFlowOptions = {}): GradientFlowResult {
  const obj = checkObjective(input, 'gradientFlow');
  if (!theta0 || theta0.length !== obj.n) throw new Error(`gradientFlow: theta0 must have length n = ${obj.n}, got ${theta0?.length}`);
  const { modifiedStep = 0, ...ode } = options;
  const { f, jac } = gradientFlowRhs(obj, modifiedStep);
  const method = ode.method ?? 'dopri5';
  const res = solveIvp(f, tSpan, theta0, { rtol: 1e-6, atol: 1e-9, ...ode, method, jac: method === 'ros23' ? (ode.jac ?? jac) : ode.jac });
  const loss = Float64Array.from(res.y, (y) => obj.value(y));
  return { ...res, loss };
}
