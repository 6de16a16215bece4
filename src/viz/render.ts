/**
 * renderSvg: FigureSpec → standalone SVG markup.
 *
 * Layout, top to bottom: title, subtitle, legend (colour bar and swatches),
 * the chart body drawn by Observable Plot as a nested <svg>, caption. Plot is
 * given an explicit `document`, so the same code runs in the browser (the page's
 * document) and in Node (a server-side DOM such as linkedom).
 */
import * as Plot from '@observablehq/plot';
import { barsParts, complexPlaneParts } from './charts.js';
import { contourParts, heatmapParts, stabilityParts, type FieldOptions } from './fields.js';
import { RAMP_HEIGHT, RAMP_WIDTH, colorRampSvg, escapeXml, mergeLegends, swatchLegend, wrapText } from './legend.js';
import { FONT_FAMILY, FONT_SIZE, INK, SUBTITLE_SIZE, TITLE_SIZE } from './palette.js';
import { isField, sharesColor } from './panelColor.js';
import { compactPolygonPath } from './pathData.js';
import { panelLayout, panelSpecs } from './panels.js';
import type { ColorRamp, FigureParts, LegendItem } from './parts.js';
import type { ChartSpec, FigureSpec, PanelsFigure } from './spec.js';
import { lineParts, scatterParts } from './xy.js';

export interface RenderOptions {
  /** The DOM document Plot builds elements with: `document` in a browser, a linkedom document in Node. */
  document: Document;
  /** Total figure size in px (default 720 × 480). */
  width?: number;
  height?: number;
}

export const DEFAULT_WIDTH = 720;
export const DEFAULT_HEIGHT = 480;
const PAD = 16;
/** The shortest chart body renderSvg draws (it throws rather than squeeze a chart below it). */
export const MIN_BODY_HEIGHT = 120;
/** A panel's title: smaller than the figure's, which it sits under. */
const PANEL_TITLE_SIZE = 15;

function partsFor(spec: ChartSpec, field: FieldOptions = {}): FigureParts {
  switch (spec.kind) {
    case 'line':
      return lineParts(spec);
    case 'scatter':
      return scatterParts(spec);
    case 'contour':
      return contourParts(spec, field);
    case 'heatmap':
      return heatmapParts(spec);
    case 'stability':
      return stabilityParts(spec);
    case 'complexPlane':
      return complexPlaneParts(spec);
    case 'bars':
      return barsParts(spec);
    default: {
      const kind = (spec as { kind?: unknown }).kind;
      throw new Error(
        `renderSvg: spec.kind must be one of line, scatter, contour, heatmap, stability, complexPlane, bars, panels; got ${JSON.stringify(kind)}`,
      );
    }
  }
}

function textLines(lines: string[], x: number, y0: number, size: number, extra: string): { markup: string; height: number } {
  const lineHeight = Math.round(size * 1.3);
  const markup = lines
    .map((line, k) => `<text x="${x}" y="${y0 + k * lineHeight}" dy="${size * 0.8}" font-size="${size}"${extra}>${escapeXml(line)}</text>`)
    .join('');
  return { markup, height: lines.length * lineHeight };
}

function standalone(title: string, width: number, height: number, pieces: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}" color="${INK}" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="100%" height="100%" fill="white"/>` +
    pieces.join('') +
    `</svg>`
  );
}

/** Title and subtitle lines from the top; returns the y below them. */
function header(spec: FigureSpec, width: number, pieces: string[], titleSize = TITLE_SIZE): number {
  const textWidth = width - 2 * PAD;
  let y = PAD;
  const title = textLines(wrapText(spec.title, textWidth, titleSize), PAD, y, titleSize, ` font-weight="bold" fill="${INK}" aria-label="title"`);
  pieces.push(title.markup);
  y += title.height;
  if (spec.subtitle) {
    const sub = textLines(wrapText(spec.subtitle, textWidth, SUBTITLE_SIZE), PAD, y + 2, SUBTITLE_SIZE, ' fill="#555555" aria-label="subtitle"');
    pieces.push(sub.markup);
    y += sub.height + 2;
  }
  return y + 8;
}

