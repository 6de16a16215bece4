/**
 * View 1 — landscape and optimizers: a test surface as filled contours,
 * SGD, momentum, Nesterov, RMSprop and Adam from a clicked start point,
 * their loss curves, the Hessian's eigenvalues and eigen-directions under
 * the pointer, and GD's stability limit 2/λ_max(start) on the η slider.
 */
import { COLORS, Frame, colorBar, legend, viridis } from '../canvas.js';
import type { Curvature, LandscapeResult, SurfaceGrid } from '../compute/landscapeRun.js';
import { SURFACE_LABELS } from '../compute/landscapeRun.js';
import { controlPanel, figure, formatValue, round3 } from '../controls.js';
import { num, str } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';
import { COORD, choice, num as numField, type ViewDefinition } from '../viewSpec.js';
import guide from '../../docs/explorer/landscape.md?guide';

const STEPS = 400;
const NUMBER = '-?[0-9]*\\.?[0-9]+(e-?[0-9]+)?';

const FIELDS = {
  surface: choice('rosenbrock', Object.keys(SURFACE_LABELS)),
  x: numField(-1.2, -COORD, COORD),
  y: numField(1, -COORD, COORD),
  lr: numField(0.001, 1e-5, 1),
  alr: numField(0.05, 1e-4, 1),
  mom: numField(0.9, 0, 0.99),
  b1: numField(0.9, 0, 0.99),
  b2: numField(0.999, 0.5, 0.9999),
};

