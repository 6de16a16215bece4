/**
 * Hutchinson's stochastic trace estimator (Hutchinson 1989; Avron & Toledo
 * 2011): for random z with E[z zᵀ] = I,  E[zᵀ A z] = tr(A).
 *
 * With Rademacher z (entries ±1) the variance of one sample is
 * 2(‖A‖_F² − Σᵢ a_ii²), the smallest over all such distributions; with
 * Gaussian z it is 2‖A‖_F². The estimate is the mean of `samples`
 * independent zᵀAz, and its standard error the sample standard deviation
 * divided by √samples, so it shrinks like 1/√samples.
 */
import { Rng } from '../tensor/rng.js';
import type { MatVec } from './vector.js';
import { checkInteger, checkPositiveInteger } from '../tensor/validate.js';
import { applyChecked } from './vector.js';

export type ProbeDistribution = 'rademacher' | 'gaussian';

export interface HutchinsonOptions {
  /** Number of probe vectors = matvecs (default 100, at least 2 for a standard error). */
  samples?: number;
  /** Seed (default 0); ignored if `rng` is given. */
  seed?: number;
  rng?: Rng;
  /** Probe distribution (default 'rademacher', the lower-variance choice). */
  distribution?: ProbeDistribution;
}

export interface HutchinsonResult {
  /** Estimate of tr(A). */
  estimate: number;
  /** Standard error of the estimate (sample std / √samples). */
  stderr: number;
  samples: number;
}

/** Fill `z` with a probe: ±1 entries (Rademacher) or N(0, 1) entries. */
export function fillProbe(z: Float64Array, rng: Rng, distribution: ProbeDistribution): Float64Array {
  if (distribution === 'gaussian') return rng.fillNormal(z);
  for (let i = 0; i < z.length; i++) z[i] = rng.random() < 0.5 ? -1 : 1;
  return z;
}

function checkDistribution(fn: string, distribution: string): void {
  if (distribution !== 'rademacher' && distribution !== 'gaussian') {
    throw new Error(`${fn}: distribution must be 'rademacher' or 'gaussian', got ${String(distribution)}`);
  }
}

export function hutchinson(matvec: MatVec, n: number, options: HutchinsonOptions = {}): HutchinsonResult {
  const fn = 'hutchinson';
  checkPositiveInteger(fn, 'n', n);
  const { samples = 100, seed = 0, distribution = 'rademacher' } = options;
  checkInteger(fn, 'samples', samples, 2, Number.MAX_SAFE_INTEGER);
  checkDistribution(fn, distribution);
  const rng = options.rng ?? new Rng(seed);
  const z = new Float64Array(n);
  // Welford's running mean and variance: stable for many samples.
  let mean = 0;
  let m2 = 0;
  for (let s = 1; s <= samples; s++) {
    fillProbe(z, rng, distribution);
    const az = applyChecked(fn, matvec, z);
    let q = 0;
    for (let i = 0; i < n; i++) q += z[i] * az[i];
    if (!Number.isFinite(q)) throw new Error(`${fn}: matvec produced non-finite values at sample ${s}`);
    const delta = q - mean;
    mean += delta / s;
    m2 += delta * (q - mean);
  }
  const variance = m2 / (samples - 1);
  return { estimate: mean, stderr: Math.sqrt(variance / samples), samples };
}