const captionLines = (spec: FigureSpec, width: number) => (spec.caption ? wrapText(spec.caption, width - 2 * PAD, FONT_SIZE - 1) : []);
const captionBlockHeight = (lines: string[]) => (lines.length > 0 ? Math.round((FONT_SIZE - 1) * 1.3) * lines.length + 8 : 0);

/**
 * The legend row at y: colour bar on the left, swatches beside it when they
 * fit, else below. Returns the height taken (with its gap below), 0 for none.
 */
function legendRow(ramp: ColorRamp | undefined, items: LegendItem[], y: number, width: number, document: Document, pieces: string[]): number {
  let height = 0;
  let swatchX = PAD;
  let swatchY = y;
  if (ramp) {
    pieces.push(`<g transform="translate(${PAD - 12},${y})" aria-label="color legend">${colorRampSvg(ramp, document)}</g>`);
    height = RAMP_HEIGHT;
    if (width - 2 * PAD - RAMP_WIDTH >= 200) {
      swatchX = PAD + RAMP_WIDTH + 12;
      swatchY = y + 18;
    } else {
      swatchY = y + RAMP_HEIGHT;
    }
  }
  const swatches = swatchLegend(items, width - PAD - swatchX);
  if (swatches.height > 0) {
    pieces.push(`<g transform="translate(${swatchX},${swatchY})">${swatches.markup}</g>`);
    height = Math.max(height, swatchY - y + swatches.height);
  }
  return height + (height > 0 ? 4 : 0);
}

/**
 * Small multiples: each panel is a complete chart, nested at its grid cell.
 * The figure's height grows with its rows (options.height is a minimum), so
 * panels never shrink below a readable size. Field panels that share one
 * colour scale (panelColor.ts) are drawn without their colour bars and
 * legends: the figure draws the bar once under its title, with one legend
 * of their items (deduplicated by label), and their trajectories take one
 * colour per name across all panels. Likewise the other panels, when all
 * have one and the same legend, give it to the figure to draw once.
 */
