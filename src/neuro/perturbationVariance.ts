/**
 * How the noise of perturbation learning grows with network size.
 *
 * For Gaussian perturbations the first-order estimators satisfy
 *   weight perturbation:  E‖ĝ_W − g_W‖² = (n + 1)·‖g_W‖²,  n = number of weights,
 *   node perturbation:    E‖δ̂ − δ‖²    = (m + 1)·‖δ‖²,    m = perturbed nodes (units × examples),
 * so the signal-to-noise ratio of a single estimate falls like 1/n, and
 * node perturbation wins whenever there are fewer nodes than weights
 * (Werfel, Xie & Seung 2005). This study measures both normalised
 * variances over many independent estimates for a range of hidden widths.
 */
import { Rng } from '../tensor/index.js';
import type { ActivationName } from './activations.js';
import { backwardPass, forwardPass, mlpArrays, mseAndGrad, neuroMlp } from './mlpArrays.js';
import { nodePerturbationEstimate, perturbationBaseline, weightPerturbationEstimate } from './perturbation.js';
import { flatten } from './vectorMath.js';
import { checkInteger, checkPositiveNumber } from '../tensor/validate.js';

export interface PerturbationVarianceConfig {
  /** Called in every long loop (the experiments runner's cancellation check: it may throw to stop). */
  checkpoint?: () => void;
  inputDim?: number;
  outputDim?: number;
  hiddenWidths?: number[];
  activation?: ActivationName;
  batch?: number;
  /** Independent estimates per width. */
  samples?: number;
  sigma?: number;
  seed?: number;
}

export interface PerturbationVarianceRow {
  hiddenWidth: number;
  /** Number of weights n. */
  weights: number;
  /** Number of perturbed nodes m (all layers' units × batch). */
  nodes: number;
  /** Measured E‖ĝ_W − g_W‖²/‖g_W‖² for weight perturbation, and the theory n + 1. */
  weightPerturbationVariance: number;
  weightPerturbationPredicted: number;
  /** Measured E‖δ̂ − δ‖²/‖δ‖² for node perturbation (node space), and the theory m + 1. */
  nodePerturbationVariance: number;
  nodePerturbationPredicted: number;
  /** Measured E‖ĝ_W − g_W‖²/‖g_W‖² of the node-perturbation weight gradient. */
  nodePerturbationWeightVariance: number;
}

function sqDist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

function sqNorm(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}

export function perturbationVarianceStudy(config: PerturbationVarianceConfig = {}): PerturbationVarianceRow[] {
  const { inputDim = 10, outputDim = 5, hiddenWidths = [5, 10, 20, 40, 80], activation = 'tanh', batch = 4, samples = 2000, sigma = 1e-4, seed = 0, checkpoint } = config;
  checkInteger('perturbationVarianceStudy', 'samples', samples, 2);
  checkPositiveNumber('perturbationVarianceStudy', 'sigma', sigma);
  const rng = new Rng(seed);
  return hiddenWidths.map((width) => {
    if (!Number.isInteger(width) || width < 1) throw new Error(`perturbationVarianceStudy: hiddenWidths must be positive integers, got ${width}`);
    const net = neuroMlp([inputDim, width, outputDim], { activation, init: 'lecun', rng });
    const x = rng.fillNormal(new Float64Array(batch * inputDim));
    const t = rng.fillNormal(new Float64Array(batch * outputDim));
    const arrays = mlpArrays(net);
    const cache = forwardPass(arrays, x, batch);
    const exact = backwardPass(arrays, cache, mseAndGrad(cache.pre[1], t).grad);
    const gW = flatten(exact.weights);
    const gDelta = flatten(exact.deltas);
    const base = perturbationBaseline(net, x, t, batch);
    let wp = 0;
    let np = 0;
    let npW = 0;
    for (let s = 0; s < samples; s++) {
      checkpoint?.();
      wp += sqDist(flatten(weightPerturbationEstimate(net, x, t, batch, sigma, rng, base)), gW);
      const est = nodePerturbationEstimate(net, x, t, batch, sigma, rng);
      np += sqDist(flatten(est.deltas), gDelta);
      npW += sqDist(flatten(est.weights), gW);
    }
    const n = gW.length;
    const m = gDelta.length;
    return {
      hiddenWidth: width,
      weights: n,
      nodes: m,
      weightPerturbationVariance: wp / samples / sqNorm(gW),
      weightPerturbationPredicted: n + 1,
      nodePerturbationVariance: np / samples / sqNorm(gDelta),
      nodePerturbationPredicted: m + 1,
      nodePerturbationWeightVariance: npW / samples / sqNorm(gW),
    };
  });
}
