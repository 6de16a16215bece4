/**
 * Figures of the `population-credit` experiment: decoder precision against
 * the Cramér–Rao bound, the ablation robustness curve, learning curves of
 * five credit-assignment rules, feedback-alignment angles, and the variance
 * of perturbation gradient estimates against the n + 1 law.
 */
import type { DecoderPrecisionRow } from '../neuro/index.js';
import { logLogSlope } from '../ode/index.js';
import type { LineFigure, LineSeries, PanelsFigure, Point } from '../spec/figure.js';
import { fmt } from './format.js';
import type { PopulationCreditStudyResult } from './populationCreditStudy.js';
import type { ExperimentFigure } from './types.js';

export const RULE_LABELS: Record<string, string> = {
  backprop: 'backprop',
  feedbackAlignment: 'feedback alignment',
  directFeedbackAlignment: 'direct FA',
  weightPerturbation: 'weight perturbation',
  nodePerturbation: 'node perturbation',
};

const positive = (points: Point[]): Point[] => points.filter((p) => Number.isFinite(p.y) && p.y > 0);

export function figures(r: PopulationCreditStudyResult): ExperimentFigure[] {
  const a = { decoder: r.decoder, peakRate: r.config.decoder.peakRate, kappa: r.config.decoder.kappa, ablation: r.network.ablation, hiddenUnits: r.config.network.hiddenUnits, rules: r.rules, perturbation: r.perturbation };
  const top = a.decoder[a.decoder.length - 1]!;
  const bottom = a.decoder[0]!;
  const crSlope = logLogSlope(a.decoder.map((d) => d.units), a.decoder.map((d) => d.cramerRao));
  const half = a.ablation.find((x) => x.fraction === 0.3) ?? a.ablation[Math.floor(a.ablation.length / 2)]!;
  const lastAngle = (rule: string) => a.rules.runs.find((x) => x.rule === rule)?.records.at(-1)?.updateAngle;
  const ratios = a.perturbation.flatMap((x) => [x.weightPerturbationVariance / x.weightPerturbationPredicted, x.nodePerturbationVariance / x.nodePerturbationPredicted]);
  const decoderSeries = (name: string, pick: (r: DecoderPrecisionRow) => number, extra: Partial<LineSeries> = {}): LineSeries => ({
    name,
    points: positive(a.decoder.map((r) => ({ x: r.units, y: pick(r) }))),
    markers: true,
    ...extra,
  });
  const decoder: LineFigure = {
    kind: 'line',
    title: 'Decoding an angle from N Poisson neurons',
    subtitle: `von Mises tuning κ = ${a.kappa}, peak count ${a.peakRate}; mean squared circular error`,
    caption:
      `The dashed Cramér–Rao bound 1/I(θ) falls like N^${fmt(crSlope)} (theory N^−1) from N = ${bottom.units} to ${top.units}; at N = ${top.units} maximum likelihood reaches ${fmt(100 * top.mlEfficiency)} % of its precision, ` +
      `the population vector sits ${fmt(top.populationVector / top.cramerRao)}× and the linear readout ${fmt(top.linear / top.cramerRao)}× above it.`,
    x: { label: 'number of neurons N', scale: 'log' },
    y: { label: 'mean squared error (rad²)', scale: 'log' },
    series: [
      decoderSeries('maximum likelihood', (r) => r.maximumLikelihood),
      decoderSeries('population vector', (r) => r.populationVector),
      decoderSeries('linear readout', (r) => r.linear),
      decoderSeries('Cramér–Rao bound', (r) => r.cramerRao, { style: 'dashed', markers: false }),
    ],
  };
  const ablation: LineFigure = {
    kind: 'line',
    title: 'Robustness: silencing hidden units of the population network',
    subtitle: `${a.hiddenUnits} hidden units; RMS error of the decoded output angle`,
    caption:
      `Silencing ${fmt(100 * half.fraction)} % of the ${a.hiddenUnits} units at random raises the error from ${fmt(a.ablation[0]!.randomAngularError)} to ${fmt(half.randomAngularError)} rad; silencing the ${fmt(100 * half.fraction)} % with the most credit gives ${fmt(half.targetedAngularError)} rad. ` +
      'Credit here is blame for the remaining error (|∂ℓ/∂aᵢ|), which need not coincide with a unit’s importance to the output.',
    x: { label: 'fraction of hidden units silenced', domain: [0, 1] },
    y: { label: 'RMS angular error (rad)', scale: 'log' },
    series: [
      { name: 'random units', points: positive(a.ablation.map((r) => ({ x: r.fraction, y: r.randomAngularError }))), markers: true },
      { name: 'highest credit first', points: positive(a.ablation.map((r) => ({ x: r.fraction, y: r.targetedAngularError }))), markers: true },
    ],
  };
  const sizes = a.rules.config.sizes.join('-');
  const losses: LineFigure = {
    kind: 'line',
    title: 'Learning without exact backprop',
    subtitle: `${a.rules.config.activation} ${sizes} network learning a random linear map; test loss`,
    caption: `Final test loss after ${a.rules.config.steps} steps from ${fmt(a.rules.runs[0]!.initialLoss)}: ${a.rules.runs.map((x) => `${RULE_LABELS[x.rule] ?? x.rule} ${fmt(x.finalLoss)}`).join(', ')}. Perturbation rules are limited by the variance of their gradient estimates.`,
    x: { label: 'step' },
    y: { label: 'test loss (MSE)', scale: 'log' },
    series: a.rules.runs.map((run) => ({ name: RULE_LABELS[run.rule] ?? run.rule, points: positive(run.records.map((r) => ({ x: r.step, y: r.testLoss }))) })),
  };
  // One panel per rule (small multiples on shared axes): the update's angle to the gradient, and for FA/DFA the angle between W and Bᵀ.
  const anglePanels: LineFigure[] = a.rules.runs
    .filter((run) => run.rule !== 'backprop')
    .map((run): LineFigure => {
      const series: LineSeries[] = [{ name: 'update vs gradient', points: run.records.map((r) => ({ x: r.step, y: r.updateAngle })).filter((p) => Number.isFinite(p.y)) }];
      if (run.rule === 'feedbackAlignment' || run.rule === 'directFeedbackAlignment') {
        series.push({ name: 'W vs Bᵀ', points: run.records.map((r) => ({ x: r.step, y: r.weightFeedbackAngles[0] ?? NaN })).filter((p) => Number.isFinite(p.y)), style: 'dashed' });
      }
      return {
        kind: 'line', title: RULE_LABELS[run.rule] ?? run.rule, x: { label: 'step' }, y: { label: 'angle (degrees)', domain: [0, 120] },
        series: series.filter((x) => x.points.length > 0), references: [{ axis: 'y', value: 90, label: '90°' }],
      };
    })
    .filter((panel) => panel.series.length > 0);
  const angles: PanelsFigure = {
    kind: 'panels',
    title: 'Feedback alignment: the forward weights learn to agree with the feedback',
    subtitle: 'per rule: angle between the hidden-layer update and the true gradient (solid), and between W and Bᵀ (dashed); shared axes',
    caption:
      `Final angle between each rule's update and the true gradient: ${a.rules.runs.filter((x) => x.rule !== 'backprop').map((x) => `${RULE_LABELS[x.rule] ?? x.rule} ${fmt(lastAngle(x.rule) ?? NaN)}°`).join(', ')}. ` +
      'Random feedback starts near 90° (uninformative) and W comes to align with Bᵀ; perturbation estimates stay near 90° because cos ≈ 1/√(n+1).',
    columns: anglePanels.length === 4 ? 2 : Math.min(3, anglePanels.length),
    panels: anglePanels,
  };
  const pv: LineFigure = {
    kind: 'line',
    title: 'Perturbation learning: estimator variance grows with the number of perturbed units',
    subtitle: 'E‖ĝ − g‖² / ‖g‖² over independent estimates; dashed: theory n + 1',
    caption: `Measured variance over the theory n + 1 stays between ${fmt(Math.min(...ratios))} and ${fmt(Math.max(...ratios))}: weight perturbation perturbs n weights, node perturbation m units × examples, and fewer perturbed quantities mean less noise.`,
    x: { label: 'number of perturbed quantities (weights n or nodes m)', scale: 'log' },
    y: { label: 'normalised variance', scale: 'log' },
    series: [
      { name: 'weight perturbation (measured)', points: positive(a.perturbation.map((r) => ({ x: r.weights, y: r.weightPerturbationVariance }))), markers: true },
      { name: 'node perturbation (measured)', points: positive(a.perturbation.map((r) => ({ x: r.nodes, y: r.nodePerturbationVariance }))), markers: true },
      {
        name: 'theory n + 1',
        points: positive([...a.perturbation.map((r) => ({ x: r.nodes, y: r.nodes + 1 })), ...a.perturbation.map((r) => ({ x: r.weights, y: r.weights + 1 }))].sort((p, q) => p.x - q.x)),
        style: 'dashed',
      },
    ],
  };
  return [
    { id: 'decoder-precision', title: decoder.title, spec: decoder },
    { id: 'ablation', title: ablation.title, spec: ablation },
    { id: 'learning-rules', title: losses.title, spec: losses },
    { id: 'alignment-angles', title: angles.title, spec: angles },
    { id: 'perturbation-variance', title: pv.title, spec: pv },
  ];
}
