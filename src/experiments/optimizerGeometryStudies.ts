/**
 * The measurements behind the `optimizer-geometry` experiment, each a pure
 * function of its inputs (figures are built in optimizerGeometry.ts):
 *
 * - rate sweep: on ½θᵀHθ with spectrum [μ, L] = [1, κ], GD at η = 2/(μ + L),
 *   heavy ball at Polyak's (η, β) and Nesterov at (1/L, (√κ − 1)/(√κ + 1)),
 *   run with src/optim's SGD; the measured contraction per step against the
 *   closed forms (κ − 1)/(κ + 1), (√κ − 1)/(√κ + 1) and 1 − 1/√κ;
 * - saddle escape on f = ½λ₊x² + ½λ₋y² (λ₋ < 0) from (1, δ₀): GD leaves |y| < r
 *   after ⌈log(r/δ₀)/log(1 + η|λ₋|)⌉ steps ≈ log(r/δ₀)/(η|λ₋|); the heavy ball's
 *   growing mode is the larger root z₊ of z² − (1 + β + η|λ₋|)z + β, with
 *   amplitude A = δ₀(1 + η|λ₋| − z₋)/(z₊ − z₋) (θ₁ = θ₀ − ηg₀ in torch), so it
 *   escapes after ≈ log(r/A)/log z₊; Adam's first steps have size ≈ η whatever
 *   the curvature, so ≈ (r − δ₀)/η;
 * - plateau on the monkey saddle x³ − 3xy²: on the valley y = 0, x < 0, GD is
 *   u ↦ u + 3ηu² (u = −x), whose flow u̇ = 3ηu² leaves radius r after
 *   (1/δ₀ − 1/r)/(3η) steps — polynomial in 1/δ₀, not logarithmic.
 */
import { checked } from './runner.js';
import type { StudyHooks } from './types.js';
import type { Tensor } from '../autograd/index.js';
import {
  coordinates,
  distancesTo,
  escapeStep,
  gdSaddleEscapeTime,
  measuredRate,
  quadratic,
  runTrajectory,
  type OptimizerSpec,
  type Surface,
} from '../landscape/index.js';
import { gdOptimal, modeRate, nesterovOptimal, polyakOptimal } from '../optim/index.js';

export type RateMethod = 'GD' | 'heavy ball' | 'Nesterov';

export interface RateRow {
  kappa: number;
  method: RateMethod;
  lr: number;
  momentum: number;
  theory: number;
  measured: number;
  /** measured / theory − 1. */
  relativeError: number;
  /** Steps run; the rate is measured over the last half. */
  steps: number;
}

/**
 * Steps after which the predicted error r^T falls to `decay`, capped. The
 * quadratic's minimum is at 0 and every update is linear and homogeneous, so
 * the iterates keep full relative precision far below 1e-16 (down to ~1e-300).
 * A long window matters for momentum: at a double root the error is
 * (a + bt)·rᵗ, and a window [T/2, T] overestimates r by up to 2^{2/T}.
 */
function stepsForDecay(rate: number, decay: number, cap: number): number {
  return Math.max(40, Math.min(cap, Math.ceil(Math.log(decay) / Math.log(rate))));
}

/** The surface with a cancellation check before every evaluation (optimizer runs and basin maps evaluate it once per step). */
export function watchSurface<S extends Surface>(surface: S, hooks: StudyHooks): S {
  return hooks.checkpoint ? { ...surface, f: checked(hooks, surface.f) } : surface;
}

/** Measured vs closed-form contraction factors of the three tuned methods on κ-conditioned bowls. */
export function rateSweep(kappas: readonly number[], angle: number, maxSteps: number, hooks: StudyHooks = {}, onKappa?: (k: number) => void): RateRow[] {
  const rows: RateRow[] = [];
  kappas.forEach((kappa, k) => {
    const bowl = watchSurface(quadratic({ kappa, angle }), hooks);
    const [mu, L] = bowl.eigenvalues;
    const start = bowl.start![0]!;
    const tuned: [RateMethod, ReturnType<typeof gdOptimal>, boolean][] = [
      ['GD', gdOptimal(mu, L), false],
      ['heavy ball', polyakOptimal(mu, L), false],
      ['Nesterov', nesterovOptimal(mu, L), true],
    ];
    for (const [method, t, nesterov] of tuned) {
      const steps = stepsForDecay(t.rate, 1e-100, maxSteps);
      const spec: OptimizerSpec = t.momentum > 0 ? { kind: 'sgd', lr: t.lr, momentum: t.momentum, nesterov } : { kind: 'sgd', lr: t.lr };
      const errors = distancesTo(runTrajectory(bowl, start, spec, { steps }).path, [0, 0]);
      const measured = measuredRate(errors);
      rows.push({ kappa, method, lr: t.lr, momentum: t.momentum, theory: t.rate, measured, relativeError: measured / t.rate - 1, steps });
    }
    onKappa?.(k);
  });
  return rows;
}

