/**
 * linalg benchmarks.
 *
 * - `symmetric-eigen`: dense symmetricEigen (all eigenpairs) at n = 200 and
 *   n = 1000, in seconds; the ratio is to the n = 200 row, so n³ scaling
 *   predicts 125.
 * - `lanczos-overhead`: Lanczos for the top eigenvalue, 20 steps with full
 *   reorthogonalization, on a dense n = 2000 matvec, against the time of the
 *   20 matvecs alone. The ratio is the overhead factor of the method; for an
 *   expensive matvec (Hessian-vector products) it should be close to 1.
 */
import { timePerCall, type Bench, type BenchRow } from './harness.js';
import { lanczos } from '../src/linalg/lanczos.js';
import { symmetricEigen } from '../src/linalg/symmetric.js';
import { denseMatVec } from '../src/linalg/vector.js';
import { Rng } from '../src/tensor/rng.js';
import { randomSymmetric } from '../test/linalg/helpers.js';

const symmetricEigenBench: Bench = {
  name: 'symmetric-eigen',
  description: 'Dense symmetricEigen (Householder + implicit QL, all eigenpairs) at n = 200 and 1000',
  run(): BenchRow[] {
    const rows: BenchRow[] = [];
    let reference = 0;
    for (const n of [200, 1000]) {
      const a = randomSymmetric(n, n);
      // One call at n = 1000 takes seconds: a single timed round after one warm-up call.
      const opts = n >= 1000 ? { minSeconds: 0, rounds: 1 } : { minSeconds: 1, rounds: 5 };
      const seconds = timePerCall(() => void symmetricEigen(a, n), opts);
      if (n === 200) reference = seconds;
      rows.push({
        bench: 'symmetric-eigen',
        case: `n=${n}`,
        value: seconds,
        unit: 's',
        ratio: seconds / reference,
        note: n === 200 ? 'reference' : 'n³ scaling predicts ratio 125',
      });
    }
    return rows;
  },
};

const lanczosBench: Bench = {
  name: 'lanczos-overhead',
  description: 'Lanczos top eigenvalue (20 steps, full reorthogonalization) vs 20 dense matvecs, n = 2000',
  run(): BenchRow[] {
    const n = 2000;
    const steps = 20;
    const matvec = denseMatVec(randomSymmetric(n, 7), n);
    const v = new Rng(1).fillNormal(new Float64Array(n));
    const matvecSeconds = timePerCall(() => {
      for (let i = 0; i < steps; i++) matvec(v);
    });
    const lanczosSeconds = timePerCall(() => void lanczos(matvec, n, { k: 1, steps, tol: 0, seed: 3 }));
    return [
      { bench: 'lanczos-overhead', case: '20 matvecs', value: matvecSeconds, unit: 's', ratio: 1, note: 'reference' },
      { bench: 'lanczos-overhead', case: 'lanczos 20 steps', value: lanczosSeconds, unit: 's', ratio: lanczosSeconds / matvecSeconds },
    ];
  },
};

export const benches: Bench[] = [symmetricEigenBench, lanczosBench];
