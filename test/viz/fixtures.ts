/**
 * Sample figure specs, one per kind, built from small closed-form dynamics so
 * the renders are meaningful to look at.
 */
import type {
  BarsFigure,
  ComplexPlaneFigure,
  ContourFigure,
  FigureSpec,
  HeatmapFigure,
  LineFigure,
  LineSeries,
  PanelsFigure,
  ScatterFigure,
  StabilityFigure,
} from '../../src/spec/figure.js';

/** Gradient descent on L(θ) = ½ λ θ² gives θ_t = (1 − ηλ)^t θ_0, so L_t = L_0 (1 − ηλ)^{2t}. */
export const lineSpec: LineFigure = {
  kind: 'line',
  title: 'Gradient descent on a quadratic: loss against step',
  subtitle: 'L(θ) = ½ λ θ², λ = 1, three step sizes',
  caption: 'Loss decays geometrically at rate (1 − ηλ)² per step; the dashed line marks a tolerance level.',
  x: { label: 'step t', scale: 'log' },
  y: { label: 'loss L(θ)', scale: 'log' },
  series: [0.05, 0.2, 1.9].map((eta, k) => ({
    name: `η = ${eta}`,
    style: (['solid', 'dashed', 'dotted'] as const)[k],
    points: Array.from({ length: 100 }, (_, i) => ({ x: i + 1, y: 0.5 * (1 - eta) ** (2 * (i + 1)) })),
  })),
  references: [{ axis: 'y', value: 1e-6, label: 'tolerance 10⁻⁶' }],
  bands: [{ axis: 'x', from: 1, to: 5, label: 'transient' }],
};

/** Sharpness against step with the edge-of-stability level 2/η. */
export const sharpnessSpec: LineFigure = {
  kind: 'line',
  title: 'Sharpness rises to the edge of stability',
  x: { label: 'step t' },
  y: { label: 'sharpness λ_max(∇²L)' },
  series: [
    { name: 'λ_max', points: Array.from({ length: 200 }, (_, t) => ({ x: t, y: 20 * (1 - Math.exp(-t / 40)) + (t > 120 ? Math.sin(t) * 0.5 : 0) })) },
  ],
  references: [{ axis: 'y', value: 2 / 0.1, label: '2/η' }],
};

export const scatterSpec: ScatterFigure = {
  kind: 'scatter',
  title: 'Final loss against step size',
  x: { label: 'step size η', scale: 'log' },
  y: { label: 'final loss L(θ_T)', scale: 'log' },
  groups: ['SGD', 'momentum β = 0.9', 'Adam'].map((name, g) => ({
    name,
    points: Array.from({ length: 12 }, (_, i) => {
      const eta = 10 ** (-3 + (i * 3) / 11);
      return { x: eta, y: 1e-4 * (1 + g) / eta + eta ** 2 * (g + 1) };
    }),
  })),
  references: [{ axis: 'x', value: 1, label: 'η = 2/λ_max' }],
};

/** Rosenbrock-like valley sampled on a grid, with two descent paths. */
const nx = 61;
const ny = 41;
const xr: [number, number] = [-2, 2];
const yr: [number, number] = [-1, 3];
const rosen = (x: number, y: number) => (1 - x) ** 2 + 10 * (y - x * x) ** 2;
const gridValues: number[] = [];
for (let j = 0; j < ny; j++) {
  for (let i = 0; i < nx; i++) gridValues.push(rosen(xr[0] + ((xr[1] - xr[0]) * i) / (nx - 1), yr[0] + ((yr[1] - yr[0]) * j) / (ny - 1)));
}

function descent(x0: number, y0: number, eta: number, beta: number, steps: number) {
  let x = x0;
  let y = y0;
  let vx = 0;
  let vy = 0;
  const points = [{ x, y }];
  for (let t = 0; t < steps; t++) {
    const gx = -2 * (1 - x) - 40 * x * (y - x * x);
    const gy = 20 * (y - x * x);
    vx = beta * vx - eta * gx;
    vy = beta * vy - eta * gy;
    x += vx;
    y += vy;
    points.push({ x, y });
  }
  return points;
}

export const contourSpec: ContourFigure = {
  kind: 'contour',
  title: 'Descent paths on a curved valley',
  subtitle: 'L(θ) = (1 − θ₁)² + 10 (θ₂ − θ₁²)², log-spaced levels',
  x: { label: 'parameter θ₁' },
  y: { label: 'parameter θ₂' },
  value: { label: 'loss L(θ)' },
  grid: { nx, ny, xRange: xr, yRange: yr, values: gridValues },
  levels: { count: 10, spacing: 'log' },
  trajectories: [
    { name: 'GD, η = 0.004', points: descent(-1.8, 0.5, 0.004, 0, 400) },
    { name: 'heavy ball, β = 0.8', points: descent(-1.5, 2.5, 0.005, 0.8, 300) },
  ],
  points: [{ label: 'θ* = (1, 1)', x: 1, y: 1 }],
};

export const heatmapSpec: HeatmapFigure = {
  kind: 'heatmap',
  title: 'Change in loss after one step',
  x: { label: 'step size η', scale: 'log' },
  y: { label: 'curvature λ', scale: 'log' },
  color: { label: 'ΔL / L', scheme: 'diverging', center: 0 },
  grid: {
    nx: 30,
    ny: 20,
    xRange: [1e-3, 10],
    yRange: [0.1, 10],
    values: Array.from({ length: 600 }, (_, k) => {
      const eta = 10 ** (-3 + (4 * (k % 30)) / 29);
      const lambda = 10 ** (-1 + (2 * Math.floor(k / 30)) / 19);
      return Math.min(3, (1 - eta * lambda) ** 2 - 1);
    }),
  },
};

