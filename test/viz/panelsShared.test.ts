import { describe, expect, it } from 'vitest';
import { createFigureDocument, renderSvgNode } from '../../src/cli/figures.js';
import { parseResultFile } from '../../src/cli/runSchemas.js';
import type { AnyExperiment } from '../../src/experiments/index.js';
import { renderSvg, type ContourFigure, type FigureSpec, type HeatmapFigure, type PanelsFigure } from '../../src/viz/index.js';
import { contourPanelsSpec, heatmapSpec } from './fixtures.js';

/** The same small multiple with each field panel's grid taken out and stated once on the figure. */
function withSharedGrid(spec: PanelsFigure): PanelsFigure {
  const fields = spec.panels as (ContourFigure | HeatmapFigure)[];
  return { ...spec, grid: fields[0]!.grid, panels: fields.map(({ grid: _grid, ...rest }) => rest) };
}

/** The same small multiple with each contour panel's paths stated once on the figure, the panels naming them. */
function withSharedPaths(spec: PanelsFigure): PanelsFigure {
  const first = spec.panels[0] as ContourFigure;
  const trajectories = first.trajectories!.map(({ emphasis: _emphasis, ...t }) => t);
  const panels = (spec.panels as ContourFigure[]).map((p) => ({ ...p, trajectories: p.trajectories!.map(({ points: _points, ...t }) => t) }));
  return { ...spec, trajectories, panels };
}

/**
 * The SVG of a figure with Plot's clip-path ids numbered from 1 in order of
 * appearance: Plot draws them from one counter for the whole process (so
 * figures inlined in one page never clash), which is the only thing that
 * differs between two renders of one spec.
 */
function svgOf(spec: FigureSpec): string {
  const ids = new Map<string, number>();
  return renderSvgNode(spec).replace(/plot-clip-\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, ids.size + 1);
    return `plot-clip-${ids.get(id)}`;
  });
}

const heatmapPanels: PanelsFigure = {
  kind: 'panels',
  title: 'ΔL / L, twice',
  panels: [
    { ...heatmapSpec, title: 'left' },
    { ...heatmapSpec, title: 'right', points: [{ label: 'ηλ = 2', x: 0.2, y: 10 }] },
  ],
};

const document = createFigureDocument();
const render = (spec: unknown) => renderSvg(spec as FigureSpec, { document });

describe('renderSvg(panels): one grid shared by the field panels', () => {
  it('draws contour panels sharing the figure’s grid byte for byte as the same panels each carrying a copy', () => {
    const shared = withSharedGrid(contourPanelsSpec);
    expect(shared.panels.every((p) => p.kind === 'contour' && p.grid === undefined)).toBe(true);
    expect(svgOf(shared)).toBe(svgOf(contourPanelsSpec));
  });

  it('draws heatmap panels sharing the figure’s grid byte for byte as the same panels each carrying a copy', () => {
    expect(svgOf(withSharedGrid(heatmapPanels))).toBe(svgOf(heatmapPanels));
  });

  it('states the grid once in the spec’s JSON', () => {
    const json = JSON.stringify(withSharedGrid(contourPanelsSpec));
    expect(json.match(/"values":/g)).toHaveLength(1);
    expect(JSON.stringify(contourPanelsSpec).match(/"values":/g)).toHaveLength(contourPanelsSpec.panels.length);
  });

  it('lets a panel with its own grid draw that grid rather than the shared one', () => {
    const halved = { ...heatmapSpec.grid, values: heatmapSpec.grid.values.map((v) => v / 2) };
    const own: PanelsFigure = { ...heatmapPanels, panels: [heatmapPanels.panels[0]!, { ...heatmapPanels.panels[1]!, grid: halved } as HeatmapFigure] };
    const mixed = { ...withSharedGrid(heatmapPanels), panels: [withSharedGrid(heatmapPanels).panels[0]!, own.panels[1]!] };
    expect(svgOf(mixed)).toBe(svgOf(own));
    expect(svgOf(mixed)).not.toBe(svgOf(heatmapPanels));
  });
});

