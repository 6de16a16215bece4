import { describe, expect, it } from 'vitest';
import { hutchinson } from '../../src/linalg/hutchinson.js';
import { denseMatVec } from '../../src/linalg/vector.js';
import { frobenius2, randomSymmetric, trace } from './helpers.js';

describe('hutchinson', () => {
  const n = 100;
  // Shift the diagonal so the trace is large compared with a random matrix's fluctuations.
  const a = randomSymmetric(n, 31);
  for (let i = 0; i < n; i++) a[i * n + i] += 0.5;
  const exact = trace(a, n);
  const matvec = denseMatVec(a, n);
  let diagSq = 0;
  for (let i = 0; i < n; i++) diagSq += a[i * n + i] ** 2;
  // Exact single-sample variances (Hutchinson 1989; Avron & Toledo 2011).
  const varRademacher = 2 * (frobenius2(a) - diagSq);
  const varGaussian = 2 * frobenius2(a);

  for (const distribution of ['rademacher', 'gaussian'] as const) {
    it(`${distribution}: |estimate − tr A| < 4·stderr, and stderr matches the theory`, () => {
      const r = hutchinson(matvec, n, { samples: 400, seed: 1, distribution });
      expect(r.samples).toBe(400);
      // 4 standard errors: a false alarm has probability ≈ 6e-5 (CLT) for a fixed seed.
      expect(Math.abs(r.estimate - exact)).toBeLessThan(4 * r.stderr);
      // The sample stderr estimates √(Var/N); with N = 400 its own relative error is
      // ≈ √(κ/(2N)) ≲ 10% for these near-Gaussian quadratic forms, so allow ±30%.
      const theory = Math.sqrt((distribution === 'rademacher' ? varRademacher : varGaussian) / 400);
      expect(r.stderr / theory).toBeGreaterThan(0.7);
      expect(r.stderr / theory).toBeLessThan(1.3);
    });
  }

  it('stderr shrinks like 1/√samples', () => {
    const small = hutchinson(matvec, n, { samples: 100, seed: 2 });
    const large = hutchinson(matvec, n, { samples: 1600, seed: 3 });
    // 16× the samples → stderr / 4; each stderr carries ≲ 15% sampling error.
    const ratio = small.stderr / large.stderr;
    expect(ratio).toBeGreaterThan(4 * 0.7);
    expect(ratio).toBeLessThan(4 / 0.7);
    expect(Math.abs(large.estimate - exact)).toBeLessThan(4 * large.stderr);
  });

  it('is exact for a diagonal matrix with Rademacher probes (zᵢ² = 1)', () => {
    const d = Float64Array.from({ length: 50 }, (_, i) => i - 10);
    const r = hutchinson((v) => v.map((x, i) => d[i] * x), 50, { samples: 5 });
    expect(r.estimate).toBe(d.reduce((s, x) => s + x, 0));
    expect(r.stderr).toBe(0);
  });

  it('is reproducible from the seed', () => {
    expect(hutchinson(matvec, n, { samples: 10, seed: 5 }).estimate).toBe(hutchinson(matvec, n, { samples: 10, seed: 5 }).estimate);
  });

  it('rejects bad input', () => {
    expect(() => hutchinson(matvec, -3)).toThrow(/hutchinson: n must be a positive integer, got -3/);
    expect(() => hutchinson(matvec, n, { samples: 1 })).toThrow(/hutchinson: samples must be an integer ≥ 2, got 1$/);
    expect(() => hutchinson(matvec, n, { distribution: 'uniform' as 'gaussian' })).toThrow(
      /distribution must be 'rademacher' or 'gaussian', got uniform/,
    );
    expect(() => hutchinson(() => new Float64Array(3), n)).toThrow(/hutchinson: matvec must return a Float64Array of length n = 100/);
  });
});