/**
 * Heavy-ball momentum on a quadratic with curvature λ = 1 is stable iff
 * 0 < η < 2(1 + β) (Polyak 1964); oscillation sets in when the characteristic
 * roots become complex, (1 + β − η)² < 4β.
 */
const sgx = 40;
const sgy = 30;
const stabilityCells: number[] = [];
for (let j = 0; j < sgy; j++) {
  for (let i = 0; i < sgx; i++) {
    const eta = 0.05 + (4.5 * i) / (sgx - 1);
    const beta = (0.99 * j) / (sgy - 1);
    const diverges = eta >= 2 * (1 + beta);
    const complex = (1 + beta - eta) ** 2 < 4 * beta;
    stabilityCells.push(diverges ? 2 : complex ? 1 : 0);
  }
}
export const stabilitySpec: StabilityFigure = {
  kind: 'stability',
  title: 'Heavy-ball momentum on a quadratic (λ = 1)',
  x: { label: 'step size η' },
  y: { label: 'momentum β' },
  regimes: ['monotone convergence', 'oscillating convergence', 'divergence'],
  grid: { nx: sgx, ny: sgy, xRange: [0.05, 4.55], yRange: [0, 0.99] },
  cells: stabilityCells,
  boundaries: [
    { name: 'theory: η = 2(1 + β)', points: Array.from({ length: 50 }, (_, k) => ({ x: 2 * (1 + (0.99 * k) / 49), y: (0.99 * k) / 49 })) },
  ],
  caption: 'Cells: observed behaviour after 200 steps. Line: the analytic stability boundary.',
};

export const complexSpec: ComplexPlaneFigure = {
  kind: 'complexPlane',
  title: 'Eigenvalues of the heavy-ball update matrix',
  groups: [
    { name: 'η = 0.5, β = 0.5', points: [{ re: 0.5, im: 0.5 }, { re: 0.5, im: -0.5 }] },
    { name: 'η = 3.5, β = 0.5', points: [{ re: -0.5 - Math.sqrt(1.5 ** 2 / 1 - 0.5) * 0.9, im: 0 }, { re: -0.35, im: 0 }] },
  ],
};

export const barsSpec: BarsFigure = {
  kind: 'bars',
  title: 'Gradient norm per layer',
  categories: ['layer 1', 'layer 2', 'layer 3', 'layer 4'],
  xLabel: 'layer',
  y: { label: 'gradient norm ‖∇L‖', scale: 'log' },
  groups: [
    { name: 'step 0', values: [1.2, 0.4, 0.08, 0.01] },
    { name: 'step 1000', values: [0.3, 0.2, 0.15, 0.09] },
  ],
};

/** Small multiples: 8 seeds' loss curves per panel drawn as context with their median in focus, per step size. */
function seedCurves(lr: number, seeds: number): LineSeries[] {
  const curve = (rate: number) => Array.from({ length: 21 }, (_, t) => ({ x: 10 * t, y: Math.exp(-rate * 10 * t) + 1e-3 }));
  const rates = Array.from({ length: seeds }, (_, k) => lr * (0.8 + (0.4 * k) / (seeds - 1)));
  return [
    ...rates.map((r) => ({ name: 'seed', points: curve(r), emphasis: 'context' as const })),
    { name: 'median over seeds', points: curve(lr), emphasis: 'focus' as const },
  ];
}

export const panelsSpec: PanelsFigure = {
  kind: 'panels',
  title: 'Training loss per step size η',
  caption: 'Each panel: 8 seeds (faint) and their median (bold); the y axes are shared, so the faster decay at larger η reads across panels.',
  panels: [0.01, 0.03, 0.1].map((lr) => ({
    kind: 'line' as const,
    title: `η = ${lr}`,
    x: { label: 'step t' },
    y: { label: 'loss L(θ_t)', scale: 'log' as const },
    series: seedCurves(lr, 8),
  })),
};

export const allSpecs: Record<FigureSpec['kind'], FigureSpec> = {
  panels: panelsSpec,
  line: lineSpec,
  scatter: scatterSpec,
  contour: contourSpec,
  heatmap: heatmapSpec,
  stability: stabilitySpec,
  complexPlane: complexSpec,
  bars: barsSpec,
};

/**
 * Small multiples of one field: the curved valley above, one panel per descent
 * path with that path in focus and the others as context. All panels colour
 * the same loss with the same levels, so they share one colour bar.
 */
const valleyPaths = [
  { name: 'GD, η = 0.004', points: descent(-1.8, 0.5, 0.004, 0, 400) },
  { name: 'heavy ball, β = 0.8', points: descent(-1.5, 2.5, 0.005, 0.8, 300) },
  { name: 'heavy ball, β = 0.5', points: descent(1.8, 2.5, 0.005, 0.5, 300) },
];
export const contourPanelsSpec: PanelsFigure = {
  kind: 'panels',
  title: 'Descent paths on a curved valley, one panel per optimizer',
  caption: 'Each panel: one optimizer’s path (bold, ○ start, ● end) over the others’ (faint); the colour bar is shared.',
  panels: valleyPaths.map((focus, i) => ({
    ...contourSpec,
    title: focus.name,
    subtitle: `path ${i + 1} of ${valleyPaths.length}`,
    caption: undefined,
    trajectories: valleyPaths.map((t) => ({ ...t, emphasis: t === focus ? ('focus' as const) : ('context' as const) })),
  })),
};
