import { describe, expect, it } from 'vitest';
import { renderSvgNode } from '../../src/cli/figures.js';
import { REPORT_FIGURE_SIZE } from '../../src/cli/report.js';
import type { ContourFigure, HeatmapFigure, PanelsFigure } from '../../src/viz/index.js';
import { mergeLegends } from '../../src/viz/legend.js';
import { PANEL_HEIGHT, panelSpecs } from '../../src/viz/panels.js';
import { MIN_BODY_HEIGHT } from '../../src/viz/render.js';
import { contourPanelsSpec, contourSpec, heatmapSpec } from './fixtures.js';
import { allText, marks, parseSvg } from './svgQuery.js';

const panelsOf = (root: Element) => [...root.children].filter((e) => /^panel \d+$/.test(e.getAttribute('aria-label') ?? ''));
/** A panel's chart body: the Plot <svg> nested directly in it (the colour bar's own Plot sits inside a <g>). */
const bodyOf = (panel: Element) => [...panel.children].find((e) => e.tagName.toLowerCase() === 'svg')!;
const colorLegends = (e: Element) => e.querySelectorAll('g[aria-label="color legend"]').length;
/** A line mark's presentation attribute: Plot sets it on the group inside the mark's clip-path wrapper. */
const attr = (mark: Element, name: string) => mark.querySelector(`[${name}]`)?.getAttribute(name) ?? mark.getAttribute(name);
const legendLabels = (e: Element) => [...e.querySelectorAll('g[aria-label="legend item"] text')].map((t) => t.textContent);

const contours = (spec: PanelsFigure) => spec.panels as ContourFigure[];

