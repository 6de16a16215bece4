/**
 * Legends and text blocks as SVG markup: categorical swatches laid out in
 * wrapping rows, a colour bar drawn by Plot with the chart's own colour scale,
 * and word-wrapped captions. Text widths are estimated (0.62 em per character,
 * about the mean advance of DejaVu Sans) because no layout engine is assumed.
 */
import * as Plot from '@observablehq/plot';
import { formatLogTick, logTicks } from './axes.js';
import { FONT_FAMILY, FONT_SIZE, INK } from './palette.js';
import type { ColorRamp, LegendItem } from './parts.js';

const CHAR_EM = 0.62;
const SWATCH_WIDTH = 26;
const ITEM_GAP = 22;
const ROW_HEIGHT = FONT_SIZE + 9;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * CHAR_EM;
}

/** Greedy word wrap to lines no wider than maxWidth (a single long word gets its own line). */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function swatch(item: LegendItem, x: number, cy: number): string {
  const c = escapeXml(item.color);
  const mid = x + SWATCH_WIDTH / 2;
  switch (item.shape) {
    case 'line':
    case 'dashed':
    case 'dotted': {
      const dash = item.shape === 'dashed' ? ' stroke-dasharray="7,4"' : item.shape === 'dotted' ? ' stroke-dasharray="2,3"' : '';
      return `<line x1="${x}" x2="${x + SWATCH_WIDTH}" y1="${cy}" y2="${cy}" stroke="${c}" stroke-width="2.5"${dash}/>`;
    }
    case 'circle':
      return `<circle cx="${mid}" cy="${cy}" r="5" fill="${c}"/>`;
    case 'ring':
      return `<circle cx="${mid}" cy="${cy}" r="5" fill="white" stroke="${c}" stroke-width="2"/>`;
    case 'square':
      return `<rect x="${mid - 4.5}" y="${cy - 4.5}" width="9" height="9" fill="${c}"/>`;
    case 'triangle':
      return `<path d="M${mid},${cy - 6}L${mid + 5.5},${cy + 4}L${mid - 5.5},${cy + 4}Z" fill="${c}"/>`;
    case 'diamond':
      return `<path d="M${mid},${cy - 6}L${mid + 5},${cy}L${mid},${cy + 6}L${mid - 5},${cy}Z" fill="${c}"/>`;
    case 'rect':
      return `<rect x="${x + 4}" y="${cy - 7}" width="${SWATCH_WIDTH - 8}" height="14" fill="${c}" fill-opacity="0.85"/>`;
  }
}

/** Categorical legend wrapped into rows of at most maxWidth; returns markup at the origin and its height. */
export function swatchLegend(items: LegendItem[], maxWidth: number): { markup: string; height: number } {
  if (items.length === 0) return { markup: '', height: 0 };
  const parts: string[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const width = SWATCH_WIDTH + 6 + textWidth(item.label, FONT_SIZE);
    if (x > 0 && x + width > maxWidth) {
      x = 0;
      row += 1;
    }
    const cy = row * ROW_HEIGHT + ROW_HEIGHT / 2;
    parts.push(
      `<g aria-label="legend item">${swatch(item, x, cy)}<text x="${x + SWATCH_WIDTH + 6}" y="${cy}" dy="0.35em" font-size="${FONT_SIZE}" fill="${INK}">${escapeXml(item.label)}</text></g>`,
    );
    x += width + ITEM_GAP;
  }
  return { markup: `<g aria-label="legend">${parts.join('')}</g>`, height: (row + 1) * ROW_HEIGHT };
}

/**
 * The panels' legends as one, each label once (its first item wins), in an
 * order consistent with every list: an item new to the merge goes just before
 * the next item of its own list already there, so [A, start, end] and
 * [B, start, end] merge to [A, B, start, end].
 */
export function mergeLegends(lists: LegendItem[][]): LegendItem[] {
  const merged: LegendItem[] = [];
  for (const list of lists) {
    list.forEach((item, k) => {
      if (merged.some((m) => m.label === item.label)) return;
      const next = list.slice(k + 1).map((later) => merged.findIndex((m) => m.label === later.label)).find((i) => i >= 0);
      merged.splice(next ?? merged.length, 0, item);
    });
  }
  return merged;
}

export const RAMP_HEIGHT = 62;
export const RAMP_WIDTH = 340;

/**
 * Colour bar: the colour scale's domain sampled into thin rectangles (or the
 * contour bands [t_k, t_{k+1}) when steps are given) on an axis of the same
 * type as the colour scale, titled with the colour label.
 */
export function colorRampSvg(ramp: ColorRamp, document: Document): string {
  const [lo, hi] = ramp.domain;
  const samples = 96;
  const at = (t: number) => (ramp.log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo));
  const bands = ramp.steps
    ? ramp.steps.map((t, k) => ({ x1: t, x2: ramp.steps![k + 1] ?? hi, value: t }))
    : Array.from({ length: samples }, (_, k) => ({ x1: at(k / samples), x2: at((k + 1) / samples), value: at((k + 0.5) / samples) }));
  const svg = Plot.plot({
    document,
    width: RAMP_WIDTH,
    height: RAMP_HEIGHT,
    marginTop: 22,
    marginBottom: 20,
    marginLeft: 12,
    marginRight: 18,
    style: { fontSize: `${FONT_SIZE - 2}px`, fontFamily: FONT_FAMILY, color: INK, background: 'transparent' },
    x: ramp.log
      ? { type: 'log', domain: [lo, hi], label: null, ticks: logTicks(lo, hi), tickFormat: formatLogTick, tickSize: 4 }
      : { type: 'linear', domain: [lo, hi], label: null, ticks: 5, tickSize: 4 },
    y: { axis: null },
    color: ramp.color,
    marks: [
      Plot.rect(bands, { x1: 'x1', x2: 'x2', y1: 0, y2: 1, fill: 'value', shapeRendering: 'crispEdges', ariaDescription: 'color ramp' }),
      Plot.text([ramp.label], { frameAnchor: 'top-left', dy: -15, textAnchor: 'start', fontSize: FONT_SIZE, fill: INK }),
    ],
  }) as unknown as Element;
  return svg.outerHTML;
}
