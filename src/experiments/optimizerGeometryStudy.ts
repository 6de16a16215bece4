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
 *   (1/δ₀ − 1/r)/(3η) steps — polynomial in 1/δ₀, not logarithmic;
 * - basins of attraction on Himmelblau under GD at several step sizes: a
 *   minimum with λ_max > 2/η attracts no start.
 */
import { checked } from './runner.js';
import type { StudyHooks } from './types.js';
import type { Tensor } from '../autograd/index.js';
import {
  basinsOfAttraction,
  coordinates,
  distancesTo,
  eigenSymmetric2,
  escapeStep,
  gdSaddleEscapeTime,
  himmelblau,
  measuredRate,
  monkeySaddle,
  quadratic,
  ravineStats,
  rosenbrock,
  runOptimizers,
  runTrajectory,
  signChanges,
  surfaceHessian,
  type BasinsMap,
  type NamedOptimizer,
  type OptimizerRun,
  type OptimizerSpec,
  type Surface,
} from '../landscape/index.js';
import { gdOptimal, modeRate, nesterovOptimal, polyakOptimal } from '../optim/index.js';
import { Rng } from '../tensor/rng.js';
import { fmt } from './format.js';

export interface OptimizerGeometryStudyConfig {
  /** Condition number κ of the ravine, the angle (rad) of its floor, and the optimizer steps in it. */
  ravineKappa: number;
  ravineAngle: number;
  ravineSteps: number;
  /** GD's step in the ravine as a multiple of 1/λ_max. */
  gdStepFactor: number;
  /** β of heavy ball and Nesterov on Rosenbrock and of heavy ball at the saddles. */
  momentum: number;
  /** Learning rate of RMSprop and Adam everywhere. */
  adaptiveLr: number;
  /** Learning rate of GD, heavy ball and Nesterov on Rosenbrock, and the steps there. */
  rosenbrockLr: number;
  rosenbrockSteps: number;
  /** Condition numbers of the rate sweep, and its step cap. */
  kappas: number[];
  rateMaxSteps: number;
  /** |λ₋| of the quadratic saddles, the step size there, and the scale σ of the random offset δ₀ = σξ. */
  saddleCurvatures: number[];
  saddleLr: number;
  saddlePerturbation: number;
  /** Distance of the start from the monkey saddle's centre. */
  plateauDelta: number;
  /** GD step sizes, starts per axis and steps of the Himmelblau basin maps. */
  basinLrs: number[];
  basinGrid: number;
  basinSteps: number;
  seed: number;
}

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


export interface RavineRow {
  optimizer: string;
  /** Wall-to-wall crossings of the floor. */
  oscillations: number;
  /** Share of the way along the floor still to go at the end. */
  alongRemaining: number;
  /** Final distance to the minimum over the initial one. */
  finalDistance: number;
}

/** Wall-to-wall crossings: sign changes of the across-floor coordinate while it is resolvable (|c| > 1e-13‖θ‖, far above the rounding noise ε‖θ‖). */
function ravineRows(runs: OptimizerRun[], along: readonly number[]): RavineRow[] {
  return runs.map((run) => {
    const stats = ravineStats(run.path, { center: [0, 0], along });
    const resolved = stats.across.map((c, t) => (Math.abs(c) > 1e-13 * Math.hypot(...run.path[t]!) ? c : 0));
    const d = distancesTo(run.path, [0, 0]);
    return { optimizer: run.name, oscillations: signChanges(resolved), alongRemaining: stats.alongRemaining, finalDistance: d[d.length - 1]! / d[0]! };
  });
}

/** The study's surfaces: the rotated ravine, Rosenbrock and Himmelblau (pure functions of the config). */
export function surfaces(c: Pick<OptimizerGeometryStudyConfig, 'ravineKappa' | 'ravineAngle'>): { ravine: ReturnType<typeof quadratic>; rosenbrock: Surface; himmelblau: Surface } {
  return { ravine: quadratic({ kappa: c.ravineKappa, angle: c.ravineAngle }), rosenbrock: rosenbrock(), himmelblau: himmelblau() };
}

/** Names of the five optimizers run in the ravine and on Rosenbrock, in order. */
export const OPTIMIZER_KEYS = ['gd', 'heavyBall', 'nesterov', 'rmsprop', 'adam'] as const;

export interface OptimizerGeometryStudyResult {
  config: OptimizerGeometryStudyConfig;
  ravine: { runs: OptimizerRun[]; rows: RavineRow[]; /** Final distance over initial of RMSprop and Adam in the axis-aligned ravine. */ alignedDistance: number[] };
  rosenbrock: OptimizerRun[];
  rates: RateRow[];
  /** The seeded offset δ₀ = σξ off the saddles' stable manifold. */
  delta0: number;
  escapes: EscapeRow[];
  plateau: PlateauRow[];
  /** Step sizes of the basin maps (ascending), the maps, and λ_max at each of Himmelblau's minima. */
  basinLrs: number[];
  basins: BasinsMap[];
  curvature: number[];
}

