/**
 * Recurrent-network view's computation (run in the worker): train a small tanh RNN with a linear readout on the
 * 3-bit flip-flop or on integrating a noisy pulse (src/nn's tasks; Adam with a cosine-annealed step on fresh seeded
 * batches), then find its fixed points at zero input with src/dynamics (Sussillo & Barak 2013) and project the
 * test trajectories and the points on the top two principal components of the visited states (src/landscape's PCA).
 */
import { mseLoss, noGrad } from '../../src/autograd/index.js';
import { findFixedPoints, recurrentSystem, sampleStates, type FixedPointKind } from '../../src/dynamics/index.js';
import { trajectoryPca } from '../../src/landscape/index.js';
import { flipFlop, Linear, pulseIntegration, RNN, Sequential, type SequenceDataset } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';

export const RNN_TASKS = ['flipflop', 'integrator'] as const;
export type RnnTask = (typeof RNN_TASKS)[number];

export interface RnnParams {
  task: RnnTask;
  hidden: number;
  steps: number;
  seed: number;
}

export interface RnnResult {
  loss: number[];
  testLoss: number;
  /** Test trajectories in the top-2 PCs, one polyline per sequence. */
  trajectories: [number, number][][];
  points: { x: number; y: number; kind: FixedPointKind; unstable: number; maxModulus: number }[];
  explained: number;
  marginalTol: number;
}

const TRIAL = { flipflop: 30, integrator: 20 };

function data(task: RnnTask, n: number, seed: number): SequenceDataset {
  return task === 'flipflop' ? flipFlop({ n, steps: TRIAL.flipflop, pulseProb: 0.08, seed }) : pulseIntegration({ n, pulse: 10, delay: 10, target: 'integral', seed });
}

export function rnnExplore({ task, hidden, steps, seed }: RnnParams): RnnResult {
  const inputs = task === 'flipflop' ? 3 : 1;
  const rnn = new RNN(inputs, hidden, { batchFirst: true, seed });
  const model = new Sequential(rnn, new Linear(hidden, inputs, { seed: seed + 1 }));
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const loss: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.paramGroups[0]!.lr = 0.005 * (1 + Math.cos((Math.PI * s) / steps));
    const batch = data(task, 16, seed * 7919 + 1000 + s);
    opt.zeroGrad();
    const l = mseLoss(model.forward(batch.x), batch.y);
    l.backward();
    opt.step();
    loss.push(l.item());
  }
  const test = data(task, 24, seed * 7919);
  const testLoss = noGrad(() => mseLoss(model.forward(test.x), test.y)).item();
  const marginalTol = 1 / TRIAL[task];
  const found = findFixedPoints(recurrentSystem(rnn), sampleStates(rnn, test.x, { count: 96, noise: 0.01, seed }), { marginalTol, iterations: 300 });
  const states = noGrad(() => rnn.run(test.x).output).contiguous().data;
  const T = test.x.shape[1]!;
  const rows = Array.from({ length: states.length / hidden }, (_, r) => states.subarray(r * hidden, (r + 1) * hidden));
  const mean = new Float64Array(hidden);
  for (const r of rows) for (let j = 0; j < hidden; j++) mean[j]! += r[j]! / rows.length;
  const pca = trajectoryPca(rows, { reference: mean, components: 2 });
  const project = (h: ArrayLike<number>): [number, number] => {
    const c = pca.directions.map((d) => d.reduce((s, v, j) => s + v * (h[j]! - mean[j]!), 0));
    return [c[0]!, c[1]!];
  };
  const trajectories = Array.from({ length: Math.min(6, test.x.shape[0]!) }, (_, b) => Array.from({ length: T }, (_, t) => project(rows[b * T + t]!)));
  return {
    loss,
    testLoss,
    trajectories,
    points: found.points.map((p) => {
      const [x, y] = project(p.h);
      return { x, y, kind: p.kind, unstable: p.unstable, maxModulus: Math.max(...Array.from(p.re, (r, i) => Math.hypot(r, p.im[i]!))) };
    }),
    explained: pca.explainedRatio,
    marginalTol,
  };
}

export const rnnHandlers = {
  rnn: (p: RnnParams): RnnResult => rnnExplore(p),
};
