/**
 * Figure rendering for runs and reports: src/cli/figures.ts draws a figure
 * spec to SVG (Observable Plot on linkedom) and rasterizes it to PNG (resvg).
 * It is imported on first use, so commands that draw nothing never load
 * those libraries; the import itself is a plain, typed one.
 */
import type { FigureSpec } from '../spec/figure.js';

export interface FigureRenderer {
  svg(spec: FigureSpec): Promise<string>;
  /** PNG bytes of the SVG already drawn for `spec`. */
  png(spec: FigureSpec, svg: string): Promise<Uint8Array>;
}

let cached: Promise<FigureRenderer> | undefined;

async function load(): Promise<FigureRenderer> {
  const figures = await import('./figures.js');
  return {
    svg: async (spec) => figures.renderSvgNode(spec),
    // Rasterise the SVG already drawn rather than drawing the figure twice.
    png: async (_spec, svg) => figures.svgToPng(svg),
  };
}

/** The figure renderer (src/cli/figures.ts, loaded on first use). */
export function figureRenderer(): Promise<FigureRenderer> {
  cached ??= load();
  return cached;
}

/** A figure id made safe for a file name. */
export function figureFileStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}
