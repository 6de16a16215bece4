/**
 * The discrete methods whose continuous limits are the flows of this folder,
 * on flat vectors:
 *
 *   gradient descent   θₖ₊₁ = θₖ − η∇L(θₖ)                       (explicit Euler on dθ/dt = −∇L, step η)
 *   heavy ball         θₖ₊₁ = θₖ − η∇L(θₖ) + β(θₖ − θₖ₋₁)       (Polyak 1964; θ₋₁ = θ₀)
 *
 * The heavy ball form is the same iteration as torch.optim.SGD with
 * momentum β and no dampening (v ← βv + g, θ ← θ − ηv). Iterate k lives at
 * flow time t = kη for GD and t = k√η for heavy ball (see heavyBall.ts).
 */
import type { Objective } from '../../autograd/index.js';
import { checkObjective } from './gradientFlow.js';
import { checkInteger, checkNumberInRange, checkPositiveInteger, checkPositiveNumber } from '../../tensor/validate.js';

export interface DescentResult {
  /** Flow time of each recorded iterate (kη for GD, k√η for heavy ball). */
  t: Float64Array;
  /** Iteration number of each recorded iterate. */
  k: Int32Array;
  /** Recorded iterates θₖ (copies). */
  theta: Float64Array[];
  /** L(θₖ) at the recorded iterates. */
  loss: Float64Array;
  /** True when an iterate became non-finite or exceeded `divergeAbove` in norm; the run stopped there. */
  diverged: boolean;
}

export interface DescentOptions {
  /** Record every `every`-th iterate (the first and last are always recorded); default 1. */
  every?: number;
  /** Stop and flag divergence when ‖θ‖∞ exceeds this; default 1e8. */
  divergeAbove?: number;
}

function checkDescent(fn: string, obj: Objective, theta0: ArrayLike<number>, steps: number, options: DescentOptions): { every: number; limit: number } {
  if (!theta0 || theta0.length !== obj.n) throw new Error(`${fn}: theta0 must have length n = ${obj.n}, got ${theta0?.length}`);
  checkInteger(fn, 'steps', steps, 0);
  const { every = 1, divergeAbove = 1e8 } = options;
  checkPositiveInteger(fn, 'every', every);
  if (!(divergeAbove > 0)) throw new Error(`${fn}: divergeAbove must be > 0, got ${divergeAbove}`);
  return { every, limit: divergeAbove };
}

function runIteration(
  obj: Objective,
  theta0: ArrayLike<number>,
  steps: number,
  timePerStep: number,
  every: number,
  limit: number,
  step: (theta: Float64Array, g: Float64Array) => void,
): DescentResult {
  const theta = Float64Array.from(theta0);
  const g = new Float64Array(obj.n);
  const ts: number[] = [];
  const ks: number[] = [];
  const thetas: Float64Array[] = [];
  const losses: number[] = [];
  const record = (k: number): void => {
    ts.push(k * timePerStep);
    ks.push(k);
    thetas.push(theta.slice());
    losses.push(obj.value(theta));
  };
  record(0);
  let diverged = false;
  for (let k = 1; k <= steps; k++) {
    obj.gradient(theta, g);
    step(theta, g);
    let big = 0;
    for (let i = 0; i < theta.length; i++) big = Math.max(big, Math.abs(theta[i]!));
    if (!(big <= limit)) {
      diverged = true;
      record(k);
      break;
    }
    if (k % every === 0 || k === steps) record(k);
  }
  return { t: Float64Array.from(ts), k: Int32Array.from(ks), theta: thetas, loss: Float64Array.from(losses), diverged };
}

/** `steps` steps of gradient descent with learning rate η from θ₀. */
export function gradientDescent(input: Objective, theta0: ArrayLike<number>, lr: number, steps: number, options: DescentOptions = {}): DescentResult {
  const obj = checkObjective(input, 'gradientDescent');
  checkPositiveNumber('gradientDescent', 'lr', lr);
  const { every, limit } = checkDescent('gradientDescent', obj, theta0, steps, options);
  return runIteration(obj, theta0, steps, lr, every, limit, (theta, g) => {
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - lr * g[i]!;
  });
}

/** `steps` steps of Polyak's heavy ball with learning rate η and momentum β ∈ [0, 1), starting at rest (θ₋₁ = θ₀). */
export function heavyBallDescent(
  input: Objective,
  theta0: ArrayLike<number>,
  { lr, momentum }: { lr: number; momentum: number },
  steps: number,
  options: DescentOptions = {},
): DescentResult {
  const obj = checkObjective(input, 'heavyBallDescent');
  checkPositiveNumber('heavyBallDescent', 'lr', lr);
  checkNumberInRange('heavyBallDescent', 'momentum', momentum, 0, 1, { hiOpen: true });
  const { every, limit } = checkDescent('heavyBallDescent', obj, theta0, steps, options);
  const previous = Float64Array.from(theta0);
  return runIteration(obj, theta0, steps, Math.sqrt(lr), every, limit, (theta, g) => {
    for (let i = 0; i < theta.length; i++) {
      const current = theta[i]!;
      theta[i] = current - lr * g[i]! + momentum * (current - previous[i]!);
      previous[i] = current;
    }
  });
}
