/**
 * The train view's network diagram (after TF Playground's): one column per
 * layer; each hidden unit drawn as a thumbnail of its output h_ℓ,i(x) over
 * the plane (diverging colours: blue negative, white 0, vermillion positive,
 * scaled to the layer's largest |h|), the inputs as the fields x₁ and x₂, the
 * output as the network's prediction; the weights as edges coloured by sign
 * with thickness ∝ |w| (relative to the largest |w| of the layer).
 */
import { COLORS, colorTable, diverging, hexToRgb, scratchImage, surface } from '../canvas.js';
import type { TrainSnapshot } from '../compute/trainSession.js';

/** Units drawn per layer; wider layers show their first MAX_UNITS (the caption says so). */
export const MAX_UNITS = 12;

const DIVERGING = colorTable(diverging, -1, 1);

/**
 * The thumbnails of one size side by side in one scratch image (one
 * pixel upload per size and frame, then each drawn from its part of it): the
 * diagram is redrawn every animation frame while playing, and an upload per
 * thumbnail costs Chromium a copy each.
 */
let sheet = 0;
function atlas(fields: { values: ArrayLike<number>; scale: number }[], n: number): HTMLCanvasElement {
  // Two sheets in turn: writing pixels into the one the previous frame drew from would make Chromium copy it first.
  sheet ^= 1;
  const { img, canvas } = scratchImage(n * fields.length, n, `network${sheet}`);
  const px = img.data;
  const stride = n * fields.length;
  fields.forEach(({ values, scale }, f) => {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const c = DIVERGING(values[j * n + i]! / scale);
        const o = 4 * ((n - 1 - j) * stride + f * n + i);
        px[o] = c[0];
        px[o + 1] = c[1];
        px[o + 2] = c[2];
        px[o + 3] = 255;
      }
    }
  });
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  return canvas;
}

/** The input fields x₁ and x₂ on an n × n grid over [−1, 1]² (the same every frame). */
const inputs = new Map<number, Float64Array[]>();
function inputFields(n: number): Float64Array[] {
  let v = inputs.get(n);
  if (!v) {
    const at = (i: number) => (i - (n - 1) / 2) / ((n - 1) / 2);
    v = [Float64Array.from({ length: n * n }, (_, k) => at(k % n)), Float64Array.from({ length: n * n }, (_, k) => at(Math.floor(k / n)))];
    inputs.set(n, v);
  }
  return v;
}

/**
 * Edge styles: negative (blue) then positive (vermillion), each in EDGE_LEVELS steps of |w| / max |w|, opacity
 * 0.25 + 0.6·|w|/max and width 0.5 + 4·|w|/max px (steps of 0.04 in opacity and 0.27 px in width: not visible).
 */
const EDGE_LEVELS = 16;
const EDGE_STYLE = [COLORS[0]!, COLORS[1]!].flatMap((c) => Array.from({ length: EDGE_LEVELS }, (_, k) => `rgba(${hexToRgb(c).join(',')},${(0.25 + (0.6 * k) / (EDGE_LEVELS - 1)).toFixed(3)})`));

