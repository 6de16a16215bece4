/**
 * Trained recurrent networks as dynamical systems (Sussillo & Barak 2013). A pure function of its config.
 *
 * 1. 3-bit flip-flop: a tanh RNN with a linear readout learns to hold the sign of each channel's last pulse.
 *    Its 2³ memories should appear as 8 stable fixed points of the autonomous map h ↦ F(h) = step(0, h), with
 *    saddles between them (one unstable direction between two memories that differ in one bit).
 * 2. Integrator: a tanh RNN learns the running integral of a noisy pulse, trained by full-batch gradient descent
 *    with step η. The memory of a continuous value needs a line attractor: fixed points along a curve, each with
 *    one eigenvalue |μ| ≈ 1 (the direction along the line) and the rest inside the unit circle.
 *    Both dynamical systems at once: during the same training, the sharpness λ_max(∇²L) of the learning rule
 *    against its stability limit 2/η (gradient descent's update map θ ↦ θ − η∇L has eigenvalues 1 − ηλᵢ).
 */
import { mseLoss, noGrad, type Tensor } from '../autograd/index.js';
import { findFixedPoints, recurrentSystem, sampleStates, SharpnessTracker, type FixedPoint, type RecurrentSystem } from '../dynamics/index.js';
import { flipFlop, Linear, pulseIntegration, RNN, Sequential } from '../nn/index.js';
import { principalComponents } from '../neuro/index.js';
import { Adam, moduleObjective } from '../optim/index.js';
import { checked, checkedObjective } from './runner.js';
import type { StudyHooks } from './types.js';

export interface RnnFixedPointsStudyConfig {
  seed: number;
  flipFlop: { hidden: number; steps: number; batch: number; trialLength: number; pulseProb: number; lr: number; candidates: number };
  /** Adam on fresh batches (adamSteps, adamLr), then full-batch GD for gdSteps at η = gdFraction · 2/λ₀, λ₀ the sharpness when GD starts. */
  integrator: { hidden: number; adamSteps: number; adamLr: number; batch: number; gdSteps: number; gdFraction: number; sequences: number; pulse: number; delay: number; candidates: number; sharpnessEvery: number };
}

export interface PointSummary {
  q: number;
  kind: FixedPoint['kind'];
  unstable: number;
  marginal: number;
  /** Largest |μ| and the second largest. */
  maxModulus: number;
  secondModulus: number;
  /** Projection on the top-2 principal components of the trajectories. */
  pc: [number, number];
  count: number;
  eigen: { re: number; im: number }[];
}

export interface SystemSummary {
  trainLoss: number[];
  testLoss: number;
  marginalTol: number;
  fixedTol: number;
  slowTol: number;
  points: PointSummary[];
  /** Trajectory of the first test sequence in the top-2 PCs. */
  trajectory: [number, number][];
}

export interface RnnFixedPointsResult {
  flipFlop: SystemSummary & { stable: number; saddles: number; saddleUnstable: number[] };
  integrator: SystemSummary & { gdLoss: number[]; lr: number; threshold: number; sharpness: { step: number; value: number }[]; lineAttractorPoints: number };
}

/** Mean and top-2 principal directions of rows [m, n] (eigenvectors of the covariance of the centred rows). */
function topTwoPcs(rows: Float64Array, n: number, check: () => void): { mean: Float64Array; pcs: Float64Array[] } {
  const m = rows.length / n;
  const mean = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j]! += rows[i * n + j]! / m;
  const centred = rows.map((v, k) => v - mean[k % n]!);
  return { mean, pcs: principalComponents(centred, m, n, { checkpoint: check }).vectors.slice(0, 2) };
}

function project(h: ArrayLike<number>, off: number, basis: { mean: Float64Array; pcs: Float64Array[] }): [number, number] {
  const n = basis.mean.length;
  const c = basis.pcs.map((p) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += p[j]! * (h[off + j]! - basis.mean[j]!);
    return s;
  });
  return [c[0]!, c[1]!];
}

