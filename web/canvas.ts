/**
 * Small canvas plotting layer: a Frame maps data coordinates to a
 * HiDPI canvas inside margins, draws axes with ticks and labels, lines,
 * points and heatmaps. Canvas (not SVG) so that a frame redraws in well
 * under a millisecond while training runs.
 */
import { OKABE_ITO } from '../src/viz/palette.js';

export const COLORS = OKABE_ITO;

export interface FrameOptions {
  x: [number, number];
  y: [number, number];
  xLabel?: string;
  yLabel?: string;
  xLog?: boolean;
  yLog?: boolean;
  /** Keep one data unit the same length on both axes. */
  equal?: boolean;
}

const MARGIN = { left: 52, right: 12, top: 10, bottom: 36 };

/**
 * Contexts that stand in for a canvas's own while a figure is exported
 * (exports.ts records the same drawing calls as SVG): one drawing code
 * for the screen and for the file.
 */
const captured = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();

/** Draw with `ctx` in place of `canvas`'s context during `draw()` (at CSS-pixel scale: no device-pixel transform). */
export function drawInto(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, draw: () => void): void {
  captured.set(canvas, ctx);
  try {
    draw();
  } finally {
    captured.delete(canvas);
  }
}

/**
 * Canvases' CSS sizes, kept by a ResizeObserver: reading clientWidth after
 * the previous figure changed a caption would force a layout of the page,
 * once per figure and frame while training.
 */
/** The event sent on window when a figure's canvas changed size (the page redraws). */
export const FIGURE_RESIZE = 'ldyn-figure-resize';
const sizes = new WeakMap<Element, { width: number; height: number }>();
let observer: ResizeObserver | null = null;
function cssSize(canvas: HTMLCanvasElement): { width: number; height: number } {
  let size = sizes.get(canvas);
  if (!size) {
    observer ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const was = sizes.get(e.target);
        // A hidden canvas (0 × 0) is measured again when drawn.
        if (e.contentRect.width === 0) sizes.delete(e.target);
        else sizes.set(e.target, { width: Math.max(200, e.contentRect.width), height: Math.max(150, e.contentRect.height) });
        changed ||= was !== undefined && e.contentRect.width > 0 && (Math.max(200, e.contentRect.width) !== was.width || Math.max(150, e.contentRect.height) !== was.height);
      }
      // The page redraws its figures at their new size (main.ts).
      if (changed) window.dispatchEvent(new Event(FIGURE_RESIZE));
    });
    size = { width: Math.max(200, canvas.clientWidth), height: Math.max(150, canvas.clientHeight) };
    observer.observe(canvas);
    if (canvas.clientWidth > 0) sizes.set(canvas, size);
  }
  return size;
}

