/**
 * Hopfield's continuous network: the energy identity dE/dt = −τ Σ φ'(u)(du/dt)²,
 * monotone descent at every accepted solver step for symmetric W (with recall of
 * a stored pattern), and an asymmetric pair that cycles with E going up and down.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/index.js';
import { hebbianWeights, hopfieldEnergy, hopfieldStudy, rateNetwork, rateNonlinearity } from '../../src/neuro/dynamics/index.js';

describe('the Lyapunov function of the symmetric network', () => {
  it('dE/dt = −τ Σ φ′(uᵢ)(duᵢ/dt)² at a random state (finite differences)', () => {
    const rng = new Rng(5);
    const n = 6;
    const W = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) W[i * n + j] = W[j * n + i] = rng.normal(0, 1);
    const I = Float64Array.from({ length: n }, () => rng.normal(0, 0.5));
    const gain = 2;
    const tau = 0.7;
    const net = rateNetwork({ W, input: I, tau, nonlinearity: rateNonlinearity('tanh', gain) });
    const u = Float64Array.from({ length: n }, () => rng.normal(0, 1));
    const du = new Float64Array(n);
    net.f(0, u, du);
    const h = 1e-6;
    const plus = u.map((v, i) => v + h * du[i]!);
    const minus = u.map((v, i) => v - h * du[i]!);
    const dE = (hopfieldEnergy(plus, W, gain, I) - hopfieldEnergy(minus, W, gain, I)) / (2 * h);
    const predicted = -tau * du.reduce((s, d, i) => s + net.phi.df(u[i]!) * d * d, 0);
    // Central difference: O(h²) truncation plus rounding ε·|E|/h ≈ 1e-10 relative to |dE/dt| = O(1).
    expect(predicted).toBeLessThan(0);
    expect(Math.abs(dE - predicted)).toBeLessThan(1e-7 * Math.abs(predicted));
  });

  it('never increases along the solver trajectory and recalls the stored pattern', () => {
    const r = hopfieldStudy();
    // Every accepted dopri5 step (rtol 1e-8): ΔE ≤ 0 up to a local-error-sized slack (measured: no rise at all).
    expect(r.symmetric.t.length).toBeGreaterThan(20);
    expect(r.symmetric.maxIncrease).toBeLessThanOrEqual(1e-9);
    expect(r.symmetric.increases).toBe(0);
    expect(r.symmetric.totalDecrease).toBeGreaterThan(1);
    // 25% of bits flipped (overlap ≈ 0.5 after the tanh) → the pattern is restored (m ≈ 0.997 at gain 4).
    expect(r.symmetric.initialOverlap).toBeLessThan(0.6);
    expect(r.symmetric.finalOverlap).toBeGreaterThan(0.99);
    expect(r.symmetric.finalSpeed).toBeLessThan(1e-6);

    // W = 1.5·I + J: the origin is an unstable focus, the state settles on a limit cycle.
    expect(r.asymmetric.increases).toBeGreaterThan(10);
    expect(r.asymmetric.maxIncrease).toBeGreaterThan(1e-3);
    expect(r.asymmetric.energyRange).toBeGreaterThan(0.01);
    expect(r.asymmetric.oscillations).toBeGreaterThanOrEqual(4);
    expect(r.asymmetric.finalSpeed).toBeGreaterThan(0.1);
  });

  it('Hebbian weights are symmetric with zero diagonal; bad input is rejected', () => {
    const W = hebbianWeights([[1, -1, 1], [1, 1, -1]]);
    for (let i = 0; i < 3; i++) {
      expect(W[i * 3 + i]).toBe(0);
      for (let j = 0; j < 3; j++) expect(W[i * 3 + j]).toBe(W[j * 3 + i]);
    }
    expect(W[1]).toBeCloseTo(0, 15); // (1·(−1) + 1·1)/3
    expect(() => hopfieldEnergy([1, 2], new Float64Array(3))).toThrow(/hopfieldEnergy: W must have n² = 4 entries/);
    expect(() => hopfieldStudy({ corruption: 0.7 })).toThrow(/hopfieldStudy: corruption must be a number in \[0, 0.5\), got 0.7$/);
  });
});

describe('rate network', () => {
  it('the Jacobian (−𝟙 + W diag φ′(x))/τ matches finite differences', () => {
    const rng = new Rng(2);
    const n = 4;
    const W = Float64Array.from({ length: n * n }, () => rng.normal(0, 1));
    const net = rateNetwork({ W, input: 0.3, tau: 2, nonlinearity: 'logistic' });
    const x = Float64Array.from({ length: n }, () => rng.normal(0, 1));
    const J = net.jac(0, x);
    const h = 1e-6;
    for (let j = 0; j < n; j++) {
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      const xp = x.slice();
      const xm = x.slice();
      xp[j] = xp[j]! + h;
      xm[j] = xm[j]! - h;
      net.f(0, xp, a);
      net.f(0, xm, b);
      // Central difference: O(h²) ≈ 1e-12 plus rounding ≈ 1e-10.
      for (let i = 0; i < n; i++) expect(Math.abs((a[i]! - b[i]!) / (2 * h) - J[i * n + j]!)).toBeLessThan(1e-8);
    }
    expect(() => rateNetwork({ W: new Float64Array(5) })).toThrow(/rateNetwork: W must have n² entries/);
  });
});
