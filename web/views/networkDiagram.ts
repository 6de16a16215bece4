/**
 * The train view's network diagram (after TF Playground's): one column per
 * layer; each hidden unit drawn as a thumbnail of its output h_ℓ,i(x) over
 * the plane (diverging colours: blue negative, white 0, vermillion positive,
 * scaled to the layer's largest |h|), the inputs as the fields x₁ and x₂, the
 * output as the network's prediction; the weights as edges coloured by sign
 * with thickness ∝ |w| (relative to the largest |w| of the layer).
 */
import { COLORS, diverging, hexToRgb } from '../canvas.js';
import type { TrainSnapshot } from '../compute/trainSession.js';

/** Units drawn per layer; wider layers show their first MAX_UNITS (the caption says so). */
export const MAX_UNITS = 12;

/** One scratch canvas and pixel buffer per thumbnail size, reused: the diagram is redrawn every animation frame while playing. */
const scratch = new Map<number, { img: ImageData; off: OffscreenCanvas }>();

function thumbnail(values: ArrayLike<number>, n: number, scale: number): OffscreenCanvas {
  let s = scratch.get(n);
  if (!s) {
    s = { img: new ImageData(n, n), off: new OffscreenCanvas(n, n) };
    scratch.set(n, s);
  }
  const px = s.img.data;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const [r, g, b] = diverging(values[j * n + i]! / scale);
      const o = 4 * ((n - 1 - j) * n + i);
      px[o] = r;
      px[o + 1] = g;
      px[o + 2] = b;
      px[o + 3] = 255;
    }
  }
  s.off.getContext('2d')!.putImageData(s.img, 0, 0);
  return s.off;
}

/** Draw the diagram of a snapshot; returns the number of units left out (layers wider than MAX_UNITS). */
export function drawNetwork(canvas: HTMLCanvasElement, snap: TrainSnapshot, regression: boolean): number {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(200, canvas.clientWidth);
  const height = Math.max(150, canvas.clientHeight);
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const n = snap.units.n;
  // Input fields x₁, x₂ over the box, the hidden layers' units, the output (the prediction, recentred to [−1, 1]).
  const coords = (axis: 0 | 1) => Float64Array.from({ length: n * n }, (_, k) => (axis === 0 ? (k % n) - (n - 1) / 2 : Math.floor(k / n) - (n - 1) / 2) / ((n - 1) / 2));
  const columns: { fields: ArrayLike<number>[]; size: number; scale: number }[] = [{ fields: [coords(0), coords(1)], size: n, scale: 1 }];
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

  // Edges first (under the thumbnails): W_ℓ[i, j] from unit j of column ℓ to unit i of column ℓ + 1.
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
        const [r, gg, b] = hexToRgb(w >= 0 ? COLORS[1]! : COLORS[0]!);
        ctx.strokeStyle = `rgba(${r},${gg},${b},${0.25 + 0.6 * Math.abs(w) / wm})`;
        ctx.lineWidth = 0.5 + 4 * (Math.abs(w) / wm);
        ctx.beginPath();
        ctx.moveTo(x0 + box / 2, y0);
        ctx.lineTo(x1 - box / 2, y1);
        ctx.stroke();
      }
    }
  });
  ctx.imageSmoothingEnabled = true;
  columns.forEach((c, l) =>
    c.fields.forEach((f, i) => {
      const [x, y] = pos[l]![i]!;
      ctx.drawImage(thumbnail(f, c.size, c.scale), x - box / 2, y - box / 2, box, box);
      ctx.strokeStyle = '#555';
      ctx.lineWidth = 1;
      ctx.strokeRect(x - box / 2 + 0.5, y - box / 2 + 0.5, box - 1, box - 1);
    }),
  );
  return hidden;
}
