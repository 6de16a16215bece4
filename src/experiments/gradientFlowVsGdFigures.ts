/**
 * Figures of the `gradient-flow-vs-gd` experiment, from its study's result
 * (gradientFlowVsGdStudy.ts): the order plot, the trajectories on
 * ½(xy − 1)², the drift of the conserved x² − y², and the breakdown past
 * 2/λ_max. Every caption is written from the run's own numbers.
 */
import type { StabilityRow } from '../ode/flow/index.js';
import type { ContourFigure, LineFigure, Point, Trajectory } from '../spec/figure.js';
import type { GradientFlowVsGdStudyResult, Path } from './gradientFlowVsGdStudy.js';
import type { ExperimentFigure } from './types.js';
import { fmt } from './format.js';

const toPoints = (path: Path): Point[] => path.map((s) => ({ x: s[0]!, y: s[1]! }));

function orderFigure({ study, etas }: GradientFlowVsGdStudyResult): LineFigure {
  const { quadratic: q, product: p } = study;
  // Reference lines C·ηᵖ drawn a factor 2 below the lower of the two measured series at the largest η.
  const anchor = (a: number[], b: number[], power: number): Point[] => etas.map((e) => ({ x: e, y: 0.5 * Math.min(a[0]!, b[0]!) * (e / etas[0]!) ** power }));
  const last = etas.length - 1;
  return {
    kind: 'line',
    title: 'GD is first order for gradient flow, second order for the modified flow',
    subtitle: `max distance over t ≤ ${study.horizon} between GD and the flows, log–log`,
    x: { label: 'step size η', scale: 'log' },
    y: { label: 'max ‖θₖ − θ(kη)‖', scale: 'log' },
    series: [
      { name: `quadratic vs flow (slope ${q.flowOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: q.flowDistance[i]! })), markers: true },
      { name: `½(xy−1)² vs flow (slope ${p.flowOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: p.flowDistance[i]! })), markers: true },
      { name: `quadratic vs modified flow (slope ${q.modifiedOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: q.modifiedDistance[i]! })), markers: true },
      { name: `½(xy−1)² vs modified flow (slope ${p.modifiedOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: p.modifiedDistance[i]! })), markers: true },
      { name: 'reference slope 1', points: anchor(q.flowDistance, p.flowDistance, 1), style: 'dashed' },
      { name: 'reference slope 2', points: anchor(q.modifiedDistance, p.modifiedDistance, 2), style: 'dotted' },
    ],
    caption:
      `Against gradient flow the distance falls in parallel with the dashed slope-1 line (measured slopes ${q.flowOrder.toFixed(2)} and ${p.flowOrder.toFixed(2)}); ` +
      `against the modified flow of L̃ = L + (η/4)‖∇L‖² it follows the dotted slope-2 line (${q.modifiedOrder.toFixed(2)} and ${p.modifiedOrder.toFixed(2)}), ` +
      `so at η = ${fmt(etas[last]!)} the modified flow is ${fmt(p.flowDistance[last]! / p.modifiedDistance[last]!)}× closer to GD on ½(xy − 1)². References by dop853 at tight tolerance.`,
  };
}

