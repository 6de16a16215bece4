/**
 * The implicit Rosenbrock method on stiff problems, and the LU solver it uses.
 */
import { describe, expect, it } from 'vitest';
import { lu, luSolve, solveIvp } from '../../src/ode/index.js';

describe('lu / luSolve', () => {
  it('solves a system that needs pivoting', () => {
    // a_00 = 0 forces a row swap at the first step.
    const A = [0, 2, 1, 1, 1, 1, 2, 1, 3];
    const x = [1, -2, 3];
    const b = Float64Array.from([0, 1, 2], (i) => A[3 * i]! * x[0]! + A[3 * i + 1]! * x[1]! + A[3 * i + 2]! * x[2]!);
    const f = Float64Array.from(A);
    const piv = new Int32Array(3);
    expect(lu(f, 3, piv)).toBe(true);
    luSolve(f, 3, piv, b);
    // Well-conditioned 3×3 with exact small-integer data: error a few ulps.
    x.forEach((v, i) => expect(Math.abs(b[i]! - v)).toBeLessThan(1e-14));
  });

  it('P·A = L·U on a random 6×6', () => {
    const n = 6;
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const A = Float64Array.from({ length: n * n }, rand);
    const F = Float64Array.from(A);
    const piv = new Int32Array(n);
    lu(F, n, piv);
    // Rebuild L·U and undo the row swaps in reverse order.
    const LU = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : F[i * n + k]!) * (k <= j ? F[k * n + j]! : 0);
        LU[i * n + j] = s;
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      const p = piv[k]!;
      for (let j = 0; j < n; j++) {
        const tmp = LU[k * n + j]!;
        LU[k * n + j] = LU[p * n + j]!;
        LU[p * n + j] = tmp;
      }
    }
    // Backward stable: |PA − LU| ≲ n·ε·|L||U| with |l_ij| ≤ 1 (partial pivoting).
    A.forEach((v, i) => expect(Math.abs(LU[i]! - v)).toBeLessThan(1e-14));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(Math.abs(F[i * n + j]!)).toBeLessThanOrEqual(1);
  });

  it('reports an exactly singular matrix and checks sizes', () => {
    const piv = new Int32Array(2);
    expect(lu(Float64Array.from([1, 2, 2, 4]), 2, piv)).toBe(false);
    expect(() => lu(new Float64Array(3), 2, piv)).toThrow(/lu: matrix must have n·n = 4 entries, got 3/);
    expect(() => luSolve(new Float64Array(4), 2, piv, new Float64Array(3))).toThrow(/luSolve: b must have n = 2 entries/);
  });
});

