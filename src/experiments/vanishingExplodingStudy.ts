/**
 * Vanishing and exploding gradients at initialisation, as a pure function of its config: for every
 * (activation, initialisation) pair, the per-layer forward variance and backward gradient norm of one deep
 * network beside mean-field theory (Poole et al. 2016; Schoenholz et al. 2017), the measured and predicted
 * per-layer gradient factor χ, and the deepest network plain gradient descent still trains
 * (neuro/signalPropagation.ts does the measuring); then the full singular-value spectrum of the input–output
 * Jacobian J = ∂x^L/∂x^0 of a few networks (dynamical isometry: Saxe et al. 2014; Pennington et al. 2017).
 */
import { jacobianSingularValues, neuroMlp, orthogonalGain, signalPropagationStudy, sphereInputs, type ActivationName, type InitScheme, type SignalPropagationCase } from '../neuro/index.js';
import { Rng } from '../tensor/index.js';
import type { StudyHooks } from './types.js';

export interface VanishingExplodingStudyConfig {
  activations: ActivationName[];
  inits: InitScheme[];
  /** Hidden width n. */
  width: number;
  /** Depth L of the network measured layer by layer. */
  depth: number;
  /** Depths whose trainability is tested. */
  depths: number[];
  /** Teacher–student examples (also the measurement batch). */
  samples: number;
  /** Full-batch gradient steps per trainability test. */
  trainSteps: number;
  learningRate: number;
  /** A depth trains when the loss falls below min(initial, 1)/lossFactor. */
  lossFactor: number;
  /** Networks of depth L whose whole Jacobian spectrum is computed. */
  spectra: { activation: ActivationName; init: InitScheme }[];
  seed: number;
}

/** One case without its measurements during training (the study trains only to test trainability). */
export type SignalCase = Omit<SignalPropagationCase, 'duringTraining'>;

export interface SpectrumCurve {
  activation: ActivationName;
  init: InitScheme;
  /** Singular values of J = ∂x^L/∂x^0 at one input, descending. */
  values: number[];
  /** σ_max/σ_min (Infinity when σ_min = 0). */
  conditionNumber: number;
}

export interface VanishingExplodingStudyResult {
  config: VanishingExplodingStudyConfig;
  cases: SignalCase[];
  spectra: SpectrumCurve[];
}

/** The networks whose spectra the experiment draws: orthogonal vs Gaussian, linear vs nonlinear. */
export const SPECTRUM_CASES: VanishingExplodingStudyConfig['spectra'] = [
  { activation: 'linear', init: 'orthogonal' },
  { activation: 'linear', init: 'xavier' },
  { activation: 'tanh', init: 'orthogonal' },
  { activation: 'tanh', init: 'xavier' },
  { activation: 'relu', init: 'he' },
];

export function study(c: VanishingExplodingStudyConfig, hooks: StudyHooks = {}): VanishingExplodingStudyResult {
  const combos = c.activations.flatMap((activation) => c.inits.map((init) => ({ activation, init })));
  const cases: SignalCase[] = [];
  // One signal-propagation study per pair (each derives the same task from the seed first), so progress can be reported.
  for (const [i, { activation, init }] of combos.entries()) {
    hooks.progress?.(i / (combos.length + 1), `${activation}/${init}`);
    const r = signalPropagationStudy(
      {
        activations: [activation], inits: [init], width: c.width, depth: c.depth, depths: c.depths, samples: c.samples,
        trainSteps: c.trainSteps, learningRate: c.learningRate, lossFactor: c.lossFactor, measureEvery: c.trainSteps, jacobianDuringTraining: false, seed: c.seed,
      },
      hooks,
    );
    const { duringTraining: _, ...rest } = r.cases[0]!;
    cases.push(rest);
  }
  hooks.progress?.(combos.length / (combos.length + 1), 'Jacobian spectra');
  const rng = new Rng(c.seed);
  const x0 = sphereInputs(1, c.width, rng.fork());
  const spectra = c.spectra.map(({ activation, init }): SpectrumCurve => {
    const sizes = [c.width, ...new Array<number>(c.depth).fill(c.width), 1];
    const net = neuroMlp(sizes, { activation, init, gain: orthogonalGain(activation), rng: rng.fork() });
    const values = Array.from(jacobianSingularValues(net, x0, { checkpoint: hooks.checkpoint })[c.depth - 1]!);
    return { activation, init, values, conditionNumber: Math.max(...values) / Math.min(...values) };
  });
  hooks.progress?.(1);
  return { config: c, cases, spectra };
}
