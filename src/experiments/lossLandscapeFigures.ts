/**
 * Figures of the `loss-landscape` experiment, from its study's result
 * (lossLandscapeStudy.ts): interpolations, the filter-normalized and PCA
 * planes, the slice along the top Hessian eigenvector against its quadratic
 * model, and sharpness against the step size. Every caption is written from
 * the run's own numbers.
 */
import { geomspaceArray, planeContourFigure, type LineSlice, type PlaneSlice, type TrajectoryPca } from '../landscape/index.js';
import type { ContourFigure, LineFigure, LineSeries } from '../spec/figure.js';
import type { LossLandscapeResult } from './lossLandscapeStudy.js';
import type { ExperimentFigure } from './types.js';
import { fmt } from './format.js';

/** The finite values of a plane slice. */
const finite = (plane: PlaneSlice): number[] => Array.from(plane.values).filter(Number.isFinite);

const curve = (name: string, s: LineSlice, style?: LineSeries['style']): LineSeries => ({ name, points: Array.from(s.alphas, (a, i) => ({ x: a, y: s.values[i]! })), ...(style ? { style } : {}) });

function interpolationSpec({ initLine: initToSolution, modeLine: betweenSolutions, barrier: b, rise, lossStar, initLoss }: LossLandscapeResult): LineFigure {
  const barrier = b.barrier;
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
    caption:
      `From the init (α = 0, loss ${fmt(initLoss)}) to the solution (α = 1, loss ${fmt(lossStar)}) the loss ${rise <= 0 ? 'falls monotonically' : `never rises by more than ${fmt(rise)} between samples`}: no barrier. ` +
      `Between the solutions of two seeds it climbs to ${fmt(b.peak)} at α = ${fmt(b.alpha, 2)}, a barrier of ${fmt(barrier)} above the straight line between their losses.`,
  };
}

function randomPlaneSpec(plane: PlaneSlice, range: number, lossStar: number): ContourFigure {
  const fig = planeContourFigure(plane, { title: 'Loss around the solution on a random filter-normalized plane', xLabel: 'α (filter-normalized direction 1)', yLabel: 'β (filter-normalized direction 2)' });
  fig.caption = `The solution θ* sits in a basin whose loss rises from ${fmt(lossStar)} at the centre to ${fmt(Math.max(...finite(plane)))} at the edge of the plane (${plane.cost.evaluations} loss evaluations).`;
  fig.subtitle = `θ* + αd₁ + βd₂, |α|, |β| ≤ ${range}; each neuron's incoming weights in dᵢ rescaled to that neuron's norm in θ* (Li et al. 2018)`;
  fig.points = [{ label: 'θ*', x: 0, y: 0 }];
  return fig;
}

function pcaPlaneSpec(plane: PlaneSlice, pca: TrajectoryPca): ContourFigure {
  const [r1, r2] = pca.explainedVarianceRatio;
  const fig = planeContourFigure(plane, {
    title: 'The training path on the plane of its two principal directions',
    xLabel: `PC 1 (${fmt(100 * r1!, 3)} % of the path's variance)`,
    yLabel: `PC 2 (${fmt(100 * r2!, 3)} %)`,
    trajectories: [{ name: 'GD path θ_t, projected', path: pca.coordinates }],
  });
  fig.caption = `The first two principal directions hold ${fmt(100 * (r1! + r2!), 3)} % of the path's variance, so the projected GD path (from ○ to ●) is drawn almost without loss; it descends into the solution's basin from a loss of up to ${fmt(Math.max(...finite(plane)))} on this plane (${plane.cost.evaluations} loss evaluations).`;
  fig.subtitle = 'θ* + αv₁ + βv₂, v₁, v₂ the top principal directions of θ_t − θ* (Li et al. 2018, §7)';
  fig.points = [{ label: 'θ*', x: 0, y: 0 }];
  return fig;
}

/** Slices along the top Hessian eigenvector and a random unit direction, with their quadratic models. */
function hessianSliceSpec({ topSlice: top, randomSlice: random, lossStar, topModel, randomModel, eig, validRadius }: LossLandscapeResult): LineFigure {
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
    caption:
      `Along the top eigenvector (λ_max = ${fmt(eig.eigenvalues[0]!)}) the loss rises steeply and the dashed quadratic model matches it within 10 % for |α| < ${fmt(validRadius, 2)}; ` +
      `a random unit direction sees curvature vᵀHv = ${fmt(randomModel.curvature)}, ${fmt(eig.eigenvalues[0]! / randomModel.curvature, 2)}× less.`,
  };
}

function sharpnessSpec({ sharpness: runs, lambdaInit }: LossLandscapeResult): LineFigure {
  const ok = runs.filter((r) => Number.isFinite(r.lambdaMax)).sort((a, b) => a.lr - b.lr);
  const lo = Math.min(...runs.map((r) => r.lr));
  const hi = Math.max(...runs.map((r) => r.lr), lo * 1.5);
  const dense = geomspaceArray(lo, hi, 21);
  return {
    kind: 'line',
    title: 'Larger steps end in flatter solutions',
    subtitle: 'top Hessian eigenvalue at the end of training against the step size η (full-batch GD, same init)',
    x: { label: 'step size η', scale: 'log' },
    y: { label: 'sharpness λ_max(∇²L(θ_T))', scale: 'log' },
    series: [
      { name: 'measured λ_max', points: ok.map((r) => ({ x: r.lr, y: r.lambdaMax })), markers: true },
      { name: 'stability limit 2/η', points: Array.from(dense, (e) => ({ x: e, y: 2 / e })), style: 'dashed' },
    ],
    references: [{ axis: 'y', value: lambdaInit, label: `λ_max at init ${fmt(lambdaInit)}` }],
    caption:
      `Every solution lies ${ok.every((r) => r.lambdaMax <= 2 / r.lr) ? 'below' : 'near or below'} the dashed stability limit 2/η, the only place GD can stay: ` +
      `${ok.map((r) => `λ_max = ${fmt(r.lambdaMax)} at η = ${r.lr}`).join(', ')} (${fmt(lambdaInit)} at the init).`,
  };
}

/** The figures of a loss-landscape study; `planeRange` is the half-width of the filter-normalized plane. */
export function figures(r: LossLandscapeResult, planeRange: number): ExperimentFigure[] {
  return [
    { id: 'interpolation', title: 'Linear interpolations', spec: interpolationSpec(r) },
    { id: 'random-plane', title: 'Filter-normalized plane around the solution', spec: randomPlaneSpec(r.randomPlane, planeRange, r.lossStar) },
    { id: 'pca-plane', title: 'Training path on its PCA plane', spec: pcaPlaneSpec(r.pcaPlane, r.pca) },
    { id: 'hessian-slice', title: 'Slice along the top Hessian eigenvector', spec: hessianSliceSpec(r) },
    { id: 'sharpness', title: 'Sharpness vs step size', spec: sharpnessSpec(r) },
  ];
}
