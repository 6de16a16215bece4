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
import { symmetryBreakingExperiment } from './symmetryBreaking.js';
import { edgeOfStabilityExperiment } from './edgeOfStability.js';
import { gradientFlowVsGd } from './gradientFlowVsGd.js';
import { deepLinear } from './deepLinear.js';
import { neuralDynamics } from './neuralDynamics.js';
import { optimizerGeometry } from './optimizerGeometry.js';
import { lossLandscape } from './lossLandscape.js';
import { vanishingExploding } from './vanishingExploding.js';
import { populationCredit } from './populationCredit.js';
import { rnnFixedPoints } from './rnnFixedPoints.js';
import { creditInTime } from './creditInTime.js';
import { edgeOfStabilityMnist } from './edgeOfStabilityMnist.js';

export const catalog: AnyExperiment[] = [xorExperiment, stabilityExperiment, symmetryBreakingExperiment, edgeOfStabilityExperiment, gradientFlowVsGd, deepLinear, neuralDynamics, optimizerGeometry, lossLandscape, vanishingExploding, populationCredit, creditInTime, edgeOfStabilityMnist, rnnFixedPoints];

/** Register every catalog experiment (idempotent). */
export function registerCatalog(): void {
  for (const experiment of catalog) registerExperiment(experiment);
}
