/**
 * Observed orders of convergence. For a method of order p the global error
 * at a fixed time behaves like C·h^p, so the least-squares slope of log(err)
 * against log(h) estimates p. The step ranges below keep the errors below
 * 1e-1 (asymptotic regime reached) and above 1e-14 (the round-off floor is
 * ~N·1e-16 for N ≤ 10⁴ steps); within such ranges the slope is within ±0.3 of p —
 * the remaining deviation is the next term of the error expansion, C'h^(p+1),
 * which shrinks with h.
 */
import { describe, expect, it } from 'vitest';
import {
  DOP853,
  DOP853_A_EXTRA,
  DOP853_C_EXTRA,
  DOP853_D,
  DOP853_E3,
  DOP853_E5,
  DOPRI5,
  DOPRI5_DENSE,
  EULER,
  HEUN,
  MIDPOINT,
  RK4,
  solveIvp,
} from '../../src/ode/index.js';
import type { ButcherTableau, OdeMethod } from '../../src/ode/index.js';
import { decay, logistic, maxError, observedOrder, oscillator } from './problems.js';
import type { ClosedFormProblem } from './problems.js';

interface Case {
  method: OdeMethod;
  order: number;
  problem: ClosedFormProblem;
  T: number;
  nSteps: number[];
}

const cases: Case[] = [
  { method: 'euler', order: 1, problem: decay, T: 4, nSteps: [100, 200, 400, 800] },
  { method: 'euler', order: 1, problem: oscillator, T: 10, nSteps: [2000, 4000, 8000, 16000] },
  { method: 'euler', order: 1, problem: logistic, T: 10, nSteps: [200, 400, 800, 1600] },
  { method: 'midpoint', order: 2, problem: decay, T: 4, nSteps: [40, 80, 160, 320] },
  { method: 'midpoint', order: 2, problem: oscillator, T: 10, nSteps: [40, 80, 160, 320] },
  { method: 'midpoint', order: 2, problem: logistic, T: 10, nSteps: [40, 80, 160, 320] },
  { method: 'heun', order: 2, problem: decay, T: 4, nSteps: [40, 80, 160, 320] },
  { method: 'heun', order: 2, problem: oscillator, T: 10, nSteps: [40, 80, 160, 320] },
  { method: 'heun', order: 2, problem: logistic, T: 10, nSteps: [40, 80, 160, 320] },
  { method: 'rk4', order: 4, problem: decay, T: 4, nSteps: [20, 40, 80, 160] },
  { method: 'rk4', order: 4, problem: oscillator, T: 10, nSteps: [40, 80, 160, 320] },
  { method: 'rk4', order: 4, problem: logistic, T: 10, nSteps: [40, 80, 160, 320] },
  // The embedded methods in fixed-step mode (error control off).
  { method: 'dopri5', order: 5, problem: decay, T: 4, nSteps: [20, 40, 80, 160] },
  { method: 'dopri5', order: 5, problem: oscillator, T: 10, nSteps: [20, 40, 80, 160] },
  { method: 'dopri5', order: 5, problem: logistic, T: 10, nSteps: [40, 60, 80, 100] },
  { method: 'dop853', order: 8, problem: decay, T: 4, nSteps: [4, 6, 8, 12] },
  { method: 'dop853', order: 8, problem: oscillator, T: 10, nSteps: [8, 12, 16, 24, 32] },
  { method: 'dop853', order: 8, problem: logistic, T: 10, nSteps: [8, 12, 16, 24] },
  { method: 'ros23', order: 2, problem: decay, T: 4, nSteps: [20, 40, 80, 160] },
  { method: 'ros23', order: 2, problem: oscillator, T: 10, nSteps: [40, 80, 160, 320] },
  { method: 'ros23', order: 2, problem: logistic, T: 10, nSteps: [20, 40, 80, 160] },
];

describe('observed order of convergence at t = T', () => {
  for (const c of cases) {
    it(`${c.method} on ${c.problem.name} has order ${c.order} ± 0.3`, () => {
      const hs: number[] = [];
      const errs: number[] = [];
      for (const N of c.nSteps) {
        const r = solveIvp(c.problem.f, [0, c.T], c.problem.y0, { method: c.method, nSteps: N });
        expect(r.status).toBe('success');
        expect(r.accepted).toBe(N);
        expect(r.t[r.t.length - 1]).toBe(c.T);
        hs.push(c.T / N);
        errs.push(maxError(r.y[r.y.length - 1]!, c.problem.exact(c.T)));
      }
      expect(Math.max(...errs)).toBeLessThan(1e-1);
      expect(Math.min(...errs)).toBeGreaterThan(1e-14);
      expect(Math.abs(observedOrder(hs, errs) - c.order)).toBeLessThan(0.3);
    });
  }

  it('integrates backwards (t1 < t0) with the same order', () => {
    // From y(4) = e^{-4} back to t = 0 (y' = −y grows backwards in time): rk4 has order 4.
    const hs: number[] = [];
    const errs: number[] = [];
    for (const N of [20, 40, 80, 160]) {
      const r = solveIvp(decay.f, [4, 0], [Math.exp(-4)], { method: 'rk4', nSteps: N });
      expect(r.t[1]).toBeLessThan(4);
      hs.push(4 / N);
      errs.push(Math.abs(r.y[r.y.length - 1]![0]! - 1));
    }
    expect(Math.abs(observedOrder(hs, errs) - 4)).toBeLessThan(0.3);
  });
});

