/** Figures of the `xor` experiment, from its study's result (xorStudy.ts). */
import type { BarsFigure, LineFigure, LineSeries, PanelsFigure } from '../spec/figure.js';
import { fmt } from './format.js';
import type { ExperimentFigure } from './types.js';
import { XOR_FAILURE_KINDS, type XorFailureKind } from './xorFailures.js';
import type { XorStudyResult } from './xorStudy.js';

const groupName = (g: { hidden: number; activation: string; loss: string }) => `2-${g.hidden}-1 ${g.activation}/${g.loss}`;

/** Seeds drawn as faint lines per panel: enough to show the spread, few enough to stay readable (the median uses all). */
const SHOWN_SEEDS = 30;

/**
 * Loss curves as small multiples, one panel per network (rows: activation/loss, columns: width), each with the
 * first seeds as faint lines under the bold median over all seeds: on one chart the seeds' curves overplot.
 */
function lossPanels(r: XorStudyResult, sizes: number[], combos: string[]): PanelsFigure {
  const every = r.config.traceEvery;
  const panels = combos.flatMap((combo) =>
    sizes.map((h): LineFigure => {
      const runs = r.runs.filter((run) => run.hidden === h && `${run.activation}/${run.loss}` === combo && run.lossTrace.length > 0);
      const group = r.groups.find((g) => g.hidden === h && `${g.activation}/${g.loss}` === combo)!;
      const median = group.medianLossTrace.map((y, i) => ({ x: i * every, y })).filter((p) => Number.isFinite(p.y) && p.y > 0);
      const context: LineSeries[] = runs.slice(0, SHOWN_SEEDS).map((run) => ({
        name: 'one seed',
        emphasis: 'context',
        // At most ~200 points per faint line (and its last one): enough for a curve drawn a few hundred pixels wide.
        points: run.lossTrace
          .map((y, i) => ({ x: i * every, y }))
          .filter((p, i, all) => (i % Math.ceil(all.length / 200) === 0 || i === all.length - 1) && Number.isFinite(p.y) && p.y > 0),
      }));
      return { kind: 'line', title: `2-${h}-1 ${combo}`, x: { label: 'step t' }, y: { label: 'loss L(θ_t)', scale: 'log' }, series: [...context, { name: 'median over seeds', emphasis: 'focus', points: median }] };
    }),
  );
  const solvedIn = r.groups.filter((g) => g.stepsToSolve).map((g) => `${groupName(g)} ${fmt(g.stepsToSolve!.median)}`);
  return {
    kind: 'panels',
    title: 'Training loss per network: seeds and their median',
    subtitle: `thin: the first ${Math.min(SHOWN_SEEDS, r.config.seeds)} of ${r.config.seeds} seeds (a run ends when it is solved); bold: the median over all seeds, solved runs holding their final loss`,
    caption:
      `A flat stretch of a thin line is a plateau; a line that ends early is a run that solved XOR. Median steps to solve: ${solvedIn.join(', ') || 'no run solved'}. ` +
      `Narrow networks fail more often: ${r.groups.map((g) => `${groupName(g)} solved ${fmt(100 * g.fractionSolved)} %`).join(', ')}.`,
    columns: sizes.length,
    panels,
  };
}

/** The figures of an XOR study: fraction solved, failure kinds, loss curves per network. */
export function figures(r: XorStudyResult): ExperimentFigure[] {
  const combos = [...new Set(r.groups.map((g) => `${g.activation}/${g.loss}`))];
  const sizes = [...new Set(r.groups.map((g) => g.hidden))];
  const solvedBars: BarsFigure = {
    kind: 'bars',
    title: 'Fraction of initializations that solve XOR',
    subtitle: `${r.config.seeds} seeds each, ${r.config.steps} full-batch steps`,
    categories: sizes.map((h) => `2-${h}-1`),
    xLabel: 'network',
    y: { label: 'fraction solved', domain: [0, 1] },
    caption: `Each bar is the share of ${r.config.seeds} random initializations that end within ${r.config.margin} of every target (|p(x) − y| < ${r.config.margin} on all four points): ${r.groups.map((g) => `${groupName(g)} ${Math.round(100 * g.fractionSolved)} %`).join(', ')}.`,
    groups: combos.map((c) => ({ name: c, values: sizes.map((h) => r.groups.find((g) => g.hidden === h && `${g.activation}/${g.loss}` === c)?.fractionSolved ?? 0) })),
  };
  const kinds = XOR_FAILURE_KINDS.filter((k) => r.groups.some((g) => g.failures[k] > 0));
  const failureBars: BarsFigure = {
    kind: 'bars',
    title: 'Why runs failed',
    subtitle: 'failures classified from the final state and the loss trace',
    categories: r.groups.map(groupName),
    xLabel: 'network, activation / loss',
    y: { label: 'failed runs' },
    caption:
      `${r.groups.reduce((n, g) => n + XOR_FAILURE_KINDS.reduce((m, k) => m + g.failures[k], 0), 0)} failed runs in all, by the cause read from each run's final state and loss trace` +
      (kinds.length ? `: ${kinds.map((k) => `${r.groups.reduce((n, g) => n + g.failures[k], 0)} ${k}`).join(', ')}.` : '.'),
    groups: (kinds.length > 0 ? kinds : (['plateau'] as XorFailureKind[])).map((k) => ({ name: k, values: r.groups.map((g) => g.failures[k]) })),
  };
  const traces = lossPanels(r, sizes, combos);
  return [
    { id: 'fraction-solved', title: solvedBars.title, spec: solvedBars },
    { id: 'failures', title: failureBars.title, spec: failureBars },
    { id: 'loss-curves', title: traces.title, spec: traces },
  ];
}
