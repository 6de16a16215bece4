/**
 * The computation of the `loss-landscape` experiment (see lossLandscape.ts):
 * train, slice, measure. A typed config in, plain data out (numbers, typed
 * arrays, slices); deterministic for a seed. Public as
 * `experiments.lossLandscape.study(config)`.
 */
import { filterNormalizedDirection, hessianDirections, interpolationSlice, lineSlice, mlpLoss, planeSlice, trajectoryPca, type TrajectoryPca } from '../landscape/index.js';
import { twoMoons } from '../nn/index.js';
import { Rng } from '../tensor/index.js';
import { binaryCrossEntropyWithLogits, mseLoss, objective } from '../autograd/index.js';
import { directionalDerivatives, interpolationBarrier, largestRise, trainNet, type TrainedNet } from './lossLandscapeParts.js';
import { checked } from './runner.js';
import type { StudyHooks } from './types.js';

export interface LossLandscapeStudyConfig {
  samples: number;
  noise: number;
  hidden: number[];
  activation: 'tanh' | 'relu' | 'sigmoid' | 'gelu';
  loss: 'mse' | 'bce';
  lr: number;
  steps: number;
  snapshotEvery: number;
  sharpnessLrs: number[];
  planeRange: number;
  planeResolution: number;
  sliceSamples: number;
  hessianSliceRange: number;
  hessianTop: number;
  seed: number;
}

/** A padded [min, max] range of the PCA coordinates along one axis. */
function coordinateRange(pca: TrajectoryPca, axis: 0 | 1): [number, number] {
  const values = pca.coordinates.map((c) => c[axis]!);
  const lo = Math.min(...values, 0);
  const hi = Math.max(...values, 0);
  const pad = 0.15 * Math.max(hi - lo, 1e-3);
  return [lo - pad, hi + pad];
}

export type LossLandscapeResult = ReturnType<typeof study>;

