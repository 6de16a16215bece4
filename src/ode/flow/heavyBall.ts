/**
 * Momentum in continuous time: the heavy ball with friction, a damped
 * particle in the potential L,
 *
 *   θ'' + γ(t)·θ' + ∇L(θ) = 0,
 *
 * integrated as the first-order system y = [θ; v] ∈ ℝ²ⁿ,
 *   θ' = v,   v' = −γ(t)·v − ∇L(θ),
 * whose mechanical energy E = ½‖v‖² + L(θ) decays as dE/dt = −γ‖v‖².
 *
 * Correspondence with the discrete heavy ball θₖ₊₁ = θₖ − η∇L(θₖ) + β(θₖ − θₖ₋₁):
 * divide by h² and read θₖ at t = kh,
 *   (θₖ₊₁ − 2θₖ + θₖ₋₁)/h² + ((1 − β)/h)·(θₖ − θₖ₋₁)/h = −(η/h²)·∇L(θₖ),
 * a consistent discretization of the ODE (first-order accurate in h) when
 *   h = √η,   γ = (1 − β)/√η    ⇔    η = h²,   β = 1 − γh.
 * Fixed γ as η → 0 thus means β → 1 like 1 − γ√η.
 *
 * Nesterov's accelerated gradient with step s has the limit (Su, Boyd &
 * Candès 2016) θ'' + (3/t)·θ' + ∇L = 0 with t ≈ k√s: the same system with
 * the vanishing friction γ(t) = 3/t ({@link nesterovFriction}); start it at
 * some t₀ > 0 (the ODE is singular at t = 0).
 */
import { hessian, noGrad, tensor, type Objective, type Tensor } from '../../autograd/index.js';
import { solveIvp } from '../solveIvp.js';
import type { Jacobian, OdeResult, Rhs, SolveIvpOptions } from '../types.js';
import { checkObjective } from './gradientFlow.js';
import { checkNumberInRange, checkPositiveNumber } from '../../tensor/validate.js';

/** Friction coefficient γ ≥ 0: a constant, or a function of time. */
export type Friction = number | ((t: number) => number);

/** (η, β) of the discrete heavy ball → (step h, friction γ) of the ODE: h = √η, γ = (1 − β)/√η. */
export function heavyBallFromDiscrete({ lr, momentum }: { lr: number; momentum: number }): { step: number; friction: number } {
  checkPositiveNumber('heavyBallFromDiscrete', 'lr', lr);
  checkNumberInRange('heavyBallFromDiscrete', 'momentum', momentum, 0, 1, { hiOpen: true });
  const step = Math.sqrt(lr);
  return { step, friction: (1 - momentum) / step };
}

/** (step h, friction γ) of the ODE → (η, β) of the discrete heavy ball: η = h², β = 1 − γh (needs 0 < γh ≤ 1). */
export function discreteFromHeavyBall({ step, friction }: { step: number; friction: number }): { lr: number; momentum: number } {
  checkPositiveNumber('discreteFromHeavyBall', 'step', step);
  if (!(friction >= 0 && friction * step <= 1)) {
    throw new Error(`discreteFromHeavyBall: friction must satisfy 0 ≤ friction·step ≤ 1 (so that β = 1 − γh ∈ [0, 1]), got friction ${friction} with step ${step}`);
  }
  return { lr: step * step, momentum: 1 - friction * step };
}

/** γ(t) = r/t, the friction of Nesterov's ODE (r = 3 in Su, Boyd & Candès). */
export function nesterovFriction(r = 3): (t: number) => number {
  checkPositiveNumber('nesterovFriction', 'r', r);
  return (t) => r / t;
}

function frictionAt(friction: Friction, t: number): number {
  const g = typeof friction === 'number' ? friction : friction(t);
  if (!Number.isFinite(g)) throw new Error(`heavyBall: friction(t) must be finite, got ${g} at t = ${t}`);
  return g;
}

