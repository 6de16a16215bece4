/**
 * Basins of attraction: which known minimum an optimizer reaches from each
 * start point of a grid.
 *
 * All starts advance together as one [N, 2] Parameter under one optimizer
 * (valid for src/optim's element-wise optimizers, see trajectories.ts), so
 * a 101 × 101 map costs `steps` batched gradient evaluations. A start is
 * labelled with minimum m if, at the end, it lies within `tol` of m; since
 * momentum methods can pass through a ball and leave, `steps` also reports
 * since when it has stayed there. Runs whose point becomes non-finite or
 * leaves the ball of radius `divergeRadius` around the domain's centre are
 * 'diverged'; the rest are 'not converged'.
 */
import { Parameter, enableGrad, tensor } from '../autograd/index.js';
import { gridPoints, makeGrid, type Grid2D } from './grid.js';
import type { Surface, SurfacePoint } from './surface.js';
import { resolveFactory, type OptimizerFactory, type OptimizerSpec } from './trajectories.js';
import { checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';

/** Label codes besides the minimum's index. */
export const DIVERGED = -1;
export const NOT_CONVERGED = -2;

export interface BasinsOptions {
  nx?: number;
  ny?: number;
  /** Grid ranges (default: the surface's domain). */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Optimizer steps (default 1000). */
  steps?: number;
  /** Radius of the ball around a minimum that counts as reaching it (default 1e-3 × domain diagonal). */
  tol?: number;
  /** Diverged beyond this distance from the domain's centre (default 10 × domain diagonal). */
  divergeRadius?: number;
  /** Target minima (default surface.minima). */
  minima?: SurfacePoint[];
}

export interface BasinsMap {
  grid: Grid2D;
  minima: SurfacePoint[];
  /** Per start k = j·nx + i: index into `minima`, DIVERGED (−1) or NOT_CONVERGED (−2). */
  labels: Int32Array;
  /** Step since which the run has stayed within tol of its minimum (−1 if unlabelled). */
  steps: Int32Array;
  /** End points: (final[2k], final[2k + 1]) for start k. */
  final: Float64Array;
  /** Starts per minimum, then diverged and not converged. */
  counts: { minima: number[]; diverged: number; notConverged: number };
  seconds: number;
}

/** Map the basins of attraction of `surface`'s minima under `optimizer`. */
export function basinsOfAttraction(surface: Surface, optimizer: OptimizerFactory | OptimizerSpec, options: BasinsOptions = {}): BasinsMap {
  const fn = 'basinsOfAttraction';
  const { x: dx, y: dy } = surface.domain;
  const diag = Math.hypot(dx[1] - dx[0], dy[1] - dy[0]);
  const { nx = 41, ny = nx, xRange = dx, yRange = dy, steps = 1000, tol = 1e-3 * diag, divergeRadius = 10 * diag, minima = surface.minima } = options;
  if (minima.length === 0) throw new Error(`${fn}: the surface '${surface.id}' lists no minima; pass options.minima`);
  checkPositiveInteger(fn, 'steps', steps);
  checkPositiveNumber(fn, 'tol', tol);
  checkPositiveNumber(fn, 'divergeRadius', divergeRadius);
  const grid = makeGrid(fn, { xRange, yRange, nx, ny });
  const { px, py } = gridPoints(grid);
  const n = px.length;
  const data = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    data[2 * k] = px[k];
    data[2 * k + 1] = py[k];
  }
  const theta = new Parameter(tensor(data, { shape: [n, 2] }));
  const opt = resolveFactory(optimizer)([theta]);
  const cx = 0.5 * (dx[0] + dx[1]);
  const cy = 0.5 * (dy[0] + dy[1]);
  const nearest = new Int32Array(n).fill(-1);
  const since = new Int32Array(n).fill(-1);
  const diverged = new Uint8Array(n);
  const t0 = performance.now();
  const track = (t: number) => {
    const p = theta.data;
    for (let k = 0; k < n; k++) {
      if (diverged[k]) continue;
      const x = p[2 * k];
      const y = p[2 * k + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.hypot(x - cx, y - cy) > divergeRadius) {
        diverged[k] = 1;
        continue;
      }
      let hit = -1;
      for (let m = 0; m < minima.length; m++) {
        if (Math.hypot(x - minima[m].x, y - minima[m].y) <= tol) {
          hit = m;
          break;
        }
      }
      if (hit !== nearest[k]) {
        nearest[k] = hit;
        since[k] = hit >= 0 ? t : -1;
      }
    }
  };
  track(0);
  for (let t = 1; t <= steps; t++) {
    opt.zeroGrad();
    enableGrad(() => surface.f(theta).sum().backward());
    opt.step();
    track(t);
  }
  const labels = new Int32Array(n);
  const counts = { minima: minima.map(() => 0), diverged: 0, notConverged: 0 };
  for (let k = 0; k < n; k++) {
    if (diverged[k]) {
      labels[k] = DIVERGED;
      since[k] = -1;
      counts.diverged++;
    } else if (nearest[k] >= 0) {
      labels[k] = nearest[k];
      counts.minima[nearest[k]]++;
    } else {
      labels[k] = NOT_CONVERGED;
      counts.notConverged++;
    }
  }
  return { grid, minima, labels, steps: since, final: Float64Array.from(theta.data), counts, seconds: (performance.now() - t0) / 1000 };
}
