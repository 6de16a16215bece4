/** Figures of the `symmetry-breaking` experiment, from its study's result (symmetryBreakingStudy.ts); captions from the run's numbers. */
import type { SymmetryScenario } from '../dynamics/index.js';
import type { LineFigure, PanelsFigure } from '../spec/figure.js';
import { fmt } from './format.js';
import { SYMMETRIC_SCENARIOS, usable, type SymmetryBreakingStudyResult } from './symmetryBreakingStudy.js';
import type { ExperimentFigure } from './types.js';

export const SCENARIO_LABEL: Record<string, string> = {
  'gd-identical': 'full-batch GD',
  minibatch: 'mini-batch SGD',
  'input-noise': 'input noise',
  dropout: 'dropout masks',
  'random-init': 'random init',
  perturbed: '10⁻¹⁰ antisymmetric nudge',
};

const last = (a: number[]) => a[a.length - 1]!;
const label = (s: SymmetryScenario) => SCENARIO_LABEL[s.name] ?? s.name;

interface FigureConfig {
  hidden: number;
  lr: number;
  steps: number;
  growthLrs: number[];
}

function unitDistance(r: SymmetryBreakingStudyResult, c: FigureConfig): LineFigure {
  const breaking = r.main.scenarios.filter((s) => !s.bitwiseIdentical);
  const identical = r.main.scenarios.filter((s) => s.bitwiseIdentical).map(label);
  return {
    kind: 'line',
    title: 'Largest distance between hidden units, per symmetry-breaking mechanism',
    subtitle: `[2, ${c.hidden}, 1] tanh network, η = ${c.lr}, all units identical at t = 0 (except random init)`,
    caption:
      `After ${c.steps} steps the largest distance between two units is ${breaking.map((s) => `${fmt(last(s.maxDistance))} (${label(s)})`).join(', ')}. ` +
      (identical.length ? `Not drawn: ${identical.join(', ')} — their distance is exactly 0 at every recorded step (log axes cannot show 0).` : ''),
    x: { label: 'step t' },
    y: { label: 'max ‖u_j − u_k‖', scale: 'log' },
    series: breaking.map((s) => ({ name: label(s), points: s.steps.map((x, i) => ({ x, y: s.maxDistance[i]! })).filter((p) => p.y > 0) })),
  };
}

function distinctUnits(r: SymmetryBreakingStudyResult, c: FigureConfig): LineFigure {
  const styles = ['dashed', 'dotted', 'solid'] as const;
  const split = r.main.scenarios.filter((s) => !s.bitwiseIdentical);
  return {
    kind: 'line',
    title: 'Number of distinct hidden units over training',
    subtitle: 'units closer than 10⁻⁶·(1 + mean unit norm) are merged; GD, mini-batches and input noise never split them',
    caption:
      `${r.main.scenarios.filter((s) => s.bitwiseIdentical).map(label).join(', ')} hold all ${c.hidden} units as one for all ${c.steps} steps (the lines lie on 1); ` +
      `at the end ${split.map((s) => `${label(s)} has ${last(s.distinctUnits)}`).join(', ')} distinct units.`,
    x: { label: 'step t' },
    y: { label: 'distinct units', domain: [0, c.hidden + 0.5] },
    series: r.main.scenarios.map((s, i) => ({
      name: label(s),
      style: SYMMETRIC_SCENARIOS.includes(s.name) ? styles[i % 2] : 'solid',
      points: s.steps.map((x, k) => ({ x, y: s.distinctUnits[k]! })),
    })),
  };
}

/** One panel per step size (small multiples): the measured ‖u₀ − u₁‖ and its prediction d₀·μ_Aᵗ would overplot on one chart. */
function growthPanels(r: SymmetryBreakingStudyResult): PanelsFigure {
  const ok = r.sweep.filter(usable);
  return {
    kind: 'panels',
    title: 'An antisymmetric nudge at the symmetric critical point grows like μ_Aᵗ',
    subtitle: '‖u₀ − u₁‖ from θ_s + 10⁻⁹·(top antisymmetric eigenvector of the restricted Jacobian), one panel per step size η',
    caption:
      'In each panel the solid line is the measured distance and the dashed line the Jacobian’s prediction d₀·μ_Aᵗ; they agree over the whole run, which stops once the distance reaches 10⁻³, still within the linear regime. ' +
      `Measured vs predicted growth per step: ${ok.map((p) => `η = ${p.lr}: ${fmt(p.growth.measuredRate, 6)} vs ${fmt(p.growth.predictedRate, 6)}`).join('; ')}.`,
    columns: Math.min(3, Math.max(1, ok.length)),
    panels: ok.map((p): LineFigure => {
      const d = p.growth.distances;
      const mu = p.growth.predictedRate;
      return {
        kind: 'line',
        title: `η = ${p.lr}, μ_A = ${fmt(mu, 5)}`,
        x: { label: 'step t' },
        y: { label: '‖u₀ − u₁‖', scale: 'log' },
        series: [
          { name: 'measured', points: d.map((y, x) => ({ x, y })) },
          { name: 'predicted d₀·μ_Aᵗ', style: 'dashed', points: d.map((_, x) => ({ x, y: d[0]! * mu ** x })).filter((_, x) => x % 10 === 0 || x === d.length - 1) },
        ],
      };
    }),
  };
}

function growthRate(r: SymmetryBreakingStudyResult, c: FigureConfig): LineFigure {
  const ok = r.sweep.filter(usable);
  const lrMax = Math.max(...c.growthLrs) * 1.1;
  const rate = (eta: number) => Math.max(...r.lambdaA.map((l) => Math.abs(1 - eta * l)));
  const worst = ok.length ? Math.max(...ok.map((p) => p.exponentError)) : NaN;
  return {
    kind: 'line',
    title: 'Growth factor per step: Jacobian prediction vs measurement',
    subtitle: `line: max_k |1 − ηλ_A,k| with λ_A = {${r.lambdaA.map((l) => fmt(l)).join(', ')}} at θ_s; dots: fitted slope of log‖u₀ − u₁‖`,
    caption:
      `The line is the prediction from the Hessian's antisymmetric eigenvalues at θ_s; above the reference line at 1 a nudge grows. ` +
      (ok.length ? `The ${ok.length} measured slopes sit on it: the growth exponent μ − 1 agrees to a relative error of at most ${fmt(worst)}.` : 'No step size gave a usable measurement.'),
    x: { label: 'step size η' },
    y: { label: 'growth factor per step' },
    series: [
      { name: 'predicted max|μ_A|', points: Array.from({ length: 41 }, (_, k) => ({ x: (lrMax * k) / 40, y: rate((lrMax * k) / 40) })) },
      { name: 'measured', style: 'dotted', markers: true, points: ok.map((p) => ({ x: p.lr, y: p.growth.measuredRate })) },
    ],
    references: [{ axis: 'y', value: 1, label: 'μ = 1: neutral' }],
  };
}

/** The figures of a symmetry-breaking study: unit distances, distinct units, growth per step size, growth rate vs η. */
export function figures(r: SymmetryBreakingStudyResult, c: FigureConfig): ExperimentFigure[] {
  const list: Array<[string, ExperimentFigure['spec']]> = [
    ['unit-distance', unitDistance(r, c)],
    ['distinct-units', distinctUnits(r, c)],
    ['antisymmetric-growth', growthPanels(r)],
    ['growth-rate', growthRate(r, c)],
  ];
  return list.map(([id, spec]) => ({ id, title: spec.title, spec }));
}