export function study(c: LossLandscapeStudyConfig, hooks: StudyHooks = {}) {
  const rng = new Rng(c.seed);
  if (Math.floor(c.steps / c.snapshotEvery) < 2) {
    throw new Error(`loss-landscape: steps must be at least 2·snapshotEvery for a 2-D trajectory PCA, got steps = ${c.steps}, snapshotEvery = ${c.snapshotEvery}`);
  }
  const dataSeed = rng.int(1_000_000_000);
  const seedA = rng.int(1_000_000_000);
  const seedB = rng.int(1_000_000_000);
  const directionSeeds = [rng.int(1_000_000_000), rng.int(1_000_000_000), rng.int(1_000_000_000)];
  const lanczosSeed = rng.int(1_000_000_000);
  const data = twoMoons({ n: c.samples, noise: c.noise, seed: dataSeed });
  const sizes = [2, ...c.hidden, 1];
  const raw = mlpLoss({ sizes, activation: c.activation, inputs: data.x, targets: data.y, loss: c.loss === 'mse' ? mseLoss : binaryCrossEntropyWithLogits });
  // Every slice, Lanczos iteration and finite difference evaluates one of these: each checks for cancellation first.
  const lossTensor = checked(hooks, raw.lossTensor);
  const net = { ...raw, lossFn: checked(hooks, raw.lossFn), batchLossFn: checked(hooks, raw.batchLossFn), lossTensor, objective: objective(lossTensor, raw.n) };
  const evaluation = { batchLossFn: net.batchLossFn };
  const topEigen = (theta: Float64Array, k = 1) => hessianDirections(net.objective, theta, { k, seed: lanczosSeed });

  // --- training: the sliced net, the sharpness sweep (same init) and a second seed ---
  const lrs = [...new Set([...c.sharpnessLrs, c.lr])].sort((a, b) => a - b);
  const runs = new Map<number, TrainedNet>();
  lrs.forEach((lr, i) => {
    hooks.progress?.((0.55 * i) / (lrs.length + 1), `training η = ${lr}`);
    runs.set(lr, trainNet(data, { sizes, activation: c.activation, loss: c.loss, lr, steps: c.steps, seed: seedA, snapshotEvery: lr === c.lr ? c.snapshotEvery : 0 }, hooks));
    hooks.checkpoint?.();
  });
  hooks.progress?.((0.55 * lrs.length) / (lrs.length + 1), 'training the second seed');
  const a = runs.get(c.lr)!;
  const b = trainNet(data, { sizes, activation: c.activation, loss: c.loss, lr: c.lr, steps: c.steps, seed: seedB, snapshotEvery: 0 }, hooks);
  if (a.status !== 'completed' || b.status !== 'completed') {
    throw new Error(`loss-landscape: training at lr = ${c.lr} did not complete (seed A: ${a.status}, seed B: ${b.status}); lower lr`);
  }
  const thetaStar = a.final;
  const lossStar = net.lossFn(thetaStar);
  hooks.checkpoint?.();

  // --- sharpness of every solution (and at the init) ---
  hooks.progress?.(0.6, 'sharpness');
  const lambdaInit = topEigen(a.init).eigenvalues[0]!;
  const sharpness = lrs.map((lr) => {
    const r = runs.get(lr)!;
    const lambdaMax = r.status === 'completed' ? topEigen(r.final).eigenvalues[0]! : NaN;
    return { lr, lambdaMax, limit: 2 / lr, ratioToLimit: lambdaMax / (2 / lr), finalLoss: r.finalLoss, accuracy: r.accuracy, status: r.status };
  });

  // --- 1-D: init → solution, solution A → solution B ---
  hooks.progress?.(0.65, 'interpolations');
  // 6k + 1 samples on [−0.25, 1.25] put α = 0 and α = 1 exactly on the grid (spacing 0.25/k).
  const sliceOptions = { range: [-0.25, 1.25] as [number, number], num: 6 * Math.ceil((c.sliceSamples - 1) / 6) + 1, ...evaluation };
  const initLine = interpolationSlice(net.lossFn, a.init, thetaStar, sliceOptions);
  const modeLine = interpolationSlice(net.lossFn, thetaStar, b.final, sliceOptions);
  const barrier = interpolationBarrier(modeLine);
  const rise = largestRise(initLine);

  // --- 2-D: random filter-normalized plane; PCA plane with the path ---
  hooks.progress?.(0.7, 'filter-normalized plane');
  const d1 = filterNormalizedDirection(thetaStar, net.shapes, { seed: directionSeeds[0] });
  const d2 = filterNormalizedDirection(thetaStar, net.shapes, { seed: directionSeeds[1] });
  const planeOptions = { nx: c.planeResolution, ...evaluation };
  const randomPlane = planeSlice(net.lossFn, thetaStar, d1, d2, { xRange: [-c.planeRange, c.planeRange], ...planeOptions });
  hooks.checkpoint?.();
  hooks.progress?.(0.8, 'PCA plane');
  const pca = trajectoryPca(a.snapshots);
  const pcaPlane = planeSlice(net.lossFn, thetaStar, pca.directions[0]!, pca.directions[1]!, { xRange: coordinateRange(pca, 0), yRange: coordinateRange(pca, 1), ...planeOptions });
  hooks.checkpoint?.();

  // --- Hessian at the solution: eigenpairs, slice along the top eigenvector vs the quadratic model ---
  hooks.progress?.(0.9, 'Hessian');
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
  hooks.progress?.(1, 'done');
  return {
    parameters: net.n,
    sizes,
    lrs,
    a,
    b,
    lossStar,
    initLoss: net.lossFn(a.init),
    lambdaInit,
    sharpness,
    initLine,
    modeLine,
    barrier,
    rise,
    randomPlane,
    pcaPlane,
    pca,
    eig,
    topModel,
    randomModel,
    topSlice,
    randomSlice,
    curvatureFd,
    validRadius,
  };
}

export type { TrainedNet };
