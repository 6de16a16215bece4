/**
 * The computation of the `symmetry-breaking` experiment: `dynamics.symmetryStudy` once at the main step size (the
 * six scenarios — full-batch GD, mini-batches, input noise, dropout, random init, a nudge — and the growth of an
 * antisymmetric perturbation at the symmetric critical point θ_s), then once more per step size of the growth
 * sweep. At θ_s the update map's Jacobian J = I − ηH leaves the antisymmetric subspace invariant, so a perturbation
 * there grows like max|μ_A|ᵗ with μ_A = 1 − ηλ_A; the sweep checks that rate against the measured one at each η.
 * A typed config in, plain data out; deterministic for a seed. Public as `experiments.symmetryBreaking.study(config)`.
 */
import { symmetryStudy, type SymmetryGrowth, type SymmetryStudyResult } from '../dynamics/index.js';
import { fmt } from './format.js';
import { Cancelled } from './runner.js';
import type { StudyHooks } from './types.js';

export interface SymmetryBreakingStudyConfig {
  /** Hidden width h of the [2, h, 1] tanh network. */
  hidden: number;
  /** Training points x ~ U[−1.5, 1.5]², target y = tanh(2x₁) − tanh(2x₂). */
  points: number;
  /** Step size η of the scenarios. */
  lr: number;
  steps: number;
  recordEvery: number;
  /** GD steps inside the symmetric manifold to reach θ_s at η = lr; scaled by lr/η in the sweep (same time ηt). */
  convergeSteps: number;
  /** At most this many steps of each growth run from θ_s (scaled like convergeSteps). */
  growthSteps: number;
  /** Step sizes at which the antisymmetric growth rate is predicted and measured. */
  growthLrs: number[];
  seed: number;
}

export interface GrowthPoint {
  lr: number;
  growth: SymmetryGrowth | null;
  /** Why this step size gave no usable measurement ('' if it did). */
  error: string;
  /** |measured − predicted|/|predicted − 1|: the relative error of the growth exponent μ − 1 (NaN without a measurement). */
  exponentError: number;
}

export interface SymmetryBreakingStudyResult {
  /** The scenarios and the growth at θ_s, at the main step size. */
  main: SymmetryStudyResult;
  sweep: GrowthPoint[];
  /** λ_A = (1 − μ_A)/η: the antisymmetric Hessian eigenvalues at θ_s (real: J = I − ηH is symmetric). */
  lambdaA: number[];
}

/** θ_s must be a critical point for the linearization there to describe the growth; GD inside the symmetric manifold may itself fail to converge at large η. */
export const CRITICAL_GRAD_NORM = 1e-4;

/** Names of the scenarios that keep identical units identical (everything they do is shared by the units). */
export const SYMMETRIC_SCENARIOS: readonly string[] = ['gd-identical', 'minibatch', 'input-noise'];

export function usable(p: GrowthPoint): p is GrowthPoint & { growth: SymmetryGrowth } {
  return p.growth !== null && p.error === '';
}

const exponentError = (g: SymmetryGrowth) => Math.abs(g.measuredRate - g.predictedRate) / Math.abs(g.predictedRate - 1);
const notCritical = (g: SymmetryGrowth) => `GD inside the symmetric manifold did not reach a critical point: ‖∇L‖ = ${fmt(g.gradNorm)}`;

function point(lr: number, growth: SymmetryGrowth): GrowthPoint {
  return { lr, growth, error: growth.gradNorm < CRITICAL_GRAD_NORM ? '' : notCritical(growth), exponentError: exponentError(growth) };
}

export function study(c: SymmetryBreakingStudyConfig, hooks: StudyHooks = {}): SymmetryBreakingStudyResult {
  const base = { hidden: c.hidden, points: c.points, recordEvery: c.recordEvery, seed: c.seed };
  hooks.progress?.(0, 'scenarios');
  let main: SymmetryStudyResult;
  try {
    main = symmetryStudy({ ...base, lr: c.lr, steps: c.steps, convergeSteps: c.convergeSteps, growthSteps: c.growthSteps }, hooks);
  } catch (e) {
    if (e instanceof Cancelled) throw e;
    throw new Error(`symmetry-breaking: the run at lr = ${c.lr} left the finite range (${e instanceof Error ? e.message : String(e)}); choose a smaller lr`);
  }
  const sweep = c.growthLrs.map((lr, i): GrowthPoint => {
    hooks.progress?.(0.4 + (0.6 * i) / c.growthLrs.length, `growth at η = ${lr}`);
    if (lr === c.lr) return point(lr, main.growth);
    const scale = c.lr / lr;
    try {
      const s = symmetryStudy({ ...base, lr, steps: 1, convergeSteps: Math.round(c.convergeSteps * scale), growthSteps: Math.max(50, Math.round(c.growthSteps * scale)) }, hooks);
      return point(lr, s.growth);
    } catch (e) {
      if (e instanceof Cancelled) throw e;
      return { lr, growth: null, error: `the symmetric run did not stay finite (${e instanceof Error ? e.message : String(e)})`, exponentError: NaN };
    }
  });
  hooks.progress?.(1, 'done');
  return { main, sweep, lambdaA: main.growth.antisymmetricMultipliers.re.map((mu) => (1 - mu) / c.lr) };
}
