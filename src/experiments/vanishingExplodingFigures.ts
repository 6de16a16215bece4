/**
 * Figures of the `vanishing-exploding` experiment, from its study's result: per-layer forward variance and
 * backward gradient norm (measured vs mean-field theory) as small multiples, one panel per initialisation;
 * the Jacobian singular-value spectra; and the deepest trainable depth.
 */
import type { BarsFigure, LineFigure, LineSeries, PanelsFigure, Point } from '../spec/figure.js';
import { fmt } from './format.js';
import type { ExperimentFigure } from './types.js';
import type { SignalCase, VanishingExplodingStudyResult } from './vanishingExplodingStudy.js';

/** Points usable on a log axis (finite and > 0). */
const logPoints = (points: Point[]): Point[] => points.filter((p) => Number.isFinite(p.y) && p.y > 0);

type Layer = SignalCase['atInit'][number];

/** (last/first)^{1/(L−1)}: the geometric per-layer factor of a quantity over the measured layers. */
function perLayer(k: SignalCase, pick: (l: Layer) => number): number {
  const L = k.atInit.length;
  return L > 1 ? (pick(k.atInit[L - 1]!) / pick(k.atInit[0]!)) ** (1 / (L - 1)) : NaN;
}

/** One panel per case: measured (dots) and predicted (dashed), on shared log axes. */
function layerPanels(focus: SignalCase[], pick: (l: Layer) => [number, number], labels: { title: string; subtitle: string; y: string; caption: string }): PanelsFigure {
  return {
    kind: 'panels',
    title: labels.title,
    subtitle: labels.subtitle,
    caption: labels.caption,
    columns: focus.length === 4 ? 2 : Math.min(focus.length, 3),
    panels: focus.map((k): LineFigure => {
      const series: LineSeries[] = [
        { name: 'measured', points: logPoints(k.atInit.map((l) => ({ x: l.measured.layer, y: pick(l)[0] }))), markers: true },
        { name: 'theory', points: logPoints(k.atInit.map((l) => ({ x: l.measured.layer, y: pick(l)[1] }))), style: 'dashed' },
      ];
      return { kind: 'line', title: `${k.init} (χ = ${fmt(k.chiEffective)})`, x: { label: 'hidden layer l' }, y: { label: labels.y, scale: 'log' }, series: series.filter((s) => s.points.length > 0) };
    }),
  };
}

