/**
 * Adaptive integration against closed forms: tolerances met, dense output
 * between steps, tEval, backward integration, work counters, and the
 * gradient flow of a quadratic against its matrix exponential.
 */
import { describe, expect, it } from 'vitest';
import { solveIvp } from '../../src/ode/index.js';
import type { OdeMethod } from '../../src/ode/index.js';
import { decay, logistic, maxError, oscillator } from './problems.js';

const problems = [
  { p: decay, T: 10 },
  { p: oscillator, T: 10 },
  { p: logistic, T: 10 },
];

/** max over output points of |y − y_exact|∞ / (rtol·‖y_exact‖∞ + atol). */
function worstScaledError(ts: Float64Array, ys: Float64Array[], exact: (t: number) => number[], rtol: number, atol: number): number {
  let worst = 0;
  ts.forEach((t, k) => {
    const ex = exact(t);
    const scale = rtol * Math.max(...ex.map(Math.abs)) + atol;
    worst = Math.max(worst, maxError(ys[k]!, ex) / scale);
  });
  return worst;
}

describe('explicit adaptive methods meet their tolerance', () => {
  // Local errors are kept ≤ tol per step and dopri5/dop853 advance with the
  // higher-order solution (local extrapolation), so on these non-expanding
  // problems the global error stays within a small multiple of
  // rtol·‖y‖ + atol. Measured worst cases: ≈ 1.5 (dopri5) and ≈ 0.8
  // (dop853) at the steps, ≈ 7 (dopri5, a 4th-order interpolant inside
  // 5th-order steps, at rtol 1e-9) and ≈ 3.3 (dop853) in between. We allow
  // C = 10 at the steps and C = 20 for the dense output.
  const C = 10;
  const CDense = 20;
  for (const method of ['dopri5', 'dop853'] as OdeMethod[]) {
    for (const { p, T } of problems) {
      for (const rtol of [1e-3, 1e-6, 1e-9]) {
        it(`${method}, ${p.name}, rtol = ${rtol}`, () => {
          const atol = rtol * 1e-3;
          const r = solveIvp(p.f, [0, T], p.y0, { method, rtol, atol, denseOutput: true });
          expect(r.status).toBe('success');
          expect(worstScaledError(r.t, r.y, p.exact, rtol, atol)).toBeLessThan(C);
          // Dense output at 999 points that are (almost surely) strictly between steps.
          const tq = Float64Array.from({ length: 999 }, (_, k) => (T * (k + 0.5)) / 999);
          const yq = Array.from(tq, (t) => r.sol!(t));
          expect(worstScaledError(tq, yq, p.exact, rtol, atol)).toBeLessThan(CDense);
        });
      }
    }
  }

  it('tighter tolerance costs more steps and gives a smaller error', () => {
    const errs: number[] = [];
    const steps: number[] = [];
    for (const rtol of [1e-4, 1e-7, 1e-10]) {
      const r = solveIvp(oscillator.f, [0, 10], oscillator.y0, { rtol, atol: rtol });
      errs.push(maxError(r.y[r.y.length - 1]!, oscillator.exact(10)));
      steps.push(r.accepted);
    }
    expect(errs[1]!).toBeLessThan(errs[0]! / 100);
    expect(errs[2]!).toBeLessThan(errs[1]! / 100);
    // Steps grow like tol^(−1/5) for a 5th-order method: ×1000 in tol → ≈ ×4.
    expect(steps[2]! / steps[1]!).toBeGreaterThan(2.5);
    expect(steps[2]! / steps[1]!).toBeLessThan(7);
  });
});