/** The 2-D context to draw a figure with, sized in CSS pixels (the backing store at the device's resolution), cleared. */
export function surface(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const { width, height } = cssSize(canvas);
  const stand = captured.get(canvas);
  if (stand) return { ctx: stand, width, height };
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/**
 * One pixel buffer and one small canvas per grid size, reused: heatmaps and
 * the network's thumbnails are redrawn every animation frame while training,
 * and a fresh canvas or ImageData per frame costs Chromium far more than
 * writing into these. (A plain canvas, not an OffscreenCanvas, so that an
 * SVG export can embed its pixels.)
 */
const scratch = new Map<string, { img: ImageData; canvas: HTMLCanvasElement }>();
export function scratchImage(nx: number, ny: number, use = 'heatmap'): { img: ImageData; canvas: HTMLCanvasElement } {
  // One per use too: overwriting pixels another figure drew from in the same frame makes Chromium copy them first.
  const key = `${use}:${nx}x${ny}`;
  let s = scratch.get(key);
  if (!s) {
    const canvas = document.createElement('canvas');
    canvas.width = nx;
    canvas.height = ny;
    s = { img: new ImageData(nx, ny), canvas };
    scratch.set(key, s);
  }
  return s;
}

type Rgb = readonly [number, number, number];

/**
 * A colour map tabulated at 1024 points of [lo, hi] (nearest entry; values
 * outside are clamped, NaN maps to `lo`): a lookup allocates nothing. A
 * channel changes by at most 255 over the range, so neighbouring entries
 * differ by ≤ 255/1023 < 0.25 of a level: indistinguishable from the map.
 */
export function colorTable(map: (t: number) => Rgb, lo: number, hi: number): (t: number) => Rgb {
  const N = 1024;
  const table: Rgb[] = Array.from({ length: N }, (_, i) => map(lo + ((hi - lo) * i) / (N - 1)).map(Math.round) as unknown as Rgb);
  const k = (N - 1) / (hi - lo);
  return (t) => {
    const i = Math.round((t - lo) * k);
    return table[i > 0 ? (i < N ? i : N - 1) : 0]!;
  };
}

/** "Nice" tick values covering [a, b] (about `count` of them). */
export function ticks(a: number, b: number, count = 5): number[] {
  if (!(b > a)) return [a];
  const raw = (b - a) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function fmtTick(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}

export class Frame {
  readonly ctx: CanvasRenderingContext2D;
  readonly width: number;
  readonly height: number;
  readonly opts: FrameOptions;
  private x0: number;
  private x1: number;
  private y0: number;
  private y1: number;
  private px0 = MARGIN.left;
  private px1: number;
  private py0: number;
  private py1 = MARGIN.top;

  constructor(readonly canvas: HTMLCanvasElement, opts: FrameOptions) {
    const { ctx, width, height } = surface(canvas);
    this.width = width;
    this.height = height;
    this.ctx = ctx;
    this.opts = opts;
    const t = (v: number, log?: boolean) => (log ? Math.log10(Math.max(v, 1e-300)) : v);
    [this.x0, this.x1] = [t(opts.x[0], opts.xLog), t(opts.x[1], opts.xLog)];
    [this.y0, this.y1] = [t(opts.y[0], opts.yLog), t(opts.y[1], opts.yLog)];
    if (!(this.x1 > this.x0)) this.x1 = this.x0 + 1;
    if (!(this.y1 > this.y0)) this.y1 = this.y0 + 1;
    this.px1 = this.width - MARGIN.right;
    this.py0 = this.height - MARGIN.bottom;
    if (opts.equal) {
      // Shrink one pixel range so both axes have the same pixels per unit, centred.
      const k = Math.min((this.px1 - this.px0) / (this.x1 - this.x0), (this.py0 - this.py1) / (this.y1 - this.y0));
      const cx = (this.px0 + this.px1) / 2;
      const cy = (this.py0 + this.py1) / 2;
      const hw = ((this.x1 - this.x0) * k) / 2;
      const hh = ((this.y1 - this.y0) * k) / 2;
      [this.px0, this.px1, this.py1, this.py0] = [cx - hw, cx + hw, cy - hh, cy + hh];
    }
  }

  sx(v: number): number {
    const u = this.opts.xLog ? Math.log10(Math.max(v, 1e-300)) : v;
    return this.px0 + ((u - this.x0) / (this.x1 - this.x0)) * (this.px1 - this.px0);
  }

  sy(v: number): number {
    const u = this.opts.yLog ? Math.log10(Math.max(v, 1e-300)) : v;
    return this.py0 - ((u - this.y0) / (this.y1 - this.y0)) * (this.py0 - this.py1);
  }

  /** Data coordinates of a pixel (CSS px relative to the canvas). */
  invert(px: number, py: number): [number, number] {
    const u = this.x0 + ((px - this.px0) / (this.px1 - this.px0)) * (this.x1 - this.x0);
    const w = this.y0 + ((this.py0 - py) / (this.py0 - this.py1)) * (this.y1 - this.y0);
    return [this.opts.xLog ? 10 ** u : u, this.opts.yLog ? 10 ** w : w];
  }

  get plotBox(): { x: number; y: number; w: number; h: number } {
    return { x: this.px0, y: this.py1, w: this.px1 - this.px0, h: this.py0 - this.py1 };
  }

  clip(draw: () => void): void {
    const b = this.plotBox;
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(b.x, b.y, b.w, b.h);
    this.ctx.clip();
    draw();
    this.ctx.restore();
  }

  axes(): void {
    const c = this.ctx;
    const b = this.plotBox;
    c.strokeStyle = '#444';
    c.lineWidth = 1;
    c.strokeRect(b.x + 0.5, b.y + 0.5, b.w, b.h);
    c.fillStyle = '#222';
    c.font = '11px system-ui, sans-serif';
    const axis = (lo: number, hi: number, log: boolean | undefined, place: (v: number, label: string) => void) => {
      const vals = log ? ticks(Math.ceil(lo), Math.floor(hi), 4).filter(Number.isInteger) : ticks(lo, hi, 5);
      for (const v of vals) place(log ? 10 ** v : v, log ? `1e${v}` : fmtTick(v));
    };
    c.textAlign = 'center';
    c.textBaseline = 'top';
    axis(this.x0, this.x1, this.opts.xLog, (v, label) => {
      const px = this.sx(v);
      c.fillRect(px, b.y + b.h, 1, 4);
      c.fillText(label, px, b.y + b.h + 5);
    });
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    axis(this.y0, this.y1, this.opts.yLog, (v, label) => {
      const py = this.sy(v);
      c.fillRect(b.x - 4, py, 4, 1);
      c.fillText(label, b.x - 6, py);
    });
    // Axis titles next to the box (which an equal-aspect frame may have shrunk and centred).
    c.textAlign = 'center';
    c.textBaseline = 'top';
    if (this.opts.xLabel) c.fillText(this.opts.xLabel, b.x + b.w / 2, Math.min(b.y + b.h + 20, this.height - 13));
    if (this.opts.yLabel) {
      c.save();
      c.translate(Math.max(11, b.x - 41), b.y + b.h / 2);
      c.rotate(-Math.PI / 2);
      c.textBaseline = 'middle';
      c.fillText(this.opts.yLabel, 0, 0);
      c.restore();
    }
  }

  line(xs: ArrayLike<number>, ys: ArrayLike<number>, color: string, width = 1.5, dash: number[] = []): void {
    const c = this.ctx;
    c.strokeStyle = color;
    c.lineWidth = width;
    c.setLineDash(dash);
    c.beginPath();
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const px = this.sx(xs[i]!);
      const py = this.sy(ys[i]!);
      if (!Number.isFinite(px) || !Number.isFinite(py) || Math.abs(py) > 1e6 || Math.abs(px) > 1e6) {
        pen = false;
        continue;
      }
      if (pen) c.lineTo(px, py);
      else c.moveTo(px, py);
      pen = true;
    }
    c.stroke();
    c.setLineDash([]);
  }

  dot(x: number, y: number, color: string, r = 3.5, stroke = '#fff'): void {
    const c = this.ctx;
    c.beginPath();
    c.arc(this.sx(x), this.sy(y), r, 0, 2 * Math.PI);
    c.fillStyle = color;
    c.fill();
    if (stroke) {
      c.strokeStyle = stroke;
      c.lineWidth = 1;
      c.stroke();
    }
  }

  /** Fill the plot box with an nx × ny grid of colours (row j = y ascending), pixelated. */
  heatmap(nx: number, ny: number, color: (k: number) => readonly [number, number, number], range?: { x: [number, number]; y: [number, number] }, smooth = nx > 40): void {
    const { img, canvas } = scratchImage(nx, ny);
    const px = img.data;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const c = color(j * nx + i);
        const o = 4 * ((ny - 1 - j) * nx + i);
        px[o] = c[0];
        px[o + 1] = c[1];
        px[o + 2] = c[2];
        px[o + 3] = 255;
      }
    }
    canvas.getContext('2d')!.putImageData(img, 0, 0);
    const box = range ? { x: this.sx(range.x[0]), y: this.sy(range.y[1]), w: this.sx(range.x[1]) - this.sx(range.x[0]), h: this.sy(range.y[0]) - this.sy(range.y[1]) } : this.plotBox;
    // Smooth fine grids and fields (bilinear); keep coarse states (e.g. a 10 × 10 network state) as crisp cells.
    this.ctx.imageSmoothingEnabled = smooth;
    this.ctx.drawImage(canvas, box.x, box.y, box.w, box.h);
  }

  label(text: string, x: number, y: number, color = '#222', align: CanvasTextAlign = 'left'): void {
    this.ctx.fillStyle = color;
    this.ctx.font = '11px system-ui, sans-serif';
    this.ctx.textAlign = align;
    this.ctx.textBaseline = 'middle';
    this.ctx.fillText(text, x, y);
  }
}

