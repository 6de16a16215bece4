/**
 * View 2 — stability: the update map's Jacobian eigenvalues on the complex
 * plane with the unit circle, the η × β stability diagram (colour ρ, the
 * closed-form boundary ρ = 1, the current point) and the trajectory they
 * predict on L = ½(λ₁θ₁² + λ₂θ₂²): ‖θ_t‖ against the envelope ρᵗ.
 */
import { COLORS, Frame, colorBar, legend, viridis } from '../canvas.js';
import { START, type StabilityResult } from '../compute/stabilityRun.js';
import { controlPanel, figure, formatValue, round3 } from '../controls.js';
import { num, str } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';
import { choice, num as numField, type ViewDefinition } from '../viewSpec.js';
import guide from '../../docs/explorer/stability.md?guide';

const STEPS = 60;

const FIELDS = {
  kind: choice('momentum', ['momentum', 'nesterov']),
  l1: numField(1, 0.1, 100),
  l2: numField(10, 0.1, 100),
  lr: numField(0.15, 1e-3, 2),
  beta: numField(0.5, 0, 0.98),
};

export function stabilityView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-stability';
  let result: StabilityResult | null = null;
  const panel = controlPanel(
    host,
    'Quadratic and optimizer',
    [
      { kind: 'select', key: 'st.kind', label: 'Method (heavy ball is torch SGD momentum; β = 0 is plain GD)', options: [['momentum', 'Heavy ball'], ['nesterov', 'Nesterov']] },
      { kind: 'range', key: 'st.l1', label: 'Curvature λ₁', log: true },
      { kind: 'range', key: 'st.l2', label: 'Curvature λ₂', log: true },
      { kind: 'range', key: 'st.lr', label: 'Step size η', log: true },
      { kind: 'range', key: 'st.beta', label: 'Momentum β', step: 0.01 },
    ],
    () => {
      host.set('st.t', 0);
      return recompute();
    },
    prefixed('st'),
  );
  const plane = figure('Eigenvalues of the update map’s Jacobian', 'eigenvalues on the complex plane with the unit circle; inside means stable');
  const diagram = figure('η × β stability diagram', 'spectral radius over step size and momentum with the stability boundary and the current point; click to choose η and β');
  const path = figure('Trajectory on the quadratic', 'the iterates θ_t on the contours of the quadratic');
  const dist = figure('Distance to the minimum', '‖θ_t‖ against step, log scale, with the predicted envelope ρ^t');
  el.append(panel.element, plane.figure, diagram.figure, path.figure, dist.figure);
  legend(dist.legend, [
    { label: '‖θ_t‖', color: COLORS[0]! },
    { label: '‖θ₀‖ρᵗ (linear theory)', color: COLORS[1]!, dash: true },
  ]);
  const diagramKey = document.createElement('div');
  diagram.legend.after(diagramKey);
  legend(diagram.legend, [
    { label: 'ρ = 1 boundary (closed form, white)', color: '#999', dash: true },
    { label: 'current (η, β)', color: COLORS[1]!, dot: true },
  ]);

  const curvatures = () => {
    const a = num(host.state, 'st.l1');
    const b = num(host.state, 'st.l2');
    return [Math.min(a, b), Math.max(a, b)] as const;
  };

  const recompute = coalesce(async () => {
    const [l1, l2] = curvatures();
    result = await client.call('stability', { kind: str(host.state, 'st.kind') as 'momentum' | 'nesterov', l1, l2, lr: num(host.state, 'st.lr'), beta: num(host.state, 'st.beta'), steps: STEPS });
    host.report('stability.rho', result.spectralRadius);
    panel.marker('st.lr', result.boundary.find((b) => b.beta >= num(host.state, 'st.beta'))?.lr ?? null, `stable for η < ${formatValue(result.boundary.find((b) => b.beta >= num(host.state, 'st.beta'))?.lr ?? NaN)} at this β`);
    host.announce(`Spectral radius ρ = ${result.spectralRadius.toFixed(4)}: ${result.spectralRadius < 1 ? 'stable' : 'unstable'}.`);
    draw();
  }, (e) => host.announce(String(e)));

  function drawPlane(): void {
    if (!result) return;
    const r = Math.max(1.3, ...result.eigen.re.map((re, i) => Math.hypot(re, result!.eigen.im[i]!) * 1.1));
    const f = new Frame(plane.canvas, { x: [-r, r], y: [-r, r], xLabel: 'Re μ', yLabel: 'Im μ', equal: true });
    f.axes();
    f.clip(() => {
      const t = Array.from({ length: 181 }, (_, k) => (2 * Math.PI * k) / 180);
      f.line(t.map(Math.cos), t.map(Math.sin), '#888', 1.5);
      f.line([-r, r], [0, 0], '#ccc', 1);
      f.line([0, 0], [-r, r], '#ccc', 1);
      result!.eigen.re.forEach((re, i) => f.dot(re, result!.eigen.im[i]!, Math.hypot(re, result!.eigen.im[i]!) < 1 ? COLORS[0]! : COLORS[1]!, 5));
    });
    plane.caption.textContent = `ρ(J) = ${result.spectralRadius.toFixed(4)} (closed form ${result.predictedRho.toFixed(4)}); eigenvalues ${result.eigen.re.map((re, i) => `${re.toFixed(3)}${result!.eigen.im[i]! >= 0 ? '+' : '−'}${Math.abs(result!.eigen.im[i]!).toFixed(3)}i`).join(', ')}`;
  }

  function drawDiagram(): void {
    if (!result) return;
    const d = result.diagram;
    const f = new Frame(diagram.canvas, { x: [0, d.lrMax], y: [0, d.betaMax], xLabel: 'step size η', yLabel: 'momentum β' });
    // Colour: ρ on [0, 1] in viridis, unstable cells (ρ ≥ 1) in grey.
    f.heatmap(d.nLr, d.nBeta, (k) => (d.rho[k]! < 1 ? viridis(d.rho[k]!) : [200, 200, 200]));
    f.axes();
    f.clip(() => {
      f.line(result!.boundary.map((b) => b.lr), result!.boundary.map((b) => b.beta), '#fff', 2, [5, 3]);
      f.dot(num(host.state, 'st.lr'), num(host.state, 'st.beta'), COLORS[1]!, 6);
    });
    colorBar(diagramKey, viridis, 0, 1, 'spectral radius ρ (grey: ρ ≥ 1, diverges)');
  }

  function drawPath(t: number): void {
    if (!result) return;
    const [l1, l2] = curvatures();
    const R = 2;
    const f = new Frame(path.canvas, { x: [-R, R], y: [-R, R], xLabel: 'θ₁ (λ₁ direction)', yLabel: 'θ₂ (λ₂ direction)', equal: true });
    f.axes();
    f.clip(() => {
      // Level sets ½(λ₁θ₁² + λ₂θ₂²) = c: ellipses with semi-axes √(2c/λ).
      const L0 = 0.5 * (l1 * START[0] ** 2 + l2 * START[1] ** 2);
      const a = Array.from({ length: 121 }, (_, k) => (2 * Math.PI * k) / 120);
      for (let j = 1; j <= 6; j++) {
        const c = L0 * (j / 6) ** 2;
        f.line(a.map((u) => Math.sqrt((2 * c) / l1) * Math.cos(u)), a.map((u) => Math.sqrt((2 * c) / l2) * Math.sin(u)), '#ddd', 1);
      }
      f.line(result!.path.map((p) => p[0]), result!.path.map((p) => p[1]), COLORS[0]! + '40', 1);
      const upto = result!.path.slice(0, t + 1);
      f.line(upto.map((p) => p[0]), upto.map((p) => p[1]), COLORS[0]!, 1.5);
      for (const p of upto) f.dot(p[0], p[1], COLORS[0]!, 2.5, '');
      f.dot(START[0], START[1], '#000', 4);
    });
  }

  function drawDistance(t: number): void {
    if (!result) return;
    const ds = result.distances;
    const rho = result.spectralRadius;
    const finite = ds.filter((v) => Number.isFinite(v) && v > 0);
    const lo = Math.max(1e-12, Math.min(...finite, ds[0]! * rho ** STEPS));
    const hi = Math.max(...finite) * 2;
    const f = new Frame(dist.canvas, { x: [0, STEPS], y: [lo, hi], yLog: true, xLabel: 'step t', yLabel: '‖θ_t‖' });
    f.axes();
    f.clip(() => {
      const ks = Array.from({ length: STEPS + 1 }, (_, k) => k);
      f.line(ks, ks.map((k) => ds[0]! * rho ** k), COLORS[1]!, 1.5, [5, 3]);
      f.line(ds.map((_, k) => k), ds, COLORS[0]! + '40', 1);
      const upto = ds.slice(0, t + 1);
      f.line(upto.map((_, k) => k), upto, COLORS[0]!, 2);
    });
    dist.caption.textContent = result.diverged ? 'The iteration diverged.' : `‖θ_${Math.min(t, ds.length - 1)}‖ = ${formatValue(ds[Math.min(t, ds.length - 1)]!)}`;
  }

  function draw(): void {
    const t = Math.min(num(host.state, 'st.t'), STEPS);
    drawPlane();
    drawDiagram();
    drawPath(t);
    drawDistance(t);
  }

  diagram.canvas.addEventListener('click', (e) => {
    if (!result) return;
    const f = new Frame(diagram.canvas, { x: [0, result.diagram.lrMax], y: [0, result.diagram.betaMax] });
    const r = diagram.canvas.getBoundingClientRect();
    const [lr, beta] = f.invert(e.clientX - r.left, e.clientY - r.top);
    if (!(lr > 0) || beta < 0 || beta > result.diagram.betaMax) return draw();
    host.set('st.lr', round3(lr));
    host.set('st.beta', Math.round(beta * 100) / 100);
    host.set('st.t', 0);
    panel.sync();
    host.track(recompute());
  });

  return {
    id: 'stability',
    title: 'Stability',
    element: el,
    stepsPerFrame: 1,
    refresh: () => recompute(),
    async step(n) {
      const t = Math.min(STEPS, num(host.state, 'st.t') + n);
      host.set('st.t', t);
      draw();
      return t < STEPS;
    },
    draw,
    series: () =>
      result && {
        name: 'stability',
        columns: ['step', 'theta1', 'theta2', 'distance', 'envelope'],
        rows: result.distances.map((d, k) => [k, result!.path[k]?.[0] ?? NaN, result!.path[k]?.[1] ?? NaN, d, result!.distances[0]! * result!.spectralRadius ** k]),
      },
    sync: panel.sync,
  };
}

/** The fields under their URL keys, for the controls' ranges. */
function prefixed(prefix: string) {
  return Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [`${prefix}.${k}`, f]));
}

export const stabilityDefinition: ViewDefinition = {
  id: 'stability',
  title: 'Stability',
  prefix: 'st',
  fields: FIELDS,
  maxSteps: STEPS,
  guide,
  create: stabilityView,
};
