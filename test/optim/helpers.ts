/**
 * Fixtures for the optimizer tests: test objectives with hand-written
 * gradients, and a driver that runs a class optimizer on them.
 *
 * Tolerance: the reference trajectories in the tests are the published
 * update equations evaluated in plain JS arithmetic. They differ from the
 * implementation at most by the order of a few float64 operations per step
 * (≈ 1e-16 relative), and these perturbations grow at most by the norm of
 * the step map's Jacobian per step; with the small learning rates used on
 * the (stiff) Rosenbrock function that growth stays far below 1e4 over 30
 * steps, so 1e-12 relative is a safe yet meaningful bound.
 */
import { expect, it } from 'vitest';
import { Parameter, Tensor } from '../../src/autograd/index.js';
import { NDArray } from '../../src/tensor/index.js';

export const REL_TOL = 1e-12;

export type GradFn = (x: readonly number[]) => number[];

/** f(x) = ½xᵀAx − bᵀx with A = [[3, 0.5], [0.5, 1]], b = [1, −2]: ∇f = Ax − b. */
export const quadraticGrad: GradFn = ([x, y]) => [3 * x! + 0.5 * y! - 1, 0.5 * x! + y! + 2];

/** Rosenbrock f = (1 − x)² + 100(y − x²)²: ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)). */
export const rosenbrockGrad: GradFn = ([x, y]) => [-2 * (1 - x!) - 400 * x! * (y! - x! * x!), 200 * (y! - x! * x!)];

export function param(values: readonly number[], shape: number[] = [values.length]): Parameter {
  return new Parameter(new NDArray(Float64Array.from(values), shape));
}

export function setGrad(p: Parameter, values: readonly number[]): void {
  p.grad = new Tensor(new NDArray(Float64Array.from(values), p.shape));
}

/** Run `steps` steps of `opt` on a single Parameter; returns θ after every step. */
export function runOptimizer(opt: { step(): void }, p: Parameter, grad: GradFn, steps: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < steps; k++) {
    setGrad(p, grad(Array.from(p.data)));
    opt.step();
    out.push(Array.from(p.data));
  }
  return out;
}

/** Largest relative difference |a − b| / max(|b|, 1e-300) over two trajectories. */
export function maxRelDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  if (a.length !== b.length) throw new Error(`maxRelDiff: ${a.length} vs ${b.length} rows`);
  let worst = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      const ref = b[i]![j]!;
      worst = Math.max(worst, Math.abs(v - ref) / Math.max(Math.abs(ref), 1e-300));
    });
  });
  return worst;
}

/** The two objectives every optimizer is checked on, with their starting points. */
export const OBJECTIVES = [
  ['quadratic', quadraticGrad, [2, -1]],
  ['Rosenbrock', rosenbrockGrad, [-1.2, 1]],
] as const;

/**
 * One test per objective × option set: 30 steps of the optimizer on a single
 * Parameter match the hand-written reference trajectory to REL_TOL and (unless
 * `checkMoved` is false) actually move x.
 */
export function itMatchesReference<O>(
  label: string,
  variants: readonly (readonly [string, O])[],
  make: (params: Parameter[], options: O) => { step(): void },
  reference: (x0: number[], grad: GradFn, steps: number, options: O) => number[][],
  { checkMoved = true }: { checkMoved?: boolean } = {},
): void {
  for (const [objective, grad, x0] of OBJECTIVES) {
    for (const [name, options] of variants) {
      it(`${label}${name}: 30 steps on the ${objective} match the hand-written update`, () => {
        const p = param(x0);
        const traj = runOptimizer(make([p], options), p, grad, 30);
        expect(maxRelDiff(traj, reference([...x0], grad, 30, options))).toBeLessThan(REL_TOL);
        if (checkMoved) expect(Math.abs(traj[29]![0]! - x0[0])).toBeGreaterThan(1e-3); // it moved
      });
    }
  }
}
