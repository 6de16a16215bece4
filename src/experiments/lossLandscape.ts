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
import { figures } from './lossLandscapeFigures.js';
import { study, type LossLandscapeResult } from './lossLandscapeStudy.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow } from './types.js';
import { fmt } from './format.js';

const schema = z.object({
  samples: z.number().int().min(8).max(2000).default(200).describe('training points of the two-moons data set'),
  noise: z.number().min(0).max(0.5).default(0.1).describe('Gaussian noise of the two moons'),
  hidden: z.array(z.number().int().min(1).max(64)).min(1).max(4).default([16, 16]).describe('hidden widths of the MLP 2-…-1'),
  activation: z.enum(['tanh', 'relu', 'sigmoid', 'gelu']).default('tanh').describe('hidden activation (the output is linear)'),
  loss: z.enum(['mse', 'bce']).default('mse').describe('mse: mean squared error on 0/1 targets (the solutions are true minima); bce: cross-entropy on logits'),
  lr: z.number().min(1e-3).max(2).default(0.2).describe('step size η of the network that is sliced (and of the second seed)'),
  steps: z.number().int().min(10).max(20_000).default(1000).describe('full-batch GD steps of every training run'),
  snapshotEvery: z.number().int().min(1).max(1000).default(20).describe('record θ every this many steps for the trajectory PCA'),
  sharpnessLrs: z.array(z.number().min(1e-3).max(2)).min(1).max(8).default([0.05, 0.1, 0.2, 0.4]).describe('step sizes of the sharpness comparison (same init, same number of steps)'),
  planeRange: z.number().min(0.05).max(5).default(1).describe('the filter-normalized plane spans [−r, r]² around the solution'),
  planeResolution: z.number().int().min(5).max(201).default(41).describe('grid points per axis of each 2-D slice'),
  sliceSamples: z.number().int().min(5).max(1001).default(61).describe('points of each 1-D slice (interpolations round up to 6k + 1 so that α = 0 and 1 are samples)'),
  hessianSliceRange: z.number().min(0.01).max(5).default(0.6).describe('the eigenvector slice spans α ∈ [−a, a] (unit direction)'),
  hessianTop: z.number().int().min(1).max(10).default(3).describe('top Hessian eigenpairs computed at the solution (Lanczos)'),
});

export type LossLandscapeConfig = z.infer<typeof schema>;

function metricsOf(r: LossLandscapeResult): Record<string, number> {
  const { a, b, lossStar, lambdaInit, sharpness, barrier, rise, randomPlane, pcaPlane, pca, eig, topModel, randomModel, curvatureFd, validRadius } = r;
  // Only counts: wall-clock timings would make the result differ from run to run (speed is measured in bench/).
  const gridEvaluations = randomPlane.cost.evaluations + pcaPlane.cost.evaluations;
  const metrics: Record<string, number> = {
    parameters: r.parameters,
    finalLossA: lossStar,
    finalLossB: b.finalLoss,
    accuracyA: a.accuracy,
    initLoss: r.initLoss,
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
    gridEvaluations,
  };
  eig.eigenvalues.forEach((l, i) => (metrics[`hessianEigenvalue${i + 1}`] = l));
  for (const s of sharpness) metrics[`sharpness_lr${s.lr}`] = Number.isFinite(s.lambdaMax) ? s.lambdaMax : NaN;
  return metrics;
}

