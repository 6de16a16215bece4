/**
 * View 4 — gradient flow vs GD: on one surface and from one start, GD with
 * step η, the gradient flow sampled at t = kη and the modified flow
 * L̃ = L + (η/4)‖∇L‖²; the gaps ‖θ_GD,k − θ(kη)‖ show GD tracking the
 * modified flow to O(η²) and the plain flow only to O(η).
 */
import { COLORS, Frame, colorBar, legend, viridis } from '../canvas.js';
import type { FlowResult } from '../compute/flowRun.js';
import type { SurfaceGrid } from '../compute/landscapeRun.js';
import { SURFACE_LABELS } from '../compute/landscapeRun.js';
import { controlPanel, figure, formatValue, round3 } from '../controls.js';
import { num, str } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';
import { COORD, choice, num as numField, type ViewDefinition } from '../viewSpec.js';
import guide from '../../docs/explorer/flow.md?guide';

const STEPS = 150;
const NUMBER = '-?[0-9]*\\.?[0-9]+(e-?[0-9]+)?';
const SERIES = [
  { label: 'GD', color: COLORS[0]! },
  { label: 'gradient flow', color: COLORS[1]! },
  { label: 'modified flow', color: COLORS[2]! },
];

const FIELDS = {
  surface: choice('ravine', Object.keys(SURFACE_LABELS).filter((id) => id !== 'saddle')),
  x: numField(1.5, -COORD, COORD),
  y: numField(1, -COORD, COORD),
  lr: numField(0.03, 1e-4, 0.5),
};