describe('stiff linear problem: eigenvalues −1 and −10⁴', () => {
  // y' = −A y with A = R diag(1, 10⁴) Rᵀ (R: rotation by 0.3), y(0) = (1, 1),
  // t ∈ [0, 10]: exact y = R diag(e^{−t}, e^{−10⁴t}) Rᵀ y0. An explicit method
  // is held to h ≲ 3.3/10⁴ by stability long after the fast mode has died.
  const c = Math.cos(0.3);
  const s = Math.sin(0.3);
  const l1 = 1;
  const l2 = 1e4;
  const A = [c * c * l1 + s * s * l2, c * s * (l1 - l2), c * s * (l1 - l2), s * s * l1 + c * c * l2];
  const f = (_t: number, y: Float64Array, d: Float64Array): void => {
    d[0] = -(A[0]! * y[0]! + A[1]! * y[1]!);
    d[1] = -(A[2]! * y[0]! + A[3]! * y[1]!);
  };
  const jac = (): Float64Array => Float64Array.from(A, (v) => -v);
  const exact = (t: number): number[] => {
    const z0 = c + s; // Rᵀ(1, 1), first component
    const z1 = -s + c;
    const e0 = z0 * Math.exp(-l1 * t);
    const e1 = z1 * Math.exp(-l2 * t);
    return [c * e0 - s * e1, s * e0 + c * e1];
  };
  const rtol = 1e-6;
  const atol = 1e-9;
  const worst = (r: ReturnType<typeof solveIvp>): number => {
    let w = 0;
    r.t.forEach((t, k) => {
      const ex = exact(t);
      const scale = rtol * Math.max(Math.abs(ex[0]!), Math.abs(ex[1]!)) + atol;
      w = Math.max(w, Math.abs(r.y[k]![0]! - ex[0]!) / scale, Math.abs(r.y[k]![1]! - ex[1]!) / scale);
    });
    return w;
  };

  it('ros23 needs ≥ 30× fewer steps than dopri5 and both meet the tolerance', () => {
    const explicit = solveIvp(f, [0, 10], [1, 1], { method: 'dopri5', rtol, atol });
    const implicit = solveIvp(f, [0, 10], [1, 1], { method: 'ros23', rtol, atol, jac });
    expect(explicit.status).toBe('success');
    expect(implicit.status).toBe('success');
    // Measured: dopri5 ≈ 30 000 steps (the stability limit 10/3.3e-4), ros23 ≈ 430.
    expect(explicit.accepted).toBeGreaterThan(25_000);
    expect(implicit.accepted * 30).toBeLessThan(explicit.accepted);
    expect(implicit.nfev * 30).toBeLessThan(explicit.nfev);
    // dopri5: C = 10 (see adaptive.test); ros23: global ≤ accepted·tol (its errors add up).
    expect(worst(explicit)).toBeLessThan(10);
    expect(worst(implicit)).toBeLessThan(implicit.accepted);
  });

  it('the finite-difference Jacobian gives the same steps and counts its evaluations', () => {
    const exactJ = solveIvp(f, [0, 10], [1, 1], { method: 'ros23', rtol, atol, jac });
    const fd = solveIvp(f, [0, 10], [1, 1], { method: 'ros23', rtol, atol });
    // For a linear f, forward differences are exact up to round-off (√ε relative).
    expect(Math.abs(fd.accepted - exactJ.accepted)).toBeLessThanOrEqual(2);
    expect(fd.njev).toBe(fd.accepted);
    // nfev = f(t0) + initial-step probe + per point (∂f/∂t difference + n = 2
    // Jacobian columns when differenced) + per attempt (F₁, F₂).
    const attempts = (r: typeof fd): number => r.accepted + r.rejected;
    expect(exactJ.nfev).toBe(2 + exactJ.njev + 2 * attempts(exactJ));
    expect(fd.nfev).toBe(2 + fd.njev * (1 + 2) + 2 * attempts(fd));
    expect(worst(fd)).toBeLessThan(fd.accepted);
  });
});

describe('Robertson chemical kinetics (Hairer & Wanner II, IV.1)', () => {
  const rob = (_t: number, y: Float64Array, d: Float64Array): void => {
    d[0] = -0.04 * y[0]! + 1e4 * y[1]! * y[2]!;
    d[1] = 0.04 * y[0]! - 1e4 * y[1]! * y[2]! - 3e7 * y[1]! * y[1]!;
    d[2] = 3e7 * y[1]! * y[1]!;
  };
  const robJac = (_t: number, y: Float64Array): Float64Array =>
    Float64Array.from([-0.04, 1e4 * y[2]!, 1e4 * y[1]!, 0.04, -1e4 * y[2]! - 6e7 * y[1]!, -1e4 * y[1]!, 0, 6e7 * y[1]!, 0]);
  // Reference at t = 40 from DOP853 with rtol = 1e-12 (29 351 steps), agreeing
  // with the published values 0.7158271, 9.185535e-6, 0.2841637.
  const ref = [0.715827068719, 9.18553476456e-6, 0.284163745746];

  for (const withJac of [true, false]) {
    it(`ros23 ${withJac ? 'with jac' : 'with a finite-difference Jacobian'} to t = 40`, () => {
      const r = solveIvp(rob, [0, 40], [1, 0, 0], {
        method: 'ros23',
        rtol: 1e-6,
        atol: [1e-8, 1e-14, 1e-8],
        jac: withJac ? robJac : undefined,
      });
      expect(r.status).toBe('success');
      const y = r.y[r.y.length - 1]!;
      // ~840 steps × rtol 1e-6 bounds the relative error by ~1e-3; it is ~1e-8.
      ref.forEach((v, i) => expect(Math.abs(y[i]! - v) / v).toBeLessThan(1e-5));
      // Σy is conserved (eᵀf = 0 and Rosenbrock steps are linear in f, J): to round-off.
      expect(Math.abs(y[0]! + y[1]! + y[2]! - 1)).toBeLessThan(1e-13);
      // An explicit method needs ~35 000 steps here (dopri5, rtol 1e-6); ros23 < 1000.
      expect(r.accepted).toBeLessThan(1000);
    });
  }
});
