/**
 * Population codes: a stimulus s is represented by the responses of N units
 * with bell-shaped tuning curves around preferred stimuli cᵢ (Georgopoulos
 * et al. 1986; Pouget, Dayan & Zemel 2000).
 *
 *   Gaussian (scalar s):   fᵢ(s) = b + A·exp(−(s − cᵢ)²/(2σ²)),   cᵢ evenly spaced on [lo, hi]
 *   von Mises (angle θ):   fᵢ(θ) = b + A·exp(κ(cos(θ − cᵢ) − 1)),  cᵢ = 2πi/N
 *   Gaussian RBF (vector): fᵢ(x) = b + A·exp(−‖x − cᵢ‖²/(2σ²)),   cᵢ on a grid over [lo, hi]^d
 *
 * fᵢ is the expected spike count in the counting window. With Poisson noise
 * the responses are rᵢ ~ Poisson(fᵢ(s)) independently, and the Fisher
 * information about s is  I(s) = Σᵢ fᵢ'(s)²/fᵢ(s)  (with Gaussian noise of
 * std σ_n: Σᵢ fᵢ'(s)²/σ_n²). Any unbiased decoder has Var ŝ ≥ 1/I(s)
 * (Cramér–Rao), and maximum likelihood attains it when the counts are large.
 */
