/**
 * Critical points of a 2-D surface by Newton's method on ∇f = 0 from a grid
 * of starts, all starts advanced together in one batch.
 *
 * Newton's step s = −H⁻¹∇f converges quadratically to any non-degenerate
 * critical point (minimum, maximum or saddle alike: it solves ∇f = 0, it
 * does not descend), and linearly to degenerate ones (for a homogeneous
 * cubic such as the monkey saddle, H θ = 2∇f, so each step halves θ).
 * H is inverted on its well-conditioned eigen-directions only (eigenvalues
 * below 1e-12·|λ|_max are dropped: a pseudo-inverse), and steps are capped
 * at `maxStep` so that starts near inflection lines do not jump far away.
 * Converged points (last step ≤ xtol) inside the domain are deduplicated
 * and classified by the inertia of H.
 */
import { classifyHessian, eigenSymmetric2, type CriticalKind } from './geometry.js';
import { gridPoints, makeGrid } from './grid.js';
import { surfaceGradients, surfaceHessians, type Surface, type SurfacePoint } from './surface.js';
import { checkInteger } from '../tensor/validate.js';

export interface CriticalPoint extends SurfacePoint {
  kind: CriticalKind;
  /** Hessian eigenvalues λ_min ≤ λ_max there. */
  eigenvalues: [number, number];
  /** ‖∇f‖ at the point. */
  gradNorm: number;
}

export interface FindCriticalOptions {
  /** Starts per axis on the surface's domain (default 21 → 441 starts). */
  starts?: number;
  /** Newton iterations (default 100). */
  maxIter?: number;
  /** Convergence: last Newton step length ≤ xtol (default 1e-10). */
  xtol?: number;
  /** Points closer than this are merged (default 1e-6 × domain diagonal). */
  dedupeTol?: number;
  /** Largest allowed step (default 0.25 × domain diagonal). */
  maxStep?: number;
  /** Zero-eigenvalue tolerance of the classification (see classifyHessian). */
  tol?: number;
}

/** Newton step s = −H⁺g on the eigenbasis of H, capped at length maxStep. */
function newtonStep(hxx: number, hxy: number, hyy: number, gx: number, gy: number, maxStep: number): [number, number] {
  const { values, vectors } = eigenSymmetric2(hxx, hxy, hyy);
  const big = Math.max(Math.abs(values[0]), Math.abs(values[1]));
  let sx = 0;
  let sy = 0;
  for (let e = 0; e < 2; e++) {
    if (Math.abs(values[e]) <= 1e-12 * big || values[e] === 0) continue;
    const [vx, vy] = vectors[e];
    const coef = -(vx * gx + vy * gy) / values[e];
    sx += coef * vx;
    sy += coef * vy;
  }
  const len = Math.hypot(sx, sy);
  if (len > maxStep) {
    sx *= maxStep / len;
    sy *= maxStep / len;
  }
  return [sx, sy];
}

/** Find, deduplicate and classify the critical points of `surface` inside its domain. */
export function findCriticalPoints(surface: Surface, options: FindCriticalOptions = {}): CriticalPoint[] {
  const fn = 'findCriticalPoints';
  const { x: xr, y: yr } = surface.domain;
  const diag = Math.hypot(xr[1] - xr[0], yr[1] - yr[0]);
  const { starts = 21, maxIter = 100, xtol = 1e-10, dedupeTol = 1e-6 * diag, maxStep = 0.25 * diag, tol } = options;
  checkInteger(fn, 'starts', starts, 2, 1000);
  checkInteger(fn, 'maxIter', maxIter, 1, 100_000);
  for (const [name, v] of [['xtol', xtol], ['dedupeTol', dedupeTol], ['maxStep', maxStep]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${fn}: ${name} must be a finite number > 0, got ${v}`);
  }
  const { px, py } = gridPoints(makeGrid(fn, { xRange: xr, yRange: yr, nx: starts }));
  // Active set: indices still iterating.
  let active = Array.from(px.keys());
  const converged: number[] = [];
  const inside = (k: number) => px[k] >= xr[0] - 1e-9 * diag && px[k] <= xr[1] + 1e-9 * diag && py[k] >= yr[0] - 1e-9 * diag && py[k] <= yr[1] + 1e-9 * diag;
  for (let it = 0; it < maxIter && active.length > 0; it++) {
    const ax = active.map((k) => px[k]);
    const ay = active.map((k) => py[k]);
    const { gx, gy } = surfaceGradients(surface, ax, ay);
    const h = surfaceHessians(surface, ax, ay);
    const next: number[] = [];
    active.forEach((k, a) => {
      const [sx, sy] = newtonStep(h.hxx[a], h.hxy[a], h.hyy[a], gx[a], gy[a], maxStep);
      px[k] += sx;
      py[k] += sy;
      if (!Number.isFinite(px[k]) || !Number.isFinite(py[k]) || !inside(k)) return; // left the domain: dropped
      if (Math.hypot(sx, sy) <= xtol) converged.push(k);
      else next.push(k);
    });
    active = next;
  }
  // Deduplicate converged points (greedy, in start order).
  const kept: [number, number][] = [];
  for (const k of converged) {
    if (!kept.some(([x, y]) => Math.hypot(x - px[k], y - py[k]) <= dedupeTol)) kept.push([px[k], py[k]]);
  }
  if (kept.length === 0) return [];
  const xs = kept.map((p) => p[0]);
  const ys = kept.map((p) => p[1]);
  const { f, gx, gy } = surfaceGradients(surface, xs, ys);
  const h = surfaceHessians(surface, xs, ys);
  const points = kept.map(([x, y], i): CriticalPoint => {
    const e = eigenSymmetric2(h.hxx[i], h.hxy[i], h.hyy[i]);
    return {
      x,
      y,
      f: f[i],
      kind: classifyHessian(h.hxx[i], h.hxy[i], h.hyy[i], { tol }),
      eigenvalues: e.values,
      gradNorm: Math.hypot(gx[i], gy[i]),
    };
  });
  const order: Record<CriticalKind, number> = { minimum: 0, saddle: 1, maximum: 2, degenerate: 3 };
  return points.sort((a, b) => order[a.kind] - order[b.kind] || a.f - b.f || a.x - b.x || a.y - b.y);
}

/** The point of `candidates` nearest to (x, y), with its distance (null if there are none). */
export function nearestPoint<P extends { x: number; y: number }>(candidates: readonly P[], x: number, y: number): { point: P; index: number; distance: number } | null {
  let best: { point: P; index: number; distance: number } | null = null;
  candidates.forEach((point, index) => {
    const distance = Math.hypot(point.x - x, point.y - y);
    if (!best || distance < best.distance) best = { point, index, distance };
  });
  return best;
}