export function landscapeView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-landscape';
  let grid: SurfaceGrid | null = null;
  let result: LandscapeResult | null = null;
  let hover: Curvature | null = null;

  const panel = controlPanel(
    host,
    'Surface and optimizers',
    [
      { kind: 'select', key: 'ls.surface', label: 'Surface', options: Object.entries(SURFACE_LABELS) },
      { kind: 'text', key: 'ls.x', label: 'Start x', pattern: NUMBER, title: 'a number' },
      { kind: 'text', key: 'ls.y', label: 'Start y', pattern: NUMBER, title: 'a number' },
      { kind: 'range', key: 'ls.lr', label: 'Step size η (SGD, momentum, Nesterov)', log: true },
      { kind: 'range', key: 'ls.mom', label: 'Momentum β', step: 0.01 },
      { kind: 'range', key: 'ls.alr', label: 'Step size (RMSprop, Adam)', log: true },
      { kind: 'range', key: 'ls.b1', label: 'Adam β₁', step: 0.01 },
      { kind: 'range', key: 'ls.b2', label: 'β₂ (Adam; RMSprop α)', step: 0.0001 },
    ],
    (key) => {
      if (key === 'ls.surface') return loadSurface(true);
      host.set('ls.t', 0);
      return recompute();
    },
    prefixed('ls'),
  );
  const contour = figure('Optimizer paths on the surface', 'filled contours of the loss with the five optimizer paths; click to choose the start point', 'tall');
  const losses = figure('Loss against step', 'loss of each optimizer, log scale', 'tall');
  const readout = document.createElement('p');
  readout.className = 'readout';
  readout.textContent = 'Point at the contour plot to read the curvature there.';
  contour.figure.append(readout);
  el.append(panel.element, contour.figure, losses.figure);
  legend(contour.legend, ['SGD', 'Momentum', 'Nesterov', 'RMSprop', 'Adam'].map((label, i) => ({ label, color: COLORS[i]! })));
  const contourKey = document.createElement('div');
  contour.legend.after(contourKey);
  legend(losses.legend, ['SGD', 'Momentum', 'Nesterov', 'RMSprop', 'Adam'].map((label, i) => ({ label, color: COLORS[i]! })));

  const recompute = coalesce(async () => {
    result = await client.call('landscape', {
      surface: str(host.state, 'ls.surface'),
      start: [num(host.state, 'ls.x'), num(host.state, 'ls.y')],
      lr: num(host.state, 'ls.lr'),
      adaptiveLr: num(host.state, 'ls.alr'),
      momentum: num(host.state, 'ls.mom'),
      beta1: num(host.state, 'ls.b1'),
      beta2: num(host.state, 'ls.b2'),
      steps: STEPS,
    });
    const lmax = result.startCurvature.values[1];
    panel.marker('ls.lr', lmax > 0 ? 2 / lmax : null, lmax > 0 ? `GD stability limit 2/λ_max = ${formatValue(2 / lmax)} at the start` : 'λ_max ≤ 0 at the start: no step-size limit from curvature');
    draw();
  }, (e) => host.announce(String(e)));

  async function loadSurface(resetStart: boolean): Promise<void> {
    grid = await client.call('grid', { surface: str(host.state, 'ls.surface') });
    if (resetStart) {
      host.set('ls.x', grid.start[0]);
      host.set('ls.y', grid.start[1]);
      host.set('ls.t', 0);
      panel.sync();
    }
    hover = null;
    await recompute();
  }

  function contourFrame(): Frame | null {
    if (!grid) return null;
    return new Frame(contour.canvas, { x: grid.x, y: grid.y, xLabel: 'x', yLabel: 'y', equal: true });
  }

  function drawContour(t: number): void {
    const f = contourFrame();
    if (!f || !grid) return;
    const g = grid;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of g.values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    // Log-compressed colour, continuous (bilinear between the worker's grid samples), with thin iso-lines at 16 levels.
    const compress = (v: number) => Math.log1p(v - lo) / Math.log1p(hi - lo + 1e-300);
    const ts = Float64Array.from(g.values, compress);
    f.heatmap(g.nx, g.ny, (k) => {
      const [r, gg, b] = viridis(ts[k]!);
      const i = k % g.nx;
      const band = (u: number) => Math.floor(16 * u);
      const edge = (i + 1 < g.nx && band(ts[k + 1]!) !== band(ts[k]!)) || (k + g.nx < ts.length && band(ts[k + g.nx]!) !== band(ts[k]!));
      return edge ? [r * 0.85, gg * 0.85, b * 0.85] : [r, gg, b];
    });
    colorBar(contourKey, viridis, lo, hi, 'loss (log-compressed colour)');
    f.axes();
    f.clip(() => {
      for (const m of g.minima) f.dot(m.x, m.y, '#fff', 3, '#000');
      result?.runs.forEach((run, i) => {
        // The whole precomputed path faintly, the part up to step t in full colour.
        f.line(run.path.map((p) => p[0]), run.path.map((p) => p[1]), COLORS[i]! + '55', 1);
        const upto = run.path.slice(0, t + 1);
        f.line(upto.map((p) => p[0]), upto.map((p) => p[1]), COLORS[i]!, 2);
        const last = upto[upto.length - 1];
        if (last) f.dot(last[0], last[1], COLORS[i]!, 4);
      });
      f.dot(num(host.state, 'ls.x'), num(host.state, 'ls.y'), '#fff', 5, '#000');
      if (hover) {
        // Eigen-directions at the pointer, length ∝ |λ| (normalized to the larger one).
        const span = 0.08 * (g.x[1] - g.x[0]);
        const scale = Math.max(Math.abs(hover.values[0]), Math.abs(hover.values[1]), 1e-12);
        hover.vectors.forEach((v, j) => {
          const len = (span * Math.abs(hover!.values[j]!)) / scale + span * 0.15;
          f.line([hover!.x - v[0] * len, hover!.x + v[0] * len], [hover!.y - v[1] * len, hover!.y + v[1] * len], hover!.values[j]! >= 0 ? '#fff' : '#ff4d4d', 2.5);
        });
      }
    });
  }

  function drawLosses(t: number): void {
    if (!result) return;
    const fStar = result.fStar;
    const shift = (v: number) => (fStar === null ? v : Math.max(v - fStar, 1e-16));
    let lo = Infinity;
    let hi = -Infinity;
    for (const run of result.runs) for (const v of run.losses) if (Number.isFinite(shift(v)) && Math.abs(v) < 1e12) [lo, hi] = [Math.min(lo, shift(v)), Math.max(hi, shift(v))];
    if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
    const f = new Frame(losses.canvas, { x: [0, STEPS], y: fStar === null ? [lo, hi] : [Math.max(lo, 1e-16), hi * 2], yLog: fStar !== null, xLabel: 'step', yLabel: fStar === null ? 'f' : 'f − f*' });
    f.axes();
    f.clip(() => {
      result!.runs.forEach((run, i) => {
        const all = run.losses.map(shift);
        f.line(all.map((_, k) => k), all, COLORS[i]! + '44', 1);
        const ys = all.slice(0, t + 1);
        f.line(ys.map((_, k) => k), ys, COLORS[i]!, 1.5);
      });
      f.line([t, t], [fStar === null ? lo : Math.max(lo, 1e-16), fStar === null ? hi : hi * 2], '#888', 1, [3, 3]);
    });
    losses.caption.textContent = result.runs.map((r) => `${r.name}: ${r.diverged ? 'diverged' : formatValue(shift(r.losses[Math.min(t, r.losses.length - 1)]!))}`).join(' · ');
  }

  function draw(): void {
    const t = Math.min(num(host.state, 'ls.t'), STEPS);
    drawContour(t);
    drawLosses(t);
  }

  const onHover = coalesce(async () => {
    if (!pointer) return;
    const [x, y] = pointer;
    hover = await client.call('curvature', { surface: str(host.state, 'ls.surface'), x, y });
    const [l1, l2] = hover.values;
    const v = hover.vectors[1];
    readout.textContent = `At (${formatValue(x)}, ${formatValue(y)}): Hessian eigenvalues λ = ${formatValue(l1)}, ${formatValue(l2)}; λ_max direction (${v[0].toFixed(2)}, ${v[1].toFixed(2)}); ${l1 < 0 ? 'negative curvature along red' : 'convex here'}; 2/λ_max = ${l2 > 0 ? formatValue(2 / l2) : '∞'}.`;
    draw();
  }, () => undefined);
  let pointer: [number, number] | null = null;
  const toData = (e: MouseEvent): [number, number] | null => {
    const f = contourFrame();
    if (!f) return null;
    const r = contour.canvas.getBoundingClientRect();
    return f.invert(e.clientX - r.left, e.clientY - r.top);
  };
  contour.canvas.addEventListener('mousemove', (e) => {
    pointer = toData(e);
    void onHover();
  });
  contour.canvas.addEventListener('mouseleave', () => {
    pointer = null;
    hover = null;
    draw();
  });
  contour.canvas.addEventListener('click', (e) => {
    const p = toData(e);
    if (!p || !grid) return;
    host.set('ls.x', round3(p[0]));
    host.set('ls.y', round3(p[1]));
    host.set('ls.t', 0);
    panel.sync();
    host.announce(`Start point set to (${round3(p[0])}, ${round3(p[1])}).`);
    host.track(recompute());
  });

  return {
    id: 'landscape',
    title: 'Landscape & optimizers',
    element: el,
    stepsPerFrame: 2,
    refresh: () => (grid && grid.id === str(host.state, 'ls.surface') ? recompute() : loadSurface(false)),
    async step(n) {
      const t = Math.min(STEPS, num(host.state, 'ls.t') + n);
      host.set('ls.t', t);
      draw();
      return t < STEPS;
    },
    draw,
    series: () =>
      result && {
        name: `landscape-${str(host.state, 'ls.surface')}`,
        columns: ['step', ...result.runs.flatMap((r) => [`${r.name}_x`, `${r.name}_y`, `${r.name}_loss`])],
        rows: Array.from({ length: STEPS + 1 }, (_, k) => [k, ...result!.runs.flatMap((r) => [r.path[k]?.[0] ?? NaN, r.path[k]?.[1] ?? NaN, r.losses[k] ?? NaN])]),
      },
    sync: panel.sync,
  };
}

/** The fields under their URL keys, for the controls' ranges. */
function prefixed(prefix: string) {
  return Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [`${prefix}.${k}`, f]));
}

export const landscapeDefinition: ViewDefinition = {
  id: 'landscape',
  title: 'Landscape & optimizers',
  prefix: 'ls',
  fields: FIELDS,
  maxSteps: STEPS,
  guide,
  create: landscapeView,
};