import type { Rng } from '../tensor/index.js';
import { samplePoisson } from './poisson.js';
import { checkInteger, checkNonNegativeNumber, checkOneOf, checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';

export type TuningKind = 'gaussian' | 'vonMises';
export type ResponseNoise = 'none' | 'poisson' | 'gaussian';

export interface PopulationCodeOptions {
  /** Number of units N (the density: N per range or per 2π). */
  units: number;
  kind: TuningKind;
  /** Gaussian: tuning width σ (stimulus units). von Mises: concentration κ (width ≈ 1/√κ rad). */
  width: number;
  /** Gaussian only: the stimulus range the centres cover (default [0, 1]). */
  range?: [number, number];
  /** A: expected count at the preferred stimulus above baseline (default 10). */
  peakRate?: number;
  /** b: baseline count (default 0.1; > 0 keeps Poisson log-likelihoods finite). */
  baseline?: number;
  noise?: ResponseNoise;
  /** Std of the Gaussian response noise (noise = 'gaussian'). */
  noiseStd?: number;
}

export class PopulationCode {
  readonly units: number;
  readonly kind: TuningKind;
  readonly width: number;
  readonly range: [number, number];
  readonly peakRate: number;
  readonly baseline: number;
  readonly noise: ResponseNoise;
  readonly noiseStd: number;
  /** Preferred stimuli cᵢ. */
  readonly centers: Float64Array;

  constructor(options: PopulationCodeOptions) {
    const { units, kind, width, range = [0, 1], peakRate = 10, baseline = 0.1, noise = 'none', noiseStd = 1 } = options;
    checkPositiveInteger('PopulationCode', 'units', units);
    checkOneOf('PopulationCode', 'kind', kind, ['gaussian', 'vonMises'] as const);
    checkPositiveNumber('PopulationCode', 'width', width);
    if (!(range[1] > range[0])) throw new Error(`PopulationCode: range must satisfy lo < hi, got [${range.join(', ')}]`);
    checkPositiveNumber('PopulationCode', 'peakRate', peakRate);
    checkNonNegativeNumber('PopulationCode', 'baseline', baseline);
    checkOneOf('PopulationCode', 'noise', noise, ['none', 'poisson', 'gaussian'] as const);
    if (noise === 'poisson' && baseline === 0) throw new Error('PopulationCode: Poisson noise needs baseline > 0 (a zero rate makes the likelihood degenerate)');
    checkPositiveNumber('PopulationCode', 'noiseStd', noiseStd);
    this.units = units;
    this.kind = kind;
    this.width = width;
    this.range = [range[0], range[1]];
    this.peakRate = peakRate;
    this.baseline = baseline;
    this.noise = noise;
    this.noiseStd = noiseStd;
    this.centers = new Float64Array(units);
    for (let i = 0; i < units; i++) {
      this.centers[i] = kind === 'vonMises' ? (2 * Math.PI * i) / units : units === 1 ? (range[0] + range[1]) / 2 : range[0] + ((range[1] - range[0]) * i) / (units - 1);
    }
  }

  /** Tuning-curve bump of unit i without baseline, and its derivative with respect to s. */
  private bump(i: number, s: number): [number, number] {
    const c = this.centers[i];
    if (this.kind === 'vonMises') {
      const d = s - c;
      const g = this.peakRate * Math.exp(this.width * (Math.cos(d) - 1));
      return [g, -this.width * Math.sin(d) * g];
    }
    const d = s - c;
    const g = this.peakRate * Math.exp(-(d * d) / (2 * this.width * this.width));
    return [g, (-d / (this.width * this.width)) * g];
  }

  /** Expected responses fᵢ(s). */
  rates(s: number, out = new Float64Array(this.units)): Float64Array {
    for (let i = 0; i < this.units; i++) out[i] = this.baseline + this.bump(i, s)[0];
    return out;
  }

  /** Tuning-curve slopes fᵢ'(s). */
  rateDerivatives(s: number): Float64Array {
    const out = new Float64Array(this.units);
    for (let i = 0; i < this.units; i++) out[i] = this.bump(i, s)[1];
    return out;
  }

  /** One noisy response vector to stimulus s (noise per `noise`; rng needed unless noise = 'none'). */
  encode(s: number, rng?: Rng): Float64Array {
    const r = this.rates(s);
    if (this.noise === 'none') return r;
    if (!rng) throw new Error(`PopulationCode.encode: noise '${this.noise}' needs an rng`);
    for (let i = 0; i < this.units; i++) {
      r[i] = this.noise === 'poisson' ? samplePoisson(r[i], rng) : r[i] + rng.normal(0, this.noiseStd);
    }
    return r;
  }

  /** Responses to a batch of stimuli, [stimuli.length, N] row-major. */
  encodeBatch(stimuli: ArrayLike<number>, rng?: Rng): Float64Array {
    const out = new Float64Array(stimuli.length * this.units);
    for (let k = 0; k < stimuli.length; k++) out.set(this.encode(stimuli[k], rng), k * this.units);
    return out;
  }

  /** Fisher information I(s): Σ fᵢ'²/fᵢ for Poisson noise, Σ fᵢ'²/σ_n² for Gaussian noise. */
  fisherInformation(s: number): number {
    if (this.noise === 'none') throw new Error('PopulationCode.fisherInformation: noiseless responses carry infinite information; choose noise');
    let acc = 0;
    for (let i = 0; i < this.units; i++) {
      const [g, dg] = this.bump(i, s);
      acc += this.noise === 'poisson' ? (dg * dg) / (this.baseline + g) : (dg * dg) / (this.noiseStd * this.noiseStd);
    }
    return acc;
  }

  /** Cramér–Rao bound 1/I(s) on the variance of an unbiased estimate of s. */
  cramerRaoBound(s: number): number {
    return 1 / this.fisherInformation(s);
  }

  /** log p(r | s) up to terms independent of s. */
  logLikelihood(r: ArrayLike<number>, s: number): number {
    if (r.length !== this.units) throw new Error(`PopulationCode.logLikelihood: r must have length ${this.units}, got ${r.length}`);
    let ll = 0;
    for (let i = 0; i < this.units; i++) {
      const f = this.baseline + this.bump(i, s)[0];
      if (this.noise === 'gaussian') ll -= (r[i] - f) ** 2 / (2 * this.noiseStd * this.noiseStd);
      else ll += r[i] * Math.log(f) - f;
    }
    return ll;
  }
}

/**
 * Gaussian radial-basis population for a vector x ∈ [lo, hi]^d: centres on
 * a grid of `perDim` points per dimension (N = perDim^d units).
 */
export class VectorPopulationCode {
  readonly dim: number;
  readonly units: number;
  readonly width: number;
  readonly peakRate: number;
  readonly baseline: number;
  /** [N, d] row-major. */
  readonly centers: Float64Array;

  constructor({ dim, perDim, width, range = [0, 1], peakRate = 1, baseline = 0 }: { dim: number; perDim: number; width: number; range?: [number, number]; peakRate?: number; baseline?: number }) {
    checkInteger('VectorPopulationCode', 'dim', dim, 1, 6);
    checkPositiveInteger('VectorPopulationCode', 'perDim', perDim);
    checkPositiveNumber('VectorPopulationCode', 'width', width);
    if (!(range[1] > range[0])) throw new Error(`VectorPopulationCode: range must satisfy lo < hi, got [${range.join(', ')}]`);
    this.dim = dim;
    this.units = perDim ** dim;
    this.width = width;
    this.peakRate = peakRate;
    this.baseline = baseline;
    this.centers = new Float64Array(this.units * dim);
    const step = perDim === 1 ? 0 : (range[1] - range[0]) / (perDim - 1);
    for (let u = 0; u < this.units; u++) {
      let rest = u;
      for (let k = 0; k < dim; k++) {
        this.centers[u * dim + k] = perDim === 1 ? (range[0] + range[1]) / 2 : range[0] + step * (rest % perDim);
        rest = Math.floor(rest / perDim);
      }
    }
  }

  rates(x: ArrayLike<number>): Float64Array {
    if (x.length !== this.dim) throw new Error(`VectorPopulationCode.rates: x must have length ${this.dim}, got ${x.length}`);
    const out = new Float64Array(this.units);
    for (let u = 0; u < this.units; u++) {
      let d2 = 0;
      for (let k = 0; k < this.dim; k++) d2 += (x[k] - this.centers[u * this.dim + k]) ** 2;
      out[u] = this.baseline + this.peakRate * Math.exp(-d2 / (2 * this.width * this.width));
    }
    return out;
  }
}

/** Smallest signed difference a − b between two angles, in (−π, π]. */
export function angleDifference(a: number, b: number): number {
  let d = (a - b) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}
