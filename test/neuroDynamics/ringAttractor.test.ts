/**
 * Ring attractor: the bump persists without input at several angles (a
 * continuous attractor), and Zhang's shift γ (the odd connection γJ₂ sin(φᵢ − φⱼ)) makes it drift at
 * ω = γ/τ, the first-order prediction.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { wrappedAngleDifference, populationVector, ringAttractorStudy, ringWeights, type RingAttractorResult } from '../../src/neuro/dynamics/index.js';

describe('tanh ring (J₀ = 0, J₂ = 4, N = 64)', () => {
  let r: RingAttractorResult;
  beforeAll(() => {
    r = ringAttractorStudy({ size: 'quick' });
  });

  it('a bump persists at every cued angle, without input, over 50τ', () => {
    // The bump has the same amplitude at every angle (rotational symmetry): |m| ≈ 0.579.
    for (const p of r.persistence) {
      expect(p.finalLength).toBeGreaterThan(0.5);
      expect(p.finalContrast).toBeGreaterThan(1.5);
    }
    // After settling (10τ) the decoded angle stays put: a neutral direction, no restoring
    // force and no drift. Measured ≤ 7e-11 rad (solver tolerance 1e-8): bound 1e-6.
    expect(r.findings.maxPersistenceDrift).toBeLessThan(1e-6);
    // The noisy cue (σ = 0.2 per unit, amplitude a = 1) moves the stored angle by the noise's
    // first-harmonic projection relative to the cue's, rms ≈ σ√2/(a√N) ≈ 0.035 rad
    // (measured ≤ 0.086 over the five cues): bound 0.15.
    expect(r.findings.maxCueError).toBeLessThan(0.15);
    // Below threshold (J₂ = 1.5 < 2) the same cue dies out.
    expect(r.controlFinalLength).toBeLessThan(1e-3);
  });

  it('drifts at ω = γ/τ (Zhang 1996), linear in γ', () => {
    expect(Math.abs(r.drift[0]!.speed)).toBeLessThan(1e-9); // γ = 0
    // First order in γ; measured relative error ≤ 5e-6 for γ ≤ 0.1: 1e-3.
    expect(r.findings.maxSpeedRelativeError).toBeLessThan(1e-3);
    expect(Math.abs(r.driftSlope / r.predictedSlope - 1)).toBeLessThan(1e-3);
  });
});

describe('threshold-linear ring (inhibition J₀ = 2, tuning J₂ = 6, I = 0.1)', () => {
  it('persists within half a lattice spacing and drifts at γ/τ', () => {
    const n = 64;
    const r = ringAttractorStudy({ n, nonlinearity: 'threshold-linear', J0: 2, J2: 6, input: 0.1 });
    // The kink of [x]₊ pins the bump to lattice midpoints: drift bounded by π/N ≈ 0.049
    // (measured ≤ 0.02).
    expect(r.findings.maxPersistenceDrift).toBeLessThan(Math.PI / n);
    expect(r.findings.minFinalLength).toBeGreaterThan(0.1);
    // Pinning slows the travelling bump a little: measured ≤ 0.6% off the prediction: 3%.
    expect(r.findings.maxSpeedRelativeError).toBeLessThan(0.03);
  });
});

describe('helpers', () => {
  it('population vector decodes a cosine profile exactly; weights are circulant', () => {
    const n = 32;
    for (const psi of [0.2, 2.5, -1.3]) {
      const rates = Array.from({ length: n }, (_, i) => 1 + Math.cos((2 * Math.PI * i) / n - psi));
      // Discrete orthogonality of cos/sin on N points: exact up to rounding.
      expect(Math.abs(wrappedAngleDifference(populationVector(rates).angle, psi))).toBeLessThan(1e-14);
      expect(populationVector(rates).length).toBeCloseTo(0.5, 14);
    }
    const W = ringWeights(8, { J0: 1, J2: 3, gamma: 0.5 / 3 });
    // Ben-Yishai et al.'s J(Δ) = −J₀ + J₂ cos 2Δ with Zhang's shift: W₀₁ = (−1 + 3[cos(−2π/8) + (1/6)·sin(−2π/8)])/8.
    expect(W[1]).toBeCloseTo((-1 + 3 * (Math.cos(-Math.PI / 4) + (1 / 6) * Math.sin(-Math.PI / 4))) / 8, 15);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) expect(W[i * 8 + j]).toBeCloseTo(W[((i + 1) % 8) * 8 + ((j + 1) % 8)]!, 15);
    expect(wrappedAngleDifference(0.1, 2 * Math.PI - 0.1)).toBeCloseTo(0.2, 14);
    expect(() => ringAttractorStudy({ gammas: [0.1, 0.1] })).toThrow(/ringAttractorStudy: gammas must list ≥ 2 distinct/);
  });
});
