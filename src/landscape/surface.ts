/**
 * The `Surface` type: a differentiable test function f: ℝ² → ℝ with its
 * plotting domain and its known critical points, plus point-wise helpers
 * that read f, ∇f and the Hessian off the autodiff.
 *
 * `f` accepts a point `xy` of shape [2] (returns a scalar tensor) or a batch
 * of shape [N, 2] (returns shape [N]). Rows of a batch never interact, so the
 * gradient of Σᵢ f(xyᵢ) with respect to the batch is, row by row, ∇f(xyᵢ);
 * every batched helper in this module relies on that.
 */
import { Tensor, enableGrad, hvp, noGrad, tensor } from '../autograd/index.js';

export interface SurfacePoint {
  x: number;
  y: number;
  f: number;
}

export interface Surface {
  /** Short machine id, e.g. `himmelblau`. */
  id: string;
  /** Display name, e.g. "Himmelblau". */
  name: string;
  /** f(xy) for xy of shape [2] (scalar result) or [N, 2] (result [N]). */
  f: (xy: Tensor) => Tensor;
  /** Plotting / search domain. */
  domain: { x: [number, number]; y: [number, number] };
  /** Known local minima (the global one(s) included), from the literature. */
  minima: SurfacePoint[];
  saddles?: SurfacePoint[];
  maxima?: SurfacePoint[];
  /** Suggested starting points for optimizer runs. */
  start?: [number, number][];
  /** Where the function comes from and what it shows. */
  note: string;
}

/** The two coordinates of `xy` ([2] → two scalars, [N, 2] → two [N] vectors). */
export function coordinates(xy: Tensor, fn: string): [Tensor, Tensor] {
  const s = xy.shape;
  if (!((s.length === 1 && s[0] === 2) || (s.length === 2 && s[1] === 2))) {
    throw new Error(`${fn}: xy must have shape [2] or [N, 2], got [${s.join(', ')}]`);
  }
  return [xy.select(-1, 0), xy.select(-1, 1)];
}

function checkFinitePoint(fn: string, x: number, y: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`${fn}: the point (x, y) must be finite, got (${x}, ${y})`);
}

/** f(x, y) as a number, without recording a graph. */
export function surfaceValue(surface: Surface, x: number, y: number): number {
  checkFinitePoint('surfaceValue', x, y);
  return noGrad(() => surface.f(tensor([x, y])).item());
}

/** Values at many points (xs[i], ys[i]) in one batched call, without recording a graph. */
export function surfaceValues(surface: Surface, xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const xy = packPoints('surfaceValues', xs, ys);
  return noGrad(() => Float64Array.from(surface.f(xy).data));
}

/** Interleave xs and ys into a [N, 2] tensor. */
export function packPoints(fn: string, xs: ArrayLike<number>, ys: ArrayLike<number>, requiresGrad = false): Tensor {
  if (xs.length !== ys.length) throw new Error(`${fn}: xs and ys must have the same length, got ${xs.length} and ${ys.length}`);
  if (xs.length === 0) throw new Error(`${fn}: at least one point is needed`);
  const data = new Float64Array(2 * xs.length);
  for (let i = 0; i < xs.length; i++) {
    data[2 * i] = xs[i];
    data[2 * i + 1] = ys[i];
  }
  return tensor(data, { shape: [xs.length, 2], requiresGrad });
}

/** Gradients at N points: gx[i], gy[i] = ∇f(xs[i], ys[i]) by one reverse pass over the batch. */
export function surfaceGradients(surface: Surface, xs: ArrayLike<number>, ys: ArrayLike<number>): { gx: Float64Array; gy: Float64Array; f: Float64Array } {
  const xy = packPoints('surfaceGradients', xs, ys, true);
  // enableGrad: callers may sit inside a noGrad block (e.g. a grid evaluation).
  const out = enableGrad(() => {
    const o = surface.f(xy);
    o.sum().backward();
    return o;
  });
  const g = xy.grad!.data;
  const n = xs.length;
  const gx = new Float64Array(n);
  const gy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    gx[i] = g[2 * i];
    gy[i] = g[2 * i + 1];
  }
  return { gx, gy, f: Float64Array.from(out.detach().data) };
}

/** ∇f(x, y) = [∂f/∂x, ∂f/∂y]. */
export function surfaceGradient(surface: Surface, x: number, y: number): [number, number] {
  checkFinitePoint('surfaceGradient', x, y);
  const { gx, gy } = surfaceGradients(surface, [x], [y]);
  return [gx[0], gy[0]];
}

/** Symmetric 2×2 Hessians at N points: [f_xx, f_xy, f_yy] per point. */
export interface HessianBatch {
  hxx: Float64Array;
  hxy: Float64Array;
  hyy: Float64Array;
}

/**
 * Hessians at N points by two batched Hessian-vector products:
 * H·e_x = (f_xx, f_xy) and H·e_y = (f_xy, f_yy) for all rows at once.
 * f_xy is averaged from both products (they agree up to rounding).
 */
export function surfaceHessians(surface: Surface, xs: ArrayLike<number>, ys: ArrayLike<number>): HessianBatch {
  const xy = packPoints('surfaceHessians', xs, ys);
  const n = xs.length;
  const total = (p: Tensor) => surface.f(p).sum();
  const ex = new Float64Array(2 * n);
  const ey = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    ex[2 * i] = 1;
    ey[2 * i + 1] = 1;
  }
  const hx = (hvp(total, xy, tensor(ex, { shape: [n, 2] })) as Tensor).data;
  const hy = (hvp(total, xy, tensor(ey, { shape: [n, 2] })) as Tensor).data;
  const hxx = new Float64Array(n);
  const hxy = new Float64Array(n);
  const hyy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hxx[i] = hx[2 * i];
    hxy[i] = 0.5 * (hx[2 * i + 1] + hy[2 * i]);
    hyy[i] = hy[2 * i + 1];
  }
  return { hxx, hxy, hyy };
}

/** The Hessian at one point as [f_xx, f_xy, f_yy]. */
export function surfaceHessian(surface: Surface, x: number, y: number): [number, number, number] {
  checkFinitePoint('surfaceHessian', x, y);
  const h = surfaceHessians(surface, [x], [y]);
  return [h.hxx[0], h.hxy[0], h.hyy[0]];
}
