/**
 * Statistics the training history records: norms over all parameters and
 * per-layer signal statistics (the quantities behind vanishing/exploding
 * gradients and saturated or dead units). Plain loops over Float64Arrays,
 * outside the autograd graph.
 */
import type { Parameter, Tensor } from '../autograd/index.js';
import type { ActivationName } from './activations.js';
import type { LayerSignals } from './mlp.js';

export interface LayerStats {
  index: number;
  activation: ActivationName;
  /** Mean and (population) std of the pre-activations z_ℓ over batch and units. */
  preMean: number;
  preStd: number;
  /** Mean and std of the activations h_ℓ = φ(z_ℓ). */
  actMean: number;
  actStd: number;
  /** tanh: fraction of |h| > 0.99; sigmoid: fraction of h outside [0.01, 0.99]; null for other activations. */
  saturatedFraction: number | null;
  /** ReLU: fraction of units that are exactly 0 for every sample of the batch; null otherwise. */
  deadFraction: number | null;
  /** Mean and std of the backpropagated signal δ_ℓ = ∂L/∂z_ℓ (NaN if it was not retained). */
  gradMean: number;
  gradStd: number;
  /** ‖∂L/∂W_ℓ‖ (Frobenius), NaN if unavailable. */
  weightGradNorm: number;
  weightNorm: number;
}

export interface SaturationThresholds {
  /** |tanh| above this is saturated (tanh′ = 1 − h² < 0.02 at 0.99). */
  tanh: number;
  /** sigmoid below this or above 1 − this is saturated (σ′ = h(1 − h) < 0.0099). */
  sigmoid: number;
}
export const DEFAULT_SATURATION: SaturationThresholds = { tanh: 0.99, sigmoid: 0.01 };

/** Mean and population std (divide by n): a description of the batch, not an estimate. */
export function meanStd(a: Float64Array): { mean: number; std: number } {
  const n = a.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - mean;
    v += d * d;
  }
  return { mean, std: Math.sqrt(v / n) };
}

function sumSquares(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return s;
}

/** √(Σ_p ‖∂L/∂p‖²) over parameters (a missing gradient counts as 0). */
export function gradNorm(params: readonly Parameter[]): number {
  let s = 0;
  for (const p of params) if (p.grad) s += sumSquares(p.grad.data);
  return Math.sqrt(s);
}

export function paramNorm(params: readonly Parameter[]): number {
  let s = 0;
  for (const p of params) s += sumSquares(p.data);
  return Math.sqrt(s);
}

/** Fraction of saturated entries for tanh / sigmoid activations; null for the others. */
export function saturatedFraction(h: Float64Array, act: ActivationName, thresholds: SaturationThresholds = DEFAULT_SATURATION): number | null {
  let count = 0;
  if (act === 'tanh') {
    for (let i = 0; i < h.length; i++) if (Math.abs(h[i]!) > thresholds.tanh) count++;
  } else if (act === 'sigmoid') {
    for (let i = 0; i < h.length; i++) if (h[i]! < thresholds.sigmoid || h[i]! > 1 - thresholds.sigmoid) count++;
  } else return null;
  return h.length ? count / h.length : NaN;
}

/** Fraction of units (last axis) that are exactly 0 on every row: dead ReLUs. */
export function deadFraction(h: Float64Array, units: number): number {
  const rows = h.length / units;
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let alive = false;
    for (let i = 0; i < rows && !alive; i++) if (h[i * units + j] !== 0) alive = true;
    if (!alive) dead++;
  }
  return dead / units;
}

function dataOf(t: Tensor | null): Float64Array | null {
  return t ? t.data : null;
}

/** Statistics of one layer from a traced forward pass (after backward, when δ_ℓ was retained). */
export function layerStats(
  signals: LayerSignals,
  thresholds: SaturationThresholds = DEFAULT_SATURATION,
): LayerStats {
  const weight = signals.weight;
  const z = signals.preActivation.data;
  const h = signals.postActivation.data;
  const units = signals.postActivation.shape[signals.postActivation.ndim - 1] ?? 1;
  const pre = meanStd(z);
  const act = meanStd(h);
  const delta = dataOf(signals.preActivation.grad);
  const g = delta ? meanStd(delta) : { mean: NaN, std: NaN };
  return {
    index: signals.index,
    activation: signals.activation,
    preMean: pre.mean,
    preStd: pre.std,
    actMean: act.mean,
    actStd: act.std,
    saturatedFraction: saturatedFraction(h, signals.activation, thresholds),
    deadFraction: signals.activation === 'relu' ? deadFraction(h, units) : null,
    gradMean: g.mean,
    gradStd: g.std,
    weightGradNorm: weight?.grad ? Math.sqrt(sumSquares(weight.grad.data)) : NaN,
    weightNorm: weight ? Math.sqrt(sumSquares(weight.data)) : NaN,
  };
}
