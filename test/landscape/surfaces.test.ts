import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/autograd/index.js';
import {
  allSurfaces,
  eigenSymmetric2,
  quadratic,
  rastrigin,
  ringValley,
  rosenbrock,
  surfaceGradient,
  surfaceGradients,
  surfaceHessian,
  surfaceValue,
  surfaceValues,
  type SurfacePoint,
} from '../../src/landscape/index.js';

/** Decimal places a literature value is quoted with (0 for integers). */
function decimals(v: number): number {
  const s = String(v);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * A point quoted to d decimals is within δ = ½·10⁻ᵈ of the true one in each
 * coordinate, so |∇f| ≤ λ_max(H)·√2·δ to first order; we allow twice that,
 * plus 1e-9 for the rounding of f's evaluation at exact points.
 */
function gradientTolerance(surfaceF: (x: number, y: number) => [number, number, number], p: SurfacePoint): number {
  const d = Math.max(decimals(p.x), decimals(p.y));
  const [hxx, hxy, hyy] = surfaceF(p.x, p.y);
  const lmax = Math.max(...eigenSymmetric2(hxx, hxy, hyy).values.map(Math.abs));
  return d === 0 ? 1e-9 : 2 * lmax * Math.SQRT2 * 0.5 * 10 ** -d + 1e-9;
}

describe('test surfaces', () => {
  for (const s of allSurfaces()) {
    const critical = [...s.minima, ...(s.saddles ?? []), ...(s.maxima ?? [])];
    it(`${s.name}: ∇f ≈ 0 at every listed critical point, to the precision of its digits`, () => {
      expect(critical.length).toBeGreaterThan(0);
      for (const p of critical) {
        const g = surfaceGradient(s, p.x, p.y);
        const tol = gradientTolerance((x, y) => surfaceHessian(s, x, y), p);
        expect(Math.hypot(g[0], g[1])).toBeLessThanOrEqual(tol);
      }
    });

    it(`${s.name}: listed values f(x, y) match to their quoted digits`, () => {
      for (const p of critical) {
        // The value error is ½·10^{-d_f} from rounding f plus the first-order change |∇f|·δ (≈ 0 at a critical point).
        const tol = 0.5 * 10 ** -decimals(p.f) + 1e-9 * Math.max(1, Math.abs(p.f));
        expect(Math.abs(surfaceValue(s, p.x, p.y) - p.f)).toBeLessThanOrEqual(tol);
      }
    });

    it(`${s.name}: the batched path [N, 2] agrees with point-wise evaluation and gradients match central differences`, () => {
      const [x0, x1] = s.domain.x;
      const [y0, y1] = s.domain.y;
      const xs = [0.13, 0.41, 0.77, 0.9].map((t) => x0 + t * (x1 - x0));
      const ys = [0.62, 0.08, 0.35, 0.71].map((t) => y0 + t * (y1 - y0));
      const batched = surfaceValues(s, xs, ys);
      const { gx, gy } = surfaceGradients(s, xs, ys);
      const h = 1e-5;
      xs.forEach((x, i) => {
        const y = ys[i];
        expect(batched[i]).toBe(surfaceValue(s, x, y));
        // Central differences have truncation error h²/6·|f'''| and rounding error ε|f|/h;
        // with h = 1e-5 both stay below 1e-6·(1 + |f| + |∇f|) on these polynomial/trig surfaces.
        const fdx = (surfaceValue(s, x + h, y) - surfaceValue(s, x - h, y)) / (2 * h);
        const fdy = (surfaceValue(s, x, y + h) - surfaceValue(s, x, y - h)) / (2 * h);
        const scale = 1 + Math.abs(batched[i]) + Math.hypot(gx[i], gy[i]);
        expect(Math.abs(gx[i] - fdx)).toBeLessThan(1e-6 * scale);
        expect(Math.abs(gy[i] - fdy)).toBeLessThan(1e-6 * scale);
      });
    });
  }

  it('quadratic({ kappa, angle, scale }) has Hessian μuuᵀ + Lvvᵀ exactly', () => {
    const q = quadratic({ kappa: 50, angle: 0.3, scale: 2 });
    const [mu, L] = q.eigenvalues;
    expect([mu, L]).toEqual([2, 100]);
    const [u, v] = q.eigenvectors;
    const [hxx, hxy, hyy] = surfaceHessian(q, 0.7, -1.1);
    // Entries are sums of two products of O(100) numbers: 1e-12 relative is ~10 ulps.
    expect(hxx).toBeCloseTo(mu * u[0] * u[0] + L * v[0] * v[0], 11);
    expect(hxy).toBeCloseTo(mu * u[0] * u[1] + L * v[0] * v[1], 11);
    expect(hyy).toBeCloseTo(mu * u[1] * u[1] + L * v[1] * v[1], 11);
    const e = eigenSymmetric2(hxx, hxy, hyy);
    expect(e.values[0]).toBeCloseTo(2, 11);
    expect(e.values[1]).toBeCloseTo(100, 11);
  });

  it('Rosenbrock Hessian at (1, 1) is [[802, −400], [−400, 200]] (2 + 8b·x² − 4b(y − x²), −4bx, 2b)', () => {
    const [hxx, hxy, hyy] = surfaceHessian(rosenbrock(), 1, 1);
    expect(hxx).toBeCloseTo(802, 10);
    expect(hxy).toBeCloseTo(-400, 10);
    expect(hyy).toBeCloseTo(200, 10);
  });

  it('ring valley: H(1, 0) = diag(8/w² + 1, 1)', () => {
    const [hxx, hxy, hyy] = surfaceHessian(ringValley({ width: 0.2 }), 1, 0);
    expect(hxx).toBeCloseTo(8 / 0.04 + 1, 10);
    expect(hxy).toBeCloseTo(0, 12);
    expect(hyy).toBeCloseTo(1, 12);
  });

  it('Rastrigin is 0 at the origin and has curvature 2 + 40π²·(A/10) there', () => {
    const s = rastrigin();
    expect(surfaceValue(s, 0, 0)).toBe(0);
    const [hxx, , hyy] = surfaceHessian(s, 0, 0);
    expect(hxx).toBeCloseTo(2 + 40 * Math.PI ** 2, 9);
    expect(hyy).toBeCloseTo(2 + 40 * Math.PI ** 2, 9);
  });

  it('rejects bad shapes and parameters with named errors', () => {
    expect(() => rosenbrock().f(tensor([1, 2, 3]))).toThrow(/rosenbrock\.f: xy must have shape \[2\] or \[N, 2\]/);
    expect(() => quadratic({ kappa: 0.5 })).toThrow(/quadratic: kappa must be a finite number ≥ 1/);
    expect(() => ringValley({ width: 0 })).toThrow(/ringValley: width/);
    expect(() => surfaceValue(rosenbrock(), NaN, 0)).toThrow(/surfaceValue/);
  });
});
