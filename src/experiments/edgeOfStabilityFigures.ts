/** Figures of the `edge-of-stability` experiment, from its study's result (edgeOfStabilityStudy.ts); captions from the run's numbers. */
import type { CatapultResult } from '../dynamics/index.js';
import type { LineFigure, PanelsFigure, Point, ReferenceLine } from '../spec/figure.js';
import type { EdgeOfStabilityStudyConfig, EdgeOfStabilityStudyResult } from './edgeOfStabilityStudy.js';
import { fmt } from './format.js';
import type { ExperimentFigure } from './types.js';

const positive = (pts: { x: number; y: number }[]) => pts.filter((p) => Number.isFinite(p.y) && p.y > 1e-16);
const thresholds = (lrs: number[]): ReferenceLine[] => lrs.map((lr) => ({ axis: 'y', value: 2 / lr, label: `2/η = ${fmt(2 / lr)} (η = ${lr})` }));

/** One panel of a sharpness-per-step-size figure (both edge-of-stability experiments): λ_max over t against the line 2/η. */
export function sharpnessPanel(lr: number, points: Point[]): LineFigure {
  return { kind: 'line', title: `η = ${lr}`, x: { label: 'step t' }, y: { label: 'sharpness λ_max(∇²L)' }, series: [{ name: 'λ_max', points }], references: thresholds([lr]) };
}

type FigureConfig = Pick<EdgeOfStabilityStudyConfig, 'hidden' | 'degree' | 'points' | 'sharpnessEvery' | 'steps' | 'u0' | 'v0' | 'catapultSteps'>;

/** One panel per step size (small multiples): each run's sharpness against its own threshold 2/η, at one scale. */
function sharpness({ eos }: EdgeOfStabilityStudyResult, c: FigureConfig): PanelsFigure {
  const net = `[1, ${c.hidden.join(', ')}, 1] tanh, ${eos.parameters} parameters, T_${c.degree} on ${c.points} points`;
  return {
    kind: 'panels',
    title: 'Sharpness rises to 2/η and hovers there',
    subtitle: `full-batch GD, ${net}; λ_max by Lanczos every ${c.sharpnessEvery} steps; one panel per step size η`,
    caption:
      `The dashed line in each panel is the classical stability limit 2/η. From λ_max = ${fmt(eos.runs[0]!.initialSharpness)} the sharpness rises until it meets its line (` +
      eos.runs.map((r) => (r.reachedThresholdAt === null ? `η = ${r.lr}: not reached` : `η = ${r.lr}: 2/η = ${fmt(r.threshold)} at step ${r.reachedThresholdAt}, then median ${fmt(r.hoverRatio!)}× 2/η`)).join('; ') +
      ') and hovers on it instead of crossing.',
    columns: Math.min(eos.runs.length, 4),
    panels: eos.runs.map((r) => sharpnessPanel(r.lr, r.sharpnessSteps.map((x, i) => ({ x, y: r.sharpness[i]! })))),
  };
}

function loss({ eos }: EdgeOfStabilityStudyResult, c: FigureConfig): LineFigure {
  return {
    kind: 'line',
    title: 'The loss keeps falling, but not monotonically',
    subtitle: 'the same runs; classical theory (λ_max < 2/η) would forbid every uptick',
    x: { label: 'step t' },
    y: { label: 'training loss (MSE)', scale: 'log' },
    caption:
      `Over ${c.steps} steps the loss falls ${eos.runs.map((r) => `${fmt(r.loss[0]! / r.finalLoss)}× (η = ${r.lr})`).join(', ')}; ` +
      `yet after the sharpness meets 2/η, ${eos.runs.filter((r) => r.riseFractionAfter !== null).map((r) => `${fmt(100 * r.riseFractionAfter!)} % (η = ${r.lr})`).join(', ')} of the steps raise it — the non-monotone part that classical theory forbids.`,
    series: eos.runs.map((r) => ({ name: `η = ${r.lr}`, points: positive(r.loss.map((y, x) => ({ x, y }))) })),
  };
}