describe('renderSvg(panels): paths shared by the contour panels', () => {
  it('draws panels naming the figure’s shared trajectories byte for byte as the same panels each carrying the points', () => {
    const shared = withSharedPaths(withSharedGrid(contourPanelsSpec));
    expect(JSON.stringify(shared).match(/"points":\[\{"x"/g)).toHaveLength(shared.trajectories!.length);
    expect(svgOf(shared)).toBe(svgOf(contourPanelsSpec));
  });

  it('rejects a panel trajectory without points whose name the figure does not share, naming the panel and the trajectory', () => {
    const spec = withSharedPaths(contourPanelsSpec);
    const renamed = { ...spec, trajectories: spec.trajectories!.map((t, i) => (i === 1 ? { ...t, name: 'Adam' } : t)) };
    const name = spec.trajectories![1]!.name;
    expect(() => render(renamed)).toThrow(
      new RegExp(`^renderSvg\\(panels\\): panels\\[0\\]\\.trajectories\\[1\\] \\("${name.replace(/[()]/g, '\\$&')}"\\) has no points and the figure has no shared trajectory of that name$`),
    );
    const { trajectories: _t, ...none } = spec;
    expect(() => render(none)).toThrow(/^renderSvg\(panels\): panels\[0\]\.trajectories\[0\] \(".*"\) has no points and the figure has no shared trajectory of that name$/);
  });
});

describe('renderSvg(panels): malformed shared grids are rejected with one line naming what and where', () => {
  it('rejects a field panel that has no grid when the figure has none either', () => {
    const { grid: _grid, ...spec } = withSharedGrid(contourPanelsSpec);
    expect(() => render(spec)).toThrow(/^renderSvg\(panels\): panels\[0\] \(contour\) has no grid and the figure has no shared grid; [^\n]*$/);
  });

  it('rejects a shared grid whose value count is not nx·ny', () => {
    const spec = withSharedGrid(contourPanelsSpec);
    const grid = { ...spec.grid!, values: spec.grid!.values.slice(1) };
    const n = spec.grid!.nx * spec.grid!.ny;
    expect(() => render({ ...spec, grid })).toThrow(
      new RegExp(`^renderSvg\\(panels\\): expected nx·ny = ${spec.grid!.nx}·${spec.grid!.ny} = ${n} grid values, got ${n - 1}$`),
    );
  });

  it('rejects a shared grid without values or with a bad range, naming the figure’s grid', () => {
    const spec = withSharedGrid(contourPanelsSpec);
    expect(() => render({ ...spec, grid: { ...spec.grid!, values: 5 } })).toThrow(/^renderSvg\(panels\): grid\.values must be an array of nx·ny numbers$/);
    expect(() => render({ ...spec, grid: { ...spec.grid!, xRange: [1, 1] } })).toThrow(/^renderSvg\(panels\): grid\.xRange must be finite \[min, max\] with max > min, got \[1, 1\]$/);
    expect(() => render({ ...spec, grid: 'dense' })).toThrow(/^renderSvg\(panels\): grid must be a grid object/);
  });

  it('rejects a shared grid that a log-axis panel cannot draw, in that panel’s own words', () => {
    const spec = withSharedGrid(heatmapPanels);
    expect(() => render({ ...spec, grid: { ...spec.grid!, xRange: [0, 10] } })).toThrow(/^renderSvg\(heatmap\): grid\.xRange must be positive on a log axis, got \[0, 10\]$/);
  });
});

describe('result.json schema: shared grids read back from a run folder', () => {
  // The figure part of the schema does not depend on the experiment; a config schema that accepts anything stands in for one.
  const experiment = { schema: { safeParse: (v: unknown) => ({ success: true, data: v }) } } as unknown as AnyExperiment;
  const result = (spec: unknown) => ({
    id: 'x',
    config: {},
    seed: 0,
    metrics: {},
    series: {},
    figures: [{ id: 'paths', spec }],
    findings: [],
    sections: { question: '', setup: '', math: [], teaches: '' },
  });
  const reason = (spec: unknown) => {
    const parsed = parseResultFile(JSON.parse(JSON.stringify(result(spec))), experiment);
    return parsed.ok ? 'ok' : parsed.reason;
  };

  it('accepts a panels figure whose field panels share its grid, and one whose panels carry their own', () => {
    expect(reason(withSharedGrid(contourPanelsSpec))).toBe('ok');
    expect(reason(contourPanelsSpec)).toBe('ok');
  });

  it('rejects a field panel with neither its own grid nor a shared one, naming the panel', () => {
    const { grid: _grid, ...spec } = withSharedGrid(contourPanelsSpec);
    expect(reason(spec)).toBe("result.json: figures.0.spec.panels.0.grid: a contour panel needs a grid of its own or the figure's shared grid");
  });

  it('rejects a shared grid whose value count is not nx·ny, and one that is not a grid', () => {
    const spec = withSharedGrid(contourPanelsSpec);
    expect(reason({ ...spec, grid: { ...spec.grid!, values: [1, 2, 3] } })).toBe('result.json: figures.0.spec.grid.values: a grid holds nx·ny values');
    expect(reason({ ...spec, grid: { ...spec.grid!, nx: 1.5 } })).toMatch(/^result\.json: figures\.0\.spec\.grid\.nx: [^\n]+$/);
  });

  it('accepts panels naming shared trajectories, and rejects a trajectory without points whose name is not shared', () => {
    const spec = withSharedPaths(withSharedGrid(contourPanelsSpec));
    expect(reason(spec)).toBe('ok');
    const { trajectories: _t, ...none } = spec;
    expect(reason(none)).toMatch(/^result\.json: figures\.0\.spec\.panels\.0\.trajectories\.0: a trajectory without points needs a shared trajectory of its name \(".*"\)$/);
  });

  it('rejects a panel that is itself a panels figure', () => {
    expect(reason({ ...contourPanelsSpec, panels: [contourPanelsSpec] })).toMatch(/^result\.json: figures\.0\.spec\.panels\.0\.kind: [^\n]+$/);
  });
});
