/**
 * Node-side figure output: FigureSpec → standalone SVG text (renderSvgNode,
 * with a linkedom document standing in for the browser's) and SVG → PNG
 * (svgToPng, rasterized by resvg, a native renderer shipped in its npm package).
 *
 * resvg draws text only with fonts it is given, and never with a system font
 * (the same PNG bytes on every machine). Resolution order:
 *   1. DejaVu Sans from the `dejavu-fonts-ttf` npm package (a dependency),
 *      the first family of the figures' font stack;
 *   2. the TTF fonts shipped in the `katex` npm package (also a dependency):
 *      KaTeX_SansSerif for Latin text, with KaTeX_Main and KaTeX_Math as
 *      per-glyph fallbacks for symbols and Greek letters (they have no
 *      superscript digits, so log-axis labels 10⁻⁶ become 1e-6);
 *   3. neither resolves (a broken install): a warning says the PNG has no text.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { parseHTML } from 'linkedom';
import { renderSvg, type FigureSpec } from '../viz/index.js';

export interface FigureSize {
  width?: number;
  height?: number;
}

export interface PngOptions {
  /** Pixel density: output is scale × the SVG's width and height (default 2). */
  scale?: number;
  /** Fonts to draw text with (default: figureFonts()). */
  fonts?: FigureFonts;
}

/** The font setup resvg uses for PNG text; `source` says where it came from. */
export interface FigureFonts {
  source: 'dejavu' | 'katex' | 'none';
  family: string | undefined;
  files: string[];
}

const KATEX_FILES = ['KaTeX_SansSerif-Regular', 'KaTeX_SansSerif-Bold', 'KaTeX_SansSerif-Italic', 'KaTeX_Main-Regular', 'KaTeX_Math-Italic', 'KaTeX_AMS-Regular'];

let fontsCache: FigureFonts | undefined;
let warnedNoFont = false;

const packageRoot = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/**
 * DejaVu Sans (regular, bold, oblique) from the dejavu-fonts-ttf package.
 * Loading just these files keeps the PNG independent of any other font.
 */
function dejavuFonts(): FigureFonts | undefined {
  try {
    const ttf = join(packageRoot('dejavu-fonts-ttf'), 'ttf');
    const files = ['', '-Bold', '-Oblique', '-BoldOblique'].map((style) => join(ttf, `DejaVuSans${style}.ttf`)).filter((p) => existsSync(p));
    return files.length > 0 ? { source: 'dejavu', family: 'DejaVu Sans', files } : undefined;
  } catch {
    return undefined;
  }
}

/** The TTF fonts shipped in the katex package, if it resolves. */
export function katexFonts(): FigureFonts | undefined {
  try {
    const katexDir = join(packageRoot('katex'), 'dist', 'fonts');
    const files = KATEX_FILES.map((f) => join(katexDir, `${f}.ttf`)).filter((p) => existsSync(p));
    return files.length > 0 ? { source: 'katex', family: 'KaTeX_SansSerif', files } : undefined;
  } catch {
    return undefined;
  }
}

/** The fonts PNG text is drawn with (cached; see the file comment for the order). */
export function figureFonts(): FigureFonts {
  fontsCache ??= dejavuFonts() ?? katexFonts() ?? { source: 'none', family: undefined, files: [] };
  return fontsCache;
}

/** A fresh server-side DOM document for Plot. */
export function createFigureDocument(): Document {
  return parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
}

/**
 * An HTML serialiser escapes only `"` (and `&`) inside attribute values,
 * but XML forbids a raw `<` there: a series named "|λ| < 1" would make the
 * .svg file unreadable (resvg, image viewers). Escape `<` and `>` inside
 * every attribute value; elsewhere the serialiser has escaped them already,
 * so the replacement cannot touch markup.
 */
function xmlSafeAttributes(svg: string): string {
  return svg.replace(/="([^"]*)"/g, (_m, value: string) => `="${value.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
}

/** FigureSpec → standalone SVG text (root <svg> with the SVG xmlns), rendered with a linkedom document. */
export function renderSvgNode(spec: FigureSpec, size: FigureSize = {}): string {
  return xmlSafeAttributes(renderSvg(spec, { document: createFigureDocument(), ...size }));
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const plainExponent = (sup: string) => [...sup].map((c) => (c === '⁻' ? '-' : String(SUPERSCRIPT_DIGITS.indexOf(c)))).join('');

/**
 * Rewrites log-axis labels m·10ⁿ and 10ⁿ as me±n and 1e±n: the KaTeX fonts
 * have no superscript digits, and a power of ten without its exponent would
 * misstate the axis.
 */
export function plainPowersOfTen(svg: string): string {
  return svg
    .replace(/(\d+(?:\.\d+)?)·10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_, m: string, e: string) => `${m}e${plainExponent(e)}`)
    .replace(/10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_, e: string) => `1e${plainExponent(e)}`);
}

/** SVG text → PNG bytes at `scale` × the SVG's size. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8)) {
    throw new Error(`svgToPng: options.scale must be in (0, 8], got ${scale}`);
  }
  if (typeof svg !== 'string' || !svg.includes('<svg')) throw new Error('svgToPng: svg must be SVG markup text');
  const fonts = options.fonts ?? figureFonts();
  if (fonts.source === 'none' && !warnedNoFont) {
    warnedNoFont = true;
    process.emitWarning(
      'svgToPng: neither the dejavu-fonts-ttf nor the katex package fonts were found (reinstall learning-dynamics); PNG figures will have no text',
    );
  }
  const resvg = new Resvg(fonts.source === 'katex' ? plainPowersOfTen(svg) : svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
    font: {
      // Never a system font: the same PNG bytes on every machine.
      loadSystemFonts: false,
      fontFiles: fonts.files,
      ...(fonts.family ? { defaultFontFamily: fonts.family, sansSerifFamily: fonts.family } : {}),
    },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** FigureSpec → PNG bytes (figure size in CSS px, then `scale` × that many pixels). */
export function renderPngNode(spec: FigureSpec, size: FigureSize = {}, options: PngOptions = {}): Uint8Array {
  return svgToPng(renderSvgNode(spec, size), options);
}