function seriesOf(r: LossLandscapeResult, c: LossLandscapeConfig): Record<string, SeriesRow[]> {
  const { sharpness, initLine, modeLine, randomPlane, pcaPlane, pca, eig, topSlice, randomSlice } = r;
  const line = (name: string, s: { alphas: Float64Array; values: Float64Array }) => Array.from(s.alphas, (al, i) => ({ slice: name, alpha: al, loss: s.values[i]! }));
  const grid = (name: string, p: typeof randomPlane) => Array.from(p.values, (v, k) => ({ plane: name, alpha: p.grid.xs[k % p.grid.nx]!, beta: p.grid.ys[Math.floor(k / p.grid.nx)]!, loss: v }));
  return {
    slices: [...line('init → solution', initLine), ...line('solution A → solution B', modeLine), ...line('top Hessian eigenvector', topSlice), ...line('random unit direction', randomSlice)],
    planes: [...grid('filter-normalized', randomPlane), ...grid('PCA', pcaPlane)],
    trajectory: pca.coordinates.map((p, k) => ({ snapshot: k, step: Math.min(k * c.snapshotEvery, c.steps), pc1: p[0]!, pc2: p[1]! })),
    sharpness: sharpness.map((s) => ({ ...s, lambdaMax: Number.isFinite(s.lambdaMax) ? s.lambdaMax : 'NaN', ratioToLimit: Number.isFinite(s.ratioToLimit) ? s.ratioToLimit : 'NaN', finalLoss: Number.isFinite(s.finalLoss) ? s.finalLoss : 'NaN' })),
    hessian: eig.eigenvalues.map((l, i) => ({ rank: i + 1, eigenvalue: l })),
  };
}

/** Sentences written from the study's numbers and metrics. */
function findingsOf(r: LossLandscapeResult, c: LossLandscapeConfig, metrics: Record<string, number>): string[] {
  const { sizes, a, b, lossStar, lambdaInit, sharpness, barrier, rise, pca, eig, randomModel, curvatureFd, validRadius } = r;
  const sharpest = sharpness.filter((s) => Number.isFinite(s.lambdaMax));
  const arch = `${sizes.join('-')} ${c.activation}`;
  const flattest = sharpest.reduce((p, q) => (q.lambdaMax < p.lambdaMax ? q : p), sharpest[0]!);
  const sharpestRun = sharpest.reduce((p, q) => (q.lambdaMax > p.lambdaMax ? q : p), sharpest[0]!);
  const largest = sharpest.reduce((p, q) => (q.lr > p.lr ? q : p), sharpest[0]!);
  return [
    `The ${arch} network (${r.parameters} parameters) trained by GD at η = ${c.lr} for ${c.steps} steps reaches ${c.loss.toUpperCase()} ${fmt(lossStar)} (accuracy ${fmt(100 * a.accuracy)} %) from ${fmt(metrics.initLoss!)} at its init; along the straight line between the two the loss ${rise <= 0 ? 'decreases monotonically' : `rises by at most ${fmt(rise)} between samples`} — no barrier separates init and solution.`,
    `Between the solutions from two seeds (losses ${fmt(lossStar)} and ${fmt(b.finalLoss)}) the straight line climbs to ${fmt(barrier.peak)} at α = ${fmt(barrier.alpha, 2)}: a barrier of ${fmt(barrier.barrier)}, ${fmt(barrier.barrier / Math.max(lossStar, b.finalLoss), 2)}× the larger endpoint loss — different seeds end in different basins (linear mode connectivity fails without aligning the hidden units).`,
    `The first two principal directions explain ${fmt(100 * pca.explainedVarianceRatio[0]!)} % and ${fmt(100 * pca.explainedVarianceRatio[1]!)} % of the path's variance: GD moves through ${r.parameters} dimensions along an almost planar curve.`,
    `Lanczos (${eig.hvps} Hessian-vector products) gives top eigenvalues ${eig.eigenvalues.map((l) => fmt(l, 4)).join(', ')} at the solution; the second difference of the slice along the top eigenvector gives ${fmt(curvatureFd, 6)} (relative error ${fmt(metrics.curvatureRelativeError!, 2)}), the quadratic model L* + gα + ½λα² stays within 10 % of the measured rise for |α| < ${fmt(validRadius, 2)}, and a random unit direction sees curvature ${fmt(randomModel.curvature)}, ${fmt(eig.eigenvalues[0]! / randomModel.curvature, 2)}× less.`,
    `Sharpness at the end of training (λ_max at init ${fmt(lambdaInit)}): ${sharpness.map((s) => `η = ${s.lr}: ${Number.isFinite(s.lambdaMax) ? `${fmt(s.lambdaMax)} (2/η = ${fmt(2 / s.lr)}${s.lambdaMax > 2 / s.lr ? ', above it: GD still oscillates at the edge of stability' : ''})` : s.status}`).join('; ')} — ${flattest === largest ? 'the largest step found the flattest solution' : `the flattest solution came from η = ${flattest.lr}, not the largest step`} (λ_max ${fmt(flattest.lambdaMax)} at η = ${flattest.lr}, against ${fmt(sharpestRun.lambdaMax)} at η = ${sharpestRun.lr}).`,
  ];
}

