import { describe, expect, it } from 'vitest';
import { slq, spectralDensity } from '../../src/linalg/slq.js';
import { symmetricEigenvalues } from '../../src/linalg/symmetric.js';
import { denseMatVec } from '../../src/linalg/vector.js';
import { EPS, frobenius2, matmul, randomSymmetric, trace } from './helpers.js';

describe('slq (stochastic Lanczos quadrature)', () => {
  const n = 200;
  const a = randomSymmetric(n, 41).map((v) => v / Math.sqrt(n)); // semicircle on [−2, 2]
  for (let i = 0; i < n; i++) a[i * n + i] += 0.3;
  const matvec = denseMatVec(a, n);
  const a2 = matmul(a, a, n);
  const a4 = matmul(a2, a2, n);

  /** Exact std. error of the Rademacher estimate of tr(M)/n from `probes` probes. */
  function rademacherStderr(m: Float64Array, probes: number): number {
    let diagSq = 0;
    for (let i = 0; i < n; i++) diagSq += m[i * n + i] ** 2;
    return Math.sqrt((2 * (frobenius2(m) - diagSq)) / probes) / n;
  }

  it('weights are nonnegative and sum to 1', () => {
    const r = slq(matvec, n, { probes: 8, steps: 30, seed: 1 });
    expect(r.nodes.length).toBe(8 * 30);
    expect(r.weights.length).toBe(r.nodes.length);
    expect(r.matvecs).toBe(8 * 30);
    let total = 0;
    for (const w of r.weights) {
      expect(w).toBeGreaterThanOrEqual(0);
      total += w;
    }
    // Each probe's weights are renormalized to sum to 1/probes; summation error ≲ count·ε.
    expect(Math.abs(total - 1)).toBeLessThan(r.weights.length * EPS);
  });

  it('moments Σwλ^p match tr(A^p)/n (p = 1, 2) within the estimator error', () => {
    const probes = 20;
    const r = slq(matvec, n, { probes, steps: 25, seed: 2 });
    const moment = (p: number) => r.weights.reduce((s, w, j) => s + w * r.nodes[j] ** p, 0);
    // Gauss quadrature with m nodes is exact for degree ≤ 2m − 1, so the moments are
    // exactly Hutchinson estimates of tr(A^p)/n: allow 4 of their standard errors.
    expect(Math.abs(moment(1) - trace(a, n) / n)).toBeLessThan(4 * rademacherStderr(a, probes));
    expect(Math.abs(moment(2) - trace(a2, n) / n)).toBeLessThan(4 * rademacherStderr(a2, probes));
    // Same for p = 4 (degree 4 ≤ 2·25 − 1).
    expect(Math.abs(moment(4) - trace(a4, n) / n)).toBeLessThan(4 * rademacherStderr(a4, probes));
  });

  it('nodes lie within the spectrum and reach its edges', () => {
    const exact = symmetricEigenvalues(a, n);
    const r = slq(matvec, n, { probes: 4, steps: 40, seed: 3 });
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of r.nodes) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    // Ritz values interlace: never outside [λ_min, λ_max] (up to rounding).
    expect(lo).toBeGreaterThanOrEqual(exact[0] - 1e-12);
    expect(hi).toBeLessThanOrEqual(exact[n - 1] + 1e-12);
    // Extreme Ritz values converge first: after 40 steps they are close to the edges.
    expect(exact[n - 1] - hi).toBeLessThan(0.05);
    expect(lo - exact[0]).toBeLessThan(0.05);
  });

  it('few distinct eigenvalues: stops at the invariant subspace with exact nodes and weights', () => {
    // diag(−1 ×25, 0.5 ×50, 3 ×25): K(A, v) has dimension 3. With v = z/√n and zᵢ = ±1, the
    // weight of each eigenvalue is Σ_{i in its cluster} vᵢ² = (cluster size)/n exactly.
    const m = 100;
    const d = Array.from({ length: m }, (_, i) => (i < 25 ? -1 : i < 75 ? 0.5 : 3));
    const r = slq((v) => v.map((x, i) => d[i] * x), m, { probes: 3, steps: 10, seed: 4 });
    expect(r.matvecs).toBe(9);
    const mass = new Map<number, number>();
    r.nodes.forEach((x, j) => {
      const key = [-1, 0.5, 3].find((c) => Math.abs(x - c) < 1e-12);
      expect(key).toBeDefined();
      mass.set(key!, (mass.get(key!) ?? 0) + r.weights[j]);
    });
    expect(mass.get(-1)).toBeCloseTo(0.25, 12);
    expect(mass.get(0.5)).toBeCloseTo(0.5, 12);
    expect(mass.get(3)).toBeCloseTo(0.25, 12);
  });

  it('rejects bad input', () => {
    expect(() => slq(matvec, 0)).toThrow(/slq: n must be a positive integer, got 0/);
    expect(() => slq(matvec, n, { probes: 0 })).toThrow(/slq: probes must be an integer ≥ 1, got 0$/);
    expect(() => slq(matvec, n, { steps: n + 1 })).toThrow(/slq: steps must be an integer in \[1, 200\], got 201/);
  });
});

describe('spectralDensity', () => {
  it('is a normalized mixture of Gaussians at the nodes', () => {
    const result = { nodes: new Float64Array([-1, 2]), weights: new Float64Array([0.25, 0.75]), matvecs: 0 };
    const sigma = 0.1;
    const grid = Float64Array.from({ length: 2001 }, (_, i) => -5 + i * 0.005);
    const phi = spectralDensity(result, grid, sigma);
    // At a node the other Gaussian is e^{−450}-negligible: φ(−1) = 0.25/(σ√2π).
    expect(phi[800]).toBeCloseTo(0.25 / (sigma * Math.sqrt(2 * Math.PI)), 12);
    expect(phi[1400]).toBeCloseTo(0.75 / (sigma * Math.sqrt(2 * Math.PI)), 12);
    // Trapezoid rule on a smooth, rapidly decaying integrand (h = σ/20): spectrally accurate.
    let integral = 0;
    for (let i = 1; i < grid.length; i++) integral += 0.5 * (phi[i] + phi[i - 1]) * 0.005;
    expect(integral).toBeCloseTo(1, 10);
  });

  it('the broadened SLQ density integrates to 1 over the spectrum', () => {
    const n = 150;
    const a = randomSymmetric(n, 8).map((v) => v / Math.sqrt(n));
    const r = slq(denseMatVec(a, n), n, { probes: 5, steps: 30, seed: 9 });
    const h = 0.01;
    const grid = Float64Array.from({ length: 801 }, (_, i) => -4 + i * h);
    const phi = spectralDensity(r, grid, 0.1);
    let integral = 0;
    for (let i = 1; i < grid.length; i++) integral += 0.5 * (phi[i] + phi[i - 1]) * h;
    // Nodes lie in ≈ [−2, 2], ≥ 20σ inside the grid: the tails beyond are < 1e-80.
    expect(integral).toBeCloseTo(1, 10);
  });

  it('rejects bad input', () => {
    const r = { nodes: new Float64Array(2), weights: new Float64Array(1), matvecs: 0 };
    expect(() => spectralDensity(r, new Float64Array(3), 0)).toThrow(/spectralDensity: sigma must be a finite number > 0, got 0/);
    expect(() => spectralDensity(r, new Float64Array(3), 1)).toThrow(/nodes and result.weights must have the same length, got 2 and 1/);
  });
});
