import { describe, expect, it } from 'vitest';
import { createFigureDocument } from '../../src/cli/figures.js';
import { renderSvg, type FigureSpec } from '../../src/viz/index.js';
import { barsSpec, contourSpec, heatmapSpec, lineSpec, stabilitySpec } from './fixtures.js';

const document = createFigureDocument();
const render = (spec: unknown, size: { width?: number; height?: number } = {}) =>
  renderSvg(spec as FigureSpec, { document, ...size });

describe('renderSvg: bad input names the function, the argument and the allowed range', () => {
  it('rejects an unknown kind', () => {
    expect(() => render({ ...lineSpec, kind: 'pie' })).toThrow(/renderSvg: spec.kind must be one of .*got "pie"/);
  });

  it('rejects a missing document', () => {
    expect(() => renderSvg(lineSpec, {} as never)).toThrow(/renderSvg: options.document/);
  });

  it('rejects a figure too small for its chart', () => {
    expect(() => render(lineSpec, { width: 100 })).toThrow(/options.width must be ≥ 240/);
    expect(() => render(lineSpec, { height: 200 })).toThrow(/leaves -?\d+ px for the chart.*need ≥ 120/);
  });

  it('rejects a grid whose value count is not nx·ny', () => {
    const grid = { ...contourSpec.grid, values: contourSpec.grid.values.slice(1) };
    expect(() => render({ ...contourSpec, grid })).toThrow(/renderSvg\(contour\): expected nx·ny = 61·41 = 2501 grid values, got 2500/);
  });

  it('rejects a non-positive range on a log axis', () => {
    const grid = { ...heatmapSpec.grid, xRange: [0, 10] };
    expect(() => render({ ...heatmapSpec, grid })).toThrow(/renderSvg\(heatmap\): grid.xRange must be positive on a log axis/);
    expect(() => render({ ...lineSpec, y: { label: 'L', scale: 'log', domain: [-1, 1] } })).toThrow(
      /renderSvg\(line\): y.domain must be finite \[min, max\] with max > min and min > 0/,
    );
  });

  it('rejects a log axis with no positive data', () => {
    const series = [{ name: 'zero', points: [{ x: 1, y: 0 }, { x: 2, y: 0 }] }];
    expect(() => render({ ...lineSpec, references: [], series })).toThrow(/renderSvg\(line\): y axis "loss L\(θ\)" has no finite positive data/);
  });

  it('rejects regime indices outside the regimes list', () => {
    const cells = [...stabilitySpec.cells];
    cells[3] = 7;
    expect(() => render({ ...stabilitySpec, cells })).toThrow(/renderSvg\(stability\): cells\[3\] must be −1 or an index into regimes \[0, 2\], got 7/);
  });

  it('rejects bar groups whose length differs from the categories', () => {
    const groups = [{ name: 'short', values: [1] }];
    expect(() => render({ ...barsSpec, groups })).toThrow(/renderSvg\(bars\): groups\[0\].values must have one value per category \(4\), got 1/);
  });

  it('rejects contour level counts outside [1, 200]', () => {
    expect(() => render({ ...contourSpec, levels: { count: 0 } })).toThrow(/levels.count must be an integer in \[1, 200\], got 0/);
  });
});