function catapult({ cats, over }: EdgeOfStabilityStudyResult, c: FigureConfig): [LineFigure, LineFigure] {
  const runs = [...cats, over];
  // The catapult is over within a few dozen steps; afterwards every curve is flat (the full runs are in the series).
  const shown = Math.min(c.catapultSteps, 40);
  const early = (r: CatapultResult) => r.series.filter((p) => p.step <= shown);
  const name = (r: CatapultResult, i: number) => (i < cats.length ? `η = ${r.lr}` : `η = ${r.lr} from (1.1, 0.9)`);
  const landed = cats.filter((r) => r.catapulted);
  const calm = cats.filter((r) => r.converged && !r.catapulted);
  const l0 = cats[0]!.initialSharpness;
  const lossFigure: LineFigure = {
    kind: 'line',
    title: 'Catapult on L = ½(uv − 1)²: the loss spikes, then converges — unless η > 1',
    subtitle: `GD from (u₀, v₀) = (${c.u0}, ${c.v0}), initial sharpness ${fmt(l0)}; first ${shown} steps, curves stop below 10⁻¹⁶ or at divergence`,
    caption:
      `With λ₀ = ${fmt(l0)}, a step size above 2/λ₀ = ${fmt(2 / l0)} is too large for the starting basin: ` +
      (landed.length ? `at η = ${landed.map((r) => r.lr).join(', ')} the loss first spikes ${landed.map((r) => `${fmt(r.peakLoss / r.initialLoss)}×`).join(', ')}, then falls to zero; ` : '') +
      (calm.length ? `η = ${calm.map((r) => r.lr).join(', ')} (below 2/λ₀) descends without a spike; ` : '') +
      `the dashed run at η = ${over.lr} > 1 ${over.converged ? 'converged' : 'never settles'}: no minimum is stable there.`,
    x: { label: 'step t' },
    y: { label: 'loss L(u_t, v_t)', scale: 'log' },
    series: runs.map((r, i) => ({ name: name(r, i), style: i < cats.length ? 'solid' : 'dashed', points: positive(early(r).map((p) => ({ x: p.step, y: p.loss }))) })),
  };
  const sharpFigure: LineFigure = {
    kind: 'line',
    title: 'Catapult: GD lands where the sharpness is below 2/η',
    subtitle: `top eigenvalue of the exact 2 × 2 Hessian over the first ${shown} steps; on the minima it is u² + v² ≥ 2`,
    caption:
      `Each run ends on a minimum with sharpness ${cats.filter((r) => r.converged).map((r) => `${fmt(r.finalSharpness)} (η = ${r.lr}, 2/η = ${fmt(r.threshold)})`).join(', ')}: ` +
      `below its own dashed line 2/η and above the flattest minimum's λ = 2.` +
      (landed.length ? ` The catapulted runs land where the product formula predicts, to ${fmt(Math.max(...landed.map((r) => Math.abs(r.finalSharpness - r.predictedFinalSharpness))))}.` : ''),
    x: { label: 'step t' },
    y: { label: 'sharpness λ_max' },
    series: cats.map((r) => ({ name: `η = ${r.lr}`, points: early(r).filter((p) => Number.isFinite(p.sharpness) && p.sharpness < 1e3).map((p) => ({ x: p.step, y: p.sharpness })) })),
    references: [...thresholds(cats.map((r) => r.lr)), { axis: 'y', value: 2, label: 'flattest minimum, λ = 2' }],
  };
  return [lossFigure, sharpFigure];
}

/** The figures of an edge-of-stability study: sharpness per η, the loss, and the catapult's loss and sharpness. */
export function figures(r: EdgeOfStabilityStudyResult, c: FigureConfig): ExperimentFigure[] {
  const [catapultLoss, catapultSharpness] = catapult(r, c);
  const list: Array<[string, ExperimentFigure['spec']]> = [
    ['sharpness', sharpness(r, c)],
    ['loss', loss(r, c)],
    ['catapult-loss', catapultLoss],
    ['catapult-sharpness', catapultSharpness],
  ];
  return list.map(([id, spec]) => ({ id, title: spec.title, spec }));
}
