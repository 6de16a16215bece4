/**
 * tensorRhs: the right-hand side as a Tensor function, its Jacobian by
 * autodiff, used by the stiff solver.
 */
import { describe, expect, it } from 'vitest';
import { grad, stack, tensor } from '../../src/autograd/index.js';
import type { Tensor } from '../../src/autograd/index.js';
import { solveIvp, tensorRhs } from '../../src/ode/index.js';

/** Robertson's kinetics written with Tensor ops. */
const robertson = (_t: number, y: Tensor): Tensor => {
  const y1 = y.select(0, 0);
  const y2 = y.select(0, 1);
  const y3 = y.select(0, 2);
  const d1 = y1.mul(-0.04).add(y2.mul(y3).mul(1e4));
  const d3 = y2.square().mul(3e7);
  return stack([d1, d1.neg().sub(d3), d3]);
};

describe('tensorRhs', () => {
  it('f and jac agree with the hand-written Robertson system', () => {
    const { f, jac } = tensorRhs(robertson);
    const y = Float64Array.from([0.9, 3e-5, 0.1]);
    const d = new Float64Array(3);
    f(0, y, d);
    const want = [-0.04 * 0.9 + 1e4 * 3e-5 * 0.1, 0, 3e7 * 9e-10];
    want[1] = -want[0]! - want[2]!;
    // Same operations in the same order up to association: a few ulps.
    d.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 14));
    const J = jac(0, y);
    const Jwant = [-0.04, 1e4 * 0.1, 1e4 * 3e-5, 0.04, -1e4 * 0.1 - 6e7 * 3e-5, -1e4 * 3e-5, 0, 6e7 * 3e-5, 0];
    expect(J.length).toBe(9);
    // Reverse mode computes the exact derivative; entries up to 2e3, so 1e-12 absolute.
    J.forEach((v, i) => expect(Math.abs(v - Jwant[i]!)).toBeLessThan(1e-12));
    // The solver's buffer is not captured: y is unchanged.
    expect(Array.from(y)).toEqual([0.9, 3e-5, 0.1]);
  });

  it('ros23 with the autodiff Jacobian solves Robertson to t = 40 without finite differences', () => {
    const { f, jac } = tensorRhs(robertson);
    const r = solveIvp(f, [0, 40], [1, 0, 0], { method: 'ros23', rtol: 1e-6, atol: [1e-8, 1e-14, 1e-8], jac });
    expect(r.status).toBe('success');
    const ref = [0.715827068719, 9.18553476456e-6, 0.284163745746]; // see stiff.test.ts
    const y = r.y[r.y.length - 1]!;
    ref.forEach((v, i) => expect(Math.abs(y[i]! - v) / v).toBeLessThan(1e-5));
    // No f evaluations spent on Jacobians: f(t0) + probe + ∂f/∂t per point + 2 per attempt.
    expect(r.nfev).toBe(2 + r.njev + 2 * (r.accepted + r.rejected));
    expect(r.accepted).toBeLessThan(1000);
  });

  it('gradient flow θ\' = −∇L(θ): the Jacobian is −Hessian (double backward)', () => {
    // L(θ) = ½ Σ λᵢ θᵢ² + ¼ θ₀⁴ : ∇²L = diag(λ) + diag(3θ₀², 0, 0).
    const lambda = tensor([1, 100, 1e4]);
    const loss = (th: Tensor): Tensor => th.square().mul(lambda).sum().mul(0.5).add(th.select(0, 0).pow(4).mul(0.25));
    const { f, jac } = tensorRhs((_t, th) => (grad(loss)(th) as Tensor).neg());
    const th = Float64Array.from([2, -1, 0.5]);
    const J = jac(0, th);
    const H = [1 + 3 * 4, 0, 0, 0, 100, 0, 0, 0, 1e4];
    J.forEach((v, i) => expect(Math.abs(v + H[i]!)).toBeLessThan(1e-9));
    // The stiff flow (κ = 10⁴): an explicit method would be held to h ≤ 3.3/10⁴,
    // ≥ 6000 steps on [0, 2]; ros23 needs ≈ 800 (atol 1e-10 resolves the
    // decaying modes to 1e-10 with a 2nd-order method). θ₀ follows θ' = −θ − θ³, i.e.
    // θ₀(t)² = 1/((1 + 1/θ₀(0)²)e^{2t} − 1).
    const r = solveIvp(f, [0, 2], th, { method: 'ros23', jac, rtol: 1e-6, atol: 1e-10 });
    expect(r.status).toBe('success');
    const exact0 = Math.sqrt(1 / ((1 + 1 / 4) * Math.exp(4) - 1));
    const yEnd = r.y[r.y.length - 1]!;
    // ≤ accepted·rtol·|θ₀| (ros23's global error bound, see adaptive.test.ts).
    expect(Math.abs(yEnd[0]! - exact0)).toBeLessThan(r.accepted * 1e-6 * exact0);
    expect(Math.abs(yEnd[2]!)).toBeLessThan(1e-8);
    expect(r.accepted).toBeLessThan(1500);
  });

  it('reports a wrong output shape', () => {
    const { f } = tensorRhs((_t, y) => y.sum());
    expect(() => f(0, new Float64Array(2), new Float64Array(2))).toThrow(/tensorRhs: fn\(t, y\) must return a 1-D Tensor of shape \[2\]/);
  });
});
