/**
 * Layer-by-layer measurements of signal propagation in an nn.MLP: how large
 * the forward signal is (second moment and variance of h^l and x^l), how
 * large the backward signal is (per-example ‖∂ℓ/∂h^l‖ and ‖∂ℓ/∂W^l‖), and
 * how the input–output Jacobian J^l = ∂x^l/∂x^0 stretches space (its
 * singular values, by src/linalg's one-sided Jacobi SVD: accurate for the
 * small ones too).
 */
import { singularValues } from '../linalg/index.js';
import type { MLP } from '../nn/index.js';
import { backwardPass, forwardPass, hiddenJacobians, mlpArrays, mseAndGrad } from './mlpArrays.js';

export interface JacobianSpectrum {
  /** Largest and smallest of the min(size_l, d₀) leading singular values. */
  max: number;
  min: number;
  /** (1/d₀)·‖J‖_F² = mean of σᵢ² over the d₀ input directions. */
  meanSquare: number;
}

export interface LayerMeasurement {
  /** Hidden layer index 1…L. */
  layer: number;
  /** mean over batch and units of (h^l)². */
  preactivationSecondMoment: number;
  /** mean over batch and units of φ(h^l)². */
  activationSecondMoment: number;
  /** variance over batch and units of φ(h^l). */
  activationVariance: number;
  /** root mean square over examples of ‖∂ℓ_r/∂h^l‖ (ℓ_r: the loss of example r alone). */
  activationGradNorm: number;
  /** root mean square over examples of ‖∂ℓ_r/∂W^l‖_F = ‖δ_r^l‖·‖x_r^{l−1}‖ (a rank-one matrix). */
  weightGradNorm: number;
  /** ‖∂L/∂W^l‖_F of the mean batch loss L (what a gradient step uses). */
  batchWeightGradNorm: number;
  /** Singular values of J^l at the first example (null when not requested). */
  jacobian: JacobianSpectrum | null;
}

export interface SignalMeasurement {
  loss: number;
  /** root mean square over examples of ‖∂ℓ_r/∂y‖. */
  outputGradNorm: number;
  layers: LayerMeasurement[];
}

/**
 * Singular values of every hidden-layer Jacobian J^l = ∂x^l/∂x^0 at x0 (descending, l = 1…L).
 * `checkpoint`, if given, is called before each layer's SVD (a cancellation check that may throw).
 */
export function jacobianSingularValues(model: MLP, x0: Float64Array, { checkpoint }: { checkpoint?: () => void } = {}): Float64Array[] {
  const net = mlpArrays(model);
  const d0 = net.sizes[0];
  return hiddenJacobians(net, x0).map((j, l) => {
    checkpoint?.();
    // A blown-up network's Jacobian may overflow: report NaN rather than fail the measurement.
    return j.every(Number.isFinite) ? singularValues(j, net.sizes[l + 1], d0) : new Float64Array(Math.min(net.sizes[l + 1], d0)).fill(NaN);
  });
}

function spectrum(sv: Float64Array, d0: number): JacobianSpectrum {
  let ss = 0;
  for (const s of sv) ss += s * s;
  return { max: sv[0], min: sv[sv.length - 1], meanSquare: ss / d0 };
}

/**
 * Measures every hidden layer of `net` on the batch (x [B, d₀], targets
 * [B, d_out]) under the mean squared error. With `jacobian`, also the
 * singular values of J^l at the first example (cost O(L·n²·d₀ + L·d₀³)).
 */
export function measureSignalPropagation(
  model: MLP,
  x: Float64Array,
  targets: Float64Array,
  batch: number,
  { jacobian = true, checkpoint }: { jacobian?: boolean; checkpoint?: () => void } = {},
): SignalMeasurement {
  const net = mlpArrays(model);
  const cache = forwardPass(net, x, batch);
  const y = cache.pre[cache.pre.length - 1];
  const { loss, grad } = mseAndGrad(y, targets);
  const grads = backwardPass(net, cache, grad);
  const dOut = net.sizes[net.sizes.length - 1];
  // The batch loss is the mean of the per-example losses, so row r of every
  // delta, times B, is the gradient of ℓ_r alone.
  const perExample = (delta: Float64Array, width: number, r: number): number => {
    let s = 0;
    for (let j = 0; j < width; j++) s += (delta[r * width + j] * batch) ** 2;
    return s;
  };
  let outSq = 0;
  for (let r = 0; r < batch; r++) outSq += perExample(grads.deltas[net.depth], dOut, r);
  const spectra = jacobian ? jacobianSingularValues(model, x.subarray(0, net.sizes[0]), { checkpoint }) : null;
  const layers: LayerMeasurement[] = [];
  for (let l = 0; l < net.depth; l++) {
    const width = net.sizes[l + 1];
    const fanIn = net.sizes[l];
    const h = cache.pre[l];
    const a = cache.inputs[l + 1];
    const xin = cache.inputs[l];
    let h2 = 0;
    let a2 = 0;
    let a1 = 0;
    for (let i = 0; i < h.length; i++) {
      h2 += h[i] * h[i];
      a2 += a[i] * a[i];
      a1 += a[i];
    }
    const n = h.length;
    let d2 = 0;
    let w2 = 0;
    for (let r = 0; r < batch; r++) {
      const dr = perExample(grads.deltas[l], width, r);
      let xr = 0;
      for (let j = 0; j < fanIn; j++) xr += xin[r * fanIn + j] ** 2;
      d2 += dr;
      w2 += dr * xr;
    }
    let gw = 0;
    for (const g of grads.weights[l]) gw += g * g;
    layers.push({
      layer: l + 1,
      preactivationSecondMoment: h2 / n,
      activationSecondMoment: a2 / n,
      activationVariance: Math.max(a2 / n - (a1 / n) ** 2, 0),
      activationGradNorm: Math.sqrt(d2 / batch),
      weightGradNorm: Math.sqrt(w2 / batch),
      batchWeightGradNorm: Math.sqrt(gw),
      jacobian: spectra ? spectrum(spectra[l], net.sizes[0]) : null,
    });
  }
  return { loss, outputGradNorm: Math.sqrt(outSq / batch), layers };
}
