/**
 * Experiment `loss-landscape`: what does the loss of a small trained network
 * look like around and between its solutions?
 *
 * A 2-H-H-1 MLP (src/nn) trained by full-batch GD (src/optim SGD) on two
 * moons, then sliced with src/landscape: the straight line from init to
 * solution and between two solutions from different seeds (Goodfellow et al.
 * 2015; the barrier of Frankle et al. 2020), a random filter-normalized plane
 * around the solution and the plane of the training path's principal
 * directions (Li et al. 2018), the top Hessian eigenpairs by Lanczos with the
 * slice along the top eigenvector against its quadratic model, and the
 * sharpness λ_max of the solutions GD finds at several step sizes.
 */
import { z } from 'zod';
import { twoMoons } from '../nn/index.js';
import { filterNormalizedDirection, hessianDirections, interpolationSlice, lineSlice, mlpLoss, planeSlice, trajectoryPca, type TrajectoryPca } from '../landscape/index.js';
import {
  directionalDerivatives,
  hessianSliceSpec,
  interpolationBarrier,
  interpolationSpec,
  largestRise,
  pcaPlaneSpec,
  randomPlaneSpec,
  sharpnessSpec,
  sig,
  trainNet,
  type TrainedNet,
} from './loss-landscape-parts.js';
import { RunAbortedError } from './runner.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow } from './types.js';

const schema = z.object({
  samples: z.number().int().min(8).max(2000).default(200).describe('training points of the two-moons data set'),
  noise: z.number().min(0).max(0.5).default(0.1).describe('Gaussian noise of the two moons'),
  hidden: z.array(z.number().int().min(1).max(64)).min(1).max(4).default([16, 16]).describe('hidden widths of the MLP 2-…-1'),
  activation: z.enum(['tanh', 'relu', 'sigmoid', 'gelu']).default('tanh').describe('hidden activation (the output is linear)'),
  loss: z.enum(['mse', 'bce']).default('mse').describe('mse: mean squared error on 0/1 targets (the solutions are true minima); bce: cross-entropy on logits'),
  lr: z.number().min(1e-3).max(2).default(0.2).describe('step size η of the network that is sliced (and of the second seed)'),
  steps: z.number().int().min(10).max(20_000).default(1000).describe('full-batch GD steps of every training run'),
  snapshotEvery: z.number().int().min(1).max(1000).default(10).describe('record θ every this many steps for the trajectory PCA'),
  sharpnessLrs: z.array(z.number().min(1e-3).max(2)).min(1).max(8).default([0.05, 0.1, 0.2, 0.4]).describe('step sizes of the sharpness comparison (same init, same number of steps)'),
  planeRange: z.number().min(0.05).max(5).default(1).describe('the filter-normalized plane spans [−r, r]² around the solution'),
  planeResolution: z.number().int().min(5).max(201).default(41).describe('grid points per axis of each 2-D slice'),
  sliceSamples: z.number().int().min(5).max(1001).default(61).describe('points of each 1-D slice (interpolations round up to 6k + 1 so that α = 0 and 1 are samples)'),
  hessianSliceRange: z.number().min(0.01).max(5).default(0.6).describe('the eigenvector slice spans α ∈ [−a, a] (unit direction)'),
  hessianTop: z.number().int().min(1).max(10).default(3).describe('top Hessian eigenpairs computed at the solution (Lanczos)'),
});

export type LossLandscapeConfig = z.infer<typeof schema>;

function throwIfAborted(ctx: ExperimentContext): void {
  if (ctx.signal.aborted) throw new RunAbortedError('loss-landscape');
}

/** A padded [min, max] range of the PCA coordinates along one axis. */
function coordinateRange(pca: TrajectoryPca, axis: 0 | 1): [number, number] {
  const values = pca.coordinates.map((c) => c[axis]!);
  const lo = Math.min(...values, 0);
  const hi = Math.max(...values, 0);
  const pad = 0.15 * Math.max(hi - lo, 1e-3);
  return [lo - pad, hi + pad];
}

