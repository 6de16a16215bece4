/**
 * Small multiples (`kind: 'panels'`): one chart per panel on a grid, drawn
 * with the same renderer as a single figure and nested as <svg> elements under
 * one title and caption. With shared axes every line/scatter panel gets the
 * union of the panels' x and y extents, so a reader compares heights across
 * panels at one scale instead of reading overplotted curves on one chart;
 * field panels (contour, heatmap) likewise get the union of their grids'
 * extents, and one colour scale when they colour the same quantity
 * (panelColor.ts). Panels of one field may state it once, as the figure's
 * `grid`, and paths drawn in several panels once, as its `trajectories`;
 * they are drawn exactly as if each panel carried a copy.
 */
import { cellEdges, checkGrid } from './grid.js';
import { isField, shareColor, sharesColor, type FieldPanel } from './panelColor.js';
import type { AxisSpec, ChartSpec, ContourPanel, LineFigure, PanelsFigure, ScatterFigure } from './spec.js';

/** Smallest panel the single-figure renderer accepts (renderSvg's own minimum). */
export const MIN_PANEL_WIDTH = 240;
export const PANEL_HEIGHT = 300;

export interface PanelLayout {
  columns: number;
  rows: number;
  width: number;
  height: number;
}

/** Columns: as asked (default up to 3), fewer when the figure is too narrow for them. */
export function panelLayout(spec: PanelsFigure, width: number): PanelLayout {
  const n = spec.panels.length;
  const asked = spec.columns ?? Math.min(3, n);
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`renderSvg(panels): columns must be a positive integer, got ${String(spec.columns)}`);
  const columns = Math.max(1, Math.min(asked, n, Math.floor(width / MIN_PANEL_WIDTH)));
  return { columns, rows: Math.ceil(n / columns), width: Math.floor(width / columns), height: PANEL_HEIGHT };
}

type XY = LineFigure | ScatterFigure;
const isXY = (p: ChartSpec): p is XY => p.kind === 'line' || p.kind === 'scatter';

function values(p: XY, axis: 'x' | 'y'): number[] {
  const pts = p.kind === 'line' ? p.series.flatMap((s) => s.points) : p.groups.flatMap((g) => g.points);
  const refs = [...(p.references ?? []).filter((r) => r.axis === axis).map((r) => r.value), ...(p.bands ?? []).filter((b) => b.axis === axis).flatMap((b) => [b.from, b.to])];
  return [...pts.map((q) => q[axis]), ...refs];
}

