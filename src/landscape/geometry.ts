/**
 * Local geometry of a 2-D surface: gradient field, Hessian spectrum,
 * condition number and the second-derivative test.
 *
 * Symmetric 2×2 eigenproblem in closed form: for H = [[a, b], [b, c]],
 *   λ± = m ± r,  m = (a + c)/2,  r = √(((a − c)/2)² + b²),
 * and the eigenvector of λ₊ makes the angle φ = ½·atan2(2b, a − c) with the
 * x axis (the one of λ₋ is perpendicular). The eigenvalue of smaller
 * magnitude is taken from det H = λ₊λ₋ to avoid the cancellation in m ∓ r.
 */
import { makeGrid, gridPoints, type Grid2D, type GridOptions } from './grid.js';
import { surfaceGradients, surfaceHessians, type Surface } from './surface.js';
import { checkNonNegativeNumber } from '../tensor/validate.js';

export interface Eigen2 {
  /** λ_min ≤ λ_max. */
  values: [number, number];
  /** Unit eigenvectors of values[0] and values[1]. */
  vectors: [[number, number], [number, number]];
  /** Angle (radians, in (−π/2, π/2]) of the eigenvector of λ_max from the x axis. */
  angle: number;
}

/** Eigen-decomposition of the symmetric [[a, b], [b, c]] in closed form. */
export function eigenSymmetric2(a: number, b: number, c: number): Eigen2 {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) {
    throw new Error(`eigenSymmetric2: entries must be finite, got a = ${a}, b = ${b}, c = ${c}`);
  }
  const m = 0.5 * (a + c);
  const r = Math.hypot(0.5 * (a - c), b);
  let lo = m - r;
  let hi = m + r;
  const det = a * c - b * b;
  if (m > 0 && hi !== 0) lo = det / hi;
  else if (m < 0 && lo !== 0) hi = det / lo;
  const angle = r === 0 ? 0 : 0.5 * Math.atan2(2 * b, a - c);
  const cs = Math.cos(angle);
  const sn = Math.sin(angle);
  return {
    values: [lo, hi],
    vectors: [
      [-sn, cs],
      [cs, sn],
    ],
    angle,
  };
}

export type CriticalKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

/**
 * Second-derivative test by the inertia of H: both eigenvalues > 0 → minimum,
 * both < 0 → maximum, opposite signs → saddle; an eigenvalue with
 * |λ| ≤ tol·max(1, |λ|_max) counts as zero and makes the point degenerate
 * (the test is inconclusive, e.g. the monkey saddle).
 */
export function classifyHessian(hxx: number, hxy: number, hyy: number, { tol = 1e-6 }: { tol?: number } = {}): CriticalKind {
  checkNonNegativeNumber('classifyHessian', 'tol', tol);
  const { values } = eigenSymmetric2(hxx, hxy, hyy);
  const scale = Math.max(1, Math.abs(values[0]), Math.abs(values[1]));
  const zero = (l: number) => Math.abs(l) <= tol * scale;
  if (zero(values[0]) || zero(values[1])) return 'degenerate';
  if (values[0] > 0) return 'minimum';
  if (values[1] < 0) return 'maximum';
  return 'saddle';
}

export interface GradientField {
  grid: Grid2D;
  /** f, ∂f/∂x, ∂f/∂y at grid point k = j·nx + i. */
  f: Float64Array;
  gx: Float64Array;
  gy: Float64Array;
  /** ‖∇f‖. */
  norm: Float64Array;
}

/** Gradient of `surface` on a grid (default: its domain, 41 × 41), one batched reverse pass. */
export function gradientField(surface: Surface, options: Partial<GridOptions> = {}): GradientField {
  const grid = makeGrid('gradientField', { xRange: surface.domain.x, yRange: surface.domain.y, nx: 41, ...options });
  const { px, py } = gridPoints(grid);
  const { f, gx, gy } = surfaceGradients(surface, px, py);
  const norm = new Float64Array(px.length);
  for (let k = 0; k < px.length; k++) norm[k] = Math.hypot(gx[k], gy[k]);
  return { grid, f, gx, gy, norm };
}

export interface HessianField {
  grid: Grid2D;
  hxx: Float64Array;
  hxy: Float64Array;
  hyy: Float64Array;
  lambdaMin: Float64Array;
  lambdaMax: Float64Array;
  /** Angle of the λ_max eigenvector (principal curvature direction). */
  angle: Float64Array;
  /** |λ|_max / |λ|_min (∞ where an eigenvalue is 0). */
  condition: Float64Array;
  /** Inertia class of H at each point (tolerance as in classifyHessian). */
  kind: CriticalKind[];
}

/** Hessian spectrum of `surface` on a grid (default: its domain, 41 × 41). */
export function hessianField(surface: Surface, options: Partial<GridOptions> & { tol?: number } = {}): HessianField {
  const { tol, ...gridOptions } = options;
  const grid = makeGrid('hessianField', { xRange: surface.domain.x, yRange: surface.domain.y, nx: 41, ...gridOptions });
  const { px, py } = gridPoints(grid);
  const { hxx, hxy, hyy } = surfaceHessians(surface, px, py);
  const n = px.length;
  const lambdaMin = new Float64Array(n);
  const lambdaMax = new Float64Array(n);
  const angle = new Float64Array(n);
  const condition = new Float64Array(n);
  const kind: CriticalKind[] = [];
  for (let k = 0; k < n; k++) {
    const e = eigenSymmetric2(hxx[k], hxy[k], hyy[k]);
    lambdaMin[k] = e.values[0];
    lambdaMax[k] = e.values[1];
    angle[k] = e.angle;
    condition[k] = conditionNumber(e.values[0], e.values[1]);
    kind.push(classifyHessian(hxx[k], hxy[k], hyy[k], { tol }));
  }
  return { grid, hxx, hxy, hyy, lambdaMin, lambdaMax, angle, condition, kind };
}

/** |λ|_max / |λ|_min of a 2×2 spectrum (∞ if singular, 1 for H = 0 scaled identity). */
export function conditionNumber(l1: number, l2: number): number {
  const a = Math.abs(l1);
  const b = Math.abs(l2);
  const small = Math.min(a, b);
  const big = Math.max(a, b);
  if (big === 0) return Infinity;
  return small === 0 ? Infinity : big / small;
}
