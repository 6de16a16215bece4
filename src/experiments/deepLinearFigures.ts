/**
 * Figures of the `deep-linear` experiment, from its study's result
 * (deepLinearStudy.ts): mode strengths against Saxe et al.'s sigmoid, the
 * stage-wise loss, half-times against 1/s, and the random initialization.
 * Every caption is written from the run's own numbers.
 */
import { geomspaceArray } from '../landscape/index.js';
import { saxeLearningTime, type DeepLinearResult } from '../ode/flow/index.js';
import type { LineFigure, LineSeries, ReferenceLine } from '../spec/figure.js';
import type { DeepLinearStudyResult } from './deepLinearStudy.js';
import type { ExperimentFigure } from './types.js';
import { fmt } from './format.js';

/** The modes of a run, strongest first. */
export const bySize = (r: DeepLinearResult) => [...r.modes].sort((a, b) => b.s - a.s);

const list = (xs: number[], digits = 3) => xs.map((x) => fmt(x, digits)).join(', ');

function modesFigure(r: DeepLinearResult): LineFigure {
  const gd: LineSeries[] = r.modes.map((m) => ({ name: `GD, s = ${fmt(m.s)}`, points: r.t.map((t, i) => ({ x: t, y: m.gd[i]! })) }));
  // One family, one name: every closed-form curve shares a colour and a legend entry, so the legend does not pair
  // each GD colour with a second colour for the same mode.
  const analytic: LineSeries[] = r.modes.map((m) => ({ name: 'exact sigmoid (Saxe et al.)', points: r.t.map((t, i) => ({ x: t, y: m.analytic[i]! })), style: 'dashed' }));
  const halfTimes: ReferenceLine[] = r.modes.map((m) => ({ axis: 'x', value: m.predictedHalfTime, label: `t½(${fmt(m.s)})` }));
  const ordered = bySize(r);
  return {
    kind: 'line',
    title: 'Each mode is learned on its own, strongest first',
    subtitle: `mode strength uᵀW₂W₁v, GD at η = ${fmt(r.lr)} vs Saxe et al.’s closed form`,
    x: { label: 'time t = kη' },
    y: { label: 'mode strength u_α(t)' },
    series: [...gd, ...analytic],
    references: halfTimes,
    caption:
      `Each mode sits on a plateau near u₀, then rises along the sigmoid u(t) = s e^{2st}/(e^{2st} − 1 + s/u₀) (dashed) to its singular value s. ` +
      `GD (solid) stays within ${fmt(r.findings.maxGdError, 2)}·s of it; the vertical lines are the predicted half-times t½ = ${list(ordered.map((m) => m.predictedHalfTime))} for s = ${list(ordered.map((m) => m.s))}, ` +
      `and GD reaches half strength at t = ${list(ordered.map((m) => m.gdHalfTime))}.`,
  };
}

function lossFigure(r: DeepLinearResult): LineFigure {
  const positive = (xs: number[]) => r.t.map((t, i) => ({ x: t, y: xs[i]! })).filter((p) => p.y > 0);
  const ordered = bySize(r);
  return {
    kind: 'line',
    title: 'Stage-wise learning: the loss falls in steps, one per mode',
    subtitle: 'L = ½‖A − W₂W₁‖²_F along gradient flow and GD',
    x: { label: 'time t = kη' },
    y: { label: 'loss L', scale: 'log' },
    series: [
      { name: 'gradient flow', points: positive(r.flowLoss) },
      { name: `GD, η = ${fmt(r.lr)}`, points: positive(r.gdLoss), style: 'dashed' },
    ],
    references: r.modes.map((m) => ({ axis: 'x', value: m.predictedHalfTime, label: `s = ${fmt(m.s)}` })),
    caption:
      `The loss starts at ½Σs² = ${fmt(r.flowLoss[0]!)} and drops by about ½s² near each predicted half-time (vertical lines, s = ${list(ordered.map((m) => m.s))}), ` +
      `a plateau between drops; it ends at ${fmt(r.flowLoss.at(-1)!, 2)} along the flow and ${fmt(r.gdLoss.at(-1)!, 2)} along GD.`,
  };
}