/** Run every measurement of the experiment. */
export function study(c: OptimizerGeometryStudyConfig, hooks: StudyHooks = {}): OptimizerGeometryStudyResult {
  const rng = new Rng(c.seed);
  const surf = surfaces(c);
  // --- the ravine: a rotated κ-conditioned bowl, start near the far end of its floor ---
  hooks.progress?.(0, 'ravine');
  const bowl = watchSurface(surf.ravine, hooks);
  const [mu, L] = bowl.eigenvalues;
  const [u, v] = bowl.eigenvectors;
  const ravineStart = [1.8 * u[0] + 0.3 * v[0], 1.8 * u[1] + 0.3 * v[1]];
  const polyak = polyakOptimal(mu, L);
  const nesterov = nesterovOptimal(mu, L);
  const ravineOptimizers: NamedOptimizer[] = [
    { name: `GD η = ${fmt(c.gdStepFactor)}/λ_max`, optimizer: { kind: 'sgd', lr: c.gdStepFactor / L } },
    { name: 'heavy ball (Polyak)', optimizer: { kind: 'sgd', lr: polyak.lr, momentum: polyak.momentum } },
    { name: 'Nesterov', optimizer: { kind: 'sgd', lr: nesterov.lr, momentum: nesterov.momentum, nesterov: true } },
    { name: `RMSprop η = ${fmt(c.adaptiveLr)}`, optimizer: { kind: 'rmsprop', lr: c.adaptiveLr } },
    { name: `Adam η = ${fmt(c.adaptiveLr)}`, optimizer: { kind: 'adam', lr: c.adaptiveLr } },
  ];
  const ravineRuns = runOptimizers(bowl, ravineOptimizers, { start: ravineStart, steps: c.ravineSteps, criterion: 'distance', tol: 1e-6 });
  // The same adaptive optimizers on the axis-aligned ravine: only the rotation differs.
  const aligned = watchSurface(quadratic({ kappa: c.ravineKappa, angle: 0 }), hooks);
  const alignedRuns = runOptimizers(aligned, ravineOptimizers.slice(3), { start: [1.8, 0.3], steps: c.ravineSteps });
  const alignedDistance = alignedRuns.map((r) => distancesTo(r.path, [0, 0]).at(-1)! / Math.hypot(1.8, 0.3));

  // --- Rosenbrock's curved valley ---
  hooks.progress?.(0.1, 'Rosenbrock');
  const rosenOptimizers: NamedOptimizer[] = [
    { name: `GD η = ${fmt(c.rosenbrockLr)}`, optimizer: { kind: 'sgd', lr: c.rosenbrockLr } },
    { name: `heavy ball β = ${c.momentum}`, optimizer: { kind: 'sgd', lr: c.rosenbrockLr, momentum: c.momentum } },
    { name: `Nesterov β = ${c.momentum}`, optimizer: { kind: 'sgd', lr: c.rosenbrockLr, momentum: c.momentum, nesterov: true } },
    { name: `RMSprop η = ${fmt(c.adaptiveLr)}`, optimizer: { kind: 'rmsprop', lr: c.adaptiveLr } },
    { name: `Adam η = ${fmt(c.adaptiveLr)}`, optimizer: { kind: 'adam', lr: c.adaptiveLr } },
  ];
  const rosenRuns = runOptimizers(watchSurface(surf.rosenbrock, hooks), rosenOptimizers, { steps: c.rosenbrockSteps, tol: 1e-6 });

  // --- convergence rates on quadratics against theory ---
  hooks.progress?.(0.3, 'rate sweep');
  const rates = rateSweep(c.kappas, c.ravineAngle, c.rateMaxSteps, hooks, (k) => hooks.progress?.(0.3 + (0.2 * (k + 1)) / c.kappas.length, `rates κ = ${c.kappas[k]}`));

  // --- saddles: escape time vs negative curvature; the monkey saddle's plateau ---
  hooks.progress?.(0.5, 'saddles');
  const delta0 = c.saddlePerturbation * rng.normal();
  const escapes = saddleEscapes({ lambdaPlus: 1, lambdaNegs: c.saddleCurvatures.map((l) => -l), delta0, radius: 1, lr: c.saddleLr, momentum: c.momentum, adamLr: c.adaptiveLr }, hooks);
  const plateau = plateauEscapes(watchSurface(monkeySaddle(), hooks), { delta0: c.plateauDelta, radius: 1, lr: c.saddleLr, momentum: c.momentum, adamLr: c.adaptiveLr, gradTol: 0.01 });

  // --- basins of attraction on Himmelblau, one map per step size ---
  const himmel = watchSurface(surf.himmelblau, hooks);
  const curvature = himmel.minima.map((m) => eigenSymmetric2(...surfaceHessian(himmel, m.x, m.y)).values[1]);
  const basinLrs = [...c.basinLrs].sort((a, b) => a - b);
  const basins = basinLrs.map((lr, i) => {
    hooks.progress?.(0.6 + (0.35 * i) / basinLrs.length, `basins η = ${lr}`);
    return basinsOfAttraction(himmel, { kind: 'sgd', lr }, { nx: c.basinGrid, steps: c.basinSteps });
  });
  hooks.progress?.(1, 'done');
  return { config: c, ravine: { runs: ravineRuns, rows: ravineRows(ravineRuns, u), alignedDistance }, rosenbrock: rosenRuns, rates, delta0, escapes, plateau, basinLrs, basins, curvature };
}
