/**
 * Reading a stimulus back out of population responses r.
 *
 *  - Population vector (Georgopoulos et al. 1986): θ̂ = atan2(Σ rᵢ sin cᵢ, Σ rᵢ cos cᵢ),
 *    the direction of the response-weighted sum of preferred directions.
 *  - Linear readout fitted by least squares: ŷ = W r + b minimising
 *    Σ‖y − ŷ‖² + λ‖W‖² (normal equations, Cholesky); for an angle fit
 *    y = (cos θ, sin θ) and take atan2.
 *  - Maximum likelihood: θ̂ = argmax log p(r | s), found by a grid search
 *    (which avoids the local maxima of the multimodal likelihood) followed
 *    by golden-section refinement in the bracket around the best grid point.
 */
import { angleDifference, type PopulationCode } from './population.js';
import { checkInteger, checkNonNegativeNumber, checkPositiveInteger } from '../tensor/validate.js';

/** Population-vector estimate of an angle from responses r at preferred angles `centers`. */
export function populationVectorDecode(r: ArrayLike<number>, centers: ArrayLike<number>): number {
  if (r.length !== centers.length) throw new Error(`populationVectorDecode: r and centers must have equal length, got ${r.length} and ${centers.length}`);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < r.length; i++) {
    sx += r[i] * Math.cos(centers[i]);
    sy += r[i] * Math.sin(centers[i]);
  }
  return Math.atan2(sy, sx);
}

export interface LinearDecoder {
  inputs: number;
  outputs: number;
  /** [outputs, inputs] row-major. */
  weights: Float64Array;
  bias: Float64Array;
}

/** In-place Cholesky factor (lower) of an SPD n×n matrix; throws if not positive definite. */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) throw new Error('fitLinearDecoder: normal equations are singular; use ridge > 0');
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * Least-squares linear readout from responses R [samples, N] to targets
 * Y [samples, k], with an unpenalised bias and ridge penalty λ‖W‖². Solves
 * (X̃ᵀX̃ + λ·diag(1…1, 0)) β = X̃ᵀY with X̃ = [R, 1].
 */
export function fitLinearDecoder(responses: Float64Array, targets: Float64Array, samples: number, { ridge = 1e-8 }: { ridge?: number } = {}): LinearDecoder {
  checkPositiveInteger('fitLinearDecoder', 'samples', samples);
  if (responses.length % samples !== 0 || targets.length % samples !== 0) {
    throw new Error(`fitLinearDecoder: responses (${responses.length}) and targets (${targets.length}) must both be multiples of samples = ${samples}`);
  }
  checkNonNegativeNumber('fitLinearDecoder', 'ridge', ridge);
  const n = responses.length / samples;
  const k = targets.length / samples;
  const p = n + 1;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p * k);
  const row = new Float64Array(p);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) row[i] = responses[s * n + i];
    row[n] = 1;
    for (let i = 0; i < p; i++) {
      const ri = row[i];
      for (let j = 0; j <= i; j++) gram[i * p + j] += ri * row[j];
      for (let c = 0; c < k; c++) rhs[i * k + c] += ri * targets[s * k + c];
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) gram[j * p + i] = gram[i * p + j];
  for (let i = 0; i < n; i++) gram[i * p + i] += ridge;
  const l = cholesky(gram, p);
  // Forward then back substitution, one right-hand side per output.
  const beta = new Float64Array(p * k);
  for (let c = 0; c < k; c++) {
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = rhs[i * k + c];
      for (let j = 0; j < i; j++) s -= l[i * p + j] * z[j];
      z[i] = s / l[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i];
      for (let j = i + 1; j < p; j++) s -= l[j * p + i] * beta[j * k + c];
      beta[i * k + c] = s / l[i * p + i];
    }
  }
  const weights = new Float64Array(k * n);
  const bias = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) weights[c * n + i] = beta[i * k + c];
    bias[c] = beta[n * k + c];
  }
  return { inputs: n, outputs: k, weights, bias };
}

/** ŷ = W r + b. */
export function linearDecode(decoder: LinearDecoder, r: ArrayLike<number>): Float64Array {
  if (r.length !== decoder.inputs) throw new Error(`linearDecode: r must have length ${decoder.inputs}, got ${r.length}`);
  const out = Float64Array.from(decoder.bias);
  for (let c = 0; c < decoder.outputs; c++) for (let i = 0; i < decoder.inputs; i++) out[c] += decoder.weights[c * decoder.inputs + i] * r[i];
  return out;
}

/** Fits a linear decoder of (cos θ, sin θ) from responses to known angles. */
export function fitAngleDecoder(responses: Float64Array, angles: ArrayLike<number>, options: { ridge?: number } = {}): LinearDecoder {
  const t = new Float64Array(angles.length * 2);
  for (let s = 0; s < angles.length; s++) {
    t[2 * s] = Math.cos(angles[s]);
    t[2 * s + 1] = Math.sin(angles[s]);
  }
  return fitLinearDecoder(responses, t, angles.length, options);
}

/** Angle read out by a (cos, sin) linear decoder. */
export function linearAngleDecode(decoder: LinearDecoder, r: ArrayLike<number>): number {
  const [c, s] = linearDecode(decoder, r);
  return Math.atan2(s, c);
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Maximum-likelihood estimate of the stimulus under the code's noise model
 * (Poisson, or Gaussian if code.noise = 'gaussian'). The grid has
 * `gridPoints` points (default max(64, 4 per unit): finer than the likelihood peak, whose width ~ √(1/I) is several grid steps) over 2π (von Mises) or the code's
 * range (Gaussian); golden-section search then narrows the bracket of the
 * best grid point to `tol`.
 */
export function maximumLikelihoodDecode(code: PopulationCode, r: ArrayLike<number>, { gridPoints = Math.max(64, 4 * code.units), tol = 1e-10 }: { gridPoints?: number; tol?: number } = {}): number {
  checkInteger('maximumLikelihoodDecode', 'gridPoints', gridPoints, 3);
  const circular = code.kind === 'vonMises';
  const lo = circular ? -Math.PI : code.range[0];
  const hi = circular ? Math.PI : code.range[1];
  const step = (hi - lo) / (circular ? gridPoints : gridPoints - 1);
  let best = lo;
  let bestLl = -Infinity;
  for (let g = 0; g < gridPoints; g++) {
    const s = lo + g * step;
    const ll = code.logLikelihood(r, s);
    if (ll > bestLl) {
      bestLl = ll;
      best = s;
    }
  }
  let a = best - step;
  let b = best + step;
  if (!circular) {
    a = Math.max(a, lo);
    b = Math.min(b, hi);
  }
  let x1 = b - GOLDEN * (b - a);
  let x2 = a + GOLDEN * (b - a);
  let f1 = code.logLikelihood(r, x1);
  let f2 = code.logLikelihood(r, x2);
  while (b - a > tol) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + GOLDEN * (b - a);
      f2 = code.logLikelihood(r, x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - GOLDEN * (b - a);
      f1 = code.logLikelihood(r, x1);
    }
  }
  const s = (a + b) / 2;
  return circular ? angleDifference(s, 0) : s;
}