describe('ros23 accuracy', () => {
  // ros23 advances with its 2nd-order solution and controls that solution's
  // local error (no local extrapolation), so global errors add up over the
  // steps: |error| ≤ C·accepted·(rtol·‖y‖ + atol). Measured C ≈ 0.15–0.5; we
  // assert C = 1 (the bound "global error ≤ sum of local errors").
  for (const { p, T } of problems) {
    for (const rtol of [1e-3, 1e-6]) {
      it(`${p.name}, rtol = ${rtol}`, () => {
        const atol = rtol * 1e-3;
        const r = solveIvp(p.f, [0, T], p.y0, { method: 'ros23', rtol, atol, denseOutput: true });
        expect(r.status).toBe('success');
        expect(worstScaledError(r.t, r.y, p.exact, rtol, atol)).toBeLessThan(r.accepted);
        const tq = Float64Array.from({ length: 199 }, (_, k) => (T * (k + 0.5)) / 199);
        expect(worstScaledError(tq, Array.from(tq, (t) => r.sol!(t)), p.exact, rtol, atol)).toBeLessThan(r.accepted);
      });
    }
  }
});

describe('output control', () => {
  it('tEval: exactly the requested times, accurate values', () => {
    const tEval = [0, 0.5, 1, 2.25, Math.PI, 7, 10];
    const r = solveIvp(oscillator.f, [0, 10], oscillator.y0, { tEval, rtol: 1e-9, atol: 1e-12 });
    expect(Array.from(r.t)).toEqual(tEval);
    r.t.forEach((t, k) => expect(maxError(r.y[k]!, oscillator.exact(t))).toBeLessThan(1e-8));
  });

  it('tEval with repeated and end-point times', () => {
    const r = solveIvp(decay.f, [0, 1], decay.y0, { tEval: [0, 0, 0.3, 0.3, 1], rtol: 1e-10, atol: 1e-14 });
    expect(Array.from(r.t)).toEqual([0, 0, 0.3, 0.3, 1]);
    expect(r.y[0]![0]).toBe(1);
    expect(Math.abs(r.y[3]![0]! - Math.exp(-0.3))).toBeLessThan(1e-10);
  });

  it('without tEval the output holds t0 and every accepted step', () => {
    const r = solveIvp(logistic.f, [0, 10], logistic.y0, { rtol: 1e-6 });
    expect(r.t.length).toBe(r.accepted + 1);
    expect(r.t[0]).toBe(0);
    expect(r.t[r.t.length - 1]).toBe(10);
    for (let k = 1; k < r.t.length; k++) expect(r.t[k]!).toBeGreaterThan(r.t[k - 1]!);
  });

  it('dopri5 evaluation count: 1 (f(t0)) + 1 (initial step probe) + 6 per attempted step', () => {
    const r = solveIvp(oscillator.f, [0, 10], oscillator.y0, { rtol: 1e-6 });
    expect(r.nfev).toBe(2 + 6 * (r.accepted + r.rejected));
    expect(r.njev).toBe(0);
    expect(r.nlu).toBe(0);
  });

  it('firstStep and maxStep are honoured', () => {
    const r = solveIvp(decay.f, [0, 1], decay.y0, { firstStep: 1e-3, maxStep: 0.05 });
    expect(r.t[1]).toBeCloseTo(1e-3, 15);
    for (let k = 1; k < r.t.length; k++) expect(r.t[k]! - r.t[k - 1]!).toBeLessThanOrEqual(0.05 + 1e-15);
    expect(r.nfev).toBe(1 + 6 * (r.accepted + r.rejected));
  });

  it('a fixed step that does not divide the interval: the last step is shortened to end at t1', () => {
    const r = solveIvp(decay.f, [0, 1], decay.y0, { method: 'euler', step: 0.3 });
    expect(r.t.length).toBe(5);
    [0, 0.3, 0.6, 0.9].forEach((t, k) => expect(r.t[k]).toBeCloseTo(t, 15));
    expect(r.t[4]).toBe(1);
    // Euler: y_{k+1} = (1 − h) y_k, last step h = 0.1.
    expect(r.y[4]![0]).toBeCloseTo(0.7 ** 3 * 0.9, 15);
  });

  it('a state that never changes: steps grow ×10 from the 1e-6 initial guess', () => {
    const r = solveIvp((_t, _y, d) => d.fill(0), [0, 1], [0]);
    expect(r.status).toBe('success');
    expect(r.t[1]).toBe(1e-6);
    expect(r.accepted).toBe(7);
    expect(r.y.every((y) => y[0] === 0)).toBe(true);
  });

  it('sol(t, out) writes into out, and matches the step values at the step ends', () => {
    const r = solveIvp(oscillator.f, [0, 10], oscillator.y0, { rtol: 1e-8, denseOutput: true });
    const out = new Float64Array(2);
    expect(r.sol!(3, out)).toBe(out);
    // At a step end the interpolant reproduces y_new up to round-off in θ = 1.
    for (let k = 1; k < r.t.length; k += 7) {
      const y = r.sol!(r.t[k]!);
      expect(maxError(y, Array.from(r.y[k]!))).toBeLessThan(1e-14);
    }
    expect(() => r.sol!(NaN)).toThrow(/sol: t must be a finite number/);
    expect(() => r.sol!(1, new Float64Array(3))).toThrow(/sol: out must have n = 2 entries/);
  });

  it('maxSteps stops with status failed', () => {
    const r = solveIvp(oscillator.f, [0, 100], oscillator.y0, { rtol: 1e-10, maxSteps: 20 });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/maxSteps = 20/);
    expect(r.accepted + r.rejected).toBe(20);
  });
});

