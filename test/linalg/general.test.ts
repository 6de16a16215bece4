import { describe, expect, it } from 'vitest';
import { eigenvalues, spectralRadius } from '../../src/linalg/general.js';
import { symmetricEigenvalues } from '../../src/linalg/symmetric.js';
import { Rng } from '../../src/tensor/rng.js';
import { EPS, matmul, maxAbs, randomOrthogonal, randomSymmetric, similarity, trace } from './helpers.js';

type Root = { re: number; im: number };

/** Match computed eigenvalues to expected ones (greedy nearest), returning the errors. */
function matchErrors(got: { re: Float64Array; im: Float64Array }, expected: Root[]): number[] {
  const used = new Set<number>();
  return expected.map((r) => {
    let best = -1;
    let bestDist = Infinity;
    for (let i = 0; i < got.re.length; i++) {
      if (used.has(i)) continue;
      const d = Math.hypot(got.re[i] - r.re, got.im[i] - r.im);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    used.add(best);
    return bestDist;
  });
}

/** Monic polynomial coefficients [1, c₁, …, c_n] (highest degree first) from roots (conjugates implied). */
function polyFromRoots(roots: Root[]): number[] {
  let c = [1];
  const mul = (p: number[], q: number[]) => {
    const out = new Array<number>(p.length + q.length - 1).fill(0);
    p.forEach((x, i) => q.forEach((y, j) => (out[i + j] += x * y)));
    return out;
  };
  for (const r of roots) c = mul(c, r.im === 0 ? [1, -r.re] : [1, -2 * r.re, r.re * r.re + r.im * r.im]);
  return c;
}

/** Companion matrix (first row −c₁ … −c_n, ones on the subdiagonal). */
function companion(c: number[]): { a: Float64Array; n: number } {
  const n = c.length - 1;
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) a[j] = -c[j + 1];
  for (let i = 1; i < n; i++) a[i * n + i - 1] = 1;
  return { a, n };
}