function run(c: LossLandscapeConfig, ctx: ExperimentContext): ExperimentOutput<LossLandscapeConfig> {
  const r = study({ ...c, seed: ctx.seed }, ctx);
  const metrics = metricsOf(r);
  const arch = `${r.sizes.join('-')} ${c.activation}`;
  // The planes table has 2·resolution² rows (~13,000 at the full preset): a cancellation check on each side of it.
  ctx.checkpoint();
  const series = seriesOf(r, c);
  ctx.checkpoint();
  return {
    metrics,
    series,
    figures: figures(r, c.planeRange),
    findings: findingsOf(r, c, metrics),
    sections: {
      setup:
        `Two moons (${c.samples} points, noise ${c.noise}); an MLP ${arch} with ${r.parameters} parameters, ${c.loss === 'mse' ? 'mean squared error on 0/1 targets' : 'binary cross-entropy on logits'}, trained by full-batch GD (src/optim SGD) for ${c.steps} steps at $\\eta = ${c.lr}$ from torch's default init (seeds drawn from the run's seed). ` +
        `Slices via src/landscape on the flat parameter vector: interpolations on $\\alpha \\in [-0.25, 1.25]$ (${c.sliceSamples} points); a plane spanned by two filter-normalized Gaussian directions, $[-${c.planeRange}, ${c.planeRange}]^2$; the plane of the top two principal directions of $\\{\\theta_t - \\theta^*\\}$ (snapshots every ${c.snapshotEvery} steps); ${c.planeResolution}² grid points each. Hessian eigenpairs by Lanczos on exact Hessian-vector products. Sharpness after ${c.steps} steps at $\\eta \\in \\{${r.lrs.join(', ')}\\}$ from the same init.`,
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
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // Shares from the CPU time of the default preset's phases (training 65 %, the two planes 25 %, slices and Lanczos
  // 10 %), less the ≈ 5 % that does not grow with the config (set-up), fitted to the quick and full presets' CPU seconds.
  cost: { seconds: 3.3, parts: [{ share: 0.05, scale: {} }, { share: 0.62, scale: { steps: 1, sharpnessLrs: 1, samples: 1 } }, { share: 0.24, scale: { planeResolution: 2, samples: 1 } }, { share: 0.09, scale: { sliceSamples: 1, samples: 1 } }] },
  presets: {
    quick: { samples: 64, hidden: [8, 8], steps: 300, snapshotEvery: 10, sharpnessLrs: [0.1, 0.4], planeResolution: 11, sliceSamples: 21, hessianTop: 2 },
    default: {},
    // The trajectory PCA builds and diagonalizes the T × T Gram matrix of the T = steps/snapshotEvery + 1 snapshots
    // in one uncancellable call, measured at ~0.5 s of CPU for T = 301 and ~60–110 ms for T = 101 on a loaded
    // machine (cost ∝ T³ for the eigen-solve, T² for the Gram matrix): every preset keeps T ≤ 51.
    full: { samples: 400, steps: 3000, snapshotEvery: 60, sharpnessLrs: [0.02, 0.05, 0.1, 0.2, 0.3, 0.4], planeResolution: 81, sliceSamples: 121, hessianTop: 5 },
  },
  run,
};