describe('backward integration', () => {
  for (const method of ['dopri5', 'dop853'] as OdeMethod[]) {
    it(`${method}: from t = 10 back to 0 recovers the initial state`, () => {
      const y10 = oscillator.exact(10);
      const r = solveIvp(oscillator.f, [10, 0], y10, { method, rtol: 1e-10, atol: 1e-12, denseOutput: true, tEval: [10, 7, 3, 0] });
      expect(r.status).toBe('success');
      expect(Array.from(r.t)).toEqual([10, 7, 3, 0]);
      r.t.forEach((t, k) => expect(maxError(r.y[k]!, oscillator.exact(t))).toBeLessThan(1e-8));
      // Dense output is defined over [0, 10] whatever the direction.
      expect(maxError(r.sol!(4.2), oscillator.exact(4.2))).toBeLessThan(1e-8);
    });
  }
});

describe('backward integration, implicit', () => {
  it('ros23 from t = 10 back to 0', () => {
    const r = solveIvp(oscillator.f, [10, 0], oscillator.exact(10), { method: 'ros23', rtol: 1e-6, atol: 1e-9 });
    expect(r.status).toBe('success');
    expect(r.t[r.t.length - 1]).toBe(0);
    // ≤ accepted·(rtol·‖y‖ + atol) (see 'ros23 accuracy').
    expect(maxError(r.y[r.y.length - 1]!, [1, 0])).toBeLessThan(r.accepted * (1e-6 + 1e-9));
  });
});