function summarize(rnn: RNN, xTest: Tensor, points: FixedPoint[], check: () => void): Pick<SystemSummary, 'points' | 'trajectory'> {
  const n = rnn.hiddenSize;
  check();
  const states = noGrad(() => rnn.run(xTest).output).contiguous().data;
  const basis = topTwoPcs(states, n, check);
  const T = xTest.shape[1]!;
  const trajectory = Array.from({ length: T }, (_, t) => project(states, t * n, basis));
  return {
    trajectory,
    points: points.map((p) => {
      const mods = Array.from(p.re, (r, i) => Math.hypot(r, p.im[i]!)).sort((a, b) => b - a);
      return {
        q: p.q, kind: p.kind, unstable: p.unstable, marginal: p.marginal, maxModulus: mods[0]!, secondModulus: mods[1] ?? 0,
        pc: project(p.h, 0, basis), count: p.count, eigen: Array.from(p.re, (re, i) => ({ re, im: p.im[i]! })),
      };
    }),
  };
}

/** The RNN's autonomous map with a cancellation check before every evaluation (the finder's descent, Newton steps and Jacobians all call it). */
function checkedSystem(rnn: RNN, hooks: StudyHooks): RecurrentSystem {
  const system = recurrentSystem(rnn);
  return { kind: system.kind, n: system.n, f: checked(hooks, (h: Tensor) => system.f(h)) };
}

/** @internal (exported for its cancellation test) Adam with a cosine-annealed step on fresh seeded batches; returns the loss of every step. `check` runs before each step and between its forward and backward pass. */
export function trainAdam(model: Sequential, batchAt: (s: number) => { x: Tensor; y: Tensor }, steps: number, lr: number, check: () => void, report: (s: number) => void): number[] {
  const opt = new Adam(model.parameters(), { lr });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    check();
    opt.paramGroups[0]!.lr = lr * 0.5 * (1 + Math.cos((Math.PI * s) / steps));
    const batch = batchAt(s);
    opt.zeroGrad();
    const loss = mseLoss(model.forward(batch.x), batch.y);
    // Also between the forward and the backward pass: the first step runs cold code and took 100–130 ms of CPU in one piece.
    check();
    loss.backward();
    opt.step();
    losses.push(loss.item());
    if (s % 50 === 0) report(s);
  }
  return losses;
}

