/**
 * Figures of `rnn-fixed-points`: trajectories and fixed points in the top two principal components, the
 * Jacobian eigenvalues at the fixed points against the unit circle, and the integrator's sharpness against 2/η.
 */
import type { ComplexPlaneFigure, LineFigure, ScatterFigure } from '../spec/figure.js';
import type { ExperimentFigure } from './types.js';
import type { RnnFixedPointsResult, SystemSummary } from './rnnFixedPointsStudy.js';

function statePlot(name: string, s: SystemSummary): ScatterFigure {
  const kinds = ['stable', 'marginal', 'saddle', 'unstable'] as const;
  return {
    kind: 'scatter',
    title: `${name}: fixed points in the top two principal components`,
    subtitle: `q < ${s.slowTol} kept; trajectory of one test sequence in grey`,
    x: { label: 'PC 1' },
    y: { label: 'PC 2' },
    groups: [
      { name: 'trajectory', points: s.trajectory.map(([x, y]) => ({ x, y })) },
      ...kinds.map((k) => ({ name: k, points: s.points.filter((p) => p.kind === k).map((p) => ({ x: p.pc[0], y: p.pc[1] })) })).filter((g) => g.points.length > 0),
    ],
  };
}

function spectrum(name: string, s: SystemSummary): ComplexPlaneFigure {
  const kinds = [...new Set(s.points.map((p) => p.kind))];
  return {
    kind: 'complexPlane',
    title: `${name}: eigenvalues μ of ∂F/∂h at the fixed points`,
    subtitle: `stable: all |μ| < 1 − ${s.marginalTol.toFixed(3)}; marginal: ||μ| − 1| ≤ ${s.marginalTol.toFixed(3)}`,
    groups: kinds.map((k) => ({ name: k, points: s.points.filter((p) => p.kind === k).flatMap((p) => p.eigen) })),
    xLabel: 'Re μ',
    yLabel: 'Im μ',
    unitCircle: true,
  };
}

export function rnnFixedPointsFigures(r: RnnFixedPointsResult): ExperimentFigure[] {
  const i = r.integrator;
  const sharp: LineFigure = {
    kind: 'line',
    title: 'Integrator: sharpness of the loss during gradient descent, against 2/η',
    subtitle: `η = ${i.lr.toPrecision(3)}: the learning rule is stable while λ_max(∇²L) < 2/η`,
    x: { label: 'gradient-descent step' },
    y: { label: 'λ_max(∇²L)' },
    series: [{ name: 'sharpness', points: i.sharpness.map((s) => ({ x: s.step, y: s.value })), markers: true }],
    references: [{ axis: 'y', value: i.threshold, label: '2/η' }],
  };
  return [
    { id: 'flipflop-states', spec: statePlot('3-bit flip-flop', r.flipFlop) },
    { id: 'flipflop-spectrum', spec: spectrum('3-bit flip-flop', r.flipFlop) },
    { id: 'integrator-states', spec: statePlot('Integrator', i) },
    { id: 'integrator-spectrum', spec: spectrum('Integrator', i) },
    { id: 'integrator-sharpness', spec: sharp },
  ];
}
