/**
 * Gradient flow dθ/dt = −∇L(θ) against closed forms: the quadratic bowl's
 * matrix exponential (for explicit, adaptive and implicit solvers), the
 * autodiff Jacobian −H of the flow and of the modified flow, the Module
 * adapter, and GD as explicit Euler.
 */
import { describe, expect, it } from 'vitest';
import { objective, tensor, type Tensor } from '../../src/autograd/index.js';
import { Linear, mseLoss } from '../../src/nn/index.js';
import { moduleObjective } from '../../src/optim/index.js';
import { solveIvp, type OdeMethod } from '../../src/ode/index.js';
import {
  gradientDescent,
  gradientFlow,
  gradientFlowRhs,
  modifiedLoss,
  productProblem,
  quadraticProblem,
} from '../../src/ode/flow/index.js';

/** e^{M} for a small dense matrix by scaling and squaring with a 20-term Taylor series (independent of the eigenbasis). */
function expm(M: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (const v of M) norm = Math.max(norm, Math.abs(v));
  const squarings = Math.max(0, Math.ceil(Math.log2(norm * n)) + 1);
  const A = M.map((v) => v / 2 ** squarings);
  const mul = (X: Float64Array, Y: Float64Array): Float64Array => {
    const Z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) Z[i * n + j] += X[i * n + k]! * Y[k * n + j]!;
    return Z;
  };
  let term: Float64Array = new Float64Array(n * n);
  for (let i = 0; i < n; i++) term[i * n + i] = 1;
  const sum = term.slice();
  for (let k = 1; k <= 20; k++) {
    term = mul(term, A).map((v) => v / k);
    for (let i = 0; i < n * n; i++) sum[i] += term[i]!;
  }
  let E: Float64Array = sum;
  for (let s = 0; s < squarings; s++) E = mul(E, E);
  return E;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('gradient flow of a quadratic is the matrix exponential', () => {
  const quad = quadraticProblem([2, 0.5, 0.1], 0.7);
  const theta0 = [1, -0.5, 2];
  const T = 3;
  const exact = (() => {
    const E = expm(quad.matrix.map((v) => -v * T), 3);
    return [0, 1, 2].map((i) => E[i * 3]! * theta0[0]! + E[i * 3 + 1]! * theta0[1]! + E[i * 3 + 2]! * theta0[2]!);
  })();

  it('the closed form agrees with the Taylor matrix exponential', () => {
    // Both are exact up to rounding (‖θ‖ ≈ 2, 20 Taylor terms on a scaled matrix): 1e-13.
    expect(maxAbsDiff(quad.exactFlow(theta0, T), exact)).toBeLessThan(1e-13);
  });

  // rtol = atol = 1e-10 on a contracting linear flow: the global error of dopri5/dop853
  // stays within a small multiple of the tolerance (bound 3e-9). ros23 advances with its
  // second-order solution, so its global error scales like tol^(2/3): measured 6.5e-7 at
  // 1e-8 (bound 2e-6). rk4 with h = 0.01: C·h⁴ with C ≈ λ_max⁵T/120 ≈ 0.8, so ≤ 1e-8.
  const cases: [OdeMethod, Record<string, number>, number][] = [
    ['dopri5', { rtol: 1e-10, atol: 1e-10 }, 3e-9],
    ['dop853', { rtol: 1e-10, atol: 1e-10 }, 3e-9],
    ['ros23', { rtol: 1e-8, atol: 1e-8 }, 2e-6],
    ['rk4', { step: 0.01 }, 1e-8],
  ];
  for (const [method, opts, tol] of cases) {
    it(`${method} reaches e^{−AT}θ₀`, () => {
      const res = gradientFlow(quad, theta0, [0, T], { method, ...opts });
      expect(res.status).toBe('success');
      expect(maxAbsDiff(res.y[res.y.length - 1]!, exact)).toBeLessThan(tol);
      // The loss never increases along the flow: dL/dt = −‖∇L‖² ≤ 0.
      for (let k = 1; k < res.loss.length; k++) expect(res.loss[k]!).toBeLessThanOrEqual(res.loss[k - 1]! + 1e-15);
    });
  }
});

