/** Figures of the `xor` experiment, from its study's result (xorStudy.ts). */
import type { BarsFigure, LineFigure } from '../spec/figure.js';
import type { ExperimentFigure } from './types.js';
import { XOR_FAILURE_KINDS, type XorFailureKind } from './xorFailures.js';
import type { XorStudyResult } from './xorStudy.js';

const groupName = (g: { hidden: number; activation: string; loss: string }) => `2-${g.hidden}-1 ${g.activation}/${g.loss}`;

/** The figures of an XOR study: fraction solved, failure kinds, median loss curves. */
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
    caption: `${r.groups.reduce((n, g) => n + XOR_FAILURE_KINDS.reduce((m, k) => m + g.failures[k], 0), 0)} failed runs in all, by the cause read from each run's final state and loss trace.`,
    groups: (kinds.length > 0 ? kinds : (['plateau'] as XorFailureKind[])).map((k) => ({ name: k, values: r.groups.map((g) => g.failures[k]) })),
  };
  // Median loss trace per network (first activation/loss combination): the plateau is visible as a flat stretch.
  const first = combos[0]!;
  const every = r.config.traceEvery;
  const traces: LineFigure = {
    kind: 'line',
    title: 'Median training loss over seeds',
    subtitle: `${first}; runs that solved early hold their final loss`,
    x: { label: 'step t' },
    y: { label: 'loss L(θ_t)', scale: 'log' },
    series: sizes.map((h) => {
      const runs = r.runs.filter((run) => run.hidden === h && `${run.activation}/${run.loss}` === first && run.lossTrace.length > 0);
      const len = Math.max(...runs.map((run) => run.lossTrace.length));
      const points = [];
      for (let i = 0; i < len; i++) {
        const vals = runs.map((run) => run.lossTrace[Math.min(i, run.lossTrace.length - 1)]!).filter(Number.isFinite).sort((a, b) => a - b);
        const med = vals[Math.floor(vals.length / 2)];
        if (med !== undefined && med > 0) points.push({ x: i * every, y: med });
      }
      return { name: `2-${h}-1`, points };
    }),
  };
  return [
    { id: 'fraction-solved', title: solvedBars.title, spec: solvedBars },
    { id: 'failures', title: failureBars.title, spec: failureBars },
    { id: 'median-loss', title: traces.title, spec: traces },
  ];
}