/** Viridis at t ∈ [0, 1] (piecewise-linear through 9 anchors of matplotlib's map). */
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];
export function viridis(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [a[0]! + f * (b[0]! - a[0]!), a[1]! + f * (b[1]! - a[1]!), a[2]! + f * (b[2]! - a[2]!)];
}

export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Legend entries as an HTML list (screen readers read it; colours as swatches). */
/** A legend entry: a line swatch (dashed where the figure's line is), or a dot for a figure's points. */
export function legend(el: HTMLElement, entries: { label: string; color: string; dash?: boolean; dot?: boolean }[]): void {
  el.replaceChildren(
    ...entries.map(({ label, color, dash, dot }) => {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = 'swatch' + (dot ? ' dot' : dash ? ' dashed' : '');
      sw.style.borderColor = color;
      sw.style.background = dash && !dot ? 'transparent' : color;
      sw.setAttribute('aria-hidden', 'true');
      // Read back by the SVG export (exports.ts), which draws the legend as vectors.
      li.dataset.color = color;
      if (dot) li.dataset.dot = '';
      else if (dash) li.dataset.dash = '';
      li.append(sw, label);
      return li;
    }),
  );
}

/** Diverging blue – white – vermillion at t ∈ [−1, 1] (negative blue, positive vermillion, 0 white). */
export function diverging(t: number): [number, number, number] {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const c = hexToRgb(u < 0 ? COLORS[0]! : COLORS[1]!);
  const a = Math.abs(u);
  return [255 + a * (c[0] - 255), 255 + a * (c[1] - 255), 255 + a * (c[2] - 255)];
}

