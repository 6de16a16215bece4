/**
 * Exports from the explorer: a figure as PNG (the canvas's pixels at the
 * screen's resolution) or as SVG, and the current run's numbers as CSV.
 * The SVG is the figure drawn again by its own drawing code into
 * svgcanvas's recording context (canvas.ts `drawInto`): axes, ticks, lines,
 * points and text become SVG paths and text; only a heatmap, a raster by
 * nature, is an embedded image. The title, the legend (swatches and
 * labels), the colour bar (a gradient with its end values) and the note
 * under the figure are added as SVG too. Files are produced in the page and
 * handed to the browser as downloads.
 */
import { Context } from 'svgcanvas';
import { drawInto } from './canvas.js';
import type { SeriesTable } from './view.js';

/** CSV text: a header row, then one row per sample; non-finite numbers are empty cells, text cells quoted when needed. */
export function seriesCsv(table: SeriesTable): string {
  const cell = (v: number | string) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [table.columns.map(cell).join(','), ...table.rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, sans-serif';

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * #rrggbbaa colours (the canvas code's translucent strokes) as #rrggbb with
 * an opacity attribute: SVG 1.1 readers (Inkscape, resvg, …) know no
 * eight-digit hex. Also drops the attributes svgcanvas leaves undefined.
 */
function splitAlpha(root: Element): void {
  // svgcanvas writes text-decoration="undefined" when the context has none.
  for (const e of root.querySelectorAll('[text-decoration="undefined"]')) e.removeAttribute('text-decoration');
  for (const e of root.querySelectorAll('[fill], [stroke]')) {
    for (const attr of ['fill', 'stroke']) {
      const m = /^#([0-9a-f]{6})([0-9a-f]{2})$/i.exec(e.getAttribute(attr) ?? '');
      if (!m) continue;
      e.setAttribute(attr, `#${m[1]}`);
      const prev = Number(e.getAttribute(`${attr}-opacity`) ?? 1);
      e.setAttribute(`${attr}-opacity`, String(Number((prev * (parseInt(m[2]!, 16) / 255)).toFixed(4))));
    }
  }
}

/**
 * A standalone SVG document of a figure: `redraw` draws the view's figures
 * (this one into the recording context, the others to the screen as usual).
 */
export function figureSvg(fig: HTMLElement, canvas: HTMLCanvasElement, title: string, redraw: () => void): string {
  const width = Math.max(200, canvas.clientWidth);
  const height = Math.max(150, canvas.clientHeight);
  const recorder = new Context({ width, height });
  drawInto(canvas, recorder as unknown as CanvasRenderingContext2D, redraw);
  // Again to the screen: a view may keep the last Frame of a figure (hover read-outs draw on it).
  redraw();
  const plot = recorder.getSvg();
  splitAlpha(plot);

  const svg = el('svg', { width, role: 'img', 'aria-label': title, 'font-family': FONT });
  svg.append(el('title', {}, title), el('rect', { width: '100%', height: '100%', fill: '#fff' }), el('text', { x: 4, y: 16, 'font-size': 14, 'font-weight': 600, fill: '#222' }, title));
  // The recorded drawing, below the title (its own <defs>, e.g. clip paths, come along).
  const body = el('g', { transform: 'translate(0 24)' });
  body.append(...plot.childNodes);
  svg.append(body);
  let y = 24 + height + 6;
  // The legend: one entry per row, a swatch (a line, dashed where the figure's is, or a dot) and the label.
  for (const li of fig.querySelectorAll<HTMLLIElement>('.legend li')) {
    const color = li.dataset.color ?? '#222';
    const m = /^(#[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color);
    const paint = m ? m[1]! : color;
    const opacity = m?.[2] ? (parseInt(m[2], 16) / 255).toFixed(3) : 1;
    const swatch =
      li.dataset.dot !== undefined
        ? el('circle', { cx: 17, cy: y + 7, r: 4.5, fill: paint, 'fill-opacity': opacity })
        : el('line', { x1: 8, x2: 26, y1: y + 7, y2: y + 7, stroke: paint, 'stroke-opacity': opacity, 'stroke-width': 3, ...(li.dataset.dash !== undefined ? { 'stroke-dasharray': '5 3' } : {}) });
    svg.append(swatch, el('text', { x: 32, y: y + 11, 'font-size': 12, fill: '#222' }, li.textContent ?? ''));
    y += 18;
  }
  // The colour bar: label, low end, the map as a gradient, high end.
  const bar = fig.querySelector<HTMLElement>('.colorbar');
  if (bar?.dataset.stops) {
    const stops = JSON.parse(bar.dataset.stops) as string[];
    const gradient = el('linearGradient', { id: 'colorbar' });
    for (const s of stops) {
      const [color, at] = s.split(/ (?=[\d.]+%$)/);
      gradient.append(el('stop', { offset: at ?? '0%', 'stop-color': color ?? '#000' }));
    }
    const defs = el('defs', {});
    defs.append(gradient);
    svg.append(defs);
    const label = bar.querySelector('.cb-label')?.textContent ?? '';
    svg.append(el('text', { x: 8, y: y + 11, 'font-size': 12, fill: '#555' }, label));
    const x0 = 8 + 7 * label.length;
    svg.append(
      el('text', { x: x0, y: y + 11, 'font-size': 12, fill: '#555' }, bar.querySelector('.cb-lo')?.textContent ?? ''),
      el('rect', { x: x0 + 40, y: y + 2, width: 160, height: 10, fill: 'url(#colorbar)' }),
      el('text', { x: x0 + 206, y: y + 11, 'font-size': 12, fill: '#555' }, bar.querySelector('.cb-hi')?.textContent ?? ''),
    );
    y += 18;
  }
  // The note under the figure (e.g. the step and the loss).
  const note = fig.querySelector('.plot-note')?.textContent ?? '';
  if (note) {
    svg.append(el('text', { x: 4, y: y + 11, 'font-size': 11, fill: '#555' }, note));
    y += 18;
  }
  svg.setAttribute('height', String(y + 4));
  svg.setAttribute('viewBox', `0 0 ${width} ${y + 4}`);
  return new XMLSerializer().serializeToString(svg) + '\n';
}

export function download(name: string, data: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'figure';

/** PNG and SVG buttons under every figure of a view panel; `redraw` draws the view's figures (for the SVG). */
export function addFigureExports(panel: HTMLElement, view: string, redraw: () => void): void {
  for (const fig of panel.querySelectorAll<HTMLElement>('figure.plot')) {
    const canvas = fig.querySelector('canvas');
    if (!canvas || fig.querySelector('.exports')) continue;
    const title = fig.querySelector('figcaption')?.textContent ?? 'figure';
    const bar = document.createElement('div');
    bar.className = 'exports';
    for (const kind of ['PNG', 'SVG'] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = kind;
      b.setAttribute('aria-label', `Download “${title}” as ${kind}`);
      b.addEventListener('click', () => {
        const name = `${view}-${slug(title)}.${kind.toLowerCase()}`;
        if (kind === 'SVG') download(name, new Blob([figureSvg(fig, canvas, title, redraw)], { type: 'image/svg+xml' }));
        else canvas.toBlob((blob) => blob && download(name, blob), 'image/png');
      });
      bar.append(b);
    }
    fig.append(bar);
  }
}
