/**
 * Weight initialisations for the signal-propagation study, as the per-entry
 * variance v of W (shape [fanOut, fanIn]) that the mean-field theory needs,
 * and as samplers. σ_w² = fanIn·v is the "weight variance" of Poole et al.
 * (2016): the factor by which a layer multiplies the mean square of its input.
 *
 *  - zeros:      v = 0 (every unit identical; no signal either way).
 *  - small:      N(0, 0.01²), the classic fixed-scale mistake (σ_w² = fanIn·1e-4).
 *  - large:      N(0, 1), the other classic mistake (σ_w² = fanIn).
 *  - xavier:     v = 2/(fanIn + fanOut) (Glorot & Bengio 2010).
 *  - he:         v = 2/fanIn (He et al. 2015: keeps E[x²] for ReLU).
 *  - lecun:      v = 1/fanIn (LeCun et al. 1998).
 *  - orthogonal: W = gain·Q with orthonormal rows (or columns) (Saxe et al.
 *                2014), so every entry has v = gain²/max(fanIn, fanOut).
 *
 * Written here because src/nn/init was not available when this module was built.
 */
import type { Rng } from '../tensor/index.js';
import type { ActivationName } from './activations.js';

export type InitScheme = 'zeros' | 'small' | 'large' | 'xavier' | 'he' | 'lecun' | 'orthogonal';

export const INIT_SCHEMES: readonly InitScheme[] = ['zeros', 'small', 'large', 'xavier', 'he', 'lecun', 'orthogonal'];

/**
 * The gain that puts an orthogonal network at the edge of chaos for each
 * activation: χ₁ = gain²·E[φ'(h)²] = 1 near h = 0 for linear and tanh
 * (φ'(0) = 1), and gain² / 2 = 1 for ReLU (half the units pass). Sigmoid has
 * φ'(0) = 1/4 and no gain makes it isometric without a bias shift; it gets 1.
 */
export function orthogonalGain(activation: ActivationName): number {
  return activation === 'relu' ? Math.SQRT2 : 1;
}

function checkScheme(fn: string, scheme: string): void {
  if (!(INIT_SCHEMES as readonly string[]).includes(scheme)) {
    throw new Error(`${fn}: scheme must be one of ${INIT_SCHEMES.join(', ')}, got '${scheme}'`);
  }
}

function checkDims(fn: string, fanOut: number, fanIn: number): void {
  if (!Number.isInteger(fanOut) || fanOut < 1 || !Number.isInteger(fanIn) || fanIn < 1) {
    throw new Error(`${fn}: fanOut and fanIn must be positive integers, got ${fanOut}, ${fanIn}`);
  }
}

/** Per-entry variance v of a [fanOut, fanIn] weight matrix under `scheme`. */
export function initWeightVariance(scheme: InitScheme, fanOut: number, fanIn: number, gain = 1): number {
  checkScheme('initWeightVariance', scheme);
  checkDims('initWeightVariance', fanOut, fanIn);
  switch (scheme) {
    case 'zeros':
      return 0;
    case 'small':
      return 1e-4;
    case 'large':
      return 1;
    case 'xavier':
      return 2 / (fanIn + fanOut);
    case 'he':
      return 2 / fanIn;
    case 'lecun':
      return 1 / fanIn;
    case 'orthogonal':
      return (gain * gain) / Math.max(fanIn, fanOut);
  }
}

/**
 * A uniformly random matrix with orthonormal rows (fanOut ≤ fanIn) or
 * orthonormal columns (fanOut > fanIn), row-major [fanOut, fanIn]: modified
 * Gram–Schmidt on Gaussian vectors, run twice ("twice is enough", Giraud et
 * al. 2005) so that orthonormality holds to a few ulps. Orthonormalising
 * Gaussian vectors in order gives the Haar measure (the QR factor with
 * positive diagonal of a Gaussian matrix).
 */
export function randomOrthogonal(fanOut: number, fanIn: number, rng: Rng): Float64Array {
  checkDims('randomOrthogonal', fanOut, fanIn);
  const k = Math.min(fanOut, fanIn);
  const len = Math.max(fanOut, fanIn);
  const vecs: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const v = rng.fillNormal(new Float64Array(len));
    for (let pass = 0; pass < 2; pass++) {
      for (const u of vecs) {
        let d = 0;
        for (let t = 0; t < len; t++) d += u[t] * v[t];
        for (let t = 0; t < len; t++) v[t] -= d * u[t];
      }
    }
    let nrm = 0;
    for (let t = 0; t < len; t++) nrm += v[t] * v[t];
    nrm = Math.sqrt(nrm);
    for (let t = 0; t < len; t++) v[t] /= nrm;
    vecs.push(v);
  }
  const w = new Float64Array(fanOut * fanIn);
  if (fanOut <= fanIn) {
    for (let i = 0; i < fanOut; i++) w.set(vecs[i], i * fanIn);
  } else {
    for (let j = 0; j < fanIn; j++) for (let i = 0; i < fanOut; i++) w[i * fanIn + j] = vecs[j][i];
  }
  return w;
}

/** A [fanOut, fanIn] row-major weight matrix drawn under `scheme`. */
export function initWeights(scheme: InitScheme, fanOut: number, fanIn: number, rng: Rng, gain = 1): Float64Array {
  checkScheme('initWeights', scheme);
  checkDims('initWeights', fanOut, fanIn);
  if (scheme === 'orthogonal') {
    const w = randomOrthogonal(fanOut, fanIn, rng);
    for (let i = 0; i < w.length; i++) w[i] *= gain;
    return w;
  }
  const v = initWeightVariance(scheme, fanOut, fanIn);
  const w = new Float64Array(fanOut * fanIn);
  if (v > 0) rng.fillNormal(w, 0, Math.sqrt(v));
  return w;
}
