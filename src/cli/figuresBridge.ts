/**
 * Figure rendering for runs and reports: src/cli/figures.ts draws a figure
 * spec to SVG (Observable Plot on linkedom) and rasterizes it to PNG (resvg).
 * It is imported on first use, so commands that draw nothing never load
 * those libraries; the module is typed as what it is (no duck typing).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FigureSpec } from '../spec/figure.js';

type FiguresModule = typeof import('./figures.js');

interface FigureRenderer {
  svg(spec: FigureSpec): Promise<string>;
  /** PNG bytes of the SVG already drawn for `spec`. */
  png(spec: FigureSpec, svg: string): Promise<Uint8Array>;
}

let cached: Promise<FigureRenderer> | undefined;

/**
 * Import the figures module. Under tsx, Node 20's worker threads get tsx's
 * require hook but not its ESM hooks (as in catalogLoader's
 * importCatalogModules), so in a sweep worker running from source the .ts
 * module is loaded through `require`.
 */
async function importFigures(): Promise<FiguresModule> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./figures${ext}`, import.meta.url).href;
  try {
    return (await import(url)) as FiguresModule;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !url.endsWith('.ts')) throw err;
    return createRequire(import.meta.url)(fileURLToPath(url)) as FiguresModule;
  }
}

async function load(): Promise<FigureRenderer> {
  const figures = await importFigures();
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
