/**
 * Gauss–Hermite quadrature for Gaussian expectations E[f(μ + √q·z)],
 * z ~ N(0, 1): the integrals of the mean-field recursions.
 *
 * Golub–Welsch (1969): the n nodes of the rule for the weight e^{−x²/2}/√(2π)
 * are the eigenvalues of the Jacobi matrix of the probabilists' Hermite
 * polynomials (zero diagonal, off-diagonal √k, k = 1…n−1), and each weight
 * is the squared first component of the corresponding unit eigenvector
 * (the weights sum to 1 because the weight function is a probability
 * density). The rule integrates polynomials of degree ≤ 2n − 1 exactly.
 */
import { tridiagonalEigen } from '../linalg/index.js';

export interface GaussHermiteRule {
  /** Nodes xᵢ, ascending, symmetric about 0. */
  nodes: Float64Array;
  /** Weights wᵢ > 0 with Σ wᵢ = 1, so Σ wᵢ f(xᵢ) ≈ E[f(z)] for z ~ N(0, 1). */
  weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();

/** The n-point Gauss–Hermite rule for the standard normal density (cached). */
export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new Error(`gaussHermite: n must be an integer in [1, 1000], got ${n}`);
  }
  const hit = cache.get(n);
  if (hit) return hit;
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(n - 1, 0));
  for (let k = 1; k < n; k++) off[k - 1] = Math.sqrt(k);
  const e1 = new Float64Array(n);
  e1[0] = 1;
  // Rotating the row vector e₁ along with the QL sweeps leaves, in row j,
  // the first component of eigenvector j.
  const { values, rows } = tridiagonalEigen(diag, off, { data: e1, m: 1 });
  const weights = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) {
    weights[j] = rows![j] * rows![j];
    total += weights[j];
  }
  // Normalise away the O(nε) drift of the eigenvector norms.
  for (let j = 0; j < n; j++) weights[j] /= total;
  const rule = { nodes: values, weights };
  cache.set(n, rule);
  return rule;
}

// 5-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_NODES = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_WEIGHTS = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];

/**
 * E[f(mean + √variance · z)], z ~ N(0, 1).
 *
 * Gauss–Hermite converges fast only if f is analytic in a wide strip around
 * the real axis; tanh and sigmoid have poles at distance π/2 in h, i.e. π/(2s)
 * in z, so the n-point Hermite rule (default 128, exact for polynomials of
 * degree ≤ 255) is used only for narrow Gaussians, s ≤ 0.1. Otherwise the
 * integral ∫ f(μ + s z) φ(z) dz is taken by composite 5-point Gauss–Legendre
 * over z ∈ [−12, 12] (the tails beyond carry < 1e-32 of the mass) with
 * panels no wider than 0.125 in z and 0.5 in h, which resolves both the
 * Gaussian and the unit scale of the nonlinearity (error far below 1e-10).
 */
export function gaussianExpectation(f: (x: number) => number, variance: number, mean = 0, n = 128): number {
  if (!(variance >= 0) || !Number.isFinite(variance)) {
    throw new Error(`gaussianExpectation: variance must be finite and ≥ 0, got ${variance}`);
  }
  if (variance === 0) return f(mean);
  const s = Math.sqrt(variance);
  if (s > 0.1) {
    const zMax = 12;
    const panels = Math.min(200_000, Math.max(192, Math.ceil((2 * zMax * s) / 0.5)));
    const width = (2 * zMax) / panels;
    const half = width / 2;
    let acc = 0;
    for (let p = 0; p < panels; p++) {
      const centre = -zMax + (p + 0.5) * width;
      for (let k = 0; k < 5; k++) {
        const z = centre + half * GL_NODES[k];
        acc += GL_WEIGHTS[k] * half * Math.exp(-0.5 * z * z) * f(mean + s * z);
      }
    }
    return acc / Math.sqrt(2 * Math.PI);
  }
  const { nodes, weights } = gaussHermite(n);
  let acc = 0;
  for (let i = 0; i < nodes.length; i++) acc += weights[i] * f(mean + s * nodes[i]);
  return acc;
}
