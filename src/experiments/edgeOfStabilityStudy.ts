/**
 * The computation of the `edge-of-stability` experiment: full-batch GD on a
 * small tanh network while tracking λ_max (dynamics.edgeOfStabilityStudy),
 * and the catapult in ½(uv − 1)² (dynamics.catapultStudy). A typed config in,
 * plain data out; deterministic for a seed. Public as
 * `experiments.edgeOfStability.study(config)`.
 */
import { catapultStudy, edgeOfStabilityStudy, type CatapultResult, type EdgeOfStabilityResult } from '../dynamics/index.js';
import type { StudyHooks } from './types.js';

export interface EdgeOfStabilityStudyConfig {
  /** GD step sizes of the network runs. */
  lrs: number[];
  steps: number;
  /** Hidden widths of the [1, …, 1] tanh network. */
  hidden: number[];
  points: number;
  /** Degree k of the Chebyshev target T_k. */
  degree: number;
  sharpnessEvery: number;
  lanczosSteps: number;
  /** Catapult start (u₀, v₀), step sizes and steps. */
  u0: number;
  v0: number;
  catapultLrs: number[];
  catapultSteps: number;
  /** A step size > 1, where no minimum of ½(uv − 1)² is stable. */
  overOneLr: number;
  seed: number;
}

export interface EdgeOfStabilityStudyResult {
  eos: EdgeOfStabilityResult;
  /** One catapult run per catapultLrs entry, from (u₀, v₀). */
  cats: CatapultResult[];
  /** The run at overOneLr from (1.1, 0.9). */
  over: CatapultResult;
}

export function study(c: EdgeOfStabilityStudyConfig, hooks: StudyHooks = {}): EdgeOfStabilityStudyResult {
  hooks.progress?.(0, 'edge of stability');
  const { lrs, steps, hidden, points, degree, sharpnessEvery, lanczosSteps, seed } = c;
  const eos = edgeOfStabilityStudy({ lrs, steps, hidden, points, degree, sharpnessEvery, lanczosSteps, seed }, hooks);
  hooks.progress?.(0.9, 'catapult');
  const cats = c.catapultLrs.map((lr) => {
    hooks.checkpoint?.();
    return catapultStudy({ u0: c.u0, v0: c.v0, lr, steps: c.catapultSteps });
  });
  const over = catapultStudy({ u0: 1.1, v0: 0.9, lr: c.overOneLr, steps: c.catapultSteps });
  hooks.progress?.(1, 'done');
  return { eos, cats, over };
}
