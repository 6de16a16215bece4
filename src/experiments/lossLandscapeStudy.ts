/**
 * The computation of the `loss-landscape` experiment (see lossLandscape.ts):
 * train, slice, measure. A typed config in, plain data out (numbers, typed
 * arrays, slices); deterministic for a seed. Public as
 * `experiments.lossLandscape.study(config)`.
 *
 * Barrier between θ_A and θ_B (Frankle et al. 2020, "Linear mode connectivity
 * and the lottery ticket hypothesis"): the largest excess of the loss on the
 * segment over the straight line between its end values,
 *   B = max_{α∈[0,1]} L((1 − α)θ_A + αθ_B) − [(1 − α)L(θ_A) + αL(θ_B)].
 */
import { filterNormalizedDirection, hessianDirections, interpolationSlice, lineSlice, mlpLoss, planeSlice, trajectoryPca, type LineSlice, type TrajectoryPca } from '../landscape/index.js';
import { MLP, train, twoMoons, type Dataset } from '../nn/index.js';
import { SGD, flattenParams } from '../optim/index.js';
import { Rng } from '../tensor/index.js';
import { binaryCrossEntropyWithLogits, grad, hvp, mseLoss, noGrad, tensor, type Tensor } from '../autograd/index.js';
import { checked, checkedObjective } from './runner.js';
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

export interface TrainedNet {
  lr: number;
  init: Float64Array;
  final: Float64Array;
  /** θ₀, θ_k, θ_2k, … and the final point (k = snapshotEvery; empty unless asked for). */
  snapshots: Float64Array[];
  losses: number[];
  status: string;
  finalLoss: number;
  /** Fraction of training points classified correctly (output > ½ for MSE on 0/1 targets, logit > 0 for BCE). */
  accuracy: number;
}

/** Full-batch GD (src/optim SGD) on an MLP initialized with `seed`. */
export function trainNet(data: Dataset, o: { sizes: number[]; activation: string; loss: 'mse' | 'bce'; lr: number; steps: number; seed: number; snapshotEvery: number }, hooks: StudyHooks = {}): TrainedNet {
  const model = new MLP(o.sizes, { hidden: o.activation, seed: o.seed });
  const params = model.parameters();
  const init = flattenParams(params);
  const snapshots: Float64Array[] = o.snapshotEvery > 0 ? [init] : [];
  const result = train(model, data, {
    loss: o.loss === 'mse' ? 'mse' : 'bceWithLogits',
    optimizer: new SGD(params, { lr: o.lr }),
    steps: o.steps,
    recordEvery: 0,
    layerStats: false,
    callbacks: (info) => {
      hooks.checkpoint?.();
      if (o.snapshotEvery > 0 && (info.step + 1) % o.snapshotEvery === 0) snapshots.push(flattenParams(params));
    },
  });
  const final = flattenParams(params);
  if (o.snapshotEvery > 0 && o.steps % o.snapshotEvery !== 0) snapshots.push(final);
  const threshold = o.loss === 'mse' ? 0.5 : 0;
  const out = noGrad(() => model.forward(data.x).data);
  const y = data.y.contiguous().data;
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (out[i]! > threshold === y[i]! > 0.5) correct++;
  return { lr: o.lr, init, final, snapshots, losses: result.losses, status: result.status, finalLoss: result.finalLoss, accuracy: correct / y.length };
}

/** ⟨∇L(θ), d⟩ and dᵀ∇²L(θ)d for a unit (or any) direction d, by reverse mode and a Hessian-vector product. */
export function directionalDerivatives(loss: (theta: Tensor) => Tensor, theta: Float64Array, d: Float64Array): { slope: number; curvature: number } {
  const point = tensor(Float64Array.from(theta));
  const direction = tensor(Float64Array.from(d));
  const g = (grad(loss)(point) as Tensor).data;
  const hd = (hvp(loss, point, direction) as Tensor).data;
  let slope = 0;
  let curvature = 0;
  for (let i = 0; i < d.length; i++) {
    slope += g[i]! * d[i]!;
    curvature += hd[i]! * d[i]!;
  }
  return { slope, curvature };
}

/** The barrier over the samples with α ∈ [0, 1], and where it peaks. */
export function interpolationBarrier(slice: LineSlice): { barrier: number; alpha: number; peak: number; end0: number; end1: number } {
  const idx = Array.from(slice.alphas.keys()).filter((i) => slice.alphas[i]! >= -1e-12 && slice.alphas[i]! <= 1 + 1e-12);
  const i0 = idx[0]!;
  const i1 = idx[idx.length - 1]!;
  const end0 = slice.values[i0]!;
  const end1 = slice.values[i1]!;
  let best = { barrier: -Infinity, alpha: 0, peak: end0 };
  for (const i of idx) {
    const a = slice.alphas[i]!;
    const excess = slice.values[i]! - ((1 - a) * end0 + a * end1);
    if (excess > best.barrier) best = { barrier: excess, alpha: a, peak: slice.values[i]! };
  }
  return { ...best, end0, end1 };
}

/** Largest rise between consecutive samples of the segment α ∈ [0, 1] (0 for a monotone decrease). */
export function largestRise(slice: LineSlice): number {
  let rise = 0;
  for (let i = 1; i < slice.alphas.length; i++) {
    if (slice.alphas[i - 1]! < -1e-12 || slice.alphas[i]! > 1 + 1e-12) continue;
    rise = Math.max(rise, slice.values[i]! - slice.values[i - 1]!);
  }
  return rise;
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
  // The objective's hvp reuses one gradient graph at a fixed θ, so only checkedObjective sees each Lanczos step.
  const net = { ...raw, lossFn: checked(hooks, raw.lossFn), batchLossFn: checked(hooks, raw.batchLossFn), lossTensor, objective: checkedObjective(hooks, raw.objective) };
  // Parameter vectors per batched call (each vector is evaluated on its own, so the size changes no number): one
  // call of 256 vectors on 400 points took ~250 ms of CPU between two cancellation checks; 16 keeps a call near
  // 15 ms at the largest preset, and the per-call overhead stays negligible next to 16 forward passes.
  const evaluation = { batchLossFn: net.batchLossFn, batchSize: 16 };
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
  const pca = trajectoryPca(a.snapshots, { checkpoint: hooks.checkpoint });
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

