/**
 * Figure specifications: plain, JSON-serializable descriptions of a figure.
 *
 * This file imports nothing, so any layer (experiments in particular) can
 * produce figures as plain objects without pulling in a plotting library; the
 * viz renderer turns a spec into SVG markup. Every spec has a `kind`, a
 * `title`, and optionally a `subtitle` and a `caption`.
 *
 * Kinds:
 * - `line`: named series of {x, y} points (loss curves, sharpness vs. step);
 *   log x and/or y axes; reference lines (e.g. the edge-of-stability level
 *   2/η) and shaded reference bands.
 * - `scatter`: named groups of {x, y} points, with the same axes/references.
 * - `contour`: a scalar field sampled on a regular grid (a loss landscape),
 *   drawn as filled contour bands at linear or log-spaced levels, with
 *   optimizer trajectories overlaid as polylines (start ○, end ●) and marked
 *   points such as minima.
 * - `heatmap`: a scalar field on a regular grid as coloured cells, with a
 *   sequential (viridis/cividis) or diverging (PuOr/BuRd, centred) scheme.
 * - `stability`: a stability diagram — observed regimes (categorical labels
 *   such as "converges"/"oscillates"/"diverges") on a grid of hyper-parameters
 *   such as (η, β), with theoretical boundary curves drawn on top.
 * - `complexPlane`: eigenvalues as points in the complex plane, with the unit
 *   circle |λ| = 1 (the stability boundary of a discrete map) and equal aspect.
 * - `bars`: grouped bar charts, e.g. one group of bars per layer.
 * - `panels`: small multiples — one chart per panel on a grid, with shared
 *   axes, for families of curves (or paths over one field) that would
 *   overplot on one chart (Tufte's small multiples: the eye compares panels
 *   at the same scale); field panels that colour one quantity alike share
 *   one colour bar and legend, drawn once under the title, and panels of one
 *   field can share one `grid` stated once on the figure.
 *
 * Many curves of one family (one per seed, say) can instead share one chart
 * when each is drawn as `emphasis: 'context'` (thin and faint) and a summary
 * such as their median as `emphasis: 'focus'` (bold); trajectories over a
 * field take the same emphases (one path in focus, the others as context).
 *
 * Grids are row-major: `values[j * nx + i]` is the sample at
 * x_i, y_j, where x_0 = xRange[0], x_{nx-1} = xRange[1] (uniform spacing, or
 * geometric spacing when the x axis is `log`), and likewise for y. Non-finite
 * values (NaN, or null, which is what JSON makes of NaN) mark missing samples.
 */

/** Axis scale: `log` needs strictly positive data. */
export type AxisScale = 'linear' | 'log';

/** A labelled axis; the label carries the symbol and units, e.g. "step size η". */
export interface AxisSpec {
  label: string;
  scale?: AxisScale;
  /** Explicit [min, max]; by default the extent of the data. */
  domain?: [number, number];
}

export interface Point {
  x: number;
  y: number;
}

export type LineStyle = 'solid' | 'dashed' | 'dotted';

/** One named curve of a line figure. */
export interface LineSeries {
  name: string;
  points: Point[];
  style?: LineStyle;
  /** Draw a dot at every point as well as the line. */
  markers?: boolean;
  /**
   * `context`: one of many (e.g. one seed of 40), drawn thin and faint; series
   * with the same name share one legend entry, so name them by family.
   * `focus`: a summary drawn bold over the context lines (e.g. the median).
   */
  emphasis?: 'context' | 'focus';
}

/** A horizontal (`axis: 'y'`) or vertical (`axis: 'x'`) reference line, e.g. y = 2/η. */
export interface ReferenceLine {
  axis: 'x' | 'y';
  value: number;
  label?: string;
}

/** A shaded interval [from, to] along one axis. */
export interface ReferenceBand {
  axis: 'x' | 'y';
  from: number;
  to: number;
  label?: string;
}