function union(panels: XY[], axis: 'x' | 'y'): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of panels) {
    const log = p[axis].scale === 'log';
    for (const v of values(p, axis)) {
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** A field panel's extent along an axis: its grid's outer cell edges (what the single chart draws). */
function fieldExtent(p: FieldPanel, axis: 'x' | 'y'): [number, number] {
  const n = axis === 'x' ? p.grid.nx : p.grid.ny;
  const [lo, hi] = axis === 'x' ? p.grid.xRange : p.grid.yRange;
  const edges = cellEdges(lo, hi, n, p[axis].scale ?? 'linear');
  return [edges[0]!, edges[n]!];
}

/** A contour panel's trajectories with the points of the figure's shared trajectory of each one's name, where it has none. */
function withTrajectories(spec: PanelsFigure, p: ContourPanel, k: number): ContourPanel {
  if (!Array.isArray(p.trajectories) || p.trajectories.every((t) => t?.points != null)) return p;
  const shared = spec.trajectories;
  if (shared !== undefined && !Array.isArray(shared)) throw new Error('renderSvg(panels): trajectories must be an array of {name, points}');
  const trajectories = p.trajectories.map((t, i) => {
    if (t?.points != null) return t;
    const named = shared?.find((s) => s?.name === t?.name);
    if (!named) {
      throw new Error(`renderSvg(panels): panels[${k}].trajectories[${i}] (${JSON.stringify(t?.name)}) has no points and the figure has no shared trajectory of that name`);
    }
    return { ...t, points: named.points };
  });
  return { ...p, trajectories };
}

/**
 * The panels with their grids and paths: a field panel without a grid gets
 * the figure's shared `grid`, and a contour panel's trajectory without
 * points the points of the figure's trajectory of its name (the same
 * objects, so they draw byte for byte as copies would). The shared grid is
 * checked here, where an error can name it as the figure's; each panel's own
 * checks then apply to the grid it draws.
 */
function withShared(spec: PanelsFigure): ChartSpec[] {
  const shared = spec.grid ?? undefined; // null (JSON's absent value) is no shared grid
  if (shared !== undefined) {
    if (typeof shared !== 'object') throw new Error('renderSvg(panels): grid must be a grid object {nx, ny, xRange, yRange, values}');
    if (!Array.isArray(shared.values)) throw new Error('renderSvg(panels): grid.values must be an array of nx·ny numbers');
    checkGrid('renderSvg(panels)', shared, shared.values.length, 'linear', 'linear');
  }
  return spec.panels.map((stated, k): ChartSpec => {
    const p = stated.kind === 'contour' ? withTrajectories(spec, stated, k) : stated;
    if (!isField(p) || p.grid != null) return p as ChartSpec;
    if (shared === undefined) {
      throw new Error(`renderSvg(panels): panels[${k}] (${p.kind}) has no grid and the figure has no shared grid; give the panel a grid or the figure one`);
    }
    return { ...p, grid: shared } as ChartSpec;
  });
}

/**
 * The panels as they are drawn: field panels given their grids (withShared), captions dropped (the figure has one); with
 * shared axes each line/scatter panel's missing domain set to the union over
 * the line/scatter panels that use the same scale on that axis, and each
 * field panel's to the union over the field panels that do; with a shared
 * colour scale (sharesColor) the field panels' levels and colour domains set
 * to one for all.
 */
export function panelSpecs(spec: PanelsFigure): ChartSpec[] {
  if (!Array.isArray(spec.panels) || spec.panels.length === 0) throw new Error('renderSvg(panels): panels must be a non-empty array of figures');
  for (const [k, p] of spec.panels.entries()) {
    if (p === null || typeof p !== 'object' || (p as { kind?: unknown }).kind === 'panels') {
      throw new Error(`renderSvg(panels): panels[${k}] must be a single chart (not another panels figure)`);
    }
  }
  const charts = withShared(spec);
  const shared = spec.sharedAxes ?? true;
  const xy = charts.filter(isXY);
  const fields = charts.filter(isField);
  const sameScale = (p: ChartSpec & { x: AxisSpec; y: AxisSpec }, axis: 'x' | 'y') => (q: ChartSpec & { x: AxisSpec; y: AxisSpec }) =>
    (q[axis].scale ?? 'linear') === (p[axis].scale ?? 'linear');
  const domainFor = (p: XY, axis: 'x' | 'y'): AxisSpec => {
    if (!shared || p[axis].domain) return p[axis];
    const domain = union(xy.filter(sameScale(p, axis)), axis);
    return domain ? { ...p[axis], domain } : p[axis];
  };
  const fieldDomainFor = (p: FieldPanel, axis: 'x' | 'y'): AxisSpec => {
    if (!shared || p[axis].domain) return p[axis];
    const extents = fields.filter(sameScale(p, axis)).map((q) => fieldExtent(q, axis));
    const domain: [number, number] = [Math.min(...extents.map((e) => e[0])), Math.max(...extents.map((e) => e[1]))];
    // An invalid grid is left to the panel's own checks, which name it.
    return domain.every(Number.isFinite) && domain[1] > domain[0] ? { ...p[axis], domain } : p[axis];
  };
  const drawn = charts.map((p) => {
    const { caption: _caption, ...rest } = p;
    if (isXY(p)) return { ...rest, x: domainFor(p, 'x'), y: domainFor(p, 'y') } as ChartSpec;
    if (isField(p)) return { ...rest, x: fieldDomainFor(p, 'x'), y: fieldDomainFor(p, 'y') } as ChartSpec;
    return rest as ChartSpec;
  });
  return sharesColor(spec) ? shareColor(drawn) : drawn;
}
