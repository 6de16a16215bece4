import { describe, expect, it } from 'vitest';
import {
  classifyHessian,
  conditionNumber,
  eigenSymmetric2,
  findCriticalPoints,
  gradientField,
  hessianField,
  himmelblau,
  monkeySaddle,
  nearestPoint,
  quadratic,
  saddle,
  sixHumpCamel,
  surfaceValue,
  type CriticalPoint,
  type Surface,
} from '../../src/landscape/index.js';

describe('eigenSymmetric2', () => {
  it('diagonalizes symmetric 2×2 matrices: H v = λ v, orthonormal, ascending', () => {
    const cases: [number, number, number][] = [
      [2, 0, 5],
      [5, 0, 2],
      [1, 3, -4],
      [1e8, 1, 1e-8],
      [-3, 0.5, -3],
      [0, 0, 0],
    ];
    for (const [a, b, c] of cases) {
      const { values, vectors } = eigenSymmetric2(a, b, c);
      expect(values[0]).toBeLessThanOrEqual(values[1]);
      const scale = Math.max(1, Math.abs(a), Math.abs(b), Math.abs(c));
      for (let k = 0; k < 2; k++) {
        const [x, y] = vectors[k];
        // Backward-stable closed form: residual ≤ a few ε·‖H‖.
        expect(Math.abs(a * x + b * y - values[k] * x)).toBeLessThan(1e-14 * scale);
        expect(Math.abs(b * x + c * y - values[k] * y)).toBeLessThan(1e-14 * scale);
        expect(Math.hypot(x, y)).toBeCloseTo(1, 15);
      }
      expect(Math.abs(vectors[0][0] * vectors[1][0] + vectors[0][1] * vectors[1][1])).toBeLessThan(1e-15);
    }
  });

  it('keeps the small eigenvalue accurate when the matrix is nearly singular (det/λ_max, no cancellation)', () => {
    // [[1, 1], [1, 1 + 1e-12]]: λ_min = det/λ_max ≈ 1e-12 / 2 to ~1e-4 relative, m − r would lose it entirely.
    const { values } = eigenSymmetric2(1, 1, 1 + 1e-12);
    expect(values[0] / (1e-12 / 2)).toBeCloseTo(1, 3);
  });
});

describe('classification and fields', () => {
  it('classifies by inertia with a relative zero tolerance', () => {
    expect(classifyHessian(2, 0, 3)).toBe('minimum');
    expect(classifyHessian(-2, 0, -3)).toBe('maximum');
    expect(classifyHessian(2, 0, -3)).toBe('saddle');
    expect(classifyHessian(2, 0, 1e-9)).toBe('degenerate');
    expect(classifyHessian(2, 0, 1e-9, { tol: 1e-10 })).toBe('minimum');
    expect(classifyHessian(0, 0, 0)).toBe('degenerate');
  });

  it('condition number of a rotated quadratic is κ at every grid point', () => {
    const field = hessianField(quadratic({ kappa: 25, angle: 1.1 }), { nx: 7 });
    for (let k = 0; k < field.condition.length; k++) {
      expect(field.condition[k]).toBeCloseTo(25, 10);
      expect(field.kind[k]).toBe('minimum');
      // The stiff direction v = (−sin a, cos a) has angle a + π/2, i.e. a − π/2 modulo π.
      expect(Math.abs(Math.tan(field.angle[k] - (1.1 - Math.PI / 2)))).toBeLessThan(1e-12);
    }
    expect(conditionNumber(0, 3)).toBe(Infinity);
    expect(conditionNumber(-2, 4)).toBe(2);
  });

  it('gradient field matches central differences on Himmelblau', () => {
    const s = himmelblau();
    const field = gradientField(s, { nx: 9, ny: 7 });
    const h = 1e-5;
    for (let j = 0; j < field.grid.ny; j++) {
      for (let i = 0; i < field.grid.nx; i++) {
        const k = j * field.grid.nx + i;
        const x = field.grid.xs[i];
        const y = field.grid.ys[j];
        const fdx = (surfaceValue(s, x + h, y) - surfaceValue(s, x - h, y)) / (2 * h);
        const fdy = (surfaceValue(s, x, y + h) - surfaceValue(s, x, y - h)) / (2 * h);
        // O(h²·f''') ≈ 1e-10·24·|x| truncation plus ε·f/h ≈ 1e-11·f rounding.
        expect(Math.abs(field.gx[k] - fdx)).toBeLessThan(1e-7 * (1 + Math.abs(field.f[k])));
        expect(Math.abs(field.gy[k] - fdy)).toBeLessThan(1e-7 * (1 + Math.abs(field.f[k])));
        expect(field.norm[k]).toBeCloseTo(Math.hypot(field.gx[k], field.gy[k]), 12);
      }
    }
  });
});