export function figures(r: VanishingExplodingStudyResult, focus: { activation: string; inits: string[] }): ExperimentFigure[] {
  const c = r.config;
  const figures: ExperimentFigure[] = [];
  const chosen = focus.inits.map((init) => r.cases.find((k) => k.activation === focus.activation && k.init === init)).filter((k) => k !== undefined);
  if (chosen.length > 0) {
    const act = focus.activation;
    const varianceFactors = chosen.map((k) => `${k.init} ×${fmt(perLayer(k, (l) => l.measured.activationVariance))}`).join(', ');
    const variance = layerPanels(chosen, (l) => [l.measured.activationVariance, l.predicted.activationVariance], {
      title: `Forward signal: activation variance Var φ(h^l) per layer (${act})`,
      subtitle: `width ${c.width}, depth ${c.depth}; dots = measured, dashed = mean-field q-map; one panel per initialisation, shared axes`,
      y: 'Var φ(h^l)',
      caption:
        `Measured per-layer factor of the variance: ${varianceFactors}. Too-small weights shrink the signal geometrically, too-large ones grow it until ${act === 'tanh' ? 'tanh saturates' : 'the nonlinearity bounds it'}; ` +
        'the dots stay on the dashed mean-field curve, up to the finite-width wobble of one network.',
    });
    const gradFactors = chosen.map((k) => `${k.init} ${fmt(k.chiMeasured)} (theory ${fmt(k.chiEffective)})`).join(', ');
    const gradient = layerPanels(chosen, (l) => [l.measured.activationGradNorm, l.predicted.activationGradNorm], {
      title: `Backward credit: gradient norm ‖∂ℓ/∂h^l‖ per layer (${act})`,
      subtitle: 'rms over examples of ‖∂ℓ/∂h^l‖; dots = measured, dashed = theory (× χ per layer); one panel per initialisation, shared axes',
      y: '‖∂ℓ/∂h^l‖',
      caption: `The slope on the log axis is ½·ln χ per layer; flat means credit reaches the first layer intact. Measured χ per layer: ${gradFactors}.`,
    });
    figures.push({ id: 'activation-variance', title: variance.title, spec: variance }, { id: 'gradient-norm', title: gradient.title, spec: gradient });
  }
  const orth = r.spectra.find((s) => s.activation === 'linear' && s.init === 'orthogonal');
  const gauss = r.spectra.find((s) => s.activation === 'linear' && s.init === 'xavier');
  const spectra: LineFigure = {
    kind: 'line',
    title: `Jacobian singular values σᵢ(J) at depth ${c.depth}`,
    subtitle: `singular values of ∂x^L/∂x^0, sorted; width ${c.width}; values below 1e-7·σ_max (float64 resolution) omitted`,
    caption:
      (orth ? `Orthogonal linear: every σᵢ is 1 to ${fmt(Math.max(...orth.values.map((v) => Math.abs(v - 1))), 2)} (dynamical isometry). ` : '') +
      (gauss ? `Gaussian (Xavier) linear weights with the same mean square spread the spectrum to a condition number σ_max/σ_min = ${fmt(gauss.conditionNumber)}. ` : '') +
      `Nonlinear networks: ${r.spectra.filter((s) => s.activation !== 'linear').map((s) => `${s.activation}/${s.init} ${fmt(s.conditionNumber)}`).join(', ')}.`,
    x: { label: 'rank i' },
    y: { label: 'singular value σᵢ(J)', scale: 'log' },
    series: r.spectra
      // eig(JᵀJ) resolves σ only down to ≈ 1e-8·σ_max in float64; smaller values are rounding noise (or exact zeros of dead ReLUs).
      .map((s) => {
        const floor = 1e-7 * Math.max(...s.values);
        return { name: `${s.activation}/${s.init}`, points: logPoints(s.values.map((v, i) => ({ x: i + 1, y: v })).filter((p) => p.y > floor)), markers: true };
      })
      .filter((s) => s.points.length > 0),
    references: [{ axis: 'y', value: 1, label: 'σ = 1' }],
  };
  figures.push({ id: 'jacobian-spectra', title: spectra.title, spec: spectra });
  const deepest = Math.max(...c.depths);
  const all = r.cases.filter((k) => k.firstFailingDepth === null);
  const none = r.cases.filter((k) => k.maxTrainableDepth === 0);
  const bars: BarsFigure = {
    kind: 'bars',
    title: 'Deepest network that gradient descent still trains',
    subtitle: `tested depths ${c.depths.join(', ')}; a bar at ${deepest} means every tested depth trained, 0 means none did`,
    caption:
      `${all.length} of ${r.cases.length} pairs trained at every depth up to ${deepest}${all.length > 0 ? ` (${all.map((k) => `${k.activation}/${k.init}`).join(', ')})` : ''}; ` +
      `${none.length} trained none${none.length > 0 ? ` (${none.map((k) => `${k.activation}/${k.init}, χ = ${fmt(k.chiEffective)}`).join('; ')})` : ''}.`,
    categories: c.inits,
    xLabel: 'initialisation',
    y: { label: 'deepest trained depth', domain: [0, deepest] },
    groups: c.activations.map((act) => ({ name: act, values: c.inits.map((init) => r.cases.find((k) => k.activation === act && k.init === init)?.maxTrainableDepth ?? 0) })),
  };
  figures.push({ id: 'trainable-depth', title: bars.title, spec: bars });
  return figures;
}
