/**
 * landscape-grid: a 101 × 101 loss grid over a filter-normalized plane of a
 * 2-32-32-1 tanh MLP on 200 points (Li et al. 2018's visualization), with
 * the batched evaluation path of src/landscape (matmul kernels straight on
 * the parameter arrays, no tensors or graph). Reference: one plain forward
 * pass of the same network (nn.MLP + mseLoss, no graph) × 10,201, i.e. what
 * the grid would cost as independent forward passes.
 */
import { mseLoss, noGrad, randn } from '../src/autograd/index.js';
import { filterNormalizedDirection, mlpLoss, planeSlice } from '../src/landscape/index.js';
import { MLP } from '../src/nn/index.js';
import { flattenParams } from '../src/optim/index.js';
import { timePerCall, type Bench, type BenchRow } from './harness.js';

const SIZES = [2, 32, 32, 1];
const POINTS = 200;
const SIDE = 101;

function landscapeGrid(): BenchRow[] {
  const bench = 'landscape-grid';
  const X = randn([POINTS, 2], { seed: 1 });
  const Y = X.select(1, 0).mul(2).sin().mul(X.select(1, 1).cos()).reshape([POINTS, 1]);
  const net = new MLP(SIZES, { hidden: 'tanh', seed: 0 });
  const theta0 = flattenParams(net.parameters());
  const model = mlpLoss({ sizes: SIZES, activation: 'tanh', inputs: X, targets: Y });
  const shapes = net.parameters().map((p) => p.shape);
  const d1 = filterNormalizedDirection(theta0, shapes, { seed: 1 });
  const d2 = filterNormalizedDirection(theta0, shapes, { seed: 2 });

  const forwardPass = () => {
    noGrad(() => mseLoss(net.forward(X), Y).item());
  };
  const singleLoss = () => {
    model.lossFn(theta0);
  };
  // Per-call times are measured before and after the grid and the smaller kept,
  // so that a burst of machine load during one measurement does not skew the ratios.
  const forwardBefore = timePerCall(forwardPass);
  const singleBefore = timePerCall(singleLoss);
  // Warm the batched path once (JIT), then time the full grid.
  planeSlice(model.lossFn, theta0, d1, d2, { nx: 5, batchLossFn: model.batchLossFn });
  const plane = planeSlice(model.lossFn, theta0, d1, d2, { nx: SIDE, batchLossFn: model.batchLossFn, batchSize: 64 });
  const forward = Math.min(forwardBefore, timePerCall(forwardPass));
  const single = Math.min(singleBefore, timePerCall(singleLoss));
  const reference = forward * SIDE * SIDE;
  const { evaluations, seconds, evaluationsPerSecond } = plane.cost;
  return [
    { bench, case: `reference: forward pass × ${evaluations}`, value: reference, unit: 's', ratio: 1, note: `one forward pass ${(forward * 1e3).toFixed(3)} ms` },
    { bench, case: `grid ${SIDE}×${SIDE} (array path, 64 vectors per call)`, value: seconds, unit: 's', ratio: seconds / reference },
    { bench, case: `one-at-a-time lossFn × ${evaluations} (unbatched path)`, value: single * evaluations, unit: 's', ratio: (single * evaluations) / reference },
    { bench, case: 'loss evaluations per second', value: evaluationsPerSecond, unit: 'eval/s', ratio: evaluationsPerSecond / (1 / forward), note: `${evaluations} evaluations` },
  ];
}

export const benches: Bench[] = [
  {
    name: 'landscape-grid',
    description: '101×101 loss grid over a filter-normalized plane of a 2-32-32-1 tanh MLP on 200 points, vs forward pass × 10,201',
    run: landscapeGrid,
  },
];