function landscapeFigure({ config: c, study, landscape: l }: GradientFlowVsGdStudyResult): ContourFigure {
  const inView = (pts: Point[]) => pts.filter((p) => Math.abs(p.x) < 4 && Math.abs(p.y) < 4);
  const trajectories: Trajectory[] = [
    { name: 'gradient flow', points: toPoints(l.flow) },
    { name: `GD, η = ${fmt(c.demoEta)}`, points: toPoints(l.gd) },
    { name: `modified flow, η = ${fmt(c.demoEta)}`, points: toPoints(l.modified) },
    { name: `GD, η = ${fmt(l.etaBreak)} (> 2/λ_max)`, points: inView(toPoints(l.breakdown)) },
  ];
  const all = trajectories.flatMap((t) => t.points);
  const pad = 0.25;
  const xRange: [number, number] = [Math.min(...all.map((p) => p.x)) - pad, Math.max(...all.map((p) => p.x)) + pad];
  const yRange: [number, number] = [Math.min(...all.map((p) => p.y)) - pad, Math.max(...all.map((p) => p.y)) + pad];
  const nx = 61;
  const ny = 61;
  const values: number[] = [];
  for (let j = 0; j < ny; j++) {
    const y = yRange[0] + ((yRange[1] - yRange[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const x = xRange[0] + ((xRange[1] - xRange[0]) * i) / (nx - 1);
      values.push(0.5 * (x * y - 1) ** 2);
    }
  }
  const end = l.flow[l.flow.length - 1]!;
  const flowSharpness = study.product.lambdaMaxAtFlowEnd;
  return {
    kind: 'contour',
    title: 'Trajectories on L = ½(xy − 1)²',
    subtitle: `flow ends at sharpness x² + y² = ${fmt(end[0]! ** 2 + end[1]! ** 2)}; GD past 2/λ_max settles elsewhere`,
    x: { label: 'x (first layer)' },
    y: { label: 'y (second layer)' },
    value: { label: 'loss ½(xy − 1)²' },
    grid: { nx, ny, xRange, yRange, values },
    levels: { values: [1e-4, 1e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], spacing: 'log' },
    trajectories,
    points: [{ label: 'start', x: c.x0, y: c.y0 }],
    caption:
      `The minima form the hyperbola xy = 1 (white: loss below 1e-4). From (${fmt(c.x0)}, ${fmt(c.y0)}) gradient flow keeps x² − y² fixed and reaches the hyperbola where the sharpness is ${fmt(flowSharpness)}; ` +
      `GD at η = ${fmt(c.demoEta)} and its modified flow end close to it. At η = ${fmt(l.etaBreak)}, above 2/λ_max = ${fmt(2 / flowSharpness)} there, GD cannot settle: ` +
      (l.breakdownDiverged ? 'it diverges.' : `it bounces and ends at a flatter minimum of sharpness ${fmt(l.breakdownSharpness)} < 2/η = ${fmt(2 / l.etaBreak)}.`),
  };
}

function invariantFigure({ study, etas }: GradientFlowVsGdStudyResult): LineFigure {
  const inv = study.product.invariant;
  const last = etas.length - 1;
  const error = (i: number) => Math.abs(inv.modifiedDrift[i]! - inv.gdDrift[i]!) / inv.gdDrift[i]!;
  return {
    kind: 'line',
    title: 'GD breaks the flow’s conservation law; the modified flow predicts by how much',
    subtitle: `|D(T) − D₀|, D = x² − y², on ½(xy − 1)², T = ${study.horizon}`,
    x: { label: 'step size η', scale: 'log' },
    y: { label: '|D(T) − D₀|', scale: 'log' },
    series: [
      { name: `GD (slope ${inv.gdDriftOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: inv.gdDrift[i]! })), markers: true },
      { name: 'modified flow prediction', points: etas.map((e, i) => ({ x: e, y: inv.modifiedDrift[i]! })), style: 'dashed', markers: true },
    ],
    caption:
      `Gradient flow keeps D to ${fmt(inv.flowDrift, 2)} (solver error). GD multiplies D by (1 − η²r²) each step, r = xy − 1, so its drift falls with slope ${inv.gdDriftOrder.toFixed(2)} in η; ` +
      `the dashed prediction of the modified flow lies within ${fmt(100 * error(0), 2)} % of it at η = ${fmt(etas[0]!)} and ${fmt(100 * error(last), 2)} % at η = ${fmt(etas[last]!)}.`,
  };
}

function stabilityFigure({ study }: GradientFlowVsGdStudyResult): LineFigure {
  const finite = (rows: StabilityRow[]) => rows.filter((r) => Number.isFinite(r.relativeDistance) && r.relativeDistance > 0).map((r) => ({ x: r.factor, y: r.relativeDistance }));
  const diverged = [...study.quadratic.stability, ...study.product.stability].filter((r) => !(Number.isFinite(r.relativeDistance) && r.relativeDistance > 0)).length;
  return {
    kind: 'line',
    title: 'Past the stability limit the flow no longer describes GD',
    subtitle: 'max distance from the flow relative to ‖θ₀‖, against η·λ_max/2',
    x: { label: 'η · λ_max / 2' },
    y: { label: 'max ‖θₖ − θ(kη)‖ / ‖θ₀‖', scale: 'log' },
    series: [
      { name: 'quadratic bowl', points: finite(study.quadratic.stability), markers: true },
      { name: '½(xy − 1)² (λ_max at the flow’s end)', points: finite(study.product.stability), markers: true },
    ],
    references: [{ axis: 'x', value: 1, label: 'η = 2/λ_max' }],
    caption:
      `Left of the line η = 2/λ_max GD stays within ${fmt(study.findings.quadraticStableMaxDistance)}‖θ₀‖ of the flow on the bowl; right of it the distance is at least ${fmt(study.findings.quadraticUnstableMinDistance)}‖θ₀‖` +
      (diverged > 0 ? `, and ${diverged} diverged run${diverged > 1 ? 's are' : ' is'} left out.` : '.'),
  };
}

/** The figures of a gradient-flow-vs-gd study. */
export function figures(r: GradientFlowVsGdStudyResult): ExperimentFigure[] {
  return [
    { id: 'order', title: 'Distance between GD and the flows vs step size', spec: orderFigure(r) },
    { id: 'landscape', title: 'GD, gradient flow and modified flow on ½(xy − 1)²', spec: landscapeFigure(r) },
    { id: 'invariant', title: 'Drift of the layer balance x² − y²', spec: invariantFigure(r) },
    { id: 'stability', title: 'Breakdown past 2/λ_max', spec: stabilityFigure(r) },
  ];
}
