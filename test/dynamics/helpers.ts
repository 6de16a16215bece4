/** Fixtures for the dynamics tests: quadratics with a prescribed Hessian spectrum. */
import { objective, tensor, type Objective } from '../../src/autograd/index.js';
import { orthonormalize } from '../../src/linalg/index.js';
import { Rng } from '../../src/tensor/index.js';

/** A = Q diag(λ) Qᵀ with a seeded random orthogonal Q (row-major). */
export function matrixWithSpectrum(lambdas: readonly number[], seed = 0): Float64Array {
  const n = lambdas.length;
  const rng = new Rng(seed);
  const q = orthonormalize(Array.from({ length: n }, () => rng.fillNormal(new Float64Array(n))));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k]![i]! * lambdas[k]! * q[k]![j]!;
      a[i * n + j] = s;
    }
  }
  // Exact symmetry (the rounding of the two triangles differs otherwise).
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}

/** L(θ) = ½ θᵀAθ as an Objective of a flat θ. */
export function quadraticLoss(a: Float64Array, n: number): Objective {
  const A = tensor(a, { shape: [n, n] });
  return objective((theta) => theta.matmul(A).mul(theta).sum().mul(0.5), n);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