export function flowView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-flow';
  let grid: SurfaceGrid | null = null;
  let result: FlowResult | null = null;
  const panel = controlPanel(
    host,
    'Surface and step size',
    [
      { kind: 'select', key: 'fl.surface', label: 'Surface', options: Object.entries(SURFACE_LABELS).filter(([id]) => id !== 'saddle') },
      { kind: 'text', key: 'fl.x', label: 'Start x', pattern: NUMBER, title: 'a number' },
      { kind: 'text', key: 'fl.y', label: 'Start y', pattern: NUMBER, title: 'a number' },
      { kind: 'range', key: 'fl.lr', label: 'Step size η', log: true },
    ],
    (key) => {
      host.set('fl.t', 0);
      return key === 'fl.surface' ? loadSurface(true) : recompute();
    },
    prefixed('fl'),
  );
  const paths = figure('GD, gradient flow and modified flow', 'the three paths on the contours of the surface; click to choose the start', 'tall');
  const gaps = figure('Gap between GD and the flows', 'distance from GD to the gradient flow and to the modified flow against step, log scale', 'tall');
  const losses = figure('Loss against flow time', 'loss along GD and along the gradient flow');
  el.append(panel.element, paths.figure, gaps.figure, losses.figure);
  legend(paths.legend, SERIES);
  const pathsKey = document.createElement('div');
  paths.legend.after(pathsKey);
  legend(gaps.legend, [
    { label: '‖GD − flow‖ (O(η))', color: COLORS[1]! },
    { label: '‖GD − modified flow‖ (O(η²))', color: COLORS[2]! },
  ]);
  legend(losses.legend, SERIES.slice(0, 2));

  const recompute = coalesce(async () => {
    await markLimit();
    result = await client.call('flow', { surface: str(host.state, 'fl.surface'), start: [num(host.state, 'fl.x'), num(host.state, 'fl.y')], lr: num(host.state, 'fl.lr'), steps: STEPS });
    const k = result.gapFlow.length - 1;
    host.report('flow.gapFlow', result.gapFlow[k]!);
    host.report('flow.gapModified', result.gapModified[k]!);
    draw();
  }, (e) => host.announce(String(e)));

  /** Mark GD's stability limit 2/λ_max(start) on the η slider; returns λ_max. */
  async function markLimit(): Promise<number> {
    const c = await client.call('curvature', { surface: str(host.state, 'fl.surface'), x: num(host.state, 'fl.x'), y: num(host.state, 'fl.y') });
    const lmax = c.values[1];
    panel.marker('fl.lr', lmax > 0 ? 2 / lmax : null, lmax > 0 ? `GD stability limit 2/λ_max = ${formatValue(2 / lmax)} at the start` : '');
    return lmax;
  }

  async function loadSurface(resetStart: boolean): Promise<void> {
    grid = await client.call('grid', { surface: str(host.state, 'fl.surface') });
    if (resetStart) {
      host.set('fl.x', grid.start[0]);
      host.set('fl.y', grid.start[1]);
      // A new surface starts at a quarter of GD's stability limit 2/λ_max, the largest curvature at
      // the start and at the surface's minima, where GD follows the flow closely.
      let lmax = await markLimit();
      for (const m of grid.minima) lmax = Math.max(lmax, (await client.call('curvature', { surface: grid.id, x: m.x, y: m.y })).values[1]);
      if (lmax > 0) host.set('fl.lr', round3(Math.min(0.1, 0.5 / lmax)));
      panel.sync();
    }
    await recompute();
  }

  const frame = () => (grid ? new Frame(paths.canvas, { x: grid.x, y: grid.y, xLabel: 'x', yLabel: 'y', equal: true }) : null);

  function draw(): void {
    if (!grid || !result) return;
    const t = Math.min(num(host.state, 'fl.t'), result.gd.length - 1);
    const f = frame()!;
    const g = grid;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of g.values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const level = (v: number) => Math.log1p(v - lo) / Math.log1p(hi - lo + 1e-300);
    const faded = (u: number) => viridis(0.25 + 0.75 * u).map((c) => 0.55 * c + 0.45 * 255) as [number, number, number];
    f.heatmap(g.nx, g.ny, (k) => faded(level(g.values[k]!)));
    colorBar(pathsKey, faded, lo, hi, 'loss (log-compressed colour)');
    f.axes();
    const r = result;
    f.clip(() => {
      [r.gd, r.flow, r.modified].forEach((path, i) => {
        f.line(path.map((p) => p[0]), path.map((p) => p[1]), SERIES[i]!.color + '40', 1);
        const upto = path.slice(0, t + 1);
        f.line(upto.map((p) => p[0]), upto.map((p) => p[1]), SERIES[i]!.color, i === 0 ? 1 : 2, i === 2 ? [5, 3] : []);
        if (i === 0) for (const p of upto) f.dot(p[0], p[1], SERIES[0]!.color, 2, '');
      });
      f.dot(num(host.state, 'fl.x'), num(host.state, 'fl.y'), '#fff', 5, '#000');
    });
    paths.caption.textContent = `${r.diverged ? 'GD diverged (η too large for the curvature it meets). ' : ''}Step ${t} of ${r.gd.length - 1}, flow time t = ${formatValue(t * num(host.state, 'fl.lr'))}.`;

    const all = [...r.gapFlow, ...r.gapModified].filter((v) => v > 0 && Number.isFinite(v));
    const gf = new Frame(gaps.canvas, { x: [0, STEPS], y: [all.length ? Math.max(1e-16, Math.min(...all)) : 1e-16, all.length ? Math.max(...all) * 2 : 1], yLog: true, xLabel: 'step k', yLabel: 'distance' });
    gf.axes();
    gf.clip(() => {
      gf.line(r.gapFlow.slice(1).map((_, k) => k + 1), r.gapFlow.slice(1), COLORS[1]! + '40', 1);
      gf.line(r.gapModified.slice(1).map((_, k) => k + 1), r.gapModified.slice(1), COLORS[2]! + '40', 1);
      gf.line(r.gapFlow.slice(1, t + 1).map((_, k) => k + 1), r.gapFlow.slice(1, t + 1), COLORS[1]!, 2);
      gf.line(r.gapModified.slice(1, t + 1).map((_, k) => k + 1), r.gapModified.slice(1, t + 1), COLORS[2]!, 2);
    });
    gaps.caption.textContent = `At step ${t}: ‖GD − flow‖ = ${formatValue(r.gapFlow[t]!)}, ‖GD − modified‖ = ${formatValue(r.gapModified[t]!)}`;

    const ls = [...r.lossGd, ...r.lossFlow].filter(Number.isFinite);
    const eta = num(host.state, 'fl.lr');
    const lf = new Frame(losses.canvas, { x: [0, STEPS * eta], y: [Math.min(...ls), Math.max(...ls)], xLabel: 'flow time t = kη', yLabel: 'loss' });
    lf.axes();
    lf.clip(() => {
      lf.line(r.lossGd.slice(0, t + 1).map((_, k) => k * eta), r.lossGd.slice(0, t + 1), COLORS[0]!, 1.5);
      lf.line(r.lossFlow.slice(0, t + 1).map((_, k) => k * eta), r.lossFlow.slice(0, t + 1), COLORS[1]!, 1.5, [5, 3]);
    });
  }

  paths.canvas.addEventListener('click', (e) => {
    const f = frame();
    if (!f) return;
    const rect = paths.canvas.getBoundingClientRect();
    const [x, y] = f.invert(e.clientX - rect.left, e.clientY - rect.top);
    host.set('fl.x', round3(x));
    host.set('fl.y', round3(y));
    host.set('fl.t', 0);
    panel.sync();
    host.track(recompute());
  });

  return {
    id: 'flow',
    title: 'Gradient flow vs GD',
    element: el,
    stepsPerFrame: 1,
    refresh: () => (grid && grid.id === str(host.state, 'fl.surface') ? recompute() : loadSurface(false)),
    async step(n) {
      const end = result ? result.gd.length - 1 : STEPS;
      const t = Math.min(end, num(host.state, 'fl.t') + n);
      host.set('fl.t', t);
      draw();
      return t < end;
    },
    draw,
    series: () =>
      result && {
        name: `flow-${str(host.state, 'fl.surface')}`,
        columns: ['step', 'time', 'gd_x', 'gd_y', 'flow_x', 'flow_y', 'modified_x', 'modified_y', 'gap_flow', 'gap_modified', 'loss_gd', 'loss_flow'],
        rows: result.gd.map((p, k) => [k, k * num(host.state, 'fl.lr'), p[0], p[1], result!.flow[k]?.[0] ?? NaN, result!.flow[k]?.[1] ?? NaN, result!.modified[k]?.[0] ?? NaN, result!.modified[k]?.[1] ?? NaN, result!.gapFlow[k] ?? NaN, result!.gapModified[k] ?? NaN, result!.lossGd[k] ?? NaN, result!.lossFlow[k] ?? NaN]),
      },
    sync: panel.sync,
  };
}

/** The fields under their URL keys, for the controls' ranges. */
function prefixed(prefix: string) {
  return Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [`${prefix}.${k}`, f]));
}

export const flowDefinition: ViewDefinition = {
  id: 'flow',
  title: 'Gradient flow vs GD',
  prefix: 'fl',
  fields: FIELDS,
  maxSteps: STEPS,
  guide,
  create: flowView,
};
