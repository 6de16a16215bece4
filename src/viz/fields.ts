/**
 * Scalar fields on grids: `contour` (filled level sets with trajectories),
 * `heatmap` (coloured cells) and `stability` (categorical regime cells with
 * boundary curves).
 *
 * Plot.contour takes the grid as a dense row-major array with its bounds
 * x1..x2, y1..y2 and runs marching squares in screen space, each value at the
 * centre of its pixel: the bounds are the outer cell edges (see grid.ts, which
 * also pads the grid so band corners are not cut off), and each sample is
 * placed by its own coordinate, so geometric samples on a log axis land on
 * equally spaced pixels. Heatmaps use one Plot.rect per cell instead of
 * Plot.raster, because raster paints through a <canvas> that a server-side
 * DOM does not provide.
 */
import * as Plot from '@observablehq/plot';
import type { Markish, ScaleOptions } from '@observablehq/plot';
import { MARGINS, axisScale, checkDomain } from './axes.js';
import { cellEdges, checkGrid, finiteExtent, padGrid, paddedBounds, paddedSamples } from './grid.js';
import { contourThresholds } from './levels.js';
import { DIVERGING_SCHEME, INK, SEQUENTIAL_SCHEME, categoryColor } from './palette.js';
import type { FigureParts, LegendItem } from './parts.js';
import type { AxisSpec, ContourFigure, GridValues, HeatmapFigure, MarkedPoint, StabilityFigure, Trajectory } from './spec.js';


interface Cell {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  index: number;
}

/** One rectangle per grid sample, bounded by the cell edges. */
function gridCells(grid: Omit<GridValues, 'values'>, x: AxisSpec, y: AxisSpec): Cell[] {
  const xe = cellEdges(grid.xRange[0], grid.xRange[1], grid.nx, x.scale ?? 'linear');
  const ye = cellEdges(grid.yRange[0], grid.yRange[1], grid.ny, y.scale ?? 'linear');
  const cells: Cell[] = [];
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) cells.push({ x1: xe[i]!, x2: xe[i + 1]!, y1: ye[j]!, y2: ye[j + 1]!, index: j * grid.nx + i });
  }
  return cells;
}

/** Axis domains of a grid figure: the outer cell edges, unless the spec fixes them. */
function gridDomains(where: string, grid: Omit<GridValues, 'values'>, x: AxisSpec, y: AxisSpec) {
  checkDomain(where, 'x', x.domain, x.scale === 'log');
  checkDomain(where, 'y', y.domain, y.scale === 'log');
  const xe = cellEdges(grid.xRange[0], grid.xRange[1], grid.nx, x.scale ?? 'linear');
  const ye = cellEdges(grid.yRange[0], grid.yRange[1], grid.ny, y.scale ?? 'linear');
  const fixed = (axis: AxisSpec, edges: number[]): [number, number] => axis.domain ?? [edges[0]!, edges[edges.length - 1]!];
  return {
    x: axisScale(x, fixed(x, xe), true),
    y: axisScale(y, fixed(y, ye), true),
  };
}

/** Labelled points over a field: a white-haloed black star plus its label. */
function pointMarks(points: MarkedPoint[] = []): Markish[] {
  if (points.length === 0) return [];
  return [
    Plot.dot(points, { x: 'x', y: 'y', symbol: 'star', r: 7, fill: INK, stroke: 'white', strokeWidth: 1.5, ariaDescription: 'marked point' }),
    Plot.text(points, { x: 'x', y: 'y', text: 'label', dx: 9, dy: -9, textAnchor: 'start', fill: INK, stroke: 'white', strokeWidth: 3, fontSize: 13, ariaDescription: 'marked point label' }),
  ];
}

/** Okabe–Ito minus its blue and green, which sit inside viridis. */
const TRAJECTORY_COLORS = [1, 3, 4, 5, 6, 7].map(categoryColor);

/**
 * Trajectories over a field, coloured by name: `names` fixes the order of the
 * colours (a small multiple passes every panel's names, so one optimizer has
 * one colour in all panels). Context paths are drawn first, thin and faint
 * without markers; the others with a white halo that separates line and
 * field, and start ○ / end ● markers.
 */
