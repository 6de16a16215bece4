/**
 * Poisson sampling with a seeded generator. Knuth's multiplication method
 * draws Poisson(λ) as the number of uniforms whose running product stays
 * above e^{−λ}; it is exact but costs O(λ) and e^{−λ} underflows for large
 * λ, so larger means are split into chunks of at most 30 and summed
 * (a sum of independent Poisson variables is Poisson with the summed mean).
 */
import type { Rng } from '../tensor/index.js';
import { checkNonNegativeNumber } from '../tensor/validate.js';

const CHUNK = 30;

export function samplePoisson(lambda: number, rng: Rng): number {
  checkNonNegativeNumber('samplePoisson', 'lambda', lambda);
  let total = 0;
  let rest = lambda;
  while (rest > 0) {
    const mu = Math.min(rest, CHUNK);
    rest -= mu;
    const limit = Math.exp(-mu);
    let p = rng.random();
    let k = 0;
    while (p > limit) {
      p *= rng.random();
      k++;
    }
    total += k;
  }
  return total;
}
