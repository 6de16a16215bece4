import { describe, expect, it } from 'vitest';
import {
  ablationCurve,
  creditScaling,
  creditDistribution,
  duplicateHiddenUnits,
  evenAngles,
  inequality,
  redundantReadoutCredit,
  trainPopulationNetwork,
} from '../../src/neuro/index.js';

describe('redundant readout', () => {
  it('N copies with weights w/N: per-unit credit falls exactly as 1/N, weight credit does not', () => {
    const single = redundantReadoutCredit(1);
    // Theory: |∂L/∂aᵢ| = |2(y − t)·w|/N with y = w·a = 0.91, t = 0.2, w = 1.3.
    expect(single.activationCredit).toBeCloseTo(2 * (0.91 - 0.2) * 1.3, 14);
    for (const n of [2, 3, 7, 64]) {
      const r = redundantReadoutCredit(n);
      // y = Σ (w/N)·a is the same sum of N rounded terms: equal to ~N ulps.
      expect(Math.abs(r.output - single.output)).toBeLessThan(n * 1e-15);
      expect(Math.abs((r.activationCredit * n) / single.activationCredit - 1)).toBeLessThan(n * 1e-15);
      expect(Math.abs(r.weightCredit / single.weightCredit - 1)).toBeLessThan(n * 1e-15);
    }
  });
});

describe('credit in a trained population network', () => {
  const trained = trainPopulationNetwork({ steps: 300, hiddenUnits: 24, seed: 4 });
  const net = trained.network;

  it('spreads credit over many units, and duplicated units split it equally', () => {
    const cd = creditDistribution(net);
    let total = 0;
    for (const s of cd.shares) total += s;
    expect(total).toBeCloseTo(1, 14);
    expect(cd.participationRatio).toBeGreaterThan(0.5);
    expect(cd.maxShare).toBeLessThan(0.2);
    const copies = 3;
    const dup = duplicateHiddenUnits(net, copies);
    const thetas = evenAngles(64);
    // The duplicated network computes the same function (sums of w/3 three times: a few ulps).
    const a = net.forward(net.inputs(thetas)).data;
    const b = dup.forward(dup.inputs(thetas)).data;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-14);
    const before = creditDistribution(net, thetas).activationCredit;
    const after = creditDistribution(dup, thetas).activationCredit;
    for (let i = 0; i < before.length; i++) {
      for (let k = 0; k < copies; k++) expect(Math.abs(after[i * copies + k] * copies - before[i])).toBeLessThan(1e-12 * before[i] + 1e-17);
    }
  });

  it('degrades gracefully when units are ablated', () => {
    const rows = ablationCurve(net, [0, 0.25, 0.5, 1], { repeats: 8, seed: 1 });
    expect(rows[0].randomLoss).toBeCloseTo(trained.finalTestLoss, 12);
    expect(rows[1].randomLoss).toBeGreaterThan(rows[0].randomLoss);
    expect(rows[2].randomLoss).toBeGreaterThan(rows[1].randomLoss);
    // With every unit silenced the output is the constant b₂: decoding is at chance (≈ 1.8 rad RMS).
    expect(rows[3].randomAngularError).toBeGreaterThan(1);
    expect(rows[3].targetedLoss).toBeCloseTo(rows[3].randomLoss, 12);
  });

  it('inequality measures: equal shares give participation 1 and Gini 0', () => {
    const flat = inequality(new Float64Array(10).fill(2));
    expect(flat.participationRatio).toBeCloseTo(1, 14);
    expect(flat.gini).toBeCloseTo(0, 14);
    const one = inequality(Float64Array.from([0, 0, 0, 5]));
    expect(one.participationRatio).toBeCloseTo(0.25, 14);
    expect(one.maxShare).toBe(1);
    expect(one.gini).toBeCloseTo(0.75, 14);
  });
});

describe('creditScaling', () => {
  it('reports per-size credit and the log–log slope through the measured points', () => {
    const { rows, slope } = creditScaling([8, 32], { steps: 120, seed: 5 });
    expect(rows.map((r) => r.hiddenUnits)).toEqual([8, 32]);
    for (const r of rows) expect(r.meanCredit).toBeCloseTo(r.totalCredit / r.hiddenUnits, 14);
    // Two points: the least-squares slope is the secant ln(c₂/c₁)/ln(N₂/N₁).
    expect(slope).toBeCloseTo(Math.log(rows[1].meanCredit / rows[0].meanCredit) / Math.log(4), 12);
    expect(() => creditScaling([8])).toThrow(/creditScaling: hiddenSizes/);
  });
});