describe('dense output order (fixed steps, max error over 7 points inside every step)', () => {
  // Interpolant error is O(h^(p*+1)) per step and is not propagated, so the
  // max error between steps converges like min(p, p*+1): rk4 + cubic Hermite
  // 4, dopri5 (p* = 4) 5, DOP853 (p* = 7) 8, ros23 2.
  const denseCases: { method: OdeMethod; order: number; nSteps: number[] }[] = [
    { method: 'rk4', order: 4, nSteps: [20, 40, 80, 160] },
    { method: 'dopri5', order: 5, nSteps: [20, 40, 80, 160] },
    { method: 'dop853', order: 8, nSteps: [8, 12, 16, 24] },
    { method: 'ros23', order: 2, nSteps: [40, 80, 160, 320] },
  ];
  for (const c of denseCases) {
    it(`${c.method}: order ${c.order} ± 0.3 on the harmonic oscillator`, () => {
      const T = 10;
      const hs: number[] = [];
      const errs: number[] = [];
      for (const N of c.nSteps) {
        const r = solveIvp(oscillator.f, [0, T], oscillator.y0, { method: c.method, nSteps: N, denseOutput: true });
        const h = T / N;
        let worst = 0;
        for (let k = 0; k < N; k++) {
          for (let j = 1; j <= 7; j++) {
            const t = (k + j / 8) * h;
            worst = Math.max(worst, maxError(r.sol!(t), oscillator.exact(t)));
          }
        }
        hs.push(h);
        errs.push(worst);
      }
      expect(Math.abs(observedOrder(hs, errs) - c.order)).toBeLessThan(0.3);
    });
  }
});

describe('Butcher tableaus', () => {
  // Row-sum condition c_i = Σ_j a_ij (every stage is first-order consistent),
  // Σ b = 1, Σ e = 0 (the embedded solution is consistent too). The
  // coefficients are exact rationals or 30-digit decimals, so these hold to
  // a few ulps: 1e-15 absolute for sums of O(1)…O(40) terms cancelling.
  const tableaus: [string, ButcherTableau][] = [
    ['euler', EULER],
    ['midpoint', MIDPOINT],
    ['heun', HEUN],
    ['rk4', RK4],
    ['dopri5', DOPRI5],
    ['dop853', DOP853],
  ];
  const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
  for (const [name, tab] of tableaus) {
    it(`${name}: row sums, Σb = 1, Σe = 0`, () => {
      tab.a.forEach((row, i) => expect(Math.abs(sum(row) - tab.c[i]!)).toBeLessThan(1e-14));
      expect(Math.abs(sum(tab.b) - 1)).toBeLessThan(1e-15);
      if (tab.e) expect(Math.abs(sum(tab.e))).toBeLessThan(1e-15);
      // Last node is c = 1 for the FSAL methods' f(t + h, y_new) reuse to be consistent.
      expect(tab.a.length).toBe(tab.c.length);
    });
  }

  it('DOP853 row sums to 1e-15 (relative to the largest |a_ij| of the row)', () => {
    DOP853.a.forEach((row, i) => {
      const scale = Math.max(1, ...row.map(Math.abs));
      expect(Math.abs(sum(row) - DOP853.c[i]!) / scale).toBeLessThan(1e-15);
    });
    DOP853_A_EXTRA.forEach((row, i) => {
      const scale = Math.max(1, ...row.map(Math.abs));
      expect(Math.abs(sum(row) - DOP853_C_EXTRA[i]!) / scale).toBeLessThan(1e-15);
    });
    expect(Math.abs(sum(DOP853_E3))).toBeLessThan(1e-15);
    expect(Math.abs(sum(DOP853_E5))).toBeLessThan(1e-15);
    // The dense-output rows correct a polynomial that already matches y, f at both ends.
    expect(DOP853_D.every((row) => row.length === 16)).toBe(true);
  });

  it('dopri5 dense matrix reproduces b at θ = 1', () => {
    // y(t + h) = y + h Σ_s k_s Σ_m P[s][m] must equal the step: Σ_m P[s][m] = b_s (b_7 = 0).
    DOPRI5_DENSE.forEach((row, s) => {
      const b = s < DOPRI5.b.length ? DOPRI5.b[s]! : 0;
      expect(Math.abs(sum(row) - b)).toBeLessThan(1e-15);
    });
  });
});