describe('renderSvg(panels): field panels with one colour scale', () => {
  it('draws one colour bar for the figure, under its title, and none in any panel', () => {
    const root = parseSvg(renderSvgNode(contourPanelsSpec));
    expect(colorLegends(root)).toBe(1);
    const panels = panelsOf(root);
    expect(panels).toHaveLength(3);
    for (const p of panels) {
      expect(colorLegends(p)).toBe(0);
      expect(p.querySelectorAll('g[aria-label="legend"]')).toHaveLength(0);
    }
    // The figure's bar sits above the first panel.
    const bar = root.querySelector('g[aria-label="color legend"]')!;
    const barY = Number(/translate\([^,]+,([-\d.]+)\)/.exec(bar.getAttribute('transform')!)![1]);
    expect(barY).toBeLessThan(Number(panels[0]!.getAttribute('y')));
  });

  it('lists each trajectory once in the figure legend, before start and end', () => {
    const root = parseSvg(renderSvgNode(contourPanelsSpec));
    expect(legendLabels(root)).toEqual(['GD, η = 0.004', 'heavy ball, β = 0.8', 'heavy ball, β = 0.5', 'start', 'end']);
  });

  it('merges panel legends label by label, keeping every panel’s order', () => {
    const item = (label: string) => ({ label, color: '#000000', shape: 'line' as const });
    const merged = mergeLegends([[item('A'), item('start'), item('end')], [item('B'), item('start'), item('end')], [item('A'), item('C')]]);
    expect(merged.map((i) => i.label)).toEqual(['A', 'B', 'start', 'end', 'C']);
  });

  it('gives one trajectory the same colour in every panel, bold in its own panel and faint (without markers) in the others', () => {
    const root = parseSvg(renderSvgNode(contourPanelsSpec));
    const panels = panelsOf(root);
    const strokes = (p: Element, what: string) => marks(p, what).map((g) => attr(g, 'stroke'));
    // Panel 1 focuses GD and shows the two heavy balls as context; panel 2 focuses the first heavy ball.
    expect(strokes(panels[0]!, 'trajectory')).toHaveLength(1);
    expect(strokes(panels[0]!, 'context trajectory')).toHaveLength(2);
    expect(strokes(panels[1]!, 'trajectory')[0]).toMatch(/^#[0-9A-F]{6}$/i);
    expect(strokes(panels[1]!, 'trajectory')[0]).toBe(strokes(panels[0]!, 'context trajectory')[0]);
    expect(strokes(panels[0]!, 'trajectory')[0]).toBe(strokes(panels[1]!, 'context trajectory')[0]);
    for (const p of panels) {
      expect(marks(p, 'trajectory start')).toHaveLength(1);
      const context = marks(p, 'context trajectory')[0]!;
      const focus = marks(p, 'trajectory')[0]!;
      expect(Number(attr(context, 'stroke-opacity'))).toBeGreaterThan(0);
      expect(Number(attr(context, 'stroke-opacity'))).toBeLessThan(1);
      expect(Number(attr(context, 'stroke-width'))).toBeLessThan(Number(attr(focus, 'stroke-width')));
    }
  });

  it('gives every panel a chart body of at least the minimum height, the bodies of a row at one height', () => {
    // The optimizer-geometry layout: five panels, three columns, titles and subtitles of different lengths.
    const five: PanelsFigure = {
      ...contourPanelsSpec,
      panels: [...contourPanelsSpec.panels, ...contourPanelsSpec.panels.slice(0, 2)].map((p, k) => ({ ...p, subtitle: k === 1 ? 'η = 0.0614, β = 0.566 (tuned by Polyak’s rule to the spectrum)' : 'η = 0.02' })),
    };
    for (const size of [REPORT_FIGURE_SIZE, { width: 720, height: 480 }]) {
      const root = parseSvg(renderSvgNode(five, size));
      const bodies = panelsOf(root).map(bodyOf);
      for (const b of bodies) expect(Number(b.getAttribute('height'))).toBeGreaterThanOrEqual(MIN_BODY_HEIGHT);
      expect(new Set(bodies.slice(0, 3).map((b) => b.getAttribute('y'))).size).toBe(1);
      // With a colour bar and legend of its own, each PANEL_HEIGHT-tall panel had too little room for its chart.
      expect(() => renderSvgNode({ ...five, sharedColor: false }, size)).toThrow(new RegExp(`height ${PANEL_HEIGHT} px leaves \\d+ px for the chart`));
    }
  });

  it('renders at the report’s figure size, growing taller rather than squeezing the panels', () => {
    const root = parseSvg(renderSvgNode(contourPanelsSpec, REPORT_FIGURE_SIZE));
    expect(Number(root.getAttribute('width'))).toBe(REPORT_FIGURE_SIZE.width);
    expect(panelsOf(root)).toHaveLength(3);
    expect(allText(root)).toEqual(expect.arrayContaining(contourPanelsSpec.panels.map((p) => p.title)));
  });

  it('takes the contour levels and colour domain from all panels’ values together', () => {
    // Scale the third panel's field by 10: its largest value now sets the top level of every panel.
    const spec: PanelsFigure = {
      ...contourPanelsSpec,
      levels: undefined,
      panels: contours(contourPanelsSpec).map((p, k) => (k === 2 ? { ...p, grid: { ...p.grid, values: p.grid.values.map((v) => 10 * v) } } : p)),
    } as PanelsFigure;
    const drawn = panelSpecs(spec) as ContourFigure[];
    const top = Math.max(...contours(spec)[2]!.grid.values);
    const lo = Math.min(...contours(spec)[0]!.grid.values.filter((v) => v > 0));
    for (const p of drawn) {
      expect(p.levels?.values).toEqual(drawn[0]!.levels?.values);
      expect(p.value.domain).toEqual(drawn[0]!.value.domain);
    }
    // Log levels t_k = lo·(hi/lo)^{k/count} from the smallest positive value of all panels; the domain reaches the largest.
    expect(drawn[0]!.levels!.values![0]).toBe(lo);
    expect(drawn[0]!.value.domain![1]).toBe(top);
  });

  it('gives heatmap panels the union of their extents as one colour domain', () => {
    const half = { ...heatmapSpec, grid: { ...heatmapSpec.grid, values: heatmapSpec.grid.values.map((v) => v / 2) } };
    const spec: PanelsFigure = { kind: 'panels', title: 'ΔL / L at two scales', panels: [heatmapSpec, half] };
    const drawn = panelSpecs(spec) as HeatmapFigure[];
    const all = [...heatmapSpec.grid.values, ...half.grid.values];
    for (const p of drawn) expect(p.color.domain).toEqual([Math.min(...all), Math.max(...all)]);
    expect(colorLegends(parseSvg(renderSvgNode(spec)))).toBe(1);
  });

  it('shares the field panels’ axes: each spans the union of the grids’ extents', () => {
    const shifted: ContourFigure = { ...contourSpec, x: { label: contourSpec.x.label }, grid: { ...contourSpec.grid, xRange: [0, 4] } };
    const base: ContourFigure = { ...contourSpec, x: { label: contourSpec.x.label } };
    const drawn = panelSpecs({ kind: 'panels', title: 'two grids', panels: [base, shifted] }) as ContourFigure[];
    // Cells extend half a step beyond the outer samples: step = 4/60.
    const half = 4 / 60 / 2;
    for (const p of drawn) {
      expect(p.x.domain![0]).toBeCloseTo(-2 - half, 12);
      expect(p.x.domain![1]).toBeCloseTo(4 + half, 12);
    }
  });
});

describe('renderSvg(panels): field panels with different colour scales', () => {
  it('keeps a colour bar in every panel when one panel colours another quantity', () => {
    const [a, b, c] = contours(contourPanelsSpec);
    const spec: PanelsFigure = { ...contourPanelsSpec, panels: [a!, b!, { ...c!, value: { label: 'gradient norm ‖∇L‖' } }] };
    const root = parseSvg(renderSvgNode(spec, REPORT_FIGURE_SIZE));
    const panels = panelsOf(root);
    expect(colorLegends(root)).toBe(3);
    for (const p of panels) expect(colorLegends(p)).toBe(1);
    // Each panel keeps its own legend too.
    for (const p of panels) expect(p.querySelectorAll('g[aria-label="legend"]')).toHaveLength(1);
  });

  it('keeps per-panel colour bars when sharedColor is false, and refuses sharedColor: true across different scales', () => {
    expect(colorLegends(parseSvg(renderSvgNode({ ...contourPanelsSpec, sharedColor: false })))).toBe(3);
    const mixed: PanelsFigure = { ...contourPanelsSpec, sharedColor: true, panels: [contourSpec, { ...contourSpec, levels: { count: 5 } }] };
    expect(() => renderSvgNode(mixed)).toThrow(/sharedColor is true but panels\[1\] colours its field differently/);
  });
});