export function study(c: RnnFixedPointsStudyConfig, hooks: StudyHooks = {}): RnnFixedPointsResult {
  const check = hooks.checkpoint ?? (() => {});
  const progress = hooks.progress ?? (() => {});
  // ---- flip-flop: Adam with a cosine-annealed step, fresh seeded batches every step.
  const f = c.flipFlop;
  const ff = new RNN(3, f.hidden, { batchFirst: true, seed: c.seed });
  const ffModel = new Sequential(ff, new Linear(f.hidden, 3, { seed: c.seed + 1 }));
  const ffLoss = trainAdam(ffModel, (s) => flipFlop({ n: f.batch, steps: f.trialLength, pulseProb: f.pulseProb, seed: c.seed * 100_003 + 100 + s }), f.steps, f.lr, check, (s) => progress((0.5 * s) / f.steps, 'training the flip-flop network'));
  const ffTest = flipFlop({ n: 64, steps: f.trialLength, pulseProb: f.pulseProb, seed: c.seed * 100_003 });
  const ffTestLoss = noGrad(() => mseLoss(ffModel.forward(ffTest.x), ffTest.y)).item();
  // Marginal band 1/T: a mode with |μ|^T ≥ e^{−1} keeps its memory over a trial (see dynamics/fixedPoints.ts).
  const ffMarginal = 1 / f.trialLength;
  const ffFound = findFixedPoints(checkedSystem(ff, hooks), sampleStates(ff, ffTest.x, { count: f.candidates, noise: 0.01, seed: c.seed }), { marginalTol: ffMarginal, checkpoint: check });
  progress(0.6, 'fixed points of the flip-flop network');
  const ffSummary = summarize(ff, ffTest.x.slice([0, 1]), ffFound.points, check);
  const saddles = ffFound.points.filter((p) => p.kind === 'saddle');

  // ---- integrator: Adam, then full-batch GD at step η on a fixed seeded set, sharpness tracked by Lanczos on H·v.
  const g = c.integrator;
  const task = (n: number, seed: number) => pulseIntegration({ n, pulse: g.pulse, delay: g.delay, target: 'integral', seed });
  const integ = new RNN(1, g.hidden, { batchFirst: true, seed: c.seed + 2 });
  const intModel = new Sequential(integ, new Linear(g.hidden, 1, { seed: c.seed + 3 }));
  const intLoss = trainAdam(intModel, (s) => task(g.batch, c.seed * 100_003 + 50_000 + s), g.adamSteps, g.adamLr, check, (s) => progress(0.6 + (0.2 * s) / g.adamSteps, 'training the integrator'));
  // Every loss, gradient and Hessian-vector product (the sharpness tracker's Lanczos steps) checks for cancellation first.
  const fl = checkedObjective(hooks, moduleObjective(intModel, task(g.sequences, c.seed + 7), mseLoss));
  const tracker = new SharpnessTracker(fl, { steps: 12, tol: 1e-4, seed: c.seed });
  const theta = fl.theta0();
  const lr = (g.gdFraction * 2) / tracker.measure(0, theta).values[0]!;
  const gdLoss: number[] = [];
  for (let s = 1; s <= g.gdSteps; s++) {
    check();
    const [l, grad] = fl.valueAndGradient(theta);
    gdLoss.push(l);
    if (!Number.isFinite(l)) throw new Error(`rnn-fixed-points: gradient descent on the integrator diverged at step ${s}`);
    for (let i = 0; i < theta.length; i++) theta[i]! -= lr * grad[i]!;
    if (s % g.sharpnessEvery === 0 || s === g.gdSteps) tracker.measure(s, theta);
    if (s % 50 === 0) progress(0.8 + (0.1 * s) / g.gdSteps, 'gradient descent on the integrator');
  }
  let off = 0;
  for (const p of intModel.parameters()) {
    p.data.set(theta.subarray(off, off + p.size));
    off += p.size;
  }
  const intTest = task(64, c.seed + 8);
  const intTestLoss = noGrad(() => mseLoss(intModel.forward(intTest.x), intTest.y)).item();
  const T = g.pulse + g.delay;
  const intFound = findFixedPoints(checkedSystem(integ, hooks), sampleStates(integ, intTest.x, { count: g.candidates, noise: 0.01, seed: c.seed }), { marginalTol: 1 / T, checkpoint: check });
  progress(1);
  const intSummary = summarize(integ, intTest.x.slice([0, 1]), intFound.points, check);
  return {
    flipFlop: {
      trainLoss: ffLoss, testLoss: ffTestLoss, marginalTol: ffMarginal, fixedTol: ffFound.tolerances.fixedTol, slowTol: ffFound.tolerances.slowTol, ...ffSummary,
      stable: ffFound.points.filter((p) => p.kind === 'stable').length, saddles: saddles.length, saddleUnstable: saddles.map((p) => p.unstable),
    },
    integrator: {
      trainLoss: intLoss, testLoss: intTestLoss, marginalTol: 1 / T, fixedTol: intFound.tolerances.fixedTol, slowTol: intFound.tolerances.slowTol, ...intSummary,
      gdLoss, lr, threshold: 2 / lr, sharpness: tracker.samples.map((s) => ({ step: s.step, value: s.values[0]! })),
      lineAttractorPoints: intFound.points.filter((p) => p.marginal === 1 && p.unstable === 0).length,
    },
  };
}
