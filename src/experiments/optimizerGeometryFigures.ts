/**
 * Figure specs of the `optimizer-geometry` experiment: optimizer paths on
 * contour plots, loss curves, measured rates against their closed forms,
 * saddle escape times, and a basin map.
 */
import { basinsFigure, surfaceContourFigure, surfaceValues, type BasinsMap, type OptimizerRun, type Surface } from '../landscape/index.js';
import type { ContourFigure, LineFigure, LineSeries, Point, StabilityFigure } from '../spec/figure.js';
import type { EscapeRow, RateMethod, RateRow } from './optimizerGeometryStudies.js';
import { fmt } from './format.js';

/** `count` levels spaced geometrically from hi·10⁻ᵈᵉᶜᵃᵈᵉˢ to hi. */
function geometricLevels(hi: number, decades: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => hi * 10 ** (-decades + (decades * k) / (count - 1)));
}

/** Contours of a surface with optimizer paths; paths leaving the domain are cut at the border. */
export function pathContourSpec(surface: Surface, runs: readonly OptimizerRun[], resolution: number, title: string, subtitle: string): ContourFigure {
  const { x: [x0, x1], y: [y0, y1] } = surface.domain;
  const inside = (p: readonly number[]) => p[0]! >= x0 && p[0]! <= x1 && p[1]! >= y0 && p[1]! <= y1;
  const trajectories = runs.map((r) => {
    const leave = r.path.findIndex((p) => !inside(p));
    return { name: r.name, path: leave < 0 ? r.path : r.path.slice(0, leave) };
  });
  const figure = surfaceContourFigure(surface, { n: resolution, trajectories, title, markCritical: true });
  const corners = surfaceValues(surface, [x0, x0, x1, x1], [y0, y1, y0, y1]);
  figure.levels = { values: geometricLevels(Math.max(...corners), 6, 19), spacing: 'log' };
  figure.subtitle = subtitle;
  return figure;
}

/** f(θ_t) − f* on a log axis (thinned to ≤ 400 points per run). */
export function lossCurvesSpec(runs: readonly OptimizerRun[]): LineFigure {
  const series: LineSeries[] = runs.map((r) => {
    const every = Math.max(1, Math.ceil(r.losses.length / 400));
    const points: Point[] = [];
    r.losses.forEach((l, t) => {
      if ((t % every === 0 || t === r.losses.length - 1) && l > 0 && Number.isFinite(l)) points.push({ x: t, y: l });
    });
    return { name: r.name, points };
  });
  return {
    kind: 'line',
    title: 'Rosenbrock: loss against step',
    subtitle: 'f(θ_t) − f*, f* = 0 at (1, 1)',
    x: { label: 'step t' },
    y: { label: 'f(θ_t) − f*', scale: 'log' },
    series,
    references: [{ axis: 'y', value: 1e-6, label: 'tolerance 1e-6' }],
  };
}

const THEORY: Record<RateMethod, (kappa: number) => number> = {
  GD: (k) => 2 / (k + 1),
  'heavy ball': (k) => 2 / (Math.sqrt(k) + 1),
  Nesterov: (k) => 1 / Math.sqrt(k),
};

/** 1 − r against κ, log–log: slope −1 for GD, −1/2 for the momentum methods. */
export function ratesSpec(rows: readonly RateRow[]): LineFigure {
  const kappas = [...new Set(rows.map((r) => r.kappa))].sort((a, b) => a - b);
  const lo = kappas[0]!;
  const hi = Math.max(kappas[kappas.length - 1]!, lo * 1.5);
  const dense = Array.from({ length: 41 }, (_, i) => lo * (hi / lo) ** (i / 40));
  const series: LineSeries[] = [];
  for (const method of ['GD', 'heavy ball', 'Nesterov'] as const) {
    const measured = rows.filter((r) => r.method === method).sort((a, b) => a.kappa - b.kappa);
    series.push({ name: `${method} measured`, points: measured.map((r) => ({ x: r.kappa, y: 1 - r.measured })), markers: true });
    series.push({ name: `${method} theory`, points: dense.map((k) => ({ x: k, y: THEORY[method](k) })), style: 'dashed' });
  }
  return {
    kind: 'line',
    title: 'Convergence speed 1 − r against the condition number κ',
    subtitle: 'GD at η = 2/(μ+L): 2/(κ+1); heavy ball (Polyak): 2/(√κ+1); Nesterov: 1/√κ',
    x: { label: 'condition number κ', scale: 'log' },
    y: { label: '1 − r (error reduction per step)', scale: 'log' },
    series,
    caption: 'Measured r = (e_T/e_{T/2})^{2/T} from runs of src/optim’s SGD on ½θᵀHθ; momentum’s double roots bias r up by ≤ 2^{2/T}.',
  };
}

