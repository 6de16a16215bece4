/**
 * One colour scale for the field panels (contour, heatmap) of a small
 * multiple: a colour is only comparable across panels when it means the same
 * value in each, so panels that colour the same quantity the same way get
 * one set of contour levels (or one heatmap domain), computed from all their
 * values together, and the figure draws one colour bar for all of them.
 *
 * "The same way" (see PanelsFigure.sharedColor): one kind, one colour label,
 * and equal colour options — a contour's `levels` and `value.domain`, a
 * heatmap's scheme, scale, centre and domain. Two panels that differ in any
 * of these colour different things (or the same thing differently) and keep
 * their own bars.
 */
import { finiteExtent } from './grid.js';
import { DEFAULT_LEVEL_COUNT, contourThresholds } from './levels.js';
import type { ChartSpec, ContourFigure, HeatmapFigure, PanelSpec, PanelsFigure } from './spec.js';

/** A field panel with its grid resolved (panels.ts gives shared-grid panels the figure's). */
export type FieldPanel = ContourFigure | HeatmapFigure;
/** Contour and heatmap panels, as stated in a spec (grid optional) or as drawn (grid resolved). */
export const isField = <P extends PanelSpec>(p: P): p is Extract<P, { kind: 'contour' | 'heatmap' }> => p.kind === 'contour' || p.kind === 'heatmap';

/** What must agree for two field panels to share a colour scale. */
function colorKey(p: Extract<PanelSpec, { kind: 'contour' | 'heatmap' }>): string {
  if (p.kind === 'contour') {
    const l = p.levels ?? {};
    return JSON.stringify(['contour', p.value?.label, l.spacing ?? 'linear', l.values ?? l.count ?? DEFAULT_LEVEL_COUNT, p.value?.domain ?? null]);
  }
  const c = p.color ?? {};
  return JSON.stringify(['heatmap', c.label, c.scheme ?? 'sequential', c.scale ?? 'linear', c.center ?? null, c.domain ?? null]);
}

/**
 * Whether the figure draws one colour bar for its field panels: at least two,
 * all sharing one colour key, unless `sharedColor` is false. Throws when
 * `sharedColor` is true and they cannot share.
 */
export function sharesColor(spec: PanelsFigure): boolean {
  if (spec.sharedColor !== undefined && typeof spec.sharedColor !== 'boolean') {
    throw new Error(`renderSvg(panels): sharedColor must be true or false, got ${JSON.stringify(spec.sharedColor)}`);
  }
  if (spec.sharedColor === false) return false;
  const fields = spec.panels.filter(isField);
  const keys = new Set(fields.map(colorKey));
  const can = fields.length >= 2 && keys.size === 1;
  if (spec.sharedColor === true && !can) {
    const first = fields[0];
    const odd = first ? spec.panels.findIndex((p) => isField(p) && colorKey(p) !== colorKey(first)) : -1;
    throw new Error(
      odd >= 0
        ? `renderSvg(panels): sharedColor is true but panels[${odd}] colours its field differently from the first field panel (kind, colour label and colour options must agree)`
        : 'renderSvg(panels): sharedColor is true but fewer than two panels are contour or heatmap panels',
    );
  }
  return can;
}

/**
 * The field panels with one colour scale: contours get the levels of all
 * their values together (explicit levels are already equal) and the colour
 * domain [t₀, max(t_last, largest value)] over all panels; heatmaps without
 * an explicit domain get the union of their extents (positive values on a
 * log scale), which each panel then centres identically when diverging.
 */
export function shareColor(panels: ChartSpec[]): ChartSpec[] {
  const contours = panels.filter((p): p is ContourFigure => p.kind === 'contour');
  const heatmaps = panels.filter((p): p is HeatmapFigure => p.kind === 'heatmap');
  if (contours.length > 0) {
    const levels = contours[0]!.levels;
    const all = contours.flatMap((p) => Array.from(p.grid.values));
    const thresholds = contourThresholds(levels, all, 'renderSvg(panels)');
    const top = Math.max(thresholds[thresholds.length - 1]!, finiteExtent(all)?.[1] ?? -Infinity);
    const domain: [number, number] = contours[0]!.value.domain ?? [thresholds[0]!, top > thresholds[0]! ? top : thresholds[0]! + 1];
    return panels.map((p) =>
      p.kind === 'contour' ? { ...p, levels: { spacing: levels?.spacing ?? 'linear', values: thresholds }, value: { ...p.value, domain } } : p,
    );
  }
  if (heatmaps.length > 0 && heatmaps[0]!.color.domain === undefined) {
    const log = heatmaps[0]!.color.scale === 'log';
    const domain = finiteExtent(heatmaps.flatMap((p) => Array.from(p.grid.values)), log);
    // A constant field has no range to share; each panel widens it the same way.
    if (!domain || domain[0] === domain[1]) return panels;
    return panels.map((p) => (p.kind === 'heatmap' ? { ...p, color: { ...p.color, domain } } : p));
  }
  return panels;
}