/** Draw the diagram of a snapshot; returns the number of units left out (layers wider than MAX_UNITS). */
export function drawNetwork(canvas: HTMLCanvasElement, snap: TrainSnapshot, regression: boolean): number {
  const { ctx, width, height } = surface(canvas);
  const n = snap.units.n;
  // Input fields x₁, x₂ over the box, the hidden layers' units, the output (the prediction, recentred to [−1, 1]).
  const columns: { fields: ArrayLike<number>[]; size: number; scale: number }[] = [{ fields: inputFields(n), size: n, scale: 1 }];
  let hidden = 0;
  for (const layer of snap.units.layers) {
    hidden += Math.max(0, layer.length - MAX_UNITS);
    let m = 1e-12;
    for (const u of layer) for (let k = 0; k < u.length; k++) m = Math.max(m, Math.abs(u[k]!));
    columns.push({ fields: layer.slice(0, MAX_UNITS), size: n, scale: m });
  }
  // The output: a regression's value (scaled to its largest |value|), a binary probability as 2p − 1, a multiclass
  // winner's probability signed by the parity of its class.
  const g = snap.grid;
  const out = regression ? g.value : g.cls ? Float64Array.from(g.value, (p, k) => (g.cls![k]! % 2 === 0 ? -p : p)) : Float64Array.from(g.value, (p) => 2 * p - 1);
  let om = 1e-12;
  for (let k = 0; k < out.length; k++) om = Math.max(om, Math.abs(out[k]!));
  columns.push({ fields: [out], size: g.n, scale: regression ? om : 1 });

  const tallest = Math.max(...columns.map((c) => c.fields.length));
  const box = Math.max(14, Math.min(44, (height - 16) / tallest - 6));
  const gapX = (width - box) / (columns.length - 1 || 1);
  const pos = columns.map((c, l) => c.fields.map((_, i) => [l * gapX + box / 2, height / 2 + (i - (c.fields.length - 1) / 2) * (box + 6)] as const));

  // Edges first (under the thumbnails): W_ℓ[i, j] from unit j of column ℓ to unit i of column ℓ + 1, grouped by
  // sign and |w| / max |w| in EDGE_LEVELS steps, one path per group (one stroke each instead of one per edge).
  const groups: number[][] = Array.from({ length: 2 * EDGE_LEVELS }, () => []);
  snap.hiddenWeights.forEach((W, l) => {
    let wm = 1e-12;
    for (const v of W.w) wm = Math.max(wm, Math.abs(v));
    for (let i = 0; i < Math.min(W.rows, MAX_UNITS); i++) {
      for (let j = 0; j < Math.min(W.cols, MAX_UNITS); j++) {
        const w = W.w[i * W.cols + j]!;
        const [x0, y0] = pos[l]![j]!;
        // A multiclass output (one row per class) is drawn as one node: its edges all end there.
        const next = pos[l + 1]!;
        const [x1, y1] = next[Math.min(i, next.length - 1)]!;
        const level = Math.min(EDGE_LEVELS - 1, Math.round((Math.abs(w) / wm) * (EDGE_LEVELS - 1)));
        groups[(w >= 0 ? EDGE_LEVELS : 0) + level]!.push(x0 + box / 2, y0, x1 - box / 2, y1);
      }
    }
  });
  groups.forEach((seg, k) => {
    if (seg.length === 0) return;
    const level = k % EDGE_LEVELS;
    ctx.strokeStyle = EDGE_STYLE[k]!;
    ctx.lineWidth = 0.5 + (4 * level) / (EDGE_LEVELS - 1);
    ctx.beginPath();
    for (let s = 0; s < seg.length; s += 4) {
      ctx.moveTo(seg[s]!, seg[s + 1]!);
      ctx.lineTo(seg[s + 2]!, seg[s + 3]!);
    }
    ctx.stroke();
  });
  ctx.imageSmoothingEnabled = true;
  // Thumbnails by size (the coarse unit grid, the prediction's finer one), each size uploaded once.
  const place = new Map<number, { values: ArrayLike<number>; scale: number; at: readonly [number, number] }[]>();
  columns.forEach((c, l) => c.fields.forEach((values, i) => {
    const list = place.get(c.size) ?? [];
    list.push({ values, scale: c.scale, at: pos[l]![i]! });
    place.set(c.size, list);
  }));
  ctx.strokeStyle = '#555';
  ctx.lineWidth = 1;
  for (const [size, list] of place) {
    const sheet = atlas(list, size);
    list.forEach(({ at: [x, y] }, f) => {
      ctx.drawImage(sheet, f * size, 0, size, size, x - box / 2, y - box / 2, box, box);
      ctx.strokeRect(x - box / 2 + 0.5, y - box / 2 + 0.5, box - 1, box - 1);
    });
  }
  return hidden;
}