function renderPanels(spec: PanelsFigure, document: Document, width: number, minHeight: number): string {
  const panels = panelSpecs(spec);
  const shared = sharesColor(spec);
  const layout = panelLayout(spec, width);
  const trajectoryNames = [...new Set(panels.flatMap((p) => (p.kind === 'contour' ? (p.trajectories ?? []).map((t) => t.name) : [])))];
  const parts = panels.map((p) => partsFor(p, { trajectoryNames }));
  // Legends drawn once for the figure: the field panels' when they share a colour scale, and the other
  // panels' when every one of them has the same legend (same labels, colours and swatches, in order).
  const others = parts.filter((_, k) => !isField(panels[k]!));
  const sameLegend = (a: LegendItem[], b: LegendItem[]) => JSON.stringify(a) === JSON.stringify(b);
  const liftOthers = others.length >= 2 && others[0]!.legend.length > 0 && others.every((o) => sameLegend(o.legend, others[0]!.legend));
  const lifted = panels.map((p) => (isField(p) ? shared : liftOthers));
  const pieces: string[] = [];
  let y = header(spec, width, pieces);
  if (lifted.some(Boolean)) {
    const ramp = shared ? parts.find((_, k) => isField(panels[k]!))!.ramp : undefined;
    y += legendRow(ramp, mergeLegends(parts.filter((_, k) => lifted[k]).map((p) => p.legend)), y, width, document, pieces);
  }
  const caption = captionLines(spec, width);
  const below = captionBlockHeight(caption) + PAD / 2;
  // Panels fill the figure's height when it is given, and never get shorter than PANEL_HEIGHT.
  const panelHeight = Math.max(layout.height, Math.floor((minHeight - y - below) / layout.rows));
  const own = parts.map((p, k) => (lifted[k] ? { ...p, ramp: undefined, legend: [] } : p));
  // The charts of a row start at the same height below their cells' tops, so their axes line up
  // even when one panel's title, subtitle or legend takes more lines than another's.
  const tops = panels.map((p, k) => chartTop(p, own[k]!, layout.width, document, [], PANEL_TITLE_SIZE));
  const rowOf = (k: number) => Math.floor(k / layout.columns);
  panels.forEach((panel, k) => {
    const x = (k % layout.columns) * layout.width;
    const py = y + rowOf(k) * panelHeight;
    const bodyTop = Math.max(...tops.filter((_, j) => rowOf(j) === rowOf(k)));
    const svg = renderChart(panel, own[k]!, document, layout.width, panelHeight, { titleSize: PANEL_TITLE_SIZE, bodyTop });
    pieces.push(svg.replace(/^<svg /, `<svg x="${x}" y="${py}" aria-label="panel ${k + 1}" `).replace(/ role="img" aria-label="[^"]*"/, ''));
  });
  y += layout.rows * panelHeight;
  if (caption.length > 0) pieces.push(textLines(caption, PAD, y + 6, FONT_SIZE - 1, ' fill="#444444" font-style="italic" aria-label="caption"').markup);
  return standalone(spec.title, width, Math.max(minHeight, Math.ceil(y + below)), pieces);
}

/** A chart's header and legend row into `pieces`; returns the y below them, where its body starts. */
function chartTop(spec: ChartSpec, parts: FigureParts, width: number, document: Document, pieces: string[], titleSize?: number): number {
  const y = header(spec, width, pieces, titleSize);
  return y + legendRow(parts.ramp, parts.legend, y, width, document, pieces);
}

/** One chart from its parts: header, legend row, the body drawn by Plot (from `bodyTop` down, at the lowest), caption. */
function renderChart(
  spec: ChartSpec,
  parts: FigureParts,
  document: Document,
  width: number,
  height: number,
  layout: { titleSize?: number; bodyTop?: number } = {},
): string {
  const pieces: string[] = [];
  let y = Math.max(chartTop(spec, parts, width, document, pieces, layout.titleSize), layout.bodyTop ?? 0);
  const caption = captionLines(spec, width);
  const captionHeight = captionBlockHeight(caption);
  const bodyHeight = Math.floor(height - y - captionHeight - PAD / 2);
  if (bodyHeight < MIN_BODY_HEIGHT) {
    throw new Error(
      `renderSvg: options.height ${height} px leaves ${bodyHeight} px for the chart after title, legend and caption; need ≥ ${MIN_BODY_HEIGHT}`,
    );
  }
  const bodyOptions = parts.plot(width, bodyHeight);
  const body = Plot.plot({
    ...bodyOptions,
    document,
    style: { fontSize: `${FONT_SIZE}px`, fontFamily: FONT_FAMILY, color: INK, background: 'white' },
  }) as unknown as Element;
  // Filled contour bands are most of a field chart's bytes: their rings are written shorter (pathData.ts).
  for (const path of body.querySelectorAll('[aria-description="contour"] path')) {
    path.setAttribute('d', compactPolygonPath(path.getAttribute('d') ?? ''));
  }
  // A body narrower than the figure (the square complex plane) is centred.
  body.setAttribute('x', String(Math.max(0, Math.round((width - (bodyOptions.width ?? width)) / 2))));
  body.setAttribute('y', String(y));
  pieces.push(body.outerHTML);
  y += bodyHeight;
  if (caption.length > 0) {
    pieces.push(textLines(caption, PAD, y + 6, FONT_SIZE - 1, ' fill="#444444" font-style="italic" aria-label="caption"').markup);
  }
  return standalone(spec.title, width, height, pieces);
}

export function renderSvg(spec: FigureSpec, options: RenderOptions): string {
  if (spec === null || typeof spec !== 'object') throw new Error('renderSvg: spec must be a FigureSpec object');
  if (typeof spec.title !== 'string') throw new Error('renderSvg: spec.title must be a string');
  const { document } = options ?? {};
  if (!document || typeof document.createElementNS !== 'function') {
    throw new Error('renderSvg: options.document must be a DOM Document (the browser document, or e.g. linkedom in Node)');
  }
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  if (!(Number.isFinite(width) && width >= 240 && Number.isFinite(height) && height >= 200)) {
    throw new Error(`renderSvg: options.width must be ≥ 240 and options.height ≥ 200 px, got ${width} × ${height}`);
  }
  if (spec.kind === 'panels') return renderPanels(spec, document, width, height);
  return renderChart(spec, partsFor(spec), document, width, height);
}