/** The quadratic saddle ½λ₊x² + ½λ₋y² (λ₋ < 0): Hessian diag(λ₊, λ₋) everywhere. */
export function quadraticSaddle(lambdaPlus: number, lambdaMinus: number): Surface {
  return {
    id: 'quadratic-saddle',
    name: `saddle ½·${lambdaPlus}x² − ½·${-lambdaMinus}y²`,
    f: (xy: Tensor) => {
      const [x, y] = coordinates(xy, 'quadraticSaddle.f');
      return x.square().mul(0.5 * lambdaPlus).add(y.square().mul(0.5 * lambdaMinus));
    },
    domain: { x: [-1.5, 1.5], y: [-1.5, 1.5] },
    minima: [],
    saddles: [{ x: 0, y: 0, f: 0 }],
    note: 'A strict saddle with one direction of negative curvature λ₋.',
  };
}

export interface EscapeRow {
  lambdaNeg: number;
  optimizer: string;
  /** First step with |y| ≥ radius (−1: not within the step budget). */
  measured: number;
  /** The prediction (GD: exact ⌈·⌉ formula; heavy ball: log(r/A)/log z₊; Adam: (r − δ₀)/η). */
  theory: number;
  /** GD only: the small-step approximation log(r/δ₀)/(η|λ₋|) (NaN for the others). */
  approx: number;
}

/** Growing mode of the heavy ball along a negative eigenvalue: rate z₊ and amplitude A of A z₊ᵗ + B z₋ᵗ. */
export function heavyBallEscapeMode(delta0: number, lr: number, momentum: number, lambdaNeg: number): { rate: number; amplitude: number } {
  const h = lr * Math.abs(lambdaNeg);
  // The mode's larger root: μ² − (1 + β + h)μ + β = 0 (h = η|λ₋|), real and > 1 for λ₋ < 0.
  const zPlus = modeRate('momentum', lambdaNeg, { lr, momentum });
  const zMinus = momentum / zPlus;
  return { rate: zPlus, amplitude: (delta0 * (1 + h - zMinus)) / (zPlus - zMinus) };
}

export interface EscapeOptions {
  lambdaPlus: number;
  lambdaNegs: readonly number[];
  delta0: number;
  radius: number;
  lr: number;
  momentum: number;
  adamLr: number;
}

/** Escape times from quadratic saddles of several negative curvatures, for GD, heavy ball and Adam. */
export function saddleEscapes(o: EscapeOptions, hooks: StudyHooks = {}): EscapeRow[] {
  const rows: EscapeRow[] = [];
  const d0 = Math.abs(o.delta0);
  for (const lambdaNeg of o.lambdaNegs) {
    const surface = watchSurface(quadraticSaddle(o.lambdaPlus, lambdaNeg), hooks);
    const gd = gdSaddleEscapeTime(d0, o.lr, lambdaNeg, o.radius);
    const hb = heavyBallEscapeMode(d0, o.lr, o.momentum, lambdaNeg);
    const hbTheory = Math.log(o.radius / hb.amplitude) / Math.log(hb.rate);
    const adamTheory = (o.radius - d0) / o.adamLr;
    const runs: [string, OptimizerSpec, number, number][] = [
      ['GD', { kind: 'sgd', lr: o.lr }, gd.steps, gd.approx],
      [`heavy ball β = ${o.momentum}`, { kind: 'sgd', lr: o.lr, momentum: o.momentum }, hbTheory, NaN],
      ['Adam', { kind: 'adam', lr: o.adamLr }, adamTheory, NaN],
    ];
    for (const [name, spec, theory, approx] of runs) {
      const budget = Math.ceil(3 * Math.max(gd.steps, theory)) + 50;
      const path = runTrajectory(surface, [1, o.delta0], spec, { steps: budget, criterion: 'gradNorm' }).path;
      const t = escapeStep(path, { center: [0, 0], direction: [0, 1], threshold: o.radius });
      rows.push({ lambdaNeg, optimizer: name, measured: t ?? -1, theory, approx });
    }
  }
  return rows;
}

export interface PlateauRow {
  optimizer: string;
  /** First step with ‖θ‖ ≥ radius (−1: never). */
  measured: number;
  /** GD only: (1/δ₀ − 1/r)/(3η) from the flow u̇ = 3ηu² (NaN otherwise). */
  theory: number;
  /** Steps spent with ‖∇f‖ < gradTol before leaving. */
  flatSteps: number;
}

/** Leaving the degenerate critical point of the monkey saddle from (−δ₀, 0), along its valley. */
export function plateauEscapes(surface: Surface, o: { delta0: number; radius: number; lr: number; momentum: number; adamLr: number; gradTol: number }): PlateauRow[] {
  const theory = (1 / o.delta0 - 1 / o.radius) / (3 * o.lr);
  const runs: [string, OptimizerSpec][] = [
    ['GD', { kind: 'sgd', lr: o.lr }],
    [`heavy ball β = ${o.momentum}`, { kind: 'sgd', lr: o.lr, momentum: o.momentum }],
    ['Adam', { kind: 'adam', lr: o.adamLr }],
  ];
  return runs.map(([name, spec], i) => {
    const run = runTrajectory(surface, [-o.delta0, 0], spec, { steps: Math.ceil(2 * theory) + 50, criterion: 'gradNorm', divergeRadius: 1e3 });
    const exit = run.path.findIndex((p) => Math.hypot(p[0], p[1]) >= o.radius);
    const upto = exit < 0 ? run.path.length : exit;
    let flat = 0;
    for (let t = 0; t < upto; t++) if (run.gradNorms[t]! < o.gradTol) flat++;
    return { optimizer: name, measured: exit, theory: i === 0 ? theory : NaN, flatSteps: flat };
  });
}

