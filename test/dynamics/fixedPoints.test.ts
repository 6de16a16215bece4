import { describe, expect, it } from 'vitest';
import { findFixedPoints, recurrentSystem, speed } from '../../src/dynamics/index.js';
import { RateRNN, RNN } from '../../src/nn/index.js';
import { Rng } from '../../src/tensor/index.js';

/** x* > 0 with x* = tanh(2x*), by fixed-point iteration (a contraction near x*: |2 tanh′(2x*)| ≈ 0.33). */
function bistableRoot(): number {
  let x = 1;
  for (let i = 0; i < 200; i++) x = Math.tanh(2 * x);
  return x;
}

describe('fixed-point finder (Sussillo & Barak 2013)', () => {
  it('finds the 9 fixed points of h ↦ tanh(2h) in 2-D: 4 stable corners, 4 saddles with 1 unstable direction, the unstable origin', () => {
    const rnn = new RNN(1, 2, { seed: 0 });
    rnn.weightHh.data.set([2, 0, 0, 2]);
    for (const p of [rnn.weightIh, rnn.biasIh!, rnn.biasHh!]) p.data.fill(0);
    const system = recurrentSystem(rnn);
    const init = new Rng(1).fillUniform(new Float64Array(2 * 200), -1.2, 1.2);
    const res = findFixedPoints(system, init, { marginalTol: 0.02 });
    const xs = bistableRoot();
    expect(res.points).toHaveLength(9);
    const byKind = (k: string) => res.points.filter((p) => p.kind === k);
    expect(byKind('stable')).toHaveLength(4);
    expect(byKind('saddle')).toHaveLength(4);
    expect(byKind('unstable')).toHaveLength(1);
    for (const p of res.points) {
      // Every coordinate is 0 or ±x*; Newton converges quadratically, so to ~1e-12 of the root.
      for (const v of p.h) expect(Math.min(Math.abs(v), Math.abs(Math.abs(v) - xs))).toBeLessThan(1e-9);
      expect(p.q).toBeLessThan(res.tolerances.fixedTol);
      expect(p.fixed).toBe(true);
      // Eigenvalues are 2·tanh′(2hᵢ): 2 at 0, 2(1 − x*²) ≈ 0.166 at ±x*.
      const nonzero = Array.from(p.h).filter((v) => Math.abs(v) > 0.5).length;
      expect(p.unstable).toBe(2 - nonzero);
    }
    expect(res.tolerances).toEqual({ fixedTol: 1e-12, slowTol: 1e-6, dedupTol: 1e-3 * Math.SQRT2, marginalTol: 0.02 });
  });

  it('finds a line attractor of the continuous rate network: one eigenvalue with Re λ = 0, the other −1/τ', () => {
    // τ dh/dt = −h + W relu(h) + b with W = diag(1, 0.5), b = (0, −1): every (a, −1) with a > 0 is fixed, away from
    // relu's kink, and J = (−I + W diag relu′(h))/τ = diag(0, −1)/τ there.
    const net = new RateRNN(1, 2, { seed: 0, tau: 2, nonlinearity: 'relu' });
    net.weightHh.data.set([1, 0, 0, 0.5]);
    net.weightIh.data.fill(0);
    net.bias.data.set([0, -1]);
    const system = recurrentSystem(net, { continuous: true });
    const rng = new Rng(2);
    const init = new Float64Array(2 * 40);
    for (let i = 0; i < 40; i++) {
      init[2 * i] = rng.uniform(0.2, 2);
      init[2 * i + 1] = rng.uniform(-1.5, -0.5);
    }
    const res = findFixedPoints(system, init, { marginalTol: 1e-3 });
    expect(res.points.length).toBeGreaterThan(3);
    for (const p of res.points) {
      expect(p.kind).toBe('marginal');
      expect(p.marginal).toBe(1);
      const re = Array.from(p.re).sort((a, b) => a - b);
      expect(re[0]).toBeCloseTo(-0.5, 12);
      expect(Math.abs(re[1]!)).toBeLessThan(1e-12);
      expect(speed(system, p.h)[0]).toBe(p.q);
    }
  });

  it('rejects an empty or ragged set of starting states', () => {
    const system = recurrentSystem(new RNN(1, 3, { seed: 0 }));
    expect(() => findFixedPoints(system, new Float64Array(4))).toThrow(/initial states must be a non-empty \[m, 3\] array, got 4 values/);
  });
});
