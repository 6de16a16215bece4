import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSvgNode } from '../../src/cli/figures.js';
import { UNIT_CIRCLE_SEGMENTS, contourThresholds, type ContourFigure, type FigureSpec, type LineFigure, type PanelSpec } from '../../src/viz/index.js';
import { panelLayout, panelSpecs } from '../../src/viz/panels.js';
import {
  allSpecs,
  barsSpec,
  complexSpec,
  contourSpec,
  heatmapSpec,
  lineSpec,
  panelsSpec,
  scatterSpec,
  sharpnessSpec,
  stabilitySpec,
} from './fixtures.js';
import { allText, marks, parseSvg, pathVertices, tickAt, tickLabels } from './svgQuery.js';

const ARTIFACTS = 'test-artifacts/viz';

function render(spec: FigureSpec, name: string): Element {
  const svg = renderSvgNode(spec);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}/${name}.svg`, svg);
  return parseSvg(svg);
}

/** Axis labels each figure kind must show (its axes' labels, with symbols and units). */
function axisLabels(spec: FigureSpec | PanelSpec): string[] {
  switch (spec.kind) {
    case 'line':
    case 'scatter':
    case 'contour':
    case 'heatmap':
    case 'stability':
      return [spec.x.label, spec.y.label];
    case 'complexPlane':
      return ['Re λ', 'Im λ'];
    case 'bars':
      return [spec.xLabel, spec.y.label];
    case 'panels':
      return [...new Set(spec.panels.flatMap(axisLabels))];
  }
}

describe('renderSvg: every kind', () => {
  for (const [kind, spec] of Object.entries(allSpecs)) {
    it(`${kind} renders a standalone SVG with title, axis labels and legend`, () => {
      const root = render(spec, kind);
      expect(root.tagName.toLowerCase()).toBe('svg');
      expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
      expect(root.getAttribute('width')).toBe('720');
      expect(root.getAttribute('height')).toBe('480');
      const texts = allText(root);
      expect(texts).toContain(spec.title);
      for (const label of axisLabels(spec)) expect(texts).toContain(label);
      // Every fixture has either a swatch legend or a colour bar (or both).
      const legendCount = root.querySelectorAll('g[aria-label="legend"], g[aria-label="color legend"]').length;
      expect(legendCount).toBeGreaterThan(0);
    });
  }

  it('writes subtitle and caption as their own text blocks', () => {
    const root = render(lineSpec, 'line-blocks');
    expect(root.querySelector('text[aria-label="subtitle"]')?.textContent).toBe(lineSpec.subtitle);
    const caption = [...root.querySelectorAll('text[aria-label="caption"]')].map((t) => t.textContent).join(' ');
    expect(caption).toBe(lineSpec.caption);
  });

  it('renders a spec after a JSON round trip, NaN (null in JSON) still marking missing samples', () => {
    const values = [...contourSpec.grid.values];
    values[100] = NaN;
    // Linear levels start at the minimum 0: the lowest band covers every defined sample, so the missing one is a hole.
    const spec: ContourFigure = { ...contourSpec, levels: { count: 8 }, grid: { ...contourSpec.grid, values } };
    const revived = JSON.parse(JSON.stringify(spec)) as ContourFigure;
    expect(revived.grid.values[100]).toBeNull();
    // Plot numbers clip paths per render; the rest of the markup must be identical.
    const normalize = (svg: string) => svg.replace(/plot-clip-\d+/g, 'clip').replace(/plot-[0-9a-f]{6}/g, 'plot');
    expect(normalize(renderSvgNode(revived))).toBe(normalize(renderSvgNode(spec)));
    const heat = { ...heatmapSpec, grid: { ...heatmapSpec.grid, values: heatmapSpec.grid.values.map((v, k) => (k === 5 ? NaN : v)) } };
    const cells = (svg: string) => marks(parseSvg(svg), 'heatmap cell')[0]!.querySelectorAll('rect').length;
    expect(cells(renderSvgNode(JSON.parse(JSON.stringify(heat)) as FigureSpec))).toBe(heatmapSpec.grid.values.length - 1);
  });

  it('escapes markup characters in labels', () => {
    const svg = renderSvgNode({ ...sharpnessSpec, title: 'a < b & "c"' });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(allText(parseSvg(svg))).toContain('a < b & "c"');
  });
});

describe('renderSvg: line and scatter', () => {
  it('draws one path per series and one legend item per series', () => {
    const root = render(lineSpec, 'line');
    for (const s of lineSpec.series) {
      const groups = marks(root, `series ${s.name}`);
      expect(groups).toHaveLength(1);
      const paths = groups[0]!.querySelectorAll('path');
      expect(paths).toHaveLength(1);
      // Every point is a vertex (no point is dropped on the log axes: all y > 0).
      expect(pathVertices(paths[0]!.getAttribute('d')!)).toHaveLength(s.points.length);
    }
    expect(root.querySelectorAll('g[aria-label="legend item"]')).toHaveLength(lineSpec.series.length);
  });

  it('log x axis over [1, 100] has ticks 1, 2, 5, 10, 20, 50, 100 at log-proportional positions', () => {
    const ticks = tickLabels(render(lineSpec, 'line'), 'x');
    expect(ticks.map((t) => t.text)).toEqual(['1', '2', '5', '10', '20', '50', '100']);
    const at = (text: string) => ticks.find((t) => t.text === text)!.position;
    const decade = at('10') - at('1');
    // Pixel positions are affine in log10(x); Plot rounds nothing, so agreement is to float64 rounding of ~1e3 px.
    expect(at('100') - at('10')).toBeCloseTo(decade, 9);
    expect((at('2') - at('1')) / decade).toBeCloseTo(Math.log10(2), 9);
    expect((at('50') - at('10')) / decade).toBeCloseTo(Math.log10(5), 9);
  });

  it('log y axis over 20 decades labels every third decade as powers of ten', () => {
    // Data spans 0.5·0.9^200 ≈ 7e-10 … 0.45 and 0.8^200 ≈ 4e-20: the axis extends to [1e-20, 1].
    const ticks = tickLabels(render(lineSpec, 'line'), 'y');
    expect(ticks.map((t) => t.text)).toEqual(['10⁻²⁰', '10⁻¹⁷', '10⁻¹⁴', '10⁻¹¹', '10⁻⁸', '10⁻⁵', '0.01']);
    const gaps = ticks.slice(1).map((t, k) => t.position - ticks[k]!.position);
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 9);
  });

  it('draws reference lines with their labels', () => {
    const root = render(sharpnessSpec, 'sharpness');
    expect(marks(root, 'reference line')).toHaveLength(1);
    expect(allText(root)).toContain('2/η');
  });

  it('draws one symbol per scatter point', () => {
    const root = render(scatterSpec, 'scatter');
    scatterSpec.groups.forEach((g, k) => {
      const group = marks(root, `group ${g.name}`)[0]!;
      // Plot draws circles as <circle> and the other symbols as <path>.
      expect(group.querySelectorAll(k === 0 ? 'circle' : 'path')).toHaveLength(g.points.length);
    });
  });
});

describe('renderSvg: fields', () => {
  it('contour draws one band per level and trajectories with start and end markers', () => {
    const root = render(contourSpec, 'contour');
    expect(marks(root, 'contour')[0]!.querySelectorAll('path')).toHaveLength(contourSpec.levels!.count!);
    expect(marks(root, 'trajectory')).toHaveLength(contourSpec.trajectories!.length);
    expect(marks(root, 'trajectory start')).toHaveLength(contourSpec.trajectories!.length);
    expect(marks(root, 'trajectory end')).toHaveLength(contourSpec.trajectories!.length);
    expect(marks(root, 'marked point')[0]!.querySelectorAll('path')).toHaveLength(1);
    const legend = allText(root.querySelector('g[aria-label="legend"]')!);
    expect(legend).toEqual([...contourSpec.trajectories!.map((t) => t.name), 'start', 'end']);
  });

  it('log-spaced contour levels are geometric from the smallest positive value', () => {
    const values = [0, 1e-3, 0.5, 7, 1e3];
    const t = contourThresholds({ count: 6, spacing: 'log' }, values);
    expect(t).toHaveLength(6);
    expect(t[0]).toBe(1e-3);
    // t_k = 1e-3 · (1e6)^{k/6} = 10^{k−3}; exp/log round trips are exact to a few ulps.
    t.forEach((v, k) => expect(v / 10 ** (k - 3)).toBeCloseTo(1, 12));
    expect(contourThresholds({ count: 4 }, values)).toEqual([0, 250, 500, 750]);
    expect(contourThresholds({ values: [10, 1, 100] }, values)).toEqual([1, 10, 100]);
  });

  it('contour levels sit where the sampled field crosses them', () => {
    // f(x, y) = x on x ∈ {0, …, 4}: the band f ≥ 1.5 must start exactly at x = 1.5,
    // since marching squares interpolates linearly and f is linear.
    const nx = 5;
    const ny = 3;
    const spec: ContourFigure = {
      kind: 'contour',
      title: 'linear field',
      x: { label: 'x' },
      y: { label: 'y' },
      value: { label: 'f' },
      grid: { nx, ny, xRange: [0, 4], yRange: [0, 2], values: Array.from({ length: nx * ny }, (_, k) => k % nx) },
      levels: { values: [0, 1.5, 3] },
    };
    const root = render(spec, 'contour-linear');
    const ticks = tickLabels(root, 'x');
    const paths = [...marks(root, 'contour')[0]!.querySelectorAll('path')];
    expect(paths).toHaveLength(3);
    const xs = pathVertices(paths[1]!.getAttribute('d')!).map(([x]) => x);
    expect(Math.min(...xs)).toBeCloseTo((tickAt(ticks, 1) + tickAt(ticks, 2)) / 2, 6);
  });

  it('contour levels on log axes sit where the geometric samples cross them', () => {
    // f = log10 x sampled at x = 1, 10, 100, 1000 is linear in the sample index, so the level
    // f = 1.5 crosses at x = 10^1.5, midway between the ticks 10 and 100 on the log axis.
    const spec: ContourFigure = {
      kind: 'contour',
      title: 'log field',
      x: { label: 'x', scale: 'log' },
      y: { label: 'y', scale: 'log' },
      value: { label: 'log10 x' },
      grid: { nx: 4, ny: 3, xRange: [1, 1000], yRange: [0.1, 10], values: Array.from({ length: 12 }, (_, k) => k % 4) },
      levels: { values: [1.5] },
    };
    const root = render(spec, 'contour-log');
    const ticks = tickLabels(root, 'x');
    const xs = pathVertices(marks(root, 'contour')[0]!.querySelector('path')!.getAttribute('d')!).map(([x]) => x);
    expect(Math.min(...xs)).toBeCloseTo((tickAt(ticks, 10) + tickAt(ticks, 100)) / 2, 6);
  });

  it('contour leaves a hole at a NaN sample and puts +Infinity above every level', () => {
    const nx = 7;
    const ny = 7;
    const values = Array.from({ length: nx * ny }, () => 1);
    values[3 * nx + 3] = NaN;
    values[0] = Infinity;
    const spec: ContourFigure = {
      kind: 'contour',
      title: 'holes',
      x: { label: 'x' },
      y: { label: 'y' },
      value: { label: 'f' },
      grid: { nx, ny, xRange: [0, 6], yRange: [0, 6], values },
      levels: { values: [0.5, 2] },
    };
    const [low, high] = [...marks(render(spec, 'contour-holes'), 'contour')[0]!.querySelectorAll('path')];
    // Band f ≥ 0.5: the whole grid minus a hole around the NaN sample: two rings.
    expect(low!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    // Band f ≥ 2: only the +Infinity corner sample (and its padding copies), one ring.
    expect(high!.getAttribute('d')!.match(/M/g)).toHaveLength(1);
  });

  it('heatmap draws one cell per finite value and a colour bar', () => {
    const values = [...heatmapSpec.grid.values];
    values[7] = NaN;
    const root = render({ ...heatmapSpec, grid: { ...heatmapSpec.grid, values } }, 'heatmap-missing');
    expect(marks(root, 'heatmap cell')[0]!.querySelectorAll('rect')).toHaveLength(values.length - 1);
    expect(root.querySelectorAll('g[aria-label="color legend"]')).toHaveLength(1);
    expect(allText(root)).toContain('ΔL / L');
  });

  it('stability draws the observed cells, the regimes legend and the boundary curve', () => {
    const root = render(stabilitySpec, 'stability');
    expect(marks(root, 'regime cell')[0]!.querySelectorAll('rect')).toHaveLength(stabilitySpec.cells.length);
    expect(marks(root, 'boundary')).toHaveLength(1);
    const legend = allText(root.querySelector('g[aria-label="legend"]')!);
    expect(legend).toEqual([...stabilitySpec.regimes, stabilitySpec.boundaries![0]!.name]);
  });
});

describe('renderSvg: complex plane and bars', () => {
  it('draws the unit circle with equal aspect: every vertex one x-unit from the origin on both axes', () => {
    const root = render(complexSpec, 'complexPlane');
    const circle = marks(root, 'unit circle')[0]!.querySelector('path')!;
    const vertices = pathVertices(circle.getAttribute('d')!);
    expect(vertices).toHaveLength(UNIT_CIRCLE_SEGMENTS + 1);
    const xt = tickLabels(root, 'x');
    const yt = tickLabels(root, 'y');
    const x0 = tickAt(xt, 0);
    const y0 = tickAt(yt, 0);
    const xUnit = tickAt(xt, 1) - x0;
    const yUnit = y0 - tickAt(yt, 1);
    expect(yUnit).toBeCloseTo(xUnit, 6);
    // Plot writes coordinates with 3 decimals, so radii agree to ~1e-3 px.
    for (const [x, y] of vertices) expect(Math.hypot(x - x0, y - y0)).toBeCloseTo(xUnit, 2);
    const points = complexSpec.groups.reduce((n, g) => n + g.points.length, 0);
    const drawn = complexSpec.groups.reduce((n, g) => n + marks(root, `eigenvalues ${g.name}`)[0]!.children.length, 0);
    expect(drawn).toBe(points);
  });

  it('bars draws one bar per (group, category)', () => {
    const root = render(barsSpec, 'bars');
    const rects = marks(root, 'bars').flatMap((g) => [...g.querySelectorAll('rect')]);
    expect(rects).toHaveLength(barsSpec.groups.length * barsSpec.categories.length);
    expect(allText(root)).toEqual(expect.arrayContaining(barsSpec.categories));
    // The smallest value 0.01 is a power of ten; bars start one decade lower so it stays visible.
    expect(tickLabels(root, 'y')[0]!.text).toBe('0.001');
  });
});

describe('renderSvg: small multiples and emphasis', () => {
  it('nests one complete chart per panel, laid out in rows of `columns`', () => {
    const spec = { ...panelsSpec, columns: 2 };
    const root = render(spec, 'panels-2-columns');
    const panels = [...root.querySelectorAll('svg')].filter((s) => /^panel \d+$/.test(s.getAttribute('aria-label') ?? ''));
    expect(panels.map((p) => [Number(p.getAttribute('x')), Number(p.getAttribute('y')) > 0])).toEqual([
      [0, true],
      [360, true],
      [0, true],
    ]);
    // Row 2 starts one panel height below row 1, and the figure grew to hold both rows.
    expect(Number(panels[2]!.getAttribute('y'))).toBeGreaterThan(Number(panels[0]!.getAttribute('y')));
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(2 * 240);
    expect(allText(root)).toEqual(expect.arrayContaining(['η = 0.01', 'η = 0.03', 'η = 0.1']));
  });

  it('shares the y axis across panels: every panel spans the union of their extents', () => {
    const specs = panelSpecs(panelsSpec);
    const all = panelsSpec.panels.flatMap((p) => (p.kind === 'line' ? p.series.flatMap((s) => s.points.map((q) => q.y)) : []));
    for (const p of specs) {
      expect(p.kind).toBe('line');
      if (p.kind === 'line') expect(p.y.domain).toEqual([Math.min(...all), Math.max(...all)]);
    }
    // Without sharing, each panel keeps its own extent.
    expect(panelSpecs({ ...panelsSpec, sharedAxes: false }).every((p) => p.kind === 'line' && p.y.domain === undefined)).toBe(true);
  });

  it('falls back to fewer columns when the figure is too narrow for them', () => {
    expect(panelLayout({ ...panelsSpec, columns: 3 }, 500).columns).toBe(2);
    expect(panelLayout({ ...panelsSpec, columns: 3 }, 720).columns).toBe(3);
  });

  it('draws a legend that every panel shares once under the title, and keeps legends that differ in their panels', () => {
    const root = render(panelsSpec, 'panels-one-legend');
    const panels = [...root.children].filter((e) => /^panel \d+$/.test(e.getAttribute('aria-label') ?? ''));
    // Every panel's legend is [seed, median over seeds]: drawn once, above the first panel.
    expect(root.querySelectorAll('g[aria-label="legend"]')).toHaveLength(1);
    for (const p of panels) expect(p.querySelectorAll('g[aria-label="legend"]')).toHaveLength(0);
    const labels = [...root.querySelectorAll('g[aria-label="legend item"] text')].map((t) => t.textContent);
    expect(labels).toEqual(['seed', 'median over seeds']);
    // Rename the summary in one panel: the legends differ, so each panel keeps its own.
    const [first, ...rest] = panelsSpec.panels as LineFigure[];
    const renamed = { ...first!, series: first!.series.map((s) => (s.emphasis === 'focus' ? { ...s, name: 'mean over seeds' } : s)) };
    const own = render({ ...panelsSpec, panels: [renamed, ...rest] }, 'panels-own-legends');
    const ownPanels = [...own.children].filter((e) => /^panel \d+$/.test(e.getAttribute('aria-label') ?? ''));
    for (const p of ownPanels) expect(p.querySelectorAll('g[aria-label="legend"]')).toHaveLength(1);
  });

  it('refuses a panel that is itself a panels figure', () => {
    const nested = { ...panelsSpec, panels: [panelsSpec as unknown as LineFigure] };
    expect(() => renderSvgNode(nested)).toThrow(/panels\[0\] must be a single chart/);
  });

  it('draws context lines faint and under the focus line, with one legend entry per family name', () => {
    const panel = panelsSpec.panels[0] as LineFigure;
    const root = render(panel, 'emphasis');
    const context = marks(root, 'series seed');
    const focus = marks(root, 'series median over seeds');
    expect(context).toHaveLength(8);
    expect(focus).toHaveLength(1);
    for (const g of context) expect(Number(g.getAttribute('stroke-opacity'))).toBeLessThan(0.5);
    expect(Number(focus[0]!.getAttribute('stroke-width'))).toBeGreaterThan(Number(context[0]!.getAttribute('stroke-width')));
    // The focus line is drawn after (over) every context line.
    const order = [...root.querySelectorAll('g')].map((g) => g.getAttribute('aria-description'));
    expect(order.lastIndexOf('series seed')).toBeLessThan(order.indexOf('series median over seeds'));
    expect(root.querySelectorAll('g[aria-label="legend item"]')).toHaveLength(2);
  });
});
