/** Figures of the `edge-of-stability-mnist` experiment, from its study's result; captions from the run's numbers. */
import type { ContourFigure, LineFigure, PanelsFigure } from '../spec/figure.js';
import { sharpnessPanel } from './edgeOfStabilityFigures.js';
import type { EdgeOfStabilityMnistStudyResult } from './edgeOfStabilityMnistStudy.js';
import { fmt } from './format.js';
import type { ExperimentFigure } from './types.js';

/** One panel per step size (small multiples): each run's sharpness against its own threshold 2/η. */
function sharpness(r: EdgeOfStabilityMnistStudyResult): PanelsFigure {
  return {
    kind: 'panels',
    title: 'Sharpness during full-batch gradient descent on MNIST',
    subtitle: `${r.images} images, ${r.parameters} parameters; one panel per step size η, dashed line at 2/η`,
    caption:
      'The dashed line in each panel is the classical stability limit 2/η. ' +
      r.runs
        .map((run) =>
          run.reachedAt === null
            ? `At η = ${run.lr} the sharpness rose from ${fmt(run.sharpness[0]!.value)} but stayed below 0.9·2/η = ${fmt(0.9 * run.threshold)}.`
            : `At η = ${run.lr} it rose from ${fmt(run.sharpness[0]!.value)} to 2/η = ${fmt(run.threshold)} by step ${run.reachedAt} and then hovered at a median ${fmt(run.hoverRatio!)}× 2/η (${fmt(100 * run.withinTenPercent!)} % of measurements within ±10 %).`,
        )
        .join(' '),
    columns: Math.min(r.runs.length, 3),
    panels: r.runs.map((run) => sharpnessPanel(run.lr, run.sharpness.map((s) => ({ x: s.step, y: s.value })))),
  };
}

function loss(r: EdgeOfStabilityMnistStudyResult): LineFigure {
  const at = r.runs.filter((run) => run.riseFraction !== null);
  return {
    kind: 'line',
    title: 'Training loss: falling, but not monotonically',
    subtitle: 'the same runs; below 2/λ_max gradient descent could not raise the loss',
    caption:
      `The loss falls from ${fmt(r.runs[0]!.loss[0]!)} to ${r.runs.map((run) => `${fmt(run.loss[run.loss.length - 1]!)} (η = ${run.lr})`).join(', ')}` +
      (at.length ? `, yet once the sharpness is at 2/η it rises on ${at.map((run) => `${fmt(100 * run.riseFraction!)} % (η = ${run.lr})`).join(', ')} of the steps.` : '.'),
    x: { label: 'step t' },
    y: { label: 'L(θ_t)', scale: 'log' },
    series: r.runs.map((run) => ({ name: `η = ${run.lr}`, points: run.loss.map((y, x) => ({ x, y })).filter((p) => Number.isFinite(p.y) && p.y > 0) })),
  };
}

function landscape(r: EdgeOfStabilityMnistStudyResult): ContourFigure {
  const L = r.landscape;
  const finite = L.values.filter(Number.isFinite);
  return {
    kind: 'contour',
    title: `Filter-normalized loss landscape around the network trained with η = ${L.lr}`,
    subtitle: 'L(θ* + α d₁ + β d₂), d₁, d₂ Gaussian directions rescaled filter by filter to ‖θ*‖ (Li et al. 2018)',
    caption: `The trained network θ* (marked) sits in a basin: the loss is ${fmt(L.center)} there and rises to ${fmt(Math.max(...finite))} within the square |α|, |β| ≤ ${L.range[1]}; the contour levels are log-spaced.`,
    x: { label: 'α' },
    y: { label: 'β' },
    value: { label: 'loss' },
    grid: { nx: L.nx, ny: L.nx, xRange: L.range, yRange: L.range, values: L.values },
    levels: { count: 12, spacing: 'log' },
    points: [{ x: 0, y: 0, label: 'θ*' }],
  };
}

/** The figures of an edge-of-stability-on-MNIST study: sharpness per η, the loss, the landscape around θ*. */
export function figures(r: EdgeOfStabilityMnistStudyResult): ExperimentFigure[] {
  const list: Array<[string, ExperimentFigure['spec']]> = [
    ['sharpness', sharpness(r)],
    ['loss', loss(r)],
    ['landscape', landscape(r)],
  ];
  return list.map(([id, spec]) => ({ id, title: spec.title, spec }));
}
