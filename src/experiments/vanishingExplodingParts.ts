/**
 * Figures of the `vanishing-exploding` experiment: per-layer forward
 * variance and backward gradient norm (measured vs mean-field theory), the
 * Jacobian singular-value spectra, and the deepest trainable depth.
 */
import type { SignalPropagationCase } from '../neuro/index.js';
import type { BarsFigure, LineFigure, LineSeries, Point } from '../spec/figure.js';
import type { ExperimentFigure } from './types.js';

export interface SpectrumCurve {
  activation: string;
  init: string;
  /** Singular values of J = ∂x^L/∂x^0, descending. */
  values: number[];
}

/** σ_max/σ_min of a spectrum (the Jacobian's condition number). */
export function spectrumRatio(values: number[]): number {
  return Math.max(...values) / Math.min(...values);
}

/** Points usable on a log axis (finite and > 0). */
function logPoints(points: Point[]): Point[] {
  return points.filter((p) => Number.isFinite(p.y) && p.y > 0);
}

/**
 * Measured (solid, dots) and predicted (dashed) curves per case, adjacent in
 * the legend ("xavier", "xavier theory") so each pair reads together.
 */
function layerFigure(
  focus: SignalPropagationCase[],
  pick: (l: SignalPropagationCase['atInit'][number]) => [number, number],
  labels: { title: string; subtitle: string; y: string; caption: string },
): LineFigure {
  const series: LineSeries[] = [];
  for (const k of focus) {
    const m = logPoints(k.atInit.map((l) => ({ x: l.measured.layer, y: pick(l)[0] })));
    const p = logPoints(k.atInit.map((l) => ({ x: l.measured.layer, y: pick(l)[1] })));
    if (m.length > 0) series.push({ name: k.init, points: m, markers: true });
    if (p.length > 0) series.push({ name: `${k.init} theory`, points: p, style: 'dashed' });
  }
  return { kind: 'line', title: labels.title, subtitle: labels.subtitle, caption: labels.caption, x: { label: 'hidden layer l' }, y: { label: labels.y, scale: 'log' }, series };
}

export interface SignalFigureInput {
  focus: SignalPropagationCase[];
  cases: SignalPropagationCase[];
  spectra: SpectrumCurve[];
  activations: string[];
  inits: string[];
  depths: number[];
  depth: number;
  width: number;
}

export function signalFigures(a: SignalFigureInput): ExperimentFigure[] {
  const figures: ExperimentFigure[] = [];
  const act = a.focus[0]?.activation ?? '';
  if (a.focus.length > 0) {
    const variance = layerFigure(a.focus, (l) => [l.measured.activationVariance, l.predicted.activationVariance], {
      title: `Forward signal: activation variance per layer (${act})`,
      subtitle: `width ${a.width}, depth ${a.depth}; dots = measured, dashed = mean-field q-map`,
      y: 'Var φ(h^l)',
      caption: 'Each layer multiplies the signal by about σ_w²·E[φ²]/q: too-small weights shrink it geometrically, too-large ones grow it until tanh saturates.',
    });
    const gradient = layerFigure(a.focus, (l) => [l.measured.activationGradNorm, l.predicted.activationGradNorm], {
      title: `Backward credit: gradient norm per layer (${act})`,
      subtitle: `rms over examples of ‖∂ℓ/∂h^l‖; dots = measured, dashed = theory (× χ per layer)`,
      y: '‖∂ℓ/∂h^l‖',
      caption: 'The slope on this log axis is ½·ln χ per layer: flat means credit reaches the first layer intact.',
    });
    figures.push({ id: 'activation-variance', title: variance.title, spec: variance }, { id: 'gradient-norm', title: gradient.title, spec: gradient });
  }
  const spectra: LineFigure = {
    kind: 'line',
    title: `Jacobian singular values at depth ${a.depth}`,
    subtitle: `singular values of ∂x^L/∂x^0, sorted; width ${a.width}; values below 1e-7·σ_max (float64 resolution) omitted`,
    caption: 'Orthogonal linear: every σᵢ = 1 (dynamical isometry). Gaussian weights with the same mean square spread the spectrum over orders of magnitude.',
    x: { label: 'rank i' },
    y: { label: 'singular value σᵢ(J)', scale: 'log' },
    series: a.spectra
      // eig(JᵀJ) resolves σ only down to ≈ 1e-8·σ_max in float64; smaller values are rounding noise (or exact zeros of dead ReLUs).
      .map((s) => {
        const floor = 1e-7 * Math.max(...s.values);
        return { name: `${s.activation}/${s.init}`, points: logPoints(s.values.map((v, i) => ({ x: i + 1, y: v })).filter((p) => p.y > floor)), markers: true };
      })
      .filter((s) => s.points.length > 0),
    references: [{ axis: 'y', value: 1, label: 'σ = 1' }],
  };
  figures.push({ id: 'jacobian-spectra', title: spectra.title, spec: spectra });
  const deepest = Math.max(...a.depths);
  const bars: BarsFigure = {
    kind: 'bars',
    title: 'Deepest network that gradient descent still trains',
    subtitle: `tested depths ${a.depths.join(', ')}; a bar at ${deepest} means every tested depth trained, 0 means none did`,
    categories: a.inits,
    xLabel: 'initialisation',
    y: { label: 'deepest trained depth', domain: [0, deepest] },
    groups: a.activations.map((act) => ({ name: act, values: a.inits.map((init) => a.cases.find((k) => k.activation === act && k.init === init)?.maxTrainableDepth ?? 0) })),
  };
  figures.push({ id: 'trainable-depth', title: bars.title, spec: bars });
  return figures;
}
