/**
 * Gradient estimates from noise: learning with a scalar reward/loss signal
 * instead of backpropagated errors.
 *
 * Weight perturbation (Jabri & Flower 1992; Williams 1992): perturb every
 * weight at once, ξ ~ N(0, σ²I), and correlate the change in loss with the
 * perturbation,
 *   ĝ = (L(w + ξ) − L(w))·ξ/σ²,
 * where L(w) is the baseline. To first order L(w+ξ) − L(w) = gᵀξ, so
 * E[ĝ] = E[ξξᵀ]g/σ² = g (unbiased; the second-order term contributes
 * E[½ξᵀHξ·ξ] = 0 by symmetry, so the bias is O(σ²)), and for Gaussian ξ
 *   E‖ĝ − g‖² = (n + 1)‖g‖²
 * (Isserlis: E[(gᵀz)²‖z‖²] = (n + 2)‖g‖²): the variance grows linearly with
 * the number n of perturbed parameters.
 *
 * Node perturbation (Fiete & Seung 2006): perturb the pre-activations
 * h^l → h^l + ξ^l of every unit and example instead; the same correlation
 * estimates δ^l = ∂L/∂h^l with variance (m + 1)‖δ‖² over the m perturbed
 * nodes (fewer than weights), and the weight gradient follows as δ̂^l (x^{l−1})ᵀ.
 */
import type { Rng } from '../tensor/index.js';
import type { MLP } from '../nn/index.js';
import { matmulABt, matmulAtB, mlpArrays, mseAndGrad, type MlpArrays } from './mlpArrays.js';
import { checkPositiveNumber } from '../tensor/validate.js';

/** Loss of `net` on (x, t) with optional additive noise on every layer's pre-activations. */
function noisyLoss(net: MlpArrays, x: Float64Array, t: Float64Array, batch: number, noise: Float64Array[] | null): { loss: number; inputs: Float64Array[] } {
  const nLayers = net.weights.length;
  const phi = net.activation.f;
  let a = x;
  const inputs = [x];
  for (let l = 0; l < nLayers; l++) {
    const fanOut = net.sizes[l + 1];
    const h = matmulABt(a, net.weights[l], batch, net.sizes[l], fanOut);
    const b = net.biases[l];
    for (let r = 0; r < batch; r++) for (let j = 0; j < fanOut; j++) h[r * fanOut + j] += b[j];
    if (noise) for (let i = 0; i < h.length; i++) h[i] += noise[l][i];
    if (l + 1 < nLayers) {
      for (let i = 0; i < h.length; i++) h[i] = phi(h[i]);
      inputs.push(h);
    }
    a = h;
  }
  return { loss: mseAndGrad(a, t).loss, inputs };
}

/** Estimated weight gradients (one Float64Array per layer, like backwardPass(…).weights). */
export type WeightGradientEstimate = Float64Array[];

/**
 * One weight-perturbation estimate of ∂L/∂W for every layer (biases are not
 * perturbed). Costs two forward passes; `baseline` = L(w) can be passed in to
 * save one.
 */
export function weightPerturbationEstimate(model: MLP, x: Float64Array, t: Float64Array, batch: number, sigma: number, rng: Rng, baseline?: number): WeightGradientEstimate {
  checkPositiveNumber('weightPerturbationEstimate', 'sigma', sigma);
  const net = mlpArrays(model);
  const l0 = baseline ?? noisyLoss(net, x, t, batch, null).loss;
  const xi = net.weights.map((w) => rng.fillNormal(new Float64Array(w.length), 0, sigma));
  const perturbed = net.weights.map((w, l) => {
    const p = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) p[i] = w[i] + xi[l][i];
    return p;
  });
  const l1 = noisyLoss({ ...net, weights: perturbed }, x, t, batch, null).loss;
  const c = (l1 - l0) / (sigma * sigma);
  for (const v of xi) for (let i = 0; i < v.length; i++) v[i] *= c;
  return xi;
}

export interface NodePerturbationEstimate {
  /** Estimated ∂L/∂h^l per layer, [B, size_{l+1}]. */
  deltas: Float64Array[];
  /** Estimated ∂L/∂W^l = δ̂^l (x^{l−1})ᵀ with the clean activations. */
  weights: Float64Array[];
}

/** One node-perturbation estimate: all pre-activations of all layers perturbed at once. */
export function nodePerturbationEstimate(model: MLP, x: Float64Array, t: Float64Array, batch: number, sigma: number, rng: Rng): NodePerturbationEstimate {
  checkPositiveNumber('nodePerturbationEstimate', 'sigma', sigma);
  const net = mlpArrays(model);
  const clean = noisyLoss(net, x, t, batch, null);
  const xi = net.weights.map((_, l) => rng.fillNormal(new Float64Array(batch * net.sizes[l + 1]), 0, sigma));
  const l1 = noisyLoss(net, x, t, batch, xi).loss;
  const c = (l1 - clean.loss) / (sigma * sigma);
  for (const v of xi) for (let i = 0; i < v.length; i++) v[i] *= c;
  const weights = xi.map((d, l) => matmulAtB(d, clean.inputs[l], batch, net.sizes[l + 1], net.sizes[l]));
  return { deltas: xi, weights };
}

/** The clean loss L(w) (the baseline of the estimators). */
export function perturbationBaseline(model: MLP, x: Float64Array, t: Float64Array, batch: number): number {
  return noisyLoss(mlpArrays(model), x, t, batch, null).loss;
}