/** Escape steps against |λ₋|, log–log, with the predictions. */
export function escapeSpec(rows: readonly EscapeRow[], delta0: number, lr: number): LineFigure {
  const names = [...new Set(rows.map((r) => r.optimizer))];
  const series: LineSeries[] = [];
  for (const name of names) {
    const mine = rows.filter((r) => r.optimizer === name && r.measured >= 0).sort((a, b) => a.lambdaNeg - b.lambdaNeg);
    series.push({ name: `${name} measured`, points: mine.map((r) => ({ x: -r.lambdaNeg, y: Math.max(1, r.measured) })), markers: true });
    series.push({ name: `${name} predicted`, points: mine.map((r) => ({ x: -r.lambdaNeg, y: Math.max(1, r.theory) })), style: 'dashed' });
  }
  const gd = rows.filter((r) => r.optimizer === 'GD').sort((a, b) => a.lambdaNeg - b.lambdaNeg);
  series.push({ name: 'log(1/δ₀)/(η|λ₋|)', points: gd.map((r) => ({ x: -r.lambdaNeg, y: r.approx })), style: 'dotted' });
  return {
    kind: 'line',
    title: 'Escaping a strict saddle: steps until |y| ≥ 1',
    subtitle: `½x² − ½|λ₋|y² from (1, δ₀), δ₀ = ${fmt(delta0)}, η = ${lr}`,
    x: { label: 'negative curvature |λ₋|', scale: 'log' },
    y: { label: 'escape step', scale: 'log' },
    series,
    caption: 'GD: ⌈log(1/δ₀)/log(1 + η|λ₋|)⌉; heavy ball: log(1/A)/log z₊ (growing root of z² − (1+β+η|λ₋|)z + β); Adam: (1 − δ₀)/η.',
  };
}

/** The basin map of the largest step size; the smaller ones are summarized in the subtitle. */
export function basinsSpec(maps: readonly BasinsMap[], lrs: readonly number[], curvature: readonly number[]): StabilityFigure {
  const last = maps.length - 1;
  const lr = lrs[last]!;
  const reached = (m: BasinsMap) => m.counts.minima.filter((n) => n > 0).length;
  const others = maps.slice(0, last).map((m, i) => `η = ${lrs[i]}: ${reached(m)} of 4 minima reached`);
  const sharp = curvature.map((l, k) => ({ l, k })).filter(({ l }) => l >= 2 / lr);
  const figure = basinsFigure(maps[last]!, {
    title: `Himmelblau basins of attraction under GD, η = ${lr}`,
    subtitle: [`${reached(maps[last]!)} of 4 minima reached`, ...others].join('; ') + (sharp.length > 0 ? `; λ_max ≥ 2/η = ${fmt(2 / lr)} at ${sharp.length} minima` : ''),
  });
  // Put 'not converged' (the last regime) first, so it gets the first palette colour, distinct from every minimum's.
  const n = figure.regimes.length;
  figure.regimes = [figure.regimes[n - 1]!, ...figure.regimes.slice(0, n - 1)];
  figure.cells = figure.cells.map((c) => (c === n - 1 ? 0 : c >= 0 ? c + 1 : c));
  return figure;
}
