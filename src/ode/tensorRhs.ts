/**
 * tensorRhs: write the right-hand side once as a differentiable function of
 * a Tensor, get both the solver's f and its exact Jacobian ∂f/∂y by reverse-
 * mode autodiff (one vector–Jacobian product per output component) — the
 * Jacobian the implicit solver ('ros23') needs, without finite differences.
 */
import { jacobian, noGrad, tensor } from '../autograd/index.js';
import type { Tensor } from '../autograd/index.js';
import type { Jacobian, Rhs } from './types.js';

function checkOutput(out: unknown, n: number, what: string): Tensor {
  const t = out as Tensor;
  if (!t || typeof t !== 'object' || !Array.isArray(t.shape) || t.shape.length !== 1 || t.shape[0] !== n) {
    const got = t && Array.isArray(t.shape) ? `shape [${t.shape.join(', ')}]` : typeof out;
    throw new Error(`tensorRhs: ${what} must return a 1-D Tensor of shape [${n}] (the shape of y), got ${got}`);
  }
  return t;
}

/**
 * Adapt `fn(t, y: Tensor[n]) → Tensor[n]` to `{ f, jac }` for solveIvp:
 * f evaluates fn without recording a graph; jac(t, y) returns the n×n
 * row-major ∂fᵢ/∂yⱼ from the autograd `jacobian` transform.
 */
export function tensorRhs(fn: (t: number, y: Tensor) => Tensor): { f: Rhs; jac: Jacobian } {
  if (typeof fn !== 'function') throw new Error('tensorRhs: fn must be a function (t, y: Tensor) => Tensor');
  const f: Rhs = (t, y, dydt) => {
    const n = y.length;
    // A copy: y is the solver's reused buffer, and tensor() wraps a Float64Array without copying.
    const out = checkOutput(noGrad(() => fn(t, tensor(y.slice()))), n, 'fn(t, y)');
    dydt.set(out.data);
  };
  const jac: Jacobian = (t, y) => {
    const n = y.length;
    const J = jacobian((x: Tensor) => checkOutput(fn(t, x), n, 'fn(t, y)'))(tensor(y.slice()));
    return J.data.slice();
  };
  return { f, jac };
}