function timesFigure(aligned: DeepLinearResult, random: DeepLinearResult | null, u0: number): LineFigure {
  const s = aligned.modes.map((m) => m.s);
  const lo = Math.min(...s) * 0.8;
  const hi = Math.max(...s) * 1.25;
  const theory = Array.from(geomspaceArray(lo, hi, 60), (x) => ({ x, y: saxeLearningTime(x, u0) }));
  const measured = (r: DeepLinearResult, key: 'flowHalfTime' | 'gdHalfTime') =>
    bySize(r)
      .filter((m) => Number.isFinite(m[key]))
      .map((m) => ({ x: m.s, y: m[key] }));
  const series: LineSeries[] = [
    { name: 'theory (1/2s) ln((s − u₀)/u₀)', points: theory, style: 'dashed' },
    { name: 'gradient flow', points: measured(aligned, 'flowHalfTime'), markers: true },
    { name: `GD, η = ${fmt(aligned.lr)}`, points: measured(aligned, 'gdHalfTime'), markers: true, style: 'dotted' },
  ];
  if (random) series.push({ name: 'GD from a random init', points: measured(random, 'gdHalfTime'), markers: true });
  const products = bySize(aligned).map((m) => m.s * m.flowHalfTime);
  return {
    kind: 'line',
    title: 'Learning time scales as 1/s',
    subtitle: 'time for a mode to reach half its strength, against its singular value',
    x: { label: 'singular value s', scale: 'log', domain: [lo, hi] },
    y: { label: 'half-time t½', scale: 'log' },
    series,
    caption:
      `On log–log axes the dashed theory has slope close to −1; the flow's half-times lie on it to ${fmt(100 * aligned.findings.maxFlowHalfTimeError, 2)} % and GD's to ${fmt(100 * aligned.findings.maxGdHalfTimeError, 2)} %. ` +
      `The products s·t½ = ${list(products)} stay within a factor ${fmt(Math.max(...products) / Math.min(...products))} of each other` +
      (random ? '; from a random init every mode comes later (weaker initial strengths), in the same order.' : '.'),
  };
}

function randomFigure(r: DeepLinearResult): LineFigure {
  const ordered = bySize(r);
  return {
    kind: 'line',
    title: 'From a random initialization the order survives',
    subtitle: 'normalized mode strength u_α/s_α, GD from small Gaussian weights',
    x: { label: 'time t = kη' },
    y: { label: 'u_α(t) / s_α' },
    series: r.modes.map((m) => ({ name: `s = ${fmt(m.s)}`, points: r.t.map((t, i) => ({ x: t, y: m.gd[i]! / m.s })) })),
    references: [{ axis: 'y', value: 0.5, label: 'half learned' }],
    caption:
      `No closed form here: the curves cross the half-learned line at t = ${list(ordered.map((m) => m.gdHalfTime))} for s = ${list(ordered.map((m) => m.s))}, ` +
      `${r.findings.learnedInOrder ? 'strongest mode first, as from the aligned init' : 'not in order of s'}.`,
  };
}

/** The figures of a deep-linear study: modes, loss, half-times and (if run) the random initialization. */
export function figures(r: DeepLinearStudyResult, u0: number): ExperimentFigure[] {
  const out: ExperimentFigure[] = [
    { id: 'modes', title: 'Mode strengths vs time', spec: modesFigure(r.aligned) },
    { id: 'loss', title: 'Loss vs time', spec: lossFigure(r.aligned) },
    { id: 'learning-times', title: 'Half-time vs singular value', spec: timesFigure(r.aligned, r.random, u0) },
  ];
  if (r.random) out.push({ id: 'random-init', title: 'Mode strengths from a random initialization', spec: randomFigure(r.random) });
  return out;
}
