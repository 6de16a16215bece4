/**
 * Figure specs (plain data, see src/spec/figure.ts, a dependency-free file of
 * types) for landscape results: contours with optimizer paths, 1-D slices,
 * heatmaps of geometric quantities, basin maps and convergence curves.
 */
import type { ContourFigure, ContourLevels, GridValues, HeatmapFigure, LineFigure, LineSeries, MarkedPoint, StabilityFigure, ColorSpec } from '../spec/figure.js';
import type { BasinsMap } from './basins.js';
import { gridPoints, makeGrid, type Grid2D } from './grid.js';
import type { LineSlice, PlaneSlice } from './slices.js';
import { surfaceValues, type Surface } from './surface.js';
import type { OptimizerRun } from './trajectories.js';

export function gridValues(grid: Grid2D, values: ArrayLike<number>): GridValues {
  if (values.length !== grid.nx * grid.ny) throw new Error(`gridValues: ${values.length} values for a ${grid.nx} × ${grid.ny} grid`);
  return { nx: grid.nx, ny: grid.ny, xRange: [...grid.xRange], yRange: [...grid.yRange], values: Array.from(values) };
}

/** A path drawn over a field. */
export interface PathInput {
  name: string;
  path: readonly (readonly number[])[];
}

export interface SurfaceContourOptions {
  /** Samples per axis (default 101). */
  n?: number;
  trajectories?: readonly (PathInput | OptimizerRun)[];
  /** Contour levels (default 24 levels; log-spaced when every sample is > 0). */
  levels?: ContourLevels;
  title?: string;
  /** Mark the surface's known minima, saddles and maxima (default true). */
  markCritical?: boolean;
}

/** Contours of a surface over its domain, with optimizer trajectories drawn on top. */
export function surfaceContourFigure(surface: Surface, options: SurfaceContourOptions = {}): ContourFigure {
  const { n = 101, trajectories = [], title = surface.name, markCritical = true } = options;
  const grid = makeGrid('surfaceContourFigure', { xRange: surface.domain.x, yRange: surface.domain.y, nx: n });
  const { px, py } = gridPoints(grid);
  const values = surfaceValues(surface, px, py);
  let positive = true;
  for (const v of values) if (!(v > 0)) positive = false;
  const points: MarkedPoint[] = [];
  if (markCritical) {
    for (const m of surface.minima) points.push({ label: 'min', x: m.x, y: m.y });
    for (const s of surface.saddles ?? []) points.push({ label: 'saddle', x: s.x, y: s.y });
    for (const s of surface.maxima ?? []) points.push({ label: 'max', x: s.x, y: s.y });
  }
  return {
    kind: 'contour',
    title,
    caption: surface.note,
    x: { label: 'x', domain: [...surface.domain.x] },
    y: { label: 'y', domain: [...surface.domain.y] },
    value: { label: 'f(x, y)' },
    grid: gridValues(grid, values),
    levels: options.levels ?? { count: 24, spacing: positive ? 'log' : 'linear' },
    trajectories: trajectories.map((t) => ({ name: t.name, points: t.path.map((p) => ({ x: p[0], y: p[1] })) })),
    points,
  };
}

/** Contours of a 2-D slice L(θ₀ + α d₁ + β d₂), optionally with a projected trajectory (e.g. PCA coordinates). */
export function planeContourFigure(plane: PlaneSlice, options: { title?: string; xLabel?: string; yLabel?: string; trajectories?: readonly PathInput[]; levels?: ContourLevels } = {}): ContourFigure {
  const { title = 'loss landscape', xLabel = 'α (direction 1)', yLabel = 'β (direction 2)', trajectories = [] } = options;
  let positive = true;
  for (const v of plane.values) if (!(v > 0)) positive = false;
  return {
    kind: 'contour',
    title,
    caption: `${plane.cost.evaluations} loss evaluations in ${plane.cost.seconds.toFixed(2)} s (${Math.round(plane.cost.evaluationsPerSecond)}/s).`,
    x: { label: xLabel },
    y: { label: yLabel },
    value: { label: 'loss' },
    grid: gridValues(plane.grid, plane.values),
    levels: options.levels ?? { count: 24, spacing: positive ? 'log' : 'linear' },
    trajectories: trajectories.map((t) => ({ name: t.name, points: t.path.map((p) => ({ x: p[0], y: p[1] })) })),
    points: [{ label: 'θ₀', x: 0, y: 0 }],
  };
}

