/**
 * The intermediate form every figure kind is compiled to: Plot options for the
 * chart body plus a legend that the renderer lays out as plain SVG (so the
 * output is one standalone <svg>, unlike Plot's HTML <figure> legends).
 */
import type { PlotOptions, ScaleOptions } from '@observablehq/plot';

type SwatchShape = 'line' | 'dashed' | 'dotted' | 'circle' | 'ring' | 'square' | 'triangle' | 'diamond' | 'rect';

export interface LegendItem {
  label: string;
  color: string;
  shape: SwatchShape;
}

/** A continuous colour legend (colour bar) drawn with the figure's own colour scale. */
export interface ColorRamp {
  label: string;
  /** The colour scale options of the chart body, reused verbatim for the bar. */
  color: ScaleOptions;
  domain: [number, number];
  log: boolean;
  /** Contour thresholds: when present the bar is drawn as discrete bands [t_k, t_{k+1}). */
  steps?: number[];
}

export interface FigureParts {
  legend: LegendItem[];
  ramp?: ColorRamp;
  /** Plot options of the chart body for the given body size in pixels (no document yet). */
  plot(width: number, height: number): PlotOptions;
}

/** Scatter and eigenvalue symbols, matched one to one by legend swatch shapes. */
const SYMBOLS = [
  { plot: 'circle', swatch: 'circle' },
  { plot: 'square', swatch: 'square' },
  { plot: 'triangle', swatch: 'triangle' },
  { plot: 'diamond', swatch: 'diamond' },
] as const;

export function symbolFor(index: number): (typeof SYMBOLS)[number] {
  return SYMBOLS[index % SYMBOLS.length]!;
}