function trajectoryMarks(where: string, trajectories: Trajectory[], names: readonly string[]): { marks: Markish[]; legend: LegendItem[] } {
  const marks: Markish[] = [];
  const colorOf = (name: string) => TRAJECTORY_COLORS[Math.max(0, names.indexOf(name)) % TRAJECTORY_COLORS.length]!;
  trajectories.forEach((t, i) => {
    if (!Array.isArray(t.points) || t.points.length === 0) {
      throw new Error(`${where}: trajectories[${i}].points must be a non-empty array of {x, y}`);
    }
  });
  const order = [...trajectories].sort((a, b) => Number(b.emphasis === 'context') - Number(a.emphasis === 'context'));
  for (const t of order) {
    const stroke = colorOf(t.name);
    if (t.emphasis === 'context') {
      marks.push(Plot.line(t.points, { x: 'x', y: 'y', stroke, strokeWidth: 1.25, strokeOpacity: 0.55, clip: 'frame', ariaDescription: 'context trajectory' }));
      continue;
    }
    const first = t.points[0]!;
    const last = t.points[t.points.length - 1]!;
    const width = t.emphasis === 'focus' ? 2.5 : 2;
    marks.push(
      Plot.line(t.points, { x: 'x', y: 'y', stroke: 'white', strokeWidth: width + 2.5, strokeOpacity: 0.8, clip: 'frame', ariaDescription: 'trajectory halo' }),
      Plot.line(t.points, { x: 'x', y: 'y', stroke, strokeWidth: width, clip: 'frame', ariaDescription: 'trajectory' }),
      Plot.dot([first], { x: 'x', y: 'y', r: 5, fill: 'white', stroke, strokeWidth: 2, clip: 'frame', ariaDescription: 'trajectory start' }),
      Plot.dot([last], { x: 'x', y: 'y', r: 5, fill: stroke, stroke: 'white', strokeWidth: 1.5, clip: 'frame', ariaDescription: 'trajectory end' }),
    );
  }
  const present = new Set(trajectories.map((t) => t.name));
  const legend: LegendItem[] = names.filter((n) => present.has(n)).map((label) => ({ label, color: colorOf(label), shape: 'line' }));
  if (trajectories.some((t) => t.emphasis !== 'context')) {
    legend.push({ label: 'start', color: INK, shape: 'ring' }, { label: 'end', color: INK, shape: 'circle' });
  }
  return { marks, legend };
}

/** Options of a field chart drawn as a panel of a small multiple. */
export interface FieldOptions {
  /** Trajectory names in colour order (default: this chart's names in order of appearance). */
  trajectoryNames?: readonly string[];
}

export function contourParts(spec: ContourFigure, options: FieldOptions = {}): FigureParts {
  const where = 'renderSvg(contour)';
  const xScale = spec.x.scale ?? 'linear';
  const yScale = spec.y.scale ?? 'linear';
  checkGrid(where, spec.grid, spec.grid.values?.length ?? 0, xScale, yScale);
  const thresholds = contourThresholds(spec.levels, spec.grid.values, where);
  const log = spec.levels?.spacing === 'log';
  checkDomain(where, 'value', spec.value.domain, log);
  const top = Math.max(thresholds[thresholds.length - 1]!, finiteExtent(spec.grid.values)?.[1] ?? -Infinity);
  const colorDomain: [number, number] = spec.value.domain ?? [thresholds[0]!, top > thresholds[0]! ? top : thresholds[0]! + 1];
  const color: ScaleOptions = { type: log ? 'log' : 'linear', scheme: SEQUENTIAL_SCHEME, domain: colorDomain };
  const { x, y } = gridDomains(where, spec.grid, spec.x, spec.y);
  const { nx, ny } = spec.grid;
  const xPadded = paddedBounds(spec.grid.xRange[0], spec.grid.xRange[1], nx, xScale);
  const yPadded = paddedBounds(spec.grid.yRange[0], spec.grid.yRange[1], ny, yScale);
  const xs = paddedSamples(spec.grid.xRange[0], spec.grid.xRange[1], nx, xScale);
  const ys = paddedSamples(spec.grid.yRange[0], spec.grid.yRange[1], ny, yScale);
  const marks: Markish[] = [
    // Samples are placed by their own coordinates (Plot's default grid is linear in data space,
    // wrong on log axes) with no interpolation: NaN (or null, JSON's NaN) leaves a hole and
    // +Infinity (a diverged loss) lies above every level.
    Plot.contour(padGrid(spec.grid.values, nx, ny), {
      width: nx + 2,
      height: ny + 2,
      x: (_: number, k: number) => xs[k % (nx + 2)],
      y: (_: number, k: number) => ys[Math.floor(k / (nx + 2))],
      x1: xPadded[0],
      x2: xPadded[1],
      y1: yPadded[0],
      y2: yPadded[1],
      interpolate: 'none',
      clip: 'frame',
      thresholds,
      value: (v: number) => v,
      fill: 'value',
      stroke: 'white',
      strokeOpacity: 0.55,
      strokeWidth: 0.75,
      ariaDescription: 'contour',
    }),
  ];
  const trajectories = spec.trajectories ?? [];
  const names = options.trajectoryNames ?? [...new Set(trajectories.map((t) => t.name))];
  const paths = trajectoryMarks(where, trajectories, names);
  marks.push(...paths.marks, ...pointMarks(spec.points));
  return {
    legend: paths.legend,
    ramp: { label: spec.value.label, color, domain: colorDomain, log, steps: thresholds },
    plot: (width, height) => ({ width, height, ...MARGINS, x, y, color, marks }),
  };
}

