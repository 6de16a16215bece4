/**
 * Two small test losses for comparing discrete and continuous learning
 * dynamics, as Objectives (differentiable Tensor losses of θ):
 *
 *   quadratic   L(θ) = ½ θᵀAθ, A = R·diag(λ)·Rᵀ (R a rotation of the first
 *               two coordinates); flow θ(t) = R e^{−diag(λ)t} Rᵀ θ₀.
 *   product     L(x, y) = ½(xy − 1)², the scalar two-layer linear network
 *               (a "deep linear network" with one unit per layer). Its minima
 *               form the hyperbola xy = 1, with Hessian [y, x]ᵀ[y, x] there,
 *               so the sharpness at a minimum is λ_max = x² + y². Gradient
 *               flow conserves D = x² − y² (the layer balance), and GD maps
 *               D ↦ (1 − η²r²)·D exactly, r = xy − 1.
 */
import { tensor, type Tensor } from '../../autograd/index.js';
import { objective, type Objective } from '../../autograd/index.js';
import { checkFiniteNumber } from '../../tensor/validate.js';

export interface QuadraticProblem extends Objective {
  /** A (n×n, row-major). */
  matrix: Float64Array;
  eigenvalues: number[];
  /** Exact flow θ(t) = e^{−At}θ₀. */
  exactFlow(theta0: ArrayLike<number>, t: number): Float64Array;
}

/** ½θᵀAθ with eigenvalues λ (all > 0 for a strictly convex bowl) and eigenbasis rotated by `angle` in the (θ₀, θ₁) plane. */
export function quadraticProblem(eigenvalues: readonly number[], angle = 0): QuadraticProblem {
  const n = eigenvalues.length;
  if (n < 1 || eigenvalues.some((l) => !Number.isFinite(l))) throw new Error(`quadraticProblem: eigenvalues must be a non-empty list of finite numbers, got [${eigenvalues.join(', ')}]`);
  checkFiniteNumber('quadraticProblem', 'angle', angle);
  // R: identity with a rotation by `angle` in the first two coordinates.
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) R[i * n + i] = 1;
  if (n >= 2) {
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    R[0] = c;
    R[1] = -s;
    R[n] = s;
    R[n + 1] = c;
  }
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += R[i * n + k]! * eigenvalues[k]! * R[j * n + k]!;
      A[i * n + j] = v;
    }
  }
  const At = tensor(A.slice(), { shape: [n, n] });
  const loss = (theta: Tensor): Tensor => At.matmul(theta).mul(theta).sum().mul(0.5);
  const exactFlow = (theta0: ArrayLike<number>, t: number): Float64Array => {
    // θ(t) = R e^{−Λt} Rᵀ θ₀.
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let c = 0;
      for (let j = 0; j < n; j++) c += R[j * n + k]! * theta0[j]!;
      c *= Math.exp(-eigenvalues[k]! * t);
      for (let i = 0; i < n; i++) out[i] = out[i]! + R[i * n + k]! * c;
    }
    return out;
  };
  return { ...objective(loss, n), matrix: A, eigenvalues: [...eigenvalues], exactFlow };
}

/** L(x, y) = ½(xy − 1)² on θ = [x, y]. */
export function productProblem(): Objective {
  return objective((theta: Tensor) => theta.select(0, 0).mul(theta.select(0, 1)).sub(1).square().mul(0.5), 2);
}

/** The flow invariant of the product problem, D = x² − y². */
export function layerBalance(theta: ArrayLike<number>): number {
  return theta[0]! * theta[0]! - theta[1]! * theta[1]!;
}
