/**
 * Oja's rule (Oja 1982): a Hebbian update with a decay term that keeps the
 * weight vector normalised,
 *   y = wᵀx,   Δw = η·y·(x − y·w).
 * Averaged over the data this is the ODE ẇ = Cw − (wᵀCw)w with C = E[xxᵀ],
 * whose stable fixed points are ±v₁, the unit top eigenvector of C: a single
 * linear neuron learns the first principal component. Plain Hebb (Δw = ηyx)
 * would instead grow without bound along v₁.
 */
import { symmetricEigen } from '../linalg/index.js';
import type { Rng } from '../tensor/index.js';
import { checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';

export interface OjaOptions {
  /** Called in every long loop (the experiments runner's cancellation check: it may throw to stop). */
  checkpoint?: () => void;
  /** η₀; the step size at presentation t is η₀/(1 + t/decaySteps). */
  learningRate?: number;
  decaySteps?: number;
  /** Passes through the data (in a fresh random order each pass). */
  epochs?: number;
  /** Initial weight vector (default: random unit vector from rng). */
  w0?: Float64Array;
  rng: Rng;
  /** Record ‖w‖ and |cos(w, reference)| every this many presentations. */
  recordEvery?: number;
  /** Vector to measure the angle against (e.g. the true top component). */
  reference?: Float64Array;
}

export interface OjaResult {
  weights: Float64Array;
  history: { step: number; norm: number; cosine: number }[];
}

/** Runs Oja's rule over `samples` rows of `data` ([samples, dim] row-major). */
export function ojaRule(data: Float64Array, samples: number, dim: number, options: OjaOptions): OjaResult {
  if (data.length !== samples * dim) throw new Error(`ojaRule: data must have length samples·dim = ${samples * dim}, got ${data.length}`);
  const { learningRate = 0.01, decaySteps = 1000, epochs = 10, rng, recordEvery = 100, reference, checkpoint } = options;
  checkPositiveNumber('ojaRule', 'learningRate', learningRate);
  checkPositiveNumber('ojaRule', 'decaySteps', decaySteps);
  checkPositiveInteger('ojaRule', 'epochs', epochs);
  if (reference && reference.length !== dim) throw new Error(`ojaRule: reference must have length dim = ${dim}, got ${reference.length}`);
  const w = options.w0 ? Float64Array.from(options.w0) : rng.fillNormal(new Float64Array(dim));
  if (w.length !== dim) throw new Error(`ojaRule: w0 must have length dim = ${dim}, got ${w.length}`);
  if (!options.w0) {
    const n = Math.hypot(...w);
    for (let i = 0; i < dim; i++) w[i] /= n;
  }
  const history: OjaResult['history'] = [];
  const record = (step: number): void => {
    let nn = 0;
    let dot = 0;
    let rr = 0;
    for (let i = 0; i < dim; i++) {
      nn += w[i] * w[i];
      if (reference) {
        dot += w[i] * reference[i];
        rr += reference[i] * reference[i];
      }
    }
    history.push({ step, norm: Math.sqrt(nn), cosine: reference ? Math.abs(dot) / Math.sqrt(nn * rr) : NaN });
  };
  let t = 0;
  record(0);
  for (let e = 0; e < epochs; e++) {
    const order = rng.permutation(samples);
    for (let k = 0; k < samples; k++) {
      if (k % 256 === 0) checkpoint?.();
      const off = order[k] * dim;
      let y = 0;
      for (let i = 0; i < dim; i++) y += w[i] * data[off + i];
      const eta = learningRate / (1 + t / decaySteps);
      for (let i = 0; i < dim; i++) w[i] += eta * y * (data[off + i] - y * w[i]);
      t++;
      if (t % recordEvery === 0) record(t);
    }
  }
  return { weights: w, history };
}

/**
 * Eigenvalues (descending) and unit eigenvectors (rows) of the second-moment matrix (1/n)·XᵀX.
 * `checkpoint`, if given, is called before every sample's outer product and every step of the eigensolver (a cancellation check that may throw).
 */
export function principalComponents(data: Float64Array, samples: number, dim: number, { checkpoint }: { checkpoint?: () => void } = {}): { values: Float64Array; vectors: Float64Array[] } {
  if (data.length !== samples * dim) throw new Error(`principalComponents: data must have length samples·dim = ${samples * dim}, got ${data.length}`);
  const c = new Float64Array(dim * dim);
  for (let r = 0; r < samples; r++) {
    checkpoint?.();
    const off = r * dim;
    for (let i = 0; i < dim; i++) {
      const xi = data[off + i] / samples;
      for (let j = 0; j <= i; j++) c[i * dim + j] += xi * data[off + j];
    }
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) c[j * dim + i] = c[i * dim + j];
  const { values, vectors } = symmetricEigen(c, dim, { checkpoint });
  const vals = new Float64Array(dim);
  const vecs: Float64Array[] = [];
  for (let k = 0; k < dim; k++) {
    const src = dim - 1 - k;
    vals[k] = values[src];
    const v = new Float64Array(dim);
    for (let i = 0; i < dim; i++) v[i] = vectors[i * dim + src];
    vecs.push(v);
  }
  return { values: vals, vectors: vecs };
}