describe('eigenvalues (general real matrix)', () => {
  it('rotation–scaling blocks, mixed by an orthogonal similarity: exact conjugate pairs', () => {
    // Blocks r·[[cos θ, −sin θ], [sin θ, cos θ]] have eigenvalues r·e^{±iθ}.
    const blocks = [
      { r: 2, theta: 0.7 },
      { r: 0.5, theta: 2.9 },
      { r: 1.3, theta: Math.PI / 2 },
    ];
    const reals = [3, -1.5, 0.25];
    const n = 2 * blocks.length + reals.length;
    const m = new Float64Array(n * n);
    const expected: Root[] = [];
    blocks.forEach(({ r, theta }, b) => {
      const i = 2 * b;
      m[i * n + i] = r * Math.cos(theta);
      m[i * n + i + 1] = -r * Math.sin(theta);
      m[(i + 1) * n + i] = r * Math.sin(theta);
      m[(i + 1) * n + i + 1] = r * Math.cos(theta);
      expected.push({ re: r * Math.cos(theta), im: r * Math.sin(theta) }, { re: r * Math.cos(theta), im: -r * Math.sin(theta) });
    });
    reals.forEach((v, k) => {
      const i = 2 * blocks.length + k;
      m[i * n + i] = v;
      expected.push({ re: v, im: 0 });
    });
    const a = similarity(randomOrthogonal(n, 3), m, n);
    const got = eigenvalues(a, n);
    // A is normal (orthogonally similar to a normal matrix), so every eigenvalue has
    // condition number 1: errors are the backward error, ≲ n·ε·‖A‖ with ‖A‖ = 3.
    for (const err of matchErrors(got, expected)) expect(err).toBeLessThan(n * EPS * 3);
    // Conjugate pairs come out adjacent, +im first, with exactly equal real parts.
    for (let i = 0; i < n; i++) {
      if (got.im[i] > 0) {
        expect(got.re[i + 1]).toBe(got.re[i]);
        expect(got.im[i + 1]).toBe(-got.im[i]);
      }
    }
    for (let i = 1; i < n; i++) expect(got.re[i]).toBeGreaterThanOrEqual(got.re[i - 1]);
  });

  it('companion matrices of polynomials with known roots', () => {
    const cases: Root[][] = [
      [{ re: 1, im: 0 }, { re: 2, im: 0 }, { re: 3, im: 0 }, { re: 0.5, im: 1 }, { re: -1, im: 2 }],
      [{ re: -0.3, im: 0 }, { re: 0.9, im: 0.1 }, { re: -2, im: 0.5 }, { re: 4, im: 0 }, { re: 0.1, im: 3 }],
      [{ re: 1, im: 0 }, { re: -1, im: 0 }, { re: 0, im: 1 }],
    ];
    for (const roots of cases) {
      const c = polyFromRoots(roots);
      const { a, n } = companion(c);
      const got = eigenvalues(a, n);
      const expected = roots.flatMap((r) => (r.im === 0 ? [r] : [r, { re: r.re, im: -r.im }]));
      const errors = matchErrors(got, expected);
      expected.forEach((r, i) => {
        // QR on a (balanced) companion matrix is backward stable in the polynomial's
        // coefficients (Edelman & Murakami 1995): |δc_j| ≲ n·ε·|c_j|. First-order
        // root perturbation: |δr| ≤ Σ|δc_j||r|^{n−j} / |p′(r)|.
        const absR = Math.hypot(r.re, r.im);
        let sensitivity = 0;
        for (let j = 0; j <= n; j++) sensitivity += Math.abs(c[j]) * absR ** (n - j);
        let dRe = 1;
        let dIm = 0;
        for (const s of expected) {
          if (s === r) continue;
          const re = r.re - s.re;
          const im = r.im - s.im;
          [dRe, dIm] = [dRe * re - dIm * im, dRe * im + dIm * re];
        }
        const derivative = Math.hypot(dRe, dIm);
        expect(errors[i]).toBeLessThan((10 * n * EPS * sensitivity) / derivative);
      });
    }
  });

  it('defective (Jordan) eigenvalue: splits by ~(ε‖A‖)^(1/k), but its mean stays accurate', () => {
    // A = Q J Qᵀ with J a 4×4 Jordan block for λ = 2. A perturbation of size δ
    // (here the O(n·ε·‖A‖) backward error) moves a k-fold defective eigenvalue by
    // ~δ^(1/k) (Lidskii), i.e. ~1e-4 rather than 1e-15: the looser tolerance is
    // the conditioning of the problem, not a weakness of the method.
    const n = 4;
    const j = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      j[i * n + i] = 2;
      if (i < n - 1) j[i * n + i + 1] = 1;
    }
    const a = similarity(randomOrthogonal(n, 9), j, n);
    const got = eigenvalues(a, n);
    const normA = 3; // ‖J‖₂ ≤ 3
    const delta = n * EPS * normA;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      expect(Math.hypot(got.re[i] - 2, got.im[i])).toBeLessThan(10 * delta ** (1 / n));
      mean += got.re[i] / n;
    }
    // The sum of the eigenvalues is the trace, which is perturbed only by δ.
    expect(Math.abs(mean - 2)).toBeLessThan(10 * delta);
  });

  it('symmetric input: agrees with the symmetric solver, all imaginary parts zero', () => {
    const n = 40;
    const a = randomSymmetric(n, 21);
    const got = eigenvalues(a, n);
    const ref = symmetricEigenvalues(a, n);
    const normA = maxAbs(ref);
    for (let i = 0; i < n; i++) {
      expect(got.im[i]).toBe(0);
      // Both backward stable; symmetric eigenvalues have condition number 1.
      expect(Math.abs(got.re[i] - ref[i])).toBeLessThan(2 * n * EPS * normA);
    }
  });

  it('random 120×120 matrix: Σλ = tr A, Σλ² = tr A², conjugate symmetry', () => {
    const n = 120;
    const rng = new Rng(5);
    const a = rng.fillNormal(new Float64Array(n * n));
    const { re, im } = eigenvalues(a, n);
    let sum = 0;
    let sumIm = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      sum += re[i];
      sumIm += im[i];
      sumSq += re[i] * re[i] - im[i] * im[i];
    }
    // Circular law: ρ(A) ≈ √n ≈ 11; ‖A‖₂ ≈ 2√n ≈ 22. Eigenvalue sums are
    // invariant under the similarity, so they carry only the backward error,
    // ≲ n·ε·‖A‖ per eigenvalue (×n terms).
    const normA = 2 * Math.sqrt(n);
    expect(Math.abs(sum - trace(a, n))).toBeLessThan(n * n * EPS * normA);
    expect(Math.abs(sumIm)).toBeLessThan(n * EPS * normA);
    expect(Math.abs(sumSq - trace(matmul(a, a, n), n))).toBeLessThan(n * n * EPS * normA * normA);
  });

  it('spectralRadius: max |λ| over complex eigenvalues', () => {
    // [[0, −2], [2, 0]] has eigenvalues ±2i: radius 2 although the real parts are 0.
    expect(spectralRadius(new Float64Array([0, -2, 2, 0]), 2)).toBeCloseTo(2, 15);
    // Upper triangular: eigenvalues are the diagonal.
    expect(spectralRadius(new Float64Array([1, 5, 7, 0, -3, 2, 0, 0, 0.5]), 3)).toBeCloseTo(3, 14);
    expect(spectralRadius(new Float64Array([0]), 1)).toBe(0);
  });

  it('badly scaled entries: balancing and power-of-2 scaling keep full accuracy', () => {
    // D⁻¹ M D with D = diag(1, 1e8, 1e-8) has the eigenvalues of M = diag-dominant triangular.
    const m = [2, 1, 1, 0, -1, 1, 0, 0, 5];
    const d = [1, 1e8, 1e-8];
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[i * 3 + j] = (m[i * 3 + j] * d[j]) / d[i];
    const { re, im } = eigenvalues(a, 3);
    expect(Array.from(im)).toEqual([0, 0, 0]);
    // Balancing undoes D (up to powers of 2), after which errors are ε-relative.
    [-1, 2, 5].forEach((v, i) => expect(Math.abs(re[i] - v)).toBeLessThan(1e-12));
  });

  it('rejects bad input', () => {
    expect(() => eigenvalues(new Float64Array(3), 2)).toThrow(/eigenvalues: a has length 3, expected n×n = 4/);
    expect(() => eigenvalues(new Float64Array(0), -1)).toThrow(/eigenvalues: n must be a positive integer, got -1/);
    expect(() => eigenvalues(new Float64Array([1, Infinity, 0, 1]), 2)).toThrow(/eigenvalues: a\[1\].*not finite/);
    expect(() => spectralRadius(new Float64Array(2), 2)).toThrow(/spectralRadius: a has length 2/);
  });
});
