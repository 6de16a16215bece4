/**
 * Optimizer step cost. Adam.step() on 1,000,000 parameters is measured
 * against a bare Float64Array loop doing the same arithmetic (the floor for
 * a scalar JS implementation); the ratio is the price of the optimizer
 * abstraction (param groups, state lookup, option handling). A second case
 * splits the same million scalars into 1,000 Parameters to expose the
 * per-Parameter overhead.
 */
import { Parameter, Tensor } from '../src/autograd/index.js';
import { Adam } from '../src/optim/index.js';
import { NDArray, Rng } from '../src/tensor/index.js';
import { timePerCall, type Bench, type BenchRow } from './harness.js';

const N = 1_000_000;
/** Each step touches 48 MB; longer batches than the default smooth out memory-bandwidth noise. */
const OPTS = { minSeconds: 2, rounds: 7 };

/** Adam with torch's defaults on flat arrays: the reference loop. */
function bareAdamStep(x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, t: number): void {
  const lr = 1e-3;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const stepSize = lr / (1 - Math.pow(beta1, t));
  const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * gi;
    const vi = beta2 * v[i]! + (1 - beta2) * (gi * gi);
    m[i] = mi;
    v[i] = vi;
    x[i] = x[i]! - stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps));
  }
}

function randomParams(count: number, size: number, rng: Rng): Parameter[] {
  return Array.from({ length: count }, () => {
    const p = new Parameter(new NDArray(rng.fillNormal(new Float64Array(size)), [size]));
    p.grad = new Tensor(new NDArray(rng.fillNormal(new Float64Array(size)), [size]));
    return p;
  });
}

export const benches: Bench[] = [
  {
    name: 'adam-step',
    description: 'Adam.step() on 1,000,000 float64 parameters vs a bare Float64Array loop with the same arithmetic',
    run(): BenchRow[] {
      const rng = new Rng(1);
      const x = rng.fillNormal(new Float64Array(N));
      const g = rng.fillNormal(new Float64Array(N));
      const m = new Float64Array(N);
      const v = new Float64Array(N);
      let t = 0;
      const bare = timePerCall(() => bareAdamStep(x, g, m, v, ++t), OPTS);

      const [single] = randomParams(1, N, rng);
      const adam = new Adam([single!]);
      const one = timePerCall(() => adam.step(), OPTS);

      const many = randomParams(1000, N / 1000, rng);
      const adamMany = new Adam(many);
      const split = timePerCall(() => adamMany.step(), OPTS);

      const ms = (s: number): number => s * 1e3;
      return [
        { bench: 'adam-step', case: 'bare Float64Array loop', value: ms(bare), unit: 'ms/step', ratio: 1, note: 'reference' },
        { bench: 'adam-step', case: 'Adam.step(), 1 Parameter × 1e6', value: ms(one), unit: 'ms/step', ratio: one / bare },
        { bench: 'adam-step', case: 'Adam.step(), 1000 Parameters × 1e3', value: ms(split), unit: 'ms/step', ratio: split / bare },
      ];
    },
  },
];