describe('gradient flow dθ/dt = −Aθ of a quadratic ½θᵀAθ', () => {
  // A = R diag(λ) Rᵀ with R a rotation (Givens rotations in the (0,1) and (1,2)
  // planes), so exp(−At) = R diag(e^{−λt}) Rᵀ exactly.
  const lambda = [0.5, 2, 5];
  const c1 = Math.cos(0.7);
  const s1 = Math.sin(0.7);
  const c2 = Math.cos(-1.1);
  const s2 = Math.sin(-1.1);
  const G1 = [c1, -s1, 0, s1, c1, 0, 0, 0, 1];
  const G2 = [1, 0, 0, 0, c2, -s2, 0, s2, c2];
  const matmul = (a: number[], b: number[]): number[] =>
    Array.from({ length: 9 }, (_, k) => {
      const i = Math.floor(k / 3);
      const j = k % 3;
      return a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
    });
  const R = matmul(G1, G2);
  const A = Array.from({ length: 9 }, (_, k) => {
    const i = Math.floor(k / 3);
    const j = k % 3;
    return lambda.reduce((acc, l, m) => acc + R[3 * i + m]! * l * R[3 * j + m]!, 0);
  });
  const theta0 = [1, -2, 0.5];
  const exactFlow = (t: number): number[] => {
    // z = Rᵀθ0, scaled by e^{−λt}, rotated back.
    const z = [0, 1, 2].map((m) => R[m]! * theta0[0]! + R[3 + m]! * theta0[1]! + R[6 + m]! * theta0[2]!);
    const e = z.map((v, m) => v * Math.exp(-lambda[m]! * t));
    return [0, 1, 2].map((i) => R[3 * i]! * e[0]! + R[3 * i + 1]! * e[1]! + R[3 * i + 2]! * e[2]!);
  };
  const grad = (_t: number, th: Float64Array, d: Float64Array): void => {
    for (let i = 0; i < 3; i++) d[i] = -(A[3 * i]! * th[0]! + A[3 * i + 1]! * th[1]! + A[3 * i + 2]! * th[2]!);
  };

  it('R is orthogonal (the construction is right)', () => {
    const RtR = Array.from({ length: 9 }, (_, k) => {
      const i = Math.floor(k / 3);
      const j = k % 3;
      return R[i]! * R[j]! + R[3 + i]! * R[3 + j]! + R[6 + i]! * R[6 + j]!;
    });
    RtR.forEach((v, k) => expect(v).toBeCloseTo(k % 4 === 0 ? 1 : 0, 14));
  });

  for (const method of ['dopri5', 'dop853', 'ros23'] as OdeMethod[]) {
    it(`${method} matches exp(−At)θ0 on [0, 3]`, () => {
      const tEval = [0, 0.1, 0.5, 1, 2, 3];
      const jac = () => Float64Array.from(A, (v) => -v);
      const r = solveIvp(grad, [0, 3], theta0, { method, rtol: 1e-8, atol: 1e-10, tEval, jac });
      expect(r.status).toBe('success');
      // dopri5/dop853: C = 10 as above; ros23: ≤ accepted·tol (see 'ros23 accuracy').
      const bound = (method === 'ros23' ? r.accepted : 10) * (1e-8 * 2 + 1e-10);
      r.t.forEach((t, k) => expect(maxError(r.y[k]!, exactFlow(t))).toBeLessThan(bound));
      if (method === 'ros23') {
        // One Jacobian per point stepped from (rejections reuse it), one LU per attempt.
        expect(r.njev).toBe(r.accepted);
        expect(r.nlu).toBe(r.accepted + r.rejected);
      }
    });
  }

  it('rk4 with a fixed step: gradient descent-like stepping converges to the flow at order 4', () => {
    const errAt = (N: number): number => {
      const r = solveIvp(grad, [0, 3], theta0, { method: 'rk4', nSteps: N });
      return maxError(r.y[r.y.length - 1]!, exactFlow(3));
    };
    // Halving h divides the error by ≈ 2⁴ = 16 (asymptotic regime: h·λmax ≤ 0.25).
    const ratio = errAt(60) / errAt(120);
    expect(ratio).toBeGreaterThan(13);
    expect(ratio).toBeLessThan(19);
  });

  it('euler on the gradient flow is gradient descent: θ_{k+1} = θ_k − h∇L(θ_k)', () => {
    const h = 0.05;
    const r = solveIvp(grad, [0, 1], theta0, { method: 'euler', step: h });
    const th = Float64Array.from(theta0);
    const d = new Float64Array(3);
    for (let k = 1; k < r.t.length; k++) {
      grad(0, th, d);
      for (let i = 0; i < 3; i++) th[i] = th[i]! + h * d[i]!;
      // Same arithmetic (y + h·k₁) up to the order of summation: equal to 1 ulp-ish.
      for (let i = 0; i < 3; i++) expect(r.y[k]![i]).toBeCloseTo(th[i]!, 14);
    }
    expect(r.t.length).toBe(21);
  });
});
