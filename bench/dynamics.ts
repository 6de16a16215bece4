/**
 * dynamics benchmarks.
 *
 * - `hvp-lanczos`: the sharpness λ_max of the Hessian of an MLP loss with
 *   10,465 parameters ([10, 96, 96, 1], tanh, 256 samples, MSE), by 20
 *   Lanczos steps on Hessian-vector products (reverse-over-reverse
 *   autograd), against the time of 20 gradient evaluations of the same
 *   loss. Each HVP costs a few gradients, so the ratio is expected around
 *   2–4: sharpness tracking every 10 steps with ~20 HVPs then costs a few
 *   times the training itself, and a warm-started tracker needs fewer.
 */
import { randn } from '../src/autograd/index.js';
import { flatLoss, hessianEigen } from '../src/dynamics/index.js';
import { MLP } from '../src/nn/index.js';
import { timePerCall, type Bench, type BenchRow } from './harness.js';

const hvpLanczosBench: Bench = {
  name: 'hvp-lanczos',
  description: 'Top Hessian eigenvalue of a 10,465-parameter MLP loss by 20 Lanczos/HVP steps vs 20 gradient evaluations',
  run(): BenchRow[] {
    const model = new MLP([10, 96, 96, 1], { hidden: 'tanh', seed: 1 });
    const x = randn([256, 10], { seed: 2 });
    const y = randn([256, 1], { seed: 3 });
    const fl = flatLoss(model, { x, y }, 'mse');
    const theta = fl.theta0();
    const steps = 20;
    // One call is hundreds of ms to seconds: a few rounds without a long warm-up.
    const opts = { minSeconds: 0, rounds: 3 };
    const gradSeconds = timePerCall(() => {
      for (let i = 0; i < steps; i++) fl.valueAndGradient(theta);
    }, opts);
    let top = NaN;
    const lanczosSeconds = timePerCall(() => {
      top = hessianEigen(fl.hvp, theta, { steps, tol: 0 }).values[0]!;
    }, opts);
    return [
      { bench: 'hvp-lanczos', case: '20 gradients', value: gradSeconds, unit: 's', ratio: 1, note: `reference; n = ${fl.n}` },
      { bench: 'hvp-lanczos', case: 'lanczos 20 HVPs', value: lanczosSeconds, unit: 's', ratio: lanczosSeconds / gradSeconds, note: `λ_max = ${top.toPrecision(6)}` },
    ];
  },
};

export const benches: Bench[] = [hvpLanczosBench];