interface FigureBase {
  title: string;
  subtitle?: string;
  caption?: string;
}

export interface LineFigure extends FigureBase {
  kind: 'line';
  x: AxisSpec;
  y: AxisSpec;
  series: LineSeries[];
  references?: ReferenceLine[];
  bands?: ReferenceBand[];
}

export interface ScatterGroup {
  name: string;
  points: Point[];
}

export interface ScatterFigure extends FigureBase {
  kind: 'scatter';
  x: AxisSpec;
  y: AxisSpec;
  groups: ScatterGroup[];
  references?: ReferenceLine[];
  bands?: ReferenceBand[];
}

/** Samples of a scalar field on a regular nx × ny grid (see the file comment). */
export interface GridValues {
  nx: number;
  ny: number;
  xRange: [number, number];
  yRange: [number, number];
  values: number[];
}

/** Contour levels: explicit `values`, or `count` levels spaced linearly or logarithmically. */
export interface ContourLevels {
  count?: number;
  spacing?: AxisScale;
  values?: number[];
}

/**
 * A polyline drawn over a field, e.g. an optimizer's path θ_0, θ_1, …
 * Trajectories with the same name share one colour and one legend entry.
 */
export interface Trajectory {
  name: string;
  points: Point[];
  /**
   * `context`: drawn thin and faint without start/end markers, under the
   * others (e.g. the other optimizers' paths in a small multiple of one);
   * `focus`: drawn bold with its markers. Default: normal weight, markers.
   */
  emphasis?: 'context' | 'focus';
}

/** A labelled point drawn over a field, e.g. a minimum θ*. */
export interface MarkedPoint {
  label: string;
  x: number;
  y: number;
}

export interface ContourFigure extends FigureBase {
  kind: 'contour';
  x: AxisSpec;
  y: AxisSpec;
  /**
   * Label of the field, e.g. "loss L(θ)", which titles the colour legend; and
   * optionally the colour domain (default: from the lowest contour level to
   * the larger of the highest level and the largest value).
   */
  value: { label: string; domain?: [number, number] };
  grid: GridValues;
  levels?: ContourLevels;
  trajectories?: Trajectory[];
  points?: MarkedPoint[];
}

export type ColorScheme = 'sequential' | 'diverging';

export interface ColorSpec {
  label: string;
  scheme?: ColorScheme;
  scale?: AxisScale;
  domain?: [number, number];
  /** Value mapped to the neutral middle colour of a diverging scheme (default 0). */
  center?: number;
}

export interface HeatmapFigure extends FigureBase {
  kind: 'heatmap';
  x: AxisSpec;
  y: AxisSpec;
  color: ColorSpec;
  grid: GridValues;
  points?: MarkedPoint[];
}

/** A named boundary curve of a stability diagram, e.g. the theoretical η_max(β). */
export interface BoundaryCurve {
  name: string;
  points: Point[];
}

export interface StabilityFigure extends FigureBase {
  kind: 'stability';
  x: AxisSpec;
  y: AxisSpec;
  /** Names of the regimes, in legend order. */
  regimes: string[];
  /** Grid geometry as in GridValues; `cells[j * nx + i]` indexes `regimes` (−1 = not run). */
  grid: { nx: number; ny: number; xRange: [number, number]; yRange: [number, number] };
  cells: number[];
  boundaries?: BoundaryCurve[];
}

export interface ComplexPoint {
  re: number;
  im: number;
}

export interface EigenvalueGroup {
  name: string;
  points: ComplexPoint[];
}

export interface ComplexPlaneFigure extends FigureBase {
  kind: 'complexPlane';
  groups: EigenvalueGroup[];
  /** Axis labels; default "Re λ" and "Im λ". */
  xLabel?: string;
  yLabel?: string;
  /** Draw |λ| = 1 (default true). */
  unitCircle?: boolean;
}

/** One bar per category for each group, e.g. group "gradient norm" over layers. */
export interface BarGroup {
  name: string;
  values: number[];
}