describe('Jacobians and gradients by autodiff', () => {
  it('the flow Jacobian is −A, the modified flow Jacobian is −(A + (η/2)A²)', () => {
    const quad = quadraticProblem([1.5, 0.4], 0.3);
    const A = quad.matrix;
    const theta = new Float64Array([0.3, -1.2]);
    // Exact in exact arithmetic; a few roundings of O(1) numbers: 1e-14.
    expect(maxAbsDiff(gradientFlowRhs(quad).jac(0, theta), A.map((v) => -v))).toBeLessThan(1e-14);
    const eta = 0.1;
    const A2 = [A[0]! * A[0]! + A[1]! * A[2]!, A[0]! * A[1]! + A[1]! * A[3]!, A[2]! * A[0]! + A[3]! * A[2]!, A[2]! * A[1]! + A[3]! * A[3]!];
    const expected = A.map((v, i) => -(v + (eta / 2) * A2[i]!));
    expect(maxAbsDiff(gradientFlowRhs(quad, eta).jac(0, theta), expected)).toBeLessThan(1e-14);
  });

  it('∇L̃ = ∇L + (η/2)·H∇L on ½(xy − 1)², the field the modified flow integrates', () => {
    const prod = productProblem();
    const eta = 0.3;
    const theta = new Float64Array([1.7, -0.4]);
    const g = prod.gradient(theta);
    const hg = prod.hvp(theta, g);
    const tilde = objective(modifiedLoss(prod.loss, eta), 2).gradient(theta);
    // Same derivatives by two autodiff routes (double backprop vs hvp): agree to rounding.
    expect(maxAbsDiff(tilde, [g[0]! + (eta / 2) * hg[0]!, g[1]! + (eta / 2) * hg[1]!])).toBeLessThan(1e-13);
    const dtheta = new Float64Array(2);
    gradientFlowRhs(prod, eta).f(0, theta, dtheta);
    expect(maxAbsDiff(dtheta, tilde.map((v) => -v))).toBeLessThan(1e-13);
  });

  it('moduleObjective gives the Module gradient and its flow reaches least squares', () => {
    const model = new Linear(3, 1, { seed: 4 });
    const x = tensor([[1, 0, 2], [0, 1, -1], [1, 1, 1], [2, -1, 0], [0.5, 0.5, -2]]);
    const y = tensor([[1], [0], [2], [1], [-1]]);
    const obj = moduleObjective(model, { x, y }, mseLoss);
    const theta0 = obj.theta0();
    expect(obj.n).toBe(4);
    // Reference: the MSE gradient in closed form, r = Xw + b − y, ∇w = (2/N)Xᵀr, ∇b = (2/N)Σr
    // (Linear's parameters are [weight (1×3), bias (1)]).
    const X = x.toArray() as number[][];
    const Y = (y.toArray() as number[][]).map((row) => row[0]!);
    const r = X.map((row, p) => row.reduce((s, v, j) => s + v * theta0[j]!, theta0[3]!) - Y[p]!);
    const reference = [0, 1, 2].map((j) => (2 / 5) * X.reduce((s, row, p) => s + row[j]! * r[p]!, 0));
    reference.push((2 / 5) * r.reduce((a, b) => a + b, 0));
    expect(maxAbsDiff(obj.gradient(theta0), reference)).toBeLessThan(1e-14);
    expect(maxAbsDiff(obj.theta0(), theta0)).toBe(0); // evaluating L did not move the model
    const res = gradientFlow(obj, theta0, [0, 500], { method: 'dop853', rtol: 1e-10, atol: 1e-12 });
    expect(res.status).toBe('success');
    const thetaEnd = res.y[res.y.length - 1]!;
    // At the least-squares solution the gradient vanishes; by t = 500 the slowest mode
    // e^{−λ_min t} has decayed below the solver tolerance (measured ‖∇L‖ ≈ 4e-10): 1e-8.
    expect(Math.hypot(...obj.gradient(thetaEnd))).toBeLessThan(1e-8);
    obj.assign(thetaEnd);
    expect(maxAbsDiff(obj.theta0(), thetaEnd)).toBe(0);
  });

  it('rejects bad input with the function name', () => {
    const quad = quadraticProblem([1, 2]);
    expect(() => gradientFlow(quad, [1], [0, 1])).toThrow(/gradientFlow: theta0 must have length n = 2/);
    expect(() => gradientFlowRhs(quad, -1)).toThrow(/gradientFlowRhs: eta must be/);
    expect(() => gradientDescent(quad, [1, 1], 0, 3)).toThrow(/gradientDescent: lr must be/);
    expect(() => objective((t: Tensor) => t, 2).gradient(new Float64Array(2))).toThrow(/objective: the loss must return a scalar/);
  });
});

describe('gradient descent is explicit Euler on the flow', () => {
  it('θₖ equals the Euler solution with step η', () => {
    const prod = productProblem();
    const eta = 0.05;
    const gd = gradientDescent(prod, [1.5, 0.3], eta, 40);
    const euler = solveIvp(gradientFlowRhs(prod).f, [0, 40 * eta], [1.5, 0.3], { method: 'euler', nSteps: 40 });
    // Identical arithmetic up to the order of operations: rounding only.
    expect(gd.theta.length).toBe(41);
    expect(maxAbsDiff(gd.theta[40]!, euler.y[euler.y.length - 1]!)).toBeLessThan(1e-14);
    expect(gd.t[40]).toBeCloseTo(2, 14);
  });

  it('flags divergence past the stability limit', () => {
    const quad = quadraticProblem([1]);
    const run = gradientDescent(quad, [1], 2.5, 100, { divergeAbove: 1e6 });
    // |1 − ηλ| = 1.5 per step: 1.5^k > 1e6 first at k = 35.
    expect(run.diverged).toBe(true);
    expect(run.k[run.k.length - 1]).toBe(35);
  });
});