/** Every listed point of `expected` is found once with the right kind (to `tol`), and nothing else. */
function expectMatches(found: CriticalPoint[], expected: { x: number; y: number }[], kind: string, tol: number): void {
  const ofKind = found.filter((p) => p.kind === kind);
  expect(ofKind.length).toBe(expected.length);
  for (const e of expected) {
    const near = nearestPoint(ofKind, e.x, e.y)!;
    expect(near.distance).toBeLessThan(tol);
  }
}

function listed(s: Surface) {
  return { minima: s.minima, saddles: s.saddles ?? [], maxima: s.maxima ?? [] };
}

describe('findCriticalPoints', () => {
  it("Himmelblau: the 4 minima, 4 saddles and the maximum, classified and at the literature's 6-digit positions", () => {
    const s = himmelblau();
    const found = findCriticalPoints(s);
    expect(found.length).toBe(9);
    const { minima, saddles, maxima } = listed(s);
    // Literature values are rounded to 1e-6 per coordinate: distance ≤ √2·5e-7, allow 1e-6.
    expectMatches(found, minima, 'minimum', 1e-6);
    expectMatches(found, saddles, 'saddle', 1e-6);
    expectMatches(found, maxima, 'maximum', 1e-6);
    // Newton converged quadratically: the gradient is at rounding level (ε·|terms| ≈ 1e-13).
    for (const p of found) expect(p.gradNorm).toBeLessThan(1e-10);
    for (const p of found.filter((q) => q.kind === 'minimum')) expect(p.f).toBeLessThan(1e-20);
  });

  it('six-hump camel: 6 minima (2 global at f = −1.0316284535), 7 saddles and 2 maxima, symmetric under θ → −θ', () => {
    const s = sixHumpCamel();
    const found = findCriticalPoints(s);
    const { minima, saddles, maxima } = listed(s);
    expectMatches(found, minima, 'minimum', 1e-6);
    expectMatches(found, saddles, 'saddle', 1e-6);
    expectMatches(found, maxima, 'maximum', 1e-6);
    expect(found.length).toBe(15);
    const best = found[0];
    expect(best.kind).toBe('minimum');
    expect(best.f).toBeCloseTo(-1.0316284535, 9);
    for (const p of found) {
      const mirror = nearestPoint(found, -p.x, -p.y)!;
      expect(mirror.distance).toBeLessThan(1e-9);
      expect(mirror.point.kind).toBe(p.kind);
    }
  });

  it('monkey saddle: a single degenerate critical point at the origin (H = 0)', () => {
    const found = findCriticalPoints(monkeySaddle());
    expect(found.length).toBe(1);
    expect(found[0].kind).toBe('degenerate');
    // Newton halves θ on a homogeneous cubic; it stops once the step is ≤ 1e-10, so |θ| ≤ 2e-10.
    expect(Math.hypot(found[0].x, found[0].y)).toBeLessThan(2e-10);
  });

  it('x² − y²: one strict saddle with eigenvalues −2 and 2', () => {
    const found = findCriticalPoints(saddle());
    expect(found.length).toBe(1);
    expect(found[0].kind).toBe('saddle');
    expect(found[0].eigenvalues[0]).toBeCloseTo(-2, 12);
    expect(found[0].eigenvalues[1]).toBeCloseTo(2, 12);
  });

  it('rejects bad options', () => {
    expect(() => findCriticalPoints(saddle(), { starts: 1 })).toThrow(/findCriticalPoints: starts must be an integer in \[2, 1000\]/);
    expect(() => findCriticalPoints(saddle(), { xtol: 0 })).toThrow(/findCriticalPoints: xtol/);
  });
});