export interface BarsFigure extends FigureBase {
  kind: 'bars';
  /** Category names along x, e.g. ["layer 1", "layer 2"]. */
  categories: string[];
  xLabel: string;
  y: AxisSpec;
  groups: BarGroup[];
}

/** A single chart: every kind but `panels`. */
export type ChartSpec = LineFigure | ScatterFigure | ContourFigure | HeatmapFigure | StabilityFigure | ComplexPlaneFigure | BarsFigure;

/**
 * A trajectory of a contour panel: without `points` it draws the points of
 * the figure's shared trajectory of the same name (with this one's emphasis).
 */
export type PanelTrajectory = Omit<Trajectory, 'points'> & { points?: Point[] };

/**
 * A contour panel of a `panels` figure: without its own `grid` it draws the
 * figure's shared `grid`, and its trajectories may leave their points to the
 * figure's shared `trajectories`.
 */
export type ContourPanel = Omit<ContourFigure, 'grid' | 'trajectories'> & { grid?: GridValues; trajectories?: PanelTrajectory[] };
/** A heatmap panel of a `panels` figure: without its own `grid` it draws the figure's shared `grid`. */
export type HeatmapPanel = Omit<HeatmapFigure, 'grid'> & { grid?: GridValues };

/** A chart that can be a panel of a `panels` figure; field panels may leave their grid to the figure. */
export type PanelSpec = Exclude<ChartSpec, ContourFigure | HeatmapFigure> | ContourPanel | HeatmapPanel;

/**
 * Small multiples: `panels[k]` is drawn in row ⌊k / columns⌋, column k mod
 * columns, each with its own title (its caption is not drawn; the figure's is).
 * With `sharedAxes` (default true) line and scatter panels get the union of
 * their x and y extents, so heights compare across panels, and contour and
 * heatmap panels the union of their grids' extents.
 *
 * Small multiples of one field (one loss surface under five optimizers'
 * paths, say) state the field once: the figure's `grid` is drawn by every
 * contour and heatmap panel that has no `grid` of its own, so a spec (and
 * the result.json that stores it) carries the samples once, not once per
 * panel. A field panel with neither its own grid nor a figure `grid` is an
 * error; a panel with its own grid draws that one. Likewise paths drawn in
 * several panels: a contour panel's trajectory without `points` draws the
 * points of the figure's `trajectories` entry of the same name (it must
 * exist), with the panel's own emphasis, e.g. `{ name: 'GD', emphasis:
 * 'focus' }` in one panel and `'context'` in the others.
 */
export interface PanelsFigure extends FigureBase {
  kind: 'panels';
  panels: PanelSpec[];
  /** The field shared by the contour and heatmap panels that omit `grid`. */
  grid?: GridValues;
  /** Paths shared by the contour panels: a panel trajectory without points takes the points of the one of its name. */
  trajectories?: Trajectory[];
  /** Panels per row (default: min(3, number of panels)). */
  columns?: number;
  sharedAxes?: boolean;
  /**
   * One colour scale for the field (contour and heatmap) panels, drawn once
   * under the figure's title with one legend of their trajectories and
   * markers, so each panel's chart gets the room its own colour bar took.
   * Field panels can share when there are at least two and all are of one
   * kind, with the same colour label and the same colour options — contours:
   * the same `levels` (count and spacing, or the same explicit values) and
   * `value.domain`; heatmaps: the same scheme, scale, centre and `domain`.
   * Shared, contours get the levels of all their values taken together and
   * heatmaps the union of their extents. Default: share when they can;
   * `false`: each panel keeps its own colour bar; `true`: share, and throw if
   * they cannot.
   */
  sharedColor?: boolean;
}

export type FigureSpec =
  | PanelsFigure
  | LineFigure
  | ScatterFigure
  | ContourFigure
  | HeatmapFigure
  | StabilityFigure
  | ComplexPlaneFigure
  | BarsFigure;

export type FigureKind = FigureSpec['kind'];