/** 1-D slices (lines or interpolations) as curves. */
export function sliceFigure(slices: readonly { name: string; slice: LineSlice }[], options: { title?: string; xLabel?: string; logY?: boolean } = {}): LineFigure {
  const { title = 'loss along a line', xLabel = 'α', logY = false } = options;
  const series: LineSeries[] = slices.map(({ name, slice }) => ({ name, points: Array.from(slice.alphas, (a, i) => ({ x: a, y: slice.values[i] })) }));
  return { kind: 'line', title, x: { label: xLabel }, y: { label: 'loss', scale: logY ? 'log' : 'linear' }, series };
}

/** A scalar field on a grid (e.g. λ_min, condition number, ‖∇f‖) as a heatmap. */
export function fieldHeatmapFigure(grid: Grid2D, values: ArrayLike<number>, options: { title: string; label: string; scheme?: 'sequential' | 'diverging'; log?: boolean; points?: MarkedPoint[] }): HeatmapFigure {
  const color: ColorSpec = { label: options.label, scheme: options.scheme ?? 'sequential' };
  if (options.log) color.scale = 'log';
  if (options.scheme === 'diverging') color.center = 0;
  return {
    kind: 'heatmap',
    title: options.title,
    x: { label: 'x' },
    y: { label: 'y' },
    color,
    grid: gridValues(grid, values),
    points: options.points ?? [],
  };
}

/** A basins map as a categorical (stability-diagram) figure: one regime per minimum, then diverged / not converged. */
export function basinsFigure(basins: BasinsMap, options: { title?: string; subtitle?: string } = {}): StabilityFigure {
  const m = basins.minima.length;
  const regimes = [...basins.minima.map((p) => `→ (${p.x.toFixed(2)}, ${p.y.toFixed(2)})`), 'diverged', 'not converged'];
  const cells = Array.from(basins.labels, (l) => (l >= 0 ? l : l === -1 ? m : m + 1));
  const { nx, ny, xRange, yRange } = basins.grid;
  const figure: StabilityFigure = {
    kind: 'stability',
    title: options.title ?? 'basins of attraction',
    x: { label: 'x₀' },
    y: { label: 'y₀' },
    regimes,
    grid: { nx, ny, xRange: [...xRange], yRange: [...yRange] },
    cells,
  };
  if (options.subtitle) figure.subtitle = options.subtitle;
  return figure;
}

/**
 * Distance to θ* against the step on a log axis for several runs, with the
 * theoretical rates drawn as dashed lines e₀·rᵗ.
 */
export function convergenceFigure(
  runs: readonly OptimizerRun[],
  target: readonly [number, number],
  options: { title?: string; theory?: readonly { name: string; rate: number }[] } = {},
): LineFigure {
  const series: LineSeries[] = runs.map((run) => ({
    name: run.name,
    points: run.path.flatMap((p, t) => {
      const d = Math.hypot(p[0] - target[0], p[1] - target[1]);
      return d > 0 ? [{ x: t, y: d }] : [];
    }),
  }));
  const e0 = runs.length > 0 && runs[0].path.length > 0 ? Math.hypot(runs[0].path[0][0] - target[0], runs[0].path[0][1] - target[1]) : 1;
  const steps = Math.max(1, ...runs.map((r) => r.path.length - 1));
  for (const { name, rate } of options.theory ?? []) {
    series.push({ name, style: 'dashed', points: [{ x: 0, y: e0 }, { x: steps, y: e0 * rate ** steps }].filter((p) => p.y > 0) });
  }
  return { kind: 'line', title: options.title ?? 'distance to the minimum', x: { label: 'step t' }, y: { label: '‖θ_t − θ*‖', scale: 'log' }, series };
}
