/**
 * Small multiples (`kind: 'panels'`): one chart per panel on a grid, drawn
 * with the same renderer as a single figure and nested as <svg> elements under
 * one title and caption. With shared axes every line/scatter panel gets the
 * union of the panels' x and y extents, so a reader compares heights across
 * panels at one scale instead of reading overplotted curves on one chart.
 */
import type { AxisSpec, LineFigure, PanelSpec, PanelsFigure, ScatterFigure } from './spec.js';

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
const isXY = (p: PanelSpec): p is XY => p.kind === 'line' || p.kind === 'scatter';

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

/**
 * The panels as they are drawn: captions dropped (the figure has one), and
 * with shared axes each line/scatter panel's missing domain set to the union
 * over the panels that use the same scale on that axis.
 */
export function panelSpecs(spec: PanelsFigure): PanelSpec[] {
  if (!Array.isArray(spec.panels) || spec.panels.length === 0) throw new Error('renderSvg(panels): panels must be a non-empty array of figures');
  for (const [k, p] of spec.panels.entries()) {
    if (p === null || typeof p !== 'object' || (p as { kind?: unknown }).kind === 'panels') {
      throw new Error(`renderSvg(panels): panels[${k}] must be a single chart (not another panels figure)`);
    }
  }
  const shared = spec.sharedAxes ?? true;
  const xy = spec.panels.filter(isXY);
  const domainFor = (p: XY, axis: 'x' | 'y'): AxisSpec => {
    if (!shared || p[axis].domain) return p[axis];
    const same = xy.filter((q) => (q[axis].scale ?? 'linear') === (p[axis].scale ?? 'linear'));
    const domain = union(same, axis);
    return domain ? { ...p[axis], domain } : p[axis];
  };
  return spec.panels.map((p) => {
    const { caption: _caption, ...rest } = p;
    return isXY(p) ? ({ ...rest, x: domainFor(p, 'x'), y: domainFor(p, 'y') } as PanelSpec) : (rest as PanelSpec);
  });
}
