/**
 * Optional figure rendering. Figures are drawn by src/cli/figures.ts
 * (`renderSvgNode(spec)` → SVG text, and a PNG renderer) when that module is
 * present; without it, runs and reports are written without figure files.
 * The module is looked up at run time so this file has no hard dependency
 * on it.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface FigureRenderer {
  svg(spec: unknown): Promise<string>;
  /** PNG bytes, or undefined when the figures module offers no PNG output. */
  png(spec: unknown, svg: string): Promise<Uint8Array | undefined>;
}

type AnyFn = (...args: unknown[]) => unknown;

let cached: Promise<FigureRenderer | null> | undefined;

/**
 * Import the figures module. Under tsx, Node 20's worker threads get tsx's
 * require hook but not its ESM hooks (as in catalogLoader's
 * importCatalogModules), so in a sweep worker running from source the .ts
 * module is loaded through `require`.
 */
async function importFigures(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !url.endsWith('.ts')) throw err;
    return createRequire(import.meta.url)(fileURLToPath(url)) as Record<string, unknown>;
  }
}

async function load(): Promise<FigureRenderer | null> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  let mod: Record<string, unknown>;
  try {
    mod = await importFigures(new URL(`./figures${ext}`, import.meta.url).href);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ENOENT' || /Cannot find module|Failed to load url/i.test(String(err))) return null;
    throw err;
  }
  const renderSvg = mod.renderSvgNode as AnyFn | undefined;
  if (typeof renderSvg !== 'function') return null;
  const renderPng = (mod.renderPngNode ?? undefined) as AnyFn | undefined;
  const svgToPng = (mod.svgToPng ?? mod.svgToPngNode ?? undefined) as AnyFn | undefined;
  return {
    svg: async (spec) => String(await renderSvg(spec)),
    png: async (spec, svg) => {
      // Rasterise the SVG already drawn when possible, rather than drawing the figure twice.
      if (typeof svgToPng === 'function') return (await svgToPng(svg)) as Uint8Array;
      if (typeof renderPng === 'function') return (await renderPng(spec)) as Uint8Array;
      return undefined;
    },
  };
}

/** The figure renderer of src/cli/figures.ts, or null when that module does not exist. */
export function figureRenderer(): Promise<FigureRenderer | null> {
  cached ??= load();
  return cached;
}

/** A figure id made safe for a file name. */
export function figureFileStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}