/** Right-hand side for y = [θ; v] and its Jacobian [[0, I], [−H(θ), −γI]] (H by autodiff). */
export function heavyBallRhs(input: Objective, friction: Friction): { f: Rhs; jac: Jacobian } {
  const obj = checkObjective(input, 'heavyBallRhs');
  if (typeof friction === 'number' ? !(friction >= 0 && Number.isFinite(friction)) : typeof friction !== 'function') {
    throw new Error(`heavyBallRhs: friction must be a finite number ≥ 0 or a function of t, got ${String(friction)}`);
  }
  const n = obj.n;
  const theta = new Float64Array(n);
  const g = new Float64Array(n);
  const f: Rhs = (t, y, dy) => {
    const gamma = frictionAt(friction, t);
    theta.set(y.subarray(0, n));
    obj.gradient(theta, g);
    for (let i = 0; i < n; i++) {
      const v = y[n + i]!;
      dy[i] = v;
      dy[n + i] = -gamma * v - g[i]!;
    }
  };
  const hess = hessian(obj.loss);
  const jac: Jacobian = (t, y) => {
    const gamma = frictionAt(friction, t);
    const H = noGrad(() => hess(tensor(y.slice(0, n)))) as Tensor;
    const h = H.contiguous().data;
    const m = 2 * n;
    const J = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      J[i * m + n + i] = 1;
      J[(n + i) * m + n + i] = -gamma;
      for (let j = 0; j < n; j++) J[(n + i) * m + j] = -h[i * n + j]!;
    }
    return J;
  };
  return { f, jac };
}

export interface HeavyBallFlowOptions extends SolveIvpOptions {
  /** γ: constant or γ(t); default 1. */
  friction?: Friction;
  /** Initial velocity θ'(t₀); default 0 (start at rest, as the discrete method does). */
  v0?: ArrayLike<number>;
}

export interface HeavyBallFlowResult extends OdeResult {
  /** θ(t) at the output times (the first n components of each state). */
  theta: Float64Array[];
  /** L(θ(t)). */
  loss: Float64Array;
  /** Mechanical energy ½‖θ'‖² + L(θ) (non-increasing for γ ≥ 0). */
  energy: Float64Array;
}

/** Integrate θ'' + γθ' + ∇L(θ) = 0 from (θ₀, v₀) over tSpan (solveIvp options; default dopri5, rtol 1e-6, atol 1e-9). */
export function heavyBallFlow(input: Objective, theta0: ArrayLike<number>, tSpan: readonly [number, number], options: HeavyBallFlowOptions = {}): HeavyBallFlowResult {
  const obj = checkObjective(input, 'heavyBallFlow');
  const n = obj.n;
  if (!theta0 || theta0.length !== n) throw new Error(`heavyBallFlow: theta0 must have length n = ${n}, got ${theta0?.length}`);
  const { friction = 1, v0, ...ode } = options;
  if (v0 !== undefined && v0.length !== n) throw new Error(`heavyBallFlow: v0 must have length n = ${n}, got ${v0.length}`);
  const { f, jac } = heavyBallRhs(obj, friction);
  const y0 = new Float64Array(2 * n);
  y0.set(Float64Array.from(theta0));
  if (v0 !== undefined) y0.set(Float64Array.from(v0), n);
  const method = ode.method ?? 'dopri5';
  const res = solveIvp(f, tSpan, y0, { rtol: 1e-6, atol: 1e-9, ...ode, method, jac: method === 'ros23' ? (ode.jac ?? jac) : ode.jac });
  const theta = res.y.map((y) => y.slice(0, n));
  const loss = Float64Array.from(theta, (th) => obj.value(th));
  const energy = Float64Array.from(res.y, (y, i) => {
    let kinetic = 0;
    for (let j = n; j < 2 * n; j++) kinetic += y[j]! * y[j]!;
    return 0.5 * kinetic + loss[i]!;
  });
  return { ...res, theta, loss, energy };
}
