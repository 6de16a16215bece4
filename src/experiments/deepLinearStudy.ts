/**
 * The computation of the `deep-linear` experiment: gradient flow and GD on a
 * two-layer linear network from an aligned init at η and η/2, and from a
 * small random init (ode.deepLinearStudy), checked against Saxe et al.'s
 * solution. A typed config in, plain data out; deterministic for a seed.
 * Public as `experiments.deepLinear.study(config)`.
 */
import { deepLinearStudy, saxeLearningTime, type DeepLinearResult } from '../ode/flow/index.js';
import type { StudyHooks } from './types.js';

export interface DeepLinearStudyConfig {
  /** Distinct singular values s of the target A = U diag(s) Vᵀ. */
  singularValues: number[];
  /** Initial strength of every mode (aligned init). */
  u0: number;
  inDim: number;
  outDim: number;
  /** Hidden width (0: one unit per mode). */
  hidden: number;
  lr: number;
  /** Horizon as a multiple of the weakest mode's predicted half-time. */
  horizonFactor: number;
  points: number;
  randomInit: boolean;
  seed: number;
}

export interface DeepLinearStudyResult {
  aligned: DeepLinearResult;
  halfStep: DeepLinearResult;
  random: DeepLinearResult | null;
}

export function study(c: DeepLinearStudyConfig, hooks: StudyHooks = {}): DeepLinearStudyResult {
  const fn = 'deep-linear';
  const s = c.singularValues;
  if (new Set(s).size !== s.length) throw new Error(`${fn}: singularValues must be distinct, got [${s.join(', ')}]`);
  if (!(c.u0 < Math.min(...s) / 2)) throw new Error(`${fn}: u0 must be < min(singularValues)/2 = ${Math.min(...s) / 2}, got ${c.u0}`);
  if (!(c.lr * 2 * Math.max(...s) < 1)) throw new Error(`${fn}: lr must be < 1/(2·max s) = ${1 / (2 * Math.max(...s))} for GD to track the flow, got ${c.lr}`);
  const hidden = c.hidden === 0 ? s.length : c.hidden;
  if (hidden < s.length) throw new Error(`${fn}: hidden must be 0 or ≥ the number of modes ${s.length}, got ${c.hidden}`);
  if (Math.min(c.inDim, c.outDim) < s.length) throw new Error(`${fn}: inDim and outDim must be ≥ the number of modes ${s.length}`);
  const horizon = c.horizonFactor * saxeLearningTime(Math.min(...s), c.u0);
  const base = { inDim: c.inDim, outDim: c.outDim, hidden, singularValues: s, u0: c.u0, points: c.points, seed: c.seed, horizon };

  hooks.progress?.(0, 'aligned init, η');
  const aligned = deepLinearStudy({ ...base, init: 'aligned', lr: c.lr }, hooks);
  hooks.progress?.(0.4, 'aligned init, η/2');
  const halfStep = deepLinearStudy({ ...base, init: 'aligned', lr: c.lr / 2 }, hooks);
  hooks.progress?.(0.7, 'random init');
  // A random init has smaller initial mode strengths (entries of std √u₀/4), hence longer plateaus.
  const random = c.randomInit ? deepLinearStudy({ ...base, init: 'random', lr: c.lr, horizon: 1.5 * horizon }, hooks) : null;
  hooks.progress?.(1, 'done');
  return { aligned, halfStep, random };
}
