/**
 * The heavy ball as a damped oscillator: closed form on a 1-D quadratic,
 * energy dissipation, the (η, β) ↔ (h, γ) correspondence, and the discrete
 * method converging to the ODE at first order in h = √η.
 */
import { describe, expect, it } from 'vitest';
import {
  discreteFromHeavyBall,
  heavyBallDescent,
  heavyBallFlow,
  heavyBallFromDiscrete,
  logLogSlope,
  nesterovFriction,
  quadraticProblem,
} from '../../src/ode/flow/index.js';

describe('heavy ball ODE θ″ + γθ′ + λθ = 0', () => {
  const lambda = 4;
  const gamma = 0.5;
  const quad = quadraticProblem([lambda]);
  // Underdamped, from rest at θ₀ = 1: θ(t) = e^{−γt/2}(cos ωt + (γ/2ω) sin ωt), ω = √(λ − γ²/4).
  const omega = Math.sqrt(lambda - (gamma * gamma) / 4);
  const exact = (t: number): number => Math.exp((-gamma * t) / 2) * (Math.cos(omega * t) + (gamma / (2 * omega)) * Math.sin(omega * t));

  // dop853 at rtol 1e-10 keeps the global error near 1e-10 (bound 1e-8); ros23 advances
  // with its second-order solution, error ∝ tol^(2/3): measured 2.7e-6 at rtol 1e-8 over
  // three periods (bound 1e-5).
  const cases = [
    ['dop853', 1e-10, 1e-8],
    ['ros23', 1e-8, 1e-5],
  ] as const;
  for (const [method, rtol, bound] of cases) {
    it(`${method} follows the damped oscillation and dissipates energy`, () => {
      const tEval = Array.from({ length: 41 }, (_, k) => k * 0.25);
      const res = heavyBallFlow(quad, [1], [0, 10], { friction: gamma, method, rtol, atol: rtol / 100, tEval });
      expect(res.status).toBe('success');
      tEval.forEach((t, k) => expect(Math.abs(res.theta[k]![0]! - exact(t))).toBeLessThan(bound));
      // dE/dt = −γ‖v‖² ≤ 0 between output times.
      for (let k = 1; k < res.energy.length; k++) expect(res.energy[k]!).toBeLessThanOrEqual(res.energy[k - 1]! + 1e-9);
    });
  }

  it('the (η, β) ↔ (h, γ) maps are inverse: h = √η, γ = (1 − β)/√η', () => {
    const ode = heavyBallFromDiscrete({ lr: 0.01, momentum: 0.9 });
    expect(ode.step).toBeCloseTo(0.1, 15);
    expect(ode.friction).toBeCloseTo(1, 13);
    const back = discreteFromHeavyBall(ode);
    expect(back.lr).toBeCloseTo(0.01, 15);
    expect(back.momentum).toBeCloseTo(0.9, 14);
    expect(() => discreteFromHeavyBall({ step: 1, friction: 2 })).toThrow(/discreteFromHeavyBall: friction must satisfy/);
    expect(() => heavyBallFromDiscrete({ lr: 0.1, momentum: 1 })).toThrow(/heavyBallFromDiscrete: momentum must be a number in \[0, 1\), got 1$/);
  });

  it('discrete heavy ball with η = h², β = 1 − γh converges to the ODE at first order in h', () => {
    const T = 4;
    const hs = [0.04, 0.02, 0.01, 0.005];
    const errors = hs.map((h) => {
      const { lr, momentum } = discreteFromHeavyBall({ step: h, friction: gamma });
      const K = Math.round(T / h);
      const run = heavyBallDescent(quad, [1], { lr, momentum }, K);
      let worst = 0;
      run.theta.forEach((th, k) => (worst = Math.max(worst, Math.abs(th[0]! - exact(run.t[k]!)))));
      expect(run.t[run.t.length - 1]).toBeCloseTo(T, 10);
      return worst;
    });
    // A consistent first-order scheme: error ∝ h. Slope measured ≈ 1.0; allow 1 ± 0.15.
    expect(Math.abs(logLogSlope(hs, errors) - 1)).toBeLessThan(0.15);
    expect(errors[errors.length - 1]!).toBeLessThan(0.01);
  });

  it('Nesterov ODE (friction 3/t) decreases L(θ(t)) − L* like O(1/t²) on a convex quadratic', () => {
    // For ½λθ² the energy t²L + 2‖θ + tθ′/2‖² is non-increasing (Su, Boyd & Candès 2016, Thm 3),
    // so L(θ(t)) ≤ 2‖θ(t₀)‖²/t² when starting at rest near t₀ → 0.
    const res = heavyBallFlow(quad, [1], [1e-3, 20], { friction: nesterovFriction(3), method: 'dop853', rtol: 1e-10, atol: 1e-12 });
    expect(res.status).toBe('success');
    res.t.forEach((t, k) => {
      if (t > 1) expect(res.loss[k]!).toBeLessThanOrEqual((2 * (1 + 1e-5)) / (t * t));
    });
  });
});