function run(c: LossLandscapeConfig, ctx: ExperimentContext): ExperimentOutput<LossLandscapeConfig> {
  if (Math.floor(c.steps / c.snapshotEvery) < 2) {
    throw new Error(`loss-landscape: steps must be at least 2·snapshotEvery for a 2-D trajectory PCA, got steps = ${c.steps}, snapshotEvery = ${c.snapshotEvery}`);
  }
  const dataSeed = ctx.rng.int(1_000_000_000);
  const seedA = ctx.rng.int(1_000_000_000);
  const seedB = ctx.rng.int(1_000_000_000);
  const directionSeeds = [ctx.rng.int(1_000_000_000), ctx.rng.int(1_000_000_000), ctx.rng.int(1_000_000_000)];
  const lanczosSeed = ctx.rng.int(1_000_000_000);
  const data = twoMoons({ n: c.samples, noise: c.noise, seed: dataSeed });
  const sizes = [2, ...c.hidden, 1];
  const net = mlpLoss({ sizes, activation: c.activation, inputs: data.x, targets: data.y, loss: c.loss });
  const evaluation = { batchLossFn: net.batchLossFn };
  const topEigen = (theta: Float64Array, k = 1) => hessianDirections(net.objective, theta, { k, seed: lanczosSeed });

  // --- training: the sliced net, the sharpness sweep (same init) and a second seed ---
  const lrs = [...new Set([...c.sharpnessLrs, c.lr])].sort((a, b) => a - b);
  const runs = new Map<number, TrainedNet>();
  lrs.forEach((lr, i) => {
    ctx.progress((0.55 * i) / (lrs.length + 1), `training η = ${lr}`);
    runs.set(lr, trainNet(data, { sizes, activation: c.activation, loss: c.loss, lr, steps: c.steps, seed: seedA, snapshotEvery: lr === c.lr ? c.snapshotEvery : 0 }));
    throwIfAborted(ctx);
  });
  ctx.progress((0.55 * lrs.length) / (lrs.length + 1), 'training the second seed');
  const a = runs.get(c.lr)!;
  const b = trainNet(data, { sizes, activation: c.activation, loss: c.loss, lr: c.lr, steps: c.steps, seed: seedB, snapshotEvery: 0 });
  if (a.status !== 'completed' || b.status !== 'completed') {
    throw new Error(`loss-landscape: training at lr = ${c.lr} did not complete (seed A: ${a.status}, seed B: ${b.status}); lower lr`);
  }
  const thetaStar = a.final;
  const lossStar = net.lossFn(thetaStar);
  throwIfAborted(ctx);

  // --- sharpness of every solution (and at the init) ---
  ctx.progress(0.6, 'sharpness');
  const lambdaInit = topEigen(a.init).eigenvalues[0]!;
  const sharpness = lrs.map((lr) => {
    const r = runs.get(lr)!;
    const lambdaMax = r.status === 'completed' ? topEigen(r.final).eigenvalues[0]! : NaN;
    return { lr, lambdaMax, limit: 2 / lr, ratioToLimit: lambdaMax / (2 / lr), finalLoss: r.finalLoss, accuracy: r.accuracy, status: r.status };
  });

  // --- 1-D: init → solution, solution A → solution B ---
  ctx.progress(0.65, 'interpolations');
  // 6k + 1 samples on [−0.25, 1.25] put α = 0 and α = 1 exactly on the grid (spacing 0.25/k).
  const sliceOptions = { range: [-0.25, 1.25] as [number, number], num: 6 * Math.ceil((c.sliceSamples - 1) / 6) + 1, ...evaluation };
  const initLine = interpolationSlice(net.lossFn, a.init, thetaStar, sliceOptions);
  const modeLine = interpolationSlice(net.lossFn, thetaStar, b.final, sliceOptions);
  const barrier = interpolationBarrier(modeLine);
  const rise = largestRise(initLine);

  // --- 2-D: random filter-normalized plane; PCA plane with the path ---
  ctx.progress(0.7, 'filter-normalized plane');
  const d1 = filterNormalizedDirection(thetaStar, net.shapes, { seed: directionSeeds[0] });
  const d2 = filterNormalizedDirection(thetaStar, net.shapes, { seed: directionSeeds[1] });
  const planeOptions = { nx: c.planeResolution, ...evaluation };
  const randomPlane = planeSlice(net.lossFn, thetaStar, d1, d2, { xRange: [-c.planeRange, c.planeRange], ...planeOptions });
  throwIfAborted(ctx);
  ctx.progress(0.8, 'PCA plane');
  const pca = trajectoryPca(a.snapshots);
  const pcaPlane = planeSlice(net.lossFn, thetaStar, pca.directions[0]!, pca.directions[1]!, { xRange: coordinateRange(pca, 0), yRange: coordinateRange(pca, 1), ...planeOptions });
  throwIfAborted(ctx);

  // --- Hessian at the solution: eigenpairs, slice along the top eigenvector vs the quadratic model ---
  ctx.progress(0.9, 'Hessian');
  const eig = topEigen(thetaStar, Math.min(c.hessianTop, net.n));
  const v1 = eig.directions[0]!;
  const topModel = directionalDerivatives(net.lossTensor, thetaStar, v1);
  const randomUnit = filterNormalizedDirection(thetaStar, net.shapes, { seed: directionSeeds[2] });
  const norm = Math.hypot(...randomUnit);
  for (let i = 0; i < randomUnit.length; i++) randomUnit[i]! /= norm;
  const randomModel = directionalDerivatives(net.lossTensor, thetaStar, randomUnit);
  const hRange: [number, number] = [-c.hessianSliceRange, c.hessianSliceRange];
  const topSlice = lineSlice(net.lossFn, thetaStar, v1, { range: hRange, num: c.sliceSamples, ...evaluation });
  const randomSlice = lineSlice(net.lossFn, thetaStar, randomUnit, { range: hRange, num: c.sliceSamples, ...evaluation });
  // Second difference at h = 1e-3: truncation h²·L''''/12 ~ 1e-7 relative, rounding ε·L/h² ~ 1e-11.
  const h = 1e-3;
  const fd = lineSlice(net.lossFn, thetaStar, v1, { range: [-h, h], num: 3 });
  const curvatureFd = (fd.values[0]! - 2 * fd.values[1]! + fd.values[2]!) / (h * h);
  // Where the quadratic model is off by 10 % of the rise it predicts, on the sampled α.
  let validRadius = c.hessianSliceRange;
  for (let i = 0; i < topSlice.alphas.length; i++) {
    const al = topSlice.alphas[i]!;
    const rise2 = 0.5 * eig.eigenvalues[0]! * al * al;
    const err = Math.abs(topSlice.values[i]! - (lossStar + topModel.slope * al + rise2));
    if (al !== 0 && err > 0.1 * rise2) validRadius = Math.min(validRadius, Math.abs(al));
  }
  ctx.progress(1, 'done');

  const cost = { evaluations: randomPlane.cost.evaluations + pcaPlane.cost.evaluations, seconds: randomPlane.cost.seconds + pcaPlane.cost.seconds };
  const evalsPerSecond = cost.seconds > 0 ? cost.evaluations / cost.seconds : Infinity;
  const sharpest = sharpness.filter((s) => Number.isFinite(s.lambdaMax));
  const metrics: Record<string, number> = {
    parameters: net.n,
    finalLossA: lossStar,
    finalLossB: b.finalLoss,
    accuracyA: a.accuracy,
    initLoss: net.lossFn(a.init),
    initToSolutionLargestRise: rise,
    barrier: barrier.barrier,
    barrierAlpha: barrier.alpha,
    barrierPeakLoss: barrier.peak,
    pcaExplained1: pca.explainedVarianceRatio[0]!,
    pcaExplained2: pca.explainedVarianceRatio[1]!,
    lambdaMaxInit: lambdaInit,
    hessianLanczosHvps: eig.hvps,
    curvatureFiniteDifference: curvatureFd,
    curvatureRelativeError: Math.abs(curvatureFd / eig.eigenvalues[0]! - 1),
    slopeAlongTop: topModel.slope,
    randomDirectionCurvature: randomModel.curvature,
    quadraticValidRadius: validRadius,
    gridEvaluations: cost.evaluations,
    gridSeconds: cost.seconds,
    gridEvaluationsPerSecond: evalsPerSecond,
  };
  eig.eigenvalues.forEach((l, i) => (metrics[`hessianEigenvalue${i + 1}`] = l));
  for (const s of sharpness) metrics[`sharpness_lr${s.lr}`] = Number.isFinite(s.lambdaMax) ? s.lambdaMax : NaN;

  const line = (name: string, s: { alphas: Float64Array; values: Float64Array }) => Array.from(s.alphas, (al, i) => ({ slice: name, alpha: al, loss: s.values[i]! }));
  const grid = (name: string, p: typeof randomPlane) => Array.from(p.values, (v, k) => ({ plane: name, alpha: p.grid.xs[k % p.grid.nx]!, beta: p.grid.ys[Math.floor(k / p.grid.nx)]!, loss: v }));
  const series: Record<string, SeriesRow[]> = {
    slices: [...line('init → solution', initLine), ...line('solution A → solution B', modeLine), ...line('top Hessian eigenvector', topSlice), ...line('random unit direction', randomSlice)],
    planes: [...grid('filter-normalized', randomPlane), ...grid('PCA', pcaPlane)],
    trajectory: pca.coordinates.map((p, k) => ({ snapshot: k, step: Math.min(k * c.snapshotEvery, c.steps), pc1: p[0]!, pc2: p[1]! })),
    sharpness: sharpness.map((s) => ({ ...s, lambdaMax: Number.isFinite(s.lambdaMax) ? s.lambdaMax : 'NaN', ratioToLimit: Number.isFinite(s.ratioToLimit) ? s.ratioToLimit : 'NaN', finalLoss: Number.isFinite(s.finalLoss) ? s.finalLoss : 'NaN' })),
    hessian: eig.eigenvalues.map((l, i) => ({ rank: i + 1, eigenvalue: l })),
  };

  const arch = `${sizes.join('-')} ${c.activation}`;
  const flattest = sharpest.reduce((p, q) => (q.lambdaMax < p.lambdaMax ? q : p), sharpest[0]!);
  const sharpestRun = sharpest.reduce((p, q) => (q.lambdaMax > p.lambdaMax ? q : p), sharpest[0]!);
  const findings = [
    `The ${arch} network (${net.n} parameters) trained by GD at η = ${c.lr} for ${c.steps} steps reaches ${c.loss.toUpperCase()} ${sig(lossStar)} (accuracy ${sig(100 * a.accuracy)} %) from ${sig(metrics.initLoss!)} at its init; along the straight line between the two the loss ${rise <= 0 ? 'decreases monotonically' : `rises by at most ${sig(rise)} between samples`} — no barrier separates init and solution.`,
    `Between the solutions from two seeds (losses ${sig(lossStar)} and ${sig(b.finalLoss)}) the straight line climbs to ${sig(barrier.peak)} at α = ${sig(barrier.alpha, 2)}: a barrier of ${sig(barrier.barrier)}, ${sig(barrier.barrier / Math.max(lossStar, b.finalLoss), 2)}× the larger endpoint loss — different seeds end in different basins (linear mode connectivity fails without aligning the hidden units).`,
    `The first two principal directions explain ${sig(100 * pca.explainedVarianceRatio[0]!)} % and ${sig(100 * pca.explainedVarianceRatio[1]!)} % of the path's variance: GD moves through ${net.n} dimensions along an almost planar curve.`,
    `Lanczos (${eig.hvps} Hessian-vector products) gives top eigenvalues ${eig.eigenvalues.map((l) => sig(l, 4)).join(', ')} at the solution; the second difference of the slice along the top eigenvector gives ${sig(curvatureFd, 6)} (relative error ${sig(metrics.curvatureRelativeError!, 2)}), the quadratic model L* + gα + ½λα² stays within 10 % of the measured rise for |α| < ${sig(validRadius, 2)}, and a random unit direction sees curvature ${sig(randomModel.curvature)}, ${sig(eig.eigenvalues[0]! / randomModel.curvature, 2)}× less.`,
    `Sharpness at the end of training (λ_max at init ${sig(lambdaInit)}): ${sharpness.map((s) => `η = ${s.lr}: ${Number.isFinite(s.lambdaMax) ? `${sig(s.lambdaMax)} (2/η = ${sig(2 / s.lr)}${s.lambdaMax > 2 / s.lr ? ', above it: GD still oscillates at the edge of stability' : ''})` : s.status}`).join('; ')} — the largest step found the flattest solution (λ_max ${sig(flattest.lambdaMax)} at η = ${flattest.lr}, against ${sig(sharpestRun.lambdaMax)} at η = ${sharpestRun.lr}).`,
    `The two ${c.planeResolution}×${c.planeResolution} planes cost ${cost.evaluations} loss evaluations in ${sig(cost.seconds, 2)} s: ${Math.round(evalsPerSecond)} evaluations/s with the fused batched forward pass.`,
  ];

  return {
    metrics,
    series,
    figures: [
      { id: 'interpolation', title: 'Linear interpolations', spec: interpolationSpec(initLine, modeLine, barrier.barrier) },
      { id: 'random-plane', title: 'Filter-normalized plane around the solution', spec: randomPlaneSpec(randomPlane, c.planeRange) },
      { id: 'pca-plane', title: 'Training path on its PCA plane', spec: pcaPlaneSpec(pcaPlane, pca) },
      { id: 'hessian-slice', title: 'Slice along the top Hessian eigenvector', spec: hessianSliceSpec(topSlice, randomSlice, lossStar, topModel, randomModel) },
      { id: 'sharpness', title: 'Sharpness vs step size', spec: sharpnessSpec(sharpness, lambdaInit) },
    ],
    findings,
    sections: {
      question: 'What does the loss surface of a trained network look like — around a solution, between solutions, and along the path that led there — and how does the step size decide which kind of minimum GD ends in?',
      setup:
        `Two moons (${c.samples} points, noise ${c.noise}); an MLP ${arch} with ${net.n} parameters, ${c.loss === 'mse' ? 'mean squared error on 0/1 targets' : 'binary cross-entropy on logits'}, trained by full-batch GD (src/optim SGD) for ${c.steps} steps at $\\eta = ${c.lr}$ from torch's default init (seeds drawn from the run's seed). ` +
        `Slices via src/landscape on the flat parameter vector: interpolations on $\\alpha \\in [-0.25, 1.25]$ (${c.sliceSamples} points); a plane spanned by two filter-normalized Gaussian directions, $[-${c.planeRange}, ${c.planeRange}]^2$; the plane of the top two principal directions of $\\{\\theta_t - \\theta^*\\}$ (snapshots every ${c.snapshotEvery} steps); ${c.planeResolution}² grid points each. Hessian eigenpairs by Lanczos on exact Hessian-vector products. Sharpness after ${c.steps} steps at $\\eta \\in \\{${lrs.join(', ')}\\}$ from the same init.`,
      math: [
        '\\ell(\\alpha) = L\\big((1-\\alpha)\\theta_A + \\alpha\\theta_B\\big), \\qquad B = \\max_{\\alpha\\in[0,1]} \\ell(\\alpha) - \\big[(1-\\alpha)\\ell(0) + \\alpha\\,\\ell(1)\\big]',
        'f(\\alpha, \\beta) = L(\\theta^* + \\alpha d_1 + \\beta d_2), \\qquad d_{i,j} \\leftarrow \\frac{d_{i,j}}{\\|d_{i,j}\\|}\\,\\|\\theta^*_{i,j}\\| \\text{ for each neuron } j \\text{ of layer } i',
        'X = [\\theta_t - \\theta^*]_t = U\\Sigma V^\\top, \\qquad (v_1, v_2) = \\text{top right singular vectors}, \\qquad \\text{explained} = \\frac{\\sigma_i^2}{\\sum_j \\sigma_j^2}',
        'L(\\theta^* + \\alpha v) \\approx L^* + \\alpha\\,\\nabla L^\\top v + \\tfrac12\\alpha^2\\, v^\\top \\nabla^2 L\\, v, \\qquad \\nabla^2 L\\, v_1 = \\lambda_{\\max} v_1',
        '\\text{GD near } \\theta^*: \\; \\delta_{t+1} = (I - \\eta\\nabla^2 L)\\,\\delta_t \\text{ is stable only if } \\lambda_{\\max} < \\frac{2}{\\eta}',
      ],
      teaches:
        'A trained network’s loss surface is not a bowl in every direction: it is sharply curved along a handful of Hessian eigenvectors and nearly flat along almost all others (a random slice sees a fraction of λ_max), the path to a solution is nearly planar and monotone, and solutions from different seeds are separated by barriers on the straight line between them (permutation symmetry). The step size is a selection pressure: GD cannot stay where λ_max > 2/η, so larger steps end in flatter solutions.',
      connection:
        'Flatness is robustness: a flat solution tolerates perturbations of its weights — noisy synapses in a neural circuit, quantized or drifting parameters in a deployed robot controller. Low-dimensional learning trajectories are also what neural population recordings show during learning, and the barrier between solutions is why averaging two independently trained controllers fails without aligning their units.',
    },
  };
}

export const lossLandscape: Experiment<LossLandscapeConfig> = {
  id: 'loss-landscape',
  title: 'Loss landscapes of a trained network',
  question: 'What does the loss of a trained network look like around its solution, between solutions and along its training path, and why do large steps find flat minima?',
  summary:
    'A 2-16-16-1 MLP on two moons, sliced: monotone init→solution line, a barrier between seeds, filter-normalized and PCA planes with the training path, the top Hessian eigenvector against the quadratic model, and sharpness λ_max ≤ 2/η falling with the step size.',
  schema,
  presets: {
    quick: { samples: 64, hidden: [8, 8], steps: 300, sharpnessLrs: [0.1, 0.4], planeResolution: 11, sliceSamples: 21, hessianTop: 2 },
    default: {},
    full: { samples: 400, steps: 3000, sharpnessLrs: [0.02, 0.05, 0.1, 0.2, 0.3, 0.4], planeResolution: 81, sliceSamples: 121, hessianTop: 5 },
  },
  run,
};
