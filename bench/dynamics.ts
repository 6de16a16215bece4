/**
 * dynamics benchmarks.
 *
 * - `hvp-lanczos`: the sharpness λ_max of the Hessian of an MLP loss with
 *   10,465 parameters ([10, 96, 96, 1], tanh, 256 samples, MSE), by 20
 *   Lanczos steps on Hessian-vector products (reverse-over-reverse
 *   autograd), against the time of 20 gradient evaluations of the same
 *   loss. Each HVP costs a few gradients, so the ratio is expected around
 *   1.5–3 (the gradient graph of the point is recorded once, then each HVP
 *   is one reverse pass through it). A third row times one warm-started
 *   tracker measurement after 10 GD steps and compares its HVP count with
 *   a cold start.
 */
import { randn } from '../src/autograd/index.js';
import { hessianEigen, SharpnessTracker } from '../src/dynamics/index.js';
import { MLP, mseLoss } from '../src/nn/index.js';
import { moduleObjective } from '../src/optim/index.js';
import { timePerCall, type Bench, type BenchRow } from './harness.js';

const hvpLanczosBench: Bench = {
  name: 'hvp-lanczos',
  description: 'Top Hessian eigenvalue of a 10,465-parameter MLP loss by 20 Lanczos/HVP steps vs 20 gradient evaluations',
  run(): BenchRow[] {
    const model = new MLP([10, 96, 96, 1], { hidden: 'tanh', seed: 1 });
    const x = randn([256, 10], { seed: 2 });
    const y = randn([256, 1], { seed: 3 });
    const fl = moduleObjective(model, { x, y }, mseLoss);
    const theta = fl.theta0();
    const steps = 20;
    // One call is hundreds of ms to seconds: a few rounds without a long warm-up.
    const opts = { minSeconds: 0, rounds: 3 };
    const gradSeconds = timePerCall(() => {
      for (let i = 0; i < steps; i++) fl.valueAndGradient(theta);
    }, opts);
    let top = NaN;
    const lanczosSeconds = timePerCall(() => {
      top = hessianEigen(fl, theta, { steps, tol: 0 }).values[0]!;
    }, opts);
    // Tracking during training: after 10 GD steps, a tracker warm-started from the previous top
    // eigenvector reaches the tolerance in fewer HVPs than a cold start.
    const tracker = new SharpnessTracker(fl, { steps: 40, tol: 1e-4 });
    tracker.measure(0, theta);
    const moved = Float64Array.from(theta);
    for (let t = 0; t < 10; t++) {
      const [, g] = fl.valueAndGradient(moved);
      for (let i = 0; i < moved.length; i++) moved[i] -= 0.05 * g[i]!;
    }
    const t0 = performance.now();
    const warm = tracker.measure(10, moved);
    const warmSeconds = (performance.now() - t0) / 1000;
    const cold = hessianEigen(fl, moved, { steps: 40, tol: 1e-4, seed: 9 });
    return [
      { bench: 'hvp-lanczos', case: '20 gradients', value: gradSeconds, unit: 's', ratio: 1, note: `reference; n = ${fl.n}` },
      { bench: 'hvp-lanczos', case: 'lanczos 20 HVPs', value: lanczosSeconds, unit: 's', ratio: lanczosSeconds / gradSeconds, note: `λ_max = ${top.toPrecision(6)}` },
      {
        bench: 'hvp-lanczos',
        case: 'warm-started tracker (tol 1e-4)',
        value: warmSeconds,
        unit: 's',
        ratio: warmSeconds / gradSeconds,
        note: `${warm.matvecs} HVPs warm vs ${cold.matvecs} cold after 10 GD steps`,
      },
    ];
  },
};

export const benches: Bench[] = [hvpLanczosBench];