/**
 * A colour bar under a heatmap: the colour map over [lo, hi] as a gradient
 * with the two end values and a label (an HTML element, read by screen
 * readers as "label: lo to hi").
 */
export function colorBar(el: HTMLElement, color: (t: number) => [number, number, number], lo: number, hi: number, label: string, domain: [number, number] = [0, 1]): void {
  let bar = el.querySelector<HTMLElement>('.colorbar');
  if (!bar) {
    bar = document.createElement('div');
    bar.className = 'colorbar';
    bar.innerHTML = '<span class="cb-label"></span><span class="cb-lo"></span><span class="cb-ramp" aria-hidden="true"></span><span class="cb-hi"></span>';
    el.append(bar);
  }
  // Unchanged (the usual case while training): touch nothing, so that the page restyles nothing.
  const fmt = (v: number) => (Math.abs(v) !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? v.toExponential(1) : String(Number(v.toPrecision(3))));
  const key = `${label}|${fmt(lo)}|${fmt(hi)}|${domain.join(',')}|${color(domain[0]).join(',')}|${color(domain[1]).join(',')}`;
  if (bar.dataset.key === key) return;
  bar.dataset.key = key;
  const stops = Array.from({ length: 11 }, (_, k) => {
    const t = domain[0] + ((domain[1] - domain[0]) * k) / 10;
    const [r, g, b] = color(t);
    return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)}) ${k * 10}%`;
  });
  bar.querySelector<HTMLElement>('.cb-ramp')!.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  bar.dataset.stops = JSON.stringify(stops); // for the SVG export's gradient
  bar.querySelector('.cb-label')!.textContent = label;
  bar.querySelector('.cb-lo')!.textContent = fmt(lo);
  bar.querySelector('.cb-hi')!.textContent = fmt(hi);
  bar.setAttribute('aria-label', `colour scale ${label}: ${fmt(lo)} to ${fmt(hi)}`);
}

/** Axes with no data yet and a hint in the middle (e.g. "Press Play or Step to train"). */
export function emptyFrame(canvas: HTMLCanvasElement, opts: FrameOptions, hint: string): Frame {
  const f = new Frame(canvas, opts);
  f.axes();
  const b = f.plotBox;
  f.ctx.fillStyle = '#666';
  f.ctx.font = '13px system-ui, sans-serif';
  f.ctx.textAlign = 'center';
  f.ctx.textBaseline = 'middle';
  f.ctx.fillText(hint, b.x + b.w / 2, b.y + b.h / 2);
  return f;
}
