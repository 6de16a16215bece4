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
 * Sampling uses src/nn's torch-style initializers (init.xavierNormal,
 * kaimingNormal, lecunNormal, orthogonal); this file adds the variance
 * formulas the theory needs and the two classic mistakes.
 */
import { init } from '../nn/index.js';
import type { Rng } from '../tensor/index.js';
import type { ActivationName } from './activations.js';
import { checkOneOf, checkPositiveInteger } from '../tensor/validate.js';

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

function checkDims(fn: string, fanOut: number, fanIn: number): void {
  checkPositiveInteger(fn, 'fanOut', fanOut);
  checkPositiveInteger(fn, 'fanIn', fanIn);
}

/** Per-entry variance v of a [fanOut, fanIn] weight matrix under `scheme`. */
export function initWeightVariance(scheme: InitScheme, fanOut: number, fanIn: number, gain = 1): number {
  checkOneOf('initWeightVariance', 'scheme', scheme, INIT_SCHEMES);
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

/** A [fanOut, fanIn] row-major weight matrix drawn under `scheme`. */
export function initWeights(scheme: InitScheme, fanOut: number, fanIn: number, rng: Rng, gain = 1): Float64Array {
  checkOneOf('initWeights', 'scheme', scheme, INIT_SCHEMES);
  checkDims('initWeights', fanOut, fanIn);
  const shape = [fanOut, fanIn];
  switch (scheme) {
    case 'zeros':
      return new Float64Array(fanOut * fanIn);
    case 'small':
      return init.normal(shape, { std: 0.01, rng }).data;
    case 'large':
      return init.normal(shape, { std: 1, rng }).data;
    case 'xavier':
      return init.xavierNormal(shape, { rng }).data;
    case 'he':
      return init.kaimingNormal(shape, { rng, mode: 'fanIn', nonlinearity: 'relu' }).data;
    case 'lecun':
      return init.lecunNormal(shape, { rng }).data;
    case 'orthogonal':
      // Householder QR of a Gaussian matrix with sign fix: Haar-distributed,
      // orthonormal rows (fanOut ≤ fanIn) or columns, scaled by gain.
      return init.orthogonal(shape, { gain, rng }).data;
  }
}