export function heatmapParts(spec: HeatmapFigure): FigureParts {
  const where = 'renderSvg(heatmap)';
  checkGrid(where, spec.grid, spec.grid.values?.length ?? 0, spec.x.scale ?? 'linear', spec.y.scale ?? 'linear');
  const log = spec.color.scale === 'log';
  const diverging = spec.color.scheme === 'diverging';
  checkDomain(where, 'color', spec.color.domain, log);
  const extent = spec.color.domain ?? finiteExtent(spec.grid.values, log);
  if (!extent) throw new Error(`${where}: grid has no finite${log ? ' positive' : ''} values to colour`);
  const center = spec.color.center ?? (log ? 1 : 0);
  // A diverging scale is symmetric about its centre so equal distances get equal colour intensity.
  const reach = Math.max(Math.abs(extent[0] - center), Math.abs(extent[1] - center)) || 1;
  const domain: [number, number] = diverging && !log ? [center - reach, center + reach] : extent[0] < extent[1] ? extent : [extent[0] - 1, extent[1] + 1];
  const color: ScaleOptions = diverging
    ? { type: log ? 'diverging-log' : 'diverging', scheme: DIVERGING_SCHEME, pivot: center, domain }
    : { type: log ? 'log' : 'linear', scheme: SEQUENTIAL_SCHEME, domain };
  const { x, y } = gridDomains(where, spec.grid, spec.x, spec.y);
  const values = spec.grid.values;
  const cells = gridCells(spec.grid, spec.x, spec.y).filter((c) => Number.isFinite(values[c.index]!) && (!log || values[c.index]! > 0));
  return {
    legend: [],
    ramp: { label: spec.color.label, color, domain, log },
    plot: (width, height) => ({
      width,
      height,
      ...MARGINS,
      x,
      y,
      color,
      marks: [
        Plot.rect(cells, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: (c: Cell) => values[c.index], shapeRendering: 'crispEdges', ariaDescription: 'heatmap cell' }),
        ...pointMarks(spec.points),
      ],
    }),
  };
}

export function stabilityParts(spec: StabilityFigure): FigureParts {
  const where = 'renderSvg(stability)';
  checkGrid(where, spec.grid, spec.cells?.length ?? 0, spec.x.scale ?? 'linear', spec.y.scale ?? 'linear');
  if (!Array.isArray(spec.regimes) || spec.regimes.length === 0) {
    throw new Error(`${where}: regimes must be a non-empty array of regime names`);
  }
  spec.cells.forEach((r, k) => {
    if (!(Number.isInteger(r) && r >= -1 && r < spec.regimes.length)) {
      throw new Error(`${where}: cells[${k}] must be −1 or an index into regimes [0, ${spec.regimes.length - 1}], got ${r}`);
    }
  });
  const regimeColor = (r: number) => categoryColor([5, 4, 1, 3, 2, 0, 6, 7][r % 8]!);
  const cells = gridCells(spec.grid, spec.x, spec.y).filter((c) => spec.cells[c.index]! >= 0);
  const { x, y } = gridDomains(where, spec.grid, spec.x, spec.y);
  const legend: LegendItem[] = spec.regimes.map((name, r) => ({ label: name, color: regimeColor(r), shape: 'rect' }));
  const dashes = [undefined, '8,4', '2,3'];
  const marks: Markish[] = [
    Plot.rect(cells, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: (c: Cell) => regimeColor(spec.cells[c.index]!), fillOpacity: 0.8, shapeRendering: 'crispEdges', ariaDescription: 'regime cell' }),
  ];
  (spec.boundaries ?? []).forEach((b, i) => {
    const dash = dashes[i % dashes.length];
    legend.push({ label: b.name, color: INK, shape: dash === undefined ? 'line' : dash === '8,4' ? 'dashed' : 'dotted' });
    marks.push(
      Plot.line(b.points, { x: 'x', y: 'y', stroke: 'white', strokeWidth: 5, clip: 'frame', ariaDescription: 'boundary halo' }),
      Plot.line(b.points, { x: 'x', y: 'y', stroke: INK, strokeWidth: 2.5, strokeDasharray: dash, clip: 'frame', ariaDescription: 'boundary' }),
    );
  });
  return {
    legend,
    plot: (width, height) => ({ width, height, ...MARGINS, x, y, marks }),
  };
}
