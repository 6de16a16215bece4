/**
 * Saxe, McClelland & Ganguli's exact solution for a two-layer linear network
 * (s = [3, 2, 1], u₀ = 1e-3, aligned balanced init, whitened inputs): the flow
 * follows the sigmoid to solver tolerance, GD to O(η), and modes are learned
 * in order of their singular values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deepLinearStudy, saxeLearningTime, saxeModeStrength, type DeepLinearResult } from '../../src/ode/flow/index.js';

describe('closed form u(t) = s e^{2st} / (e^{2st} − 1 + s/u₀)', () => {
  it('solves du/dt = 2u(s − u) with u(0) = u₀ and u(∞) = s', () => {
    const s = 2;
    const u0 = 0.01;
    expect(saxeModeStrength(0, s, u0)).toBeCloseTo(u0, 15);
    expect(saxeModeStrength(100, s, u0)).toBeCloseTo(s, 12);
    // Central difference, error O(h²·u‴) ≈ 1e-10 at h = 1e-5 plus rounding 1e-11: 1e-8.
    for (const t of [0.3, 1, 1.7, 2.5]) {
      const h = 1e-5;
      const du = (saxeModeStrength(t + h, s, u0) - saxeModeStrength(t - h, s, u0)) / (2 * h);
      const u = saxeModeStrength(t, s, u0);
      expect(Math.abs(du - 2 * u * (s - u))).toBeLessThan(1e-8);
    }
  });

  it('reaches s/2 at t½ = (1/2s) ln((s − u₀)/u₀), and τ rescales time', () => {
    const th = saxeLearningTime(3, 1e-3);
    expect(th).toBeCloseTo(Math.log(2999) / 6, 14);
    expect(saxeModeStrength(th, 3, 1e-3)).toBeCloseTo(1.5, 13);
    expect(saxeModeStrength(50 * th, 3, 1e-3, 50)).toBeCloseTo(1.5, 12);
    expect(() => saxeLearningTime(1, 2)).toThrow(/saxeLearningTime: need s > 0, 0 < u0 < s/);
  });
});

describe('two-layer linear network against the analytic curves', () => {
  let quick: DeepLinearResult;
  let fine: DeepLinearResult;
  beforeAll(() => {
    quick = deepLinearStudy({ size: 'quick' }); // η = 0.02
    fine = deepLinearStudy({ lr: 0.01 });
  });

  it('the flow follows the sigmoid of every mode to solver tolerance', () => {
    // dop853 at rtol 1e-10, atol 1e-12; the aligned init keeps the modes exactly decoupled.
    // Measured max |u − u_analytic|/s ≈ 4e-10: 1e-8.
    expect(quick.findings.maxFlowError).toBeLessThan(1e-8);
    // The crossing of s/2 is located by linear interpolation on a 121-point grid at the
    // logistic's inflection point, so it is accurate to ≈ 1e-5 relative (measured 1.3e-5).
    expect(quick.findings.maxFlowHalfTimeError).toBeLessThan(1e-4);
  });

  it('GD follows it to first order in η: max |u − u_analytic|/s < 3η, halving with η', () => {
    // Measured ≈ 2.23·η (0.0447 at η = 0.02, 0.0223 at η = 0.01), from the strongest mode.
    expect(quick.findings.maxGdError).toBeLessThan(3 * quick.lr);
    expect(fine.findings.maxGdError).toBeLessThan(3 * fine.lr);
    const ratio = quick.findings.maxGdError / fine.findings.maxGdError;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    // GD's half-times lag the analytic ones by O(η) relative (measured 2.2% at η = 0.02): 5%.
    expect(quick.findings.maxGdHalfTimeError).toBeLessThan(0.05);
  });

  it('modes are learned in order of their singular values, t½ ∝ 1/s', () => {
    expect(quick.findings.learnedInOrder).toBe(true);
    const halves = quick.modes.map((m) => m.flowHalfTime);
    expect(halves[0]!).toBeLessThan(halves[1]!);
    expect(halves[1]!).toBeLessThan(halves[2]!);
    // t½·s = ½ ln((s − u₀)/u₀) varies only through the log: within 20% across modes.
    const scaled = quick.modes.map((m) => m.flowHalfTime * m.s);
    expect(Math.max(...scaled) / Math.min(...scaled)).toBeLessThan(1.2);
    // The loss shows the stages: it is non-increasing along the flow.
    quick.flowLoss.forEach((l, i) => i > 0 && expect(l).toBeLessThanOrEqual(quick.flowLoss[i - 1]! + 1e-12));
  });

  it('from a small random init the order of learning is the same', () => {
    const random = deepLinearStudy({ init: 'random', seed: 3 });
    expect(random.findings.learnedInOrder).toBe(true);
  });
});
