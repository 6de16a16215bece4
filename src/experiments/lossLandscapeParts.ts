/**
 * Pieces of the `loss-landscape` experiment: training an MLP (src/nn, src/optim)
 * while recording its flat parameter vector, derivatives of the flat loss along
 * a direction, the interpolation barrier, and the figure specs.
 *
 * Barrier between θ_A and θ_B (Frankle et al. 2020, "Linear mode connectivity
 * and the lottery ticket hypothesis"): the largest excess of the loss on the
 * segment over the straight line between its end values,
 *   B = max_{α∈[0,1]} L((1 − α)θ_A + αθ_B) − [(1 − α)L(θ_A) + αL(θ_B)].
 */
import type { StudyHooks } from './types.js';
import { grad, hvp, noGrad, tensor, type Tensor } from '../autograd/index.js';
import { MLP, train, type Dataset } from '../nn/index.js';
import { SGD, flattenParams } from '../optim/index.js';
import type { LineSlice, PlaneSlice, TrajectoryPca } from '../landscape/index.js';
import { planeContourFigure } from '../landscape/index.js';
import type { ContourFigure, LineFigure, LineSeries } from '../spec/figure.js';
import { fmt } from './format.js';

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

const curve = (name: string, s: LineSlice, style?: LineSeries['style']): LineSeries => ({ name, points: Array.from(s.alphas, (a, i) => ({ x: a, y: s.values[i]! })), ...(style ? { style } : {}) });

export function interpolationSpec(initToSolution: LineSlice, betweenSolutions: LineSlice, barrier: number): LineFigure {
  return {
    kind: 'line',
    title: 'Straight lines through weight space',
    subtitle: `L((1 − α)θ_A + αθ_B); barrier between the two solutions ${fmt(barrier)}`,
    x: { label: 'interpolation coefficient α' },
    y: { label: 'training loss', scale: 'log' },
    series: [curve('initialization → solution (seed A)', initToSolution), curve('solution seed A → solution seed B', betweenSolutions)],
    references: [
      { axis: 'x', value: 0, label: 'init | solution A' },
      { axis: 'x', value: 1, label: 'solution A | B' },
    ],
  };
}

export function randomPlaneSpec(plane: PlaneSlice, range: number): ContourFigure {
  const fig = planeContourFigure(plane, { title: 'Loss around the solution on a random filter-normalized plane', xLabel: 'α (filter-normalized direction 1)', yLabel: 'β (filter-normalized direction 2)' });
  fig.caption = `${plane.cost.evaluations} loss evaluations.`;
  fig.subtitle = `θ* + αd₁ + βd₂, |α|, |β| ≤ ${range}; each neuron's incoming weights in dᵢ rescaled to that neuron's norm in θ* (Li et al. 2018)`;
  fig.points = [{ label: 'θ*', x: 0, y: 0 }];
  return fig;
}

export function pcaPlaneSpec(plane: PlaneSlice, pca: TrajectoryPca): ContourFigure {
  const [r1, r2] = pca.explainedVarianceRatio;
  const fig = planeContourFigure(plane, {
    title: 'The training path on the plane of its two principal directions',
    xLabel: `PC 1 (${fmt(100 * r1!, 3)} % of the path's variance)`,
    yLabel: `PC 2 (${fmt(100 * r2!, 3)} %)`,
    trajectories: [{ name: 'GD path θ_t, projected', path: pca.coordinates }],
  });
  fig.caption = `${plane.cost.evaluations} loss evaluations.`;
  fig.subtitle = 'θ* + αv₁ + βv₂, v₁, v₂ the top principal directions of θ_t − θ* (Li et al. 2018, §7)';
  fig.points = [{ label: 'θ*', x: 0, y: 0 }];
  return fig;
}

/** Slices along the top Hessian eigenvector and a random unit direction, with their quadratic models. */
export function hessianSliceSpec(top: LineSlice, random: LineSlice, lossStar: number, topModel: { slope: number; curvature: number }, randomModel: { slope: number; curvature: number }): LineFigure {
  const model = (s: LineSlice, m: { slope: number; curvature: number }) => Array.from(s.alphas, (a) => ({ x: a, y: lossStar + m.slope * a + 0.5 * m.curvature * a * a }));
  return {
    kind: 'line',
    title: 'Curvature at the solution: top Hessian eigenvector vs a random direction',
    subtitle: `L(θ* + αv) against L* + gα + ½(vᵀHv)α², unit v; λ_max = ${fmt(topModel.curvature)}, random vᵀHv = ${fmt(randomModel.curvature)}`,
    x: { label: 'step α along the unit direction v' },
    y: { label: 'training loss' },
    series: [
      curve('top eigenvector: measured', top),
      { name: 'top eigenvector: quadratic model', points: model(top, topModel), style: 'dashed' },
      curve('random direction: measured', random),
      { name: 'random direction: quadratic model', points: model(random, randomModel), style: 'dashed' },
    ],
  };
}

export function sharpnessSpec(runs: readonly { lr: number; lambdaMax: number }[], lambdaInit: number): LineFigure {
  const ok = runs.filter((r) => Number.isFinite(r.lambdaMax)).sort((a, b) => a.lr - b.lr);
  const lo = Math.min(...runs.map((r) => r.lr));
  const hi = Math.max(...runs.map((r) => r.lr), lo * 1.5);
  const dense = Array.from({ length: 21 }, (_, i) => lo * (hi / lo) ** (i / 20));
  return {
    kind: 'line',
    title: 'Larger steps end in flatter solutions',
    subtitle: 'top Hessian eigenvalue at the end of training against the step size η (full-batch GD, same init)',
    x: { label: 'step size η', scale: 'log' },
    y: { label: 'sharpness λ_max(∇²L(θ_T))', scale: 'log' },
    series: [
      { name: 'measured λ_max', points: ok.map((r) => ({ x: r.lr, y: r.lambdaMax })), markers: true },
      { name: 'stability limit 2/η', points: dense.map((e) => ({ x: e, y: 2 / e })), style: 'dashed' },
    ],
    references: [{ axis: 'y', value: lambdaInit, label: `λ_max at init ${fmt(lambdaInit)}` }],
  };
}
