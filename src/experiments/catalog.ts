/**
 * The catalog: the one place where experiments are listed. Each experiment
 * module is imported here and added to `catalog`; `registerCatalog()` puts
 * them in the registry. The CLI's main job, `ldyn list` and the sweep
 * workers all see exactly this set.
 *
 * To add an experiment: `import { myExperiment } from './myExperiment.js';`
 * and append `myExperiment` to the array below.
 */
import { registerExperiment } from './registry.js';
import type { AnyExperiment } from './types.js';
import { xorExperiment } from './xor.js';
import { stabilityExperiment } from './stability.js';
import { symmetryBreakingExperiment } from './symmetry-breaking.js';
import { edgeOfStabilityExperiment } from './edge-of-stability.js';
import { gradientFlowVsGd } from './gradient-flow-vs-gd.js';
import { deepLinear } from './deep-linear.js';
import { neuralDynamics } from './neural-dynamics.js';
import { optimizerGeometry } from './optimizer-geometry.js';
import { lossLandscape } from './loss-landscape.js';
import { vanishingExploding } from './vanishing-exploding.js';
import { populationCredit } from './population-credit.js';
import { rnnFixedPoints } from './rnn-fixed-points.js';
import { creditInTime } from './credit-in-time.js';
import { edgeOfStabilityMnist } from './edge-of-stability-mnist.js';

export const catalog: AnyExperiment[] = [xorExperiment, stabilityExperiment, symmetryBreakingExperiment, edgeOfStabilityExperiment, gradientFlowVsGd, deepLinear, neuralDynamics, optimizerGeometry, lossLandscape, vanishingExploding, populationCredit, creditInTime, edgeOfStabilityMnist, rnnFixedPoints];

/** Register every catalog experiment (idempotent). */
export function registerCatalog(): void {
  for (const experiment of catalog) registerExperiment(experiment);
}
