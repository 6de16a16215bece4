/**
 * Landscape view's computations (run in the worker): the surface on a
 * grid, five optimizers from one start point (src/landscape's
 * runTrajectory with src/optim's torch-semantics optimizers), and the
 * exact Hessian's eigen-decomposition at a point (autodiff, not
 * differences), whose largest eigenvalue sets GD's stability limit
 * η < 2/λ_max.
 */
import {
  beale,
  eigenSymmetric2,
  himmelblau,
  quadratic,
  ringValley,
  rosenbrock,
  runTrajectory,
  saddle,
  sixHumpCamel,
  surfaceHessian,
  surfaceValues,
  type OptimizerSpec,
  type Surface,
} from '../../src/landscape/index.js';

/** The surfaces offered, by id; 'ravine' is an ill-conditioned rotated quadratic (κ = 50). */
export const SURFACE_FACTORIES: Record<string, () => Surface> = {
  rosenbrock: () => rosenbrock(),
  himmelblau: () => himmelblau(),
  beale: () => beale(),
  ravine: () => ({ ...quadratic({ kappa: 50, angle: 0.5 }), id: 'ravine', name: 'quadratic ravine (κ = 50)' }),
  saddle: () => saddle(),
  camel: () => sixHumpCamel(),
  ring: () => ringValley(),
};

export const SURFACE_LABELS: Record<string, string> = {
  rosenbrock: 'Rosenbrock',
  himmelblau: 'Himmelblau',
  beale: 'Beale',
  ravine: 'Quadratic ravine (κ = 50)',
  saddle: 'Saddle x² − y²',
  camel: 'Six-hump camel',
  ring: 'Ring valley',
};

const cache = new Map<string, Surface>();

export function surfaceById(id: string): Surface {
  const make = Object.hasOwn(SURFACE_FACTORIES, id) ? SURFACE_FACTORIES[id] : undefined;
  if (!make) throw new Error(`surfaceById: unknown surface '${id}' (allowed: ${Object.keys(SURFACE_FACTORIES).join(', ')})`);
  let s = cache.get(id);
  if (!s) cache.set(id, (s = make()));
  return s;
}

export interface SurfaceGrid {
  id: string;
  name: string;
  note: string;
  nx: number;
  ny: number;
  x: [number, number];
  y: [number, number];
  /** f at (x_i, y_j), index j·nx + i, y ascending. */
  values: Float64Array;
  minima: { x: number; y: number; f: number }[];
  /** The surface's suggested start point. */
  start: [number, number];
}

/** f on an nx × ny grid over the surface's domain (one batched evaluation). */
export function surfaceGrid(id: string, nx = 200, ny = 200): SurfaceGrid {
  const s = surfaceById(id);
  const xs = new Float64Array(nx * ny);
  const ys = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      xs[j * nx + i] = s.domain.x[0] + ((s.domain.x[1] - s.domain.x[0]) * i) / (nx - 1);
      ys[j * nx + i] = s.domain.y[0] + ((s.domain.y[1] - s.domain.y[0]) * j) / (ny - 1);
    }
  }
  return { id, name: s.name, note: s.note, nx, ny, x: [...s.domain.x], y: [...s.domain.y], values: surfaceValues(s, xs, ys), minima: s.minima, start: [...(s.start?.[0] ?? [0, 0])] as [number, number] };
}

export interface Curvature {
  x: number;
  y: number;
  /** λ_min ≤ λ_max of the Hessian and their unit eigenvectors. */
  values: [number, number];
  vectors: [[number, number], [number, number]];
}

export function curvatureAt(id: string, x: number, y: number): Curvature {
  const [a, b, c] = surfaceHessian(surfaceById(id), x, y);
  const e = eigenSymmetric2(a, b, c);
  return { x, y, values: e.values, vectors: e.vectors };
}

export interface LandscapeParams {
  surface: string;
  start: [number, number];
  /** Step size of SGD, momentum and Nesterov. */
  lr: number;
  /** Step size of RMSprop and Adam. */
  adaptiveLr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  steps: number;
}

/** The five optimizers of the view, as src/landscape OptimizerSpecs. */
export function optimizerSpecs(p: LandscapeParams): { name: string; spec: OptimizerSpec }[] {
  return [
    { name: 'SGD', spec: { kind: 'sgd', lr: p.lr } },
    { name: 'Momentum', spec: { kind: 'sgd', lr: p.lr, momentum: p.momentum } },
    // At β = 0 Nesterov's update is plain SGD's, which torch (and src/optim) refuses to run with nesterov=True: run SGD.
    { name: 'Nesterov', spec: p.momentum > 0 ? { kind: 'sgd', lr: p.lr, momentum: p.momentum, nesterov: true } : { kind: 'sgd', lr: p.lr } },
    { name: 'RMSprop', spec: { kind: 'rmsprop', lr: p.adaptiveLr, alpha: p.beta2 } },
    { name: 'Adam', spec: { kind: 'adam', lr: p.adaptiveLr, beta1: p.beta1, beta2: p.beta2 } },
  ];
}

export interface LandscapeRun {
  name: string;
  path: [number, number][];
  losses: number[];
  diverged: boolean;
}

export interface LandscapeResult {
  runs: LandscapeRun[];
  /** Hessian at the start point: its λ_max sets the limit 2/λ_max of the step size. */
  startCurvature: Curvature;
  /** Smallest known minimum value (loss curves show f − f*), or null. */
  fStar: number | null;
}

export function landscapeRuns(p: LandscapeParams): LandscapeResult {
  const s = surfaceById(p.surface);
  const runs = optimizerSpecs(p).map(({ name, spec }) => {
    const r = runTrajectory(s, p.start, spec, { steps: p.steps, divergeRadius: 1e4 }, name);
    return { name, path: r.path, losses: r.losses, diverged: r.diverged };
  });
  const fStar = s.minima.length > 0 ? Math.min(...s.minima.map((m) => m.f)) : null;
  return { runs, startCurvature: curvatureAt(p.surface, p.start[0], p.start[1]), fStar };
}

/** The worker's requests for the landscape view (and the flow view's surface and curvature). */
export const landscapeHandlers = {
  grid: ({ surface }: { surface: string }): SurfaceGrid => surfaceGrid(surface),
  landscape: (p: LandscapeParams): LandscapeResult => landscapeRuns(p),
  curvature: ({ surface, x, y }: { surface: string; x: number; y: number }): Curvature => curvatureAt(surface, x, y),
};
