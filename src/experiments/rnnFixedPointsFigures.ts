/**
 * Figures of `rnn-fixed-points`: trajectories and fixed points in the top two principal components, the
 * Jacobian eigenvalues at the fixed points against the unit circle, and the integrator's sharpness against 2/η.
 */
import type { ComplexPlaneFigure, LineFigure, ScatterFigure } from '../spec/figure.js';
import { fmt } from './format.js';
import type { ExperimentFigure } from './types.js';
import type { RnnFixedPointsResult, SystemSummary } from './rnnFixedPointsStudy.js';

function statePlot(name: string, s: SystemSummary, caption: string): ScatterFigure {
  const kinds = ['stable', 'marginal', 'saddle', 'unstable'] as const;
  return {
    kind: 'scatter',
    title: `${name}: fixed points in the top two principal components`,
    subtitle: `q < ${s.slowTol} kept; trajectory of one test sequence in grey`,
    caption,
    x: { label: 'PC 1' },
    y: { label: 'PC 2' },
    groups: [
      { name: 'trajectory', points: s.trajectory.map(([x, y]) => ({ x, y })) },
      ...kinds.map((k) => ({ name: k, points: s.points.filter((p) => p.kind === k).map((p) => ({ x: p.pc[0], y: p.pc[1] })) })).filter((g) => g.points.length > 0),
    ],
  };
}

function spectrum(name: string, s: SystemSummary, caption: string): ComplexPlaneFigure {
  const kinds = [...new Set(s.points.map((p) => p.kind))];
  return {
    kind: 'complexPlane',
    title: `${name}: eigenvalues μ of ∂F/∂h at the fixed points`,
    subtitle: `stable: all |μ| < 1 − ${fmt(s.marginalTol)}; marginal: ||μ| − 1| ≤ ${fmt(s.marginalTol)}`,
    caption,
    groups: kinds.map((k) => ({ name: k, points: s.points.filter((p) => p.kind === k).flatMap((p) => p.eigen) })),
    xLabel: 'Re μ',
    yLabel: 'Im μ',
    unitCircle: true,
  };
}

const largest = (xs: number[]) => (xs.length > 0 ? fmt(Math.max(...xs)) : '–');

export function figures(r: RnnFixedPointsResult): ExperimentFigure[] {
  const f = r.flipFlop;
  const i = r.integrator;
  const line = i.points.filter((p) => p.marginal === 1 && p.unstable === 0);
  const first = i.sharpness[0]!;
  const last = i.sharpness[i.sharpness.length - 1]!;
  const sharp: LineFigure = {
    kind: 'line',
    title: 'Integrator: sharpness of the loss during gradient descent, against 2/η',
    subtitle: `η = ${fmt(i.lr)}: the learning rule is stable while λ_max(∇²L) < 2/η`,
    caption:
      `The horizontal line is the stability limit 2/η = ${fmt(i.threshold)} of gradient descent started at η = 0.9·2/λ₀; ` +
      `over ${last.step} steps the sharpness went from ${fmt(first.value)} to ${fmt(last.value)}, ${fmt((100 * last.value) / i.threshold)} % of the limit.`,
    x: { label: 'gradient-descent step' },
    y: { label: 'λ_max(∇²L)' },
    series: [{ name: 'sharpness', points: i.sharpness.map((s) => ({ x: s.step, y: s.value })), markers: true }],
    references: [{ axis: 'y', value: i.threshold, label: '2/η' }],
  };
  const ffStates = statePlot(
    '3-bit flip-flop',
    f,
    `${f.points.length} fixed points: ${f.stable} stable (the 2³ = 8 memories) and ${f.saddles} saddles between them; the grey trajectory of one test sequence ` +
      'jumps from one stable point to another at each pulse and rests there in between.',
  );
  const ffSpectrum = spectrum(
    '3-bit flip-flop',
    f,
    `Every eigenvalue of the ${f.stable} stable points lies inside the unit circle (largest |μ| ${largest(f.points.filter((p) => p.kind === 'stable').map((p) => p.maxModulus))}); ` +
      `each saddle has ${[...new Set(f.saddleUnstable)].sort((a, b) => a - b).join(' or ') || 'no'} eigenvalue(s) outside it, its unstable directions toward neighbouring memories.`,
  );
  const intStates = statePlot(
    'Integrator',
    i,
    `${i.points.length} fixed points, ${line.length} of them marginal (one |μ| ≈ 1) with no unstable direction: together they trace a line attractor, the set of states on which the network holds the running integral.`,
  );
  const intSpectrum = spectrum(
    'Integrator',
    i,
    `On the line attractor one eigenvalue per point sits within ${fmt(i.marginalTol)} of |μ| = 1 (the direction along the line); the next largest has |μ| ≤ ${largest(line.map((p) => p.secondModulus))}, so every other direction decays.`,
  );
  return [
    { id: 'flipflop-states', title: ffStates.title, spec: ffStates },
    { id: 'flipflop-spectrum', title: ffSpectrum.title, spec: ffSpectrum },
    { id: 'integrator-states', title: intStates.title, spec: intStates },
    { id: 'integrator-spectrum', title: intSpectrum.title, spec: intSpectrum },
    { id: 'integrator-sharpness', title: sharp.title, spec: sharp },
  ];
}
