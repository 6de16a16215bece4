import { describe, expect, it } from 'vitest';
import { objective, tensor, type Tensor } from '../../src/autograd/index.js';
import { Linear, mseLoss, MSELoss } from '../../src/nn/index.js';
import { moduleObjective } from '../../src/optim/index.js';

// L(θ) = Σ θᵢ⁴/4 + θ₀θ₁: ∇L = θ³ + (θ₁, θ₀, 0), H = diag(3θ²) + [[0,1,0],[1,0,0],[0,0,0]], all exact in closed form.
const quartic = objective((t: Tensor) => t.pow(4).sum().div(4).add(t.select(0, 0).mul(t.select(0, 1))), 3);
const theta = Float64Array.of(0.5, -1, 2);

describe('objective', () => {
  it('value, gradient, valueAndGradient and hvp agree with the closed forms', () => {
    expect(quartic.value(theta)).toBeCloseTo((0.5 ** 4 + 1 + 16) / 4 - 0.5, 14);
    const g = [0.125 - 1, -1 + 0.5, 8];
    // A handful of roundings on O(10) numbers: 1e-13 is far above ε-level differences and far below any wrong term.
    for (const [i, x] of quartic.gradient(theta).entries()) expect(Math.abs(x - g[i]!)).toBeLessThan(1e-13);
    const [l, g2] = quartic.valueAndGradient(theta);
    expect(l).toBe(quartic.value(theta));
    expect(Array.from(g2)).toEqual(Array.from(quartic.gradient(theta)));
    const v = Float64Array.of(1, 2, 3);
    const hv = [3 * 0.25 * 1 + 2, 3 * 1 * 2 + 1, 3 * 4 * 3];
    for (const [i, x] of quartic.hvp(theta, v).entries()) expect(Math.abs(x - hv[i]!)).toBeLessThan(1e-12);
  });

  it('hvp rebuilds the cached gradient graph when θ is changed in place', () => {
    const th = theta.slice();
    const v = Float64Array.of(1, 0, 0);
    expect(quartic.hvp(th, v)[0]).toBeCloseTo(0.75, 14);
    th[0] = 2; // H₀₀ = 3θ₀² = 12 now
    expect(quartic.hvp(th, v)[0]).toBeCloseTo(12, 12);
    expect(quartic.hvp(th, v)[0]).toBeCloseTo(12, 12);
  });

  it('writes into out buffers and rejects wrong lengths, naming the method', () => {
    const out = new Float64Array(3);
    expect(quartic.gradient(theta, out)).toBe(out);
    expect(() => quartic.hvp(theta, new Float64Array(2))).toThrow(/objective\.hvp: v must be a Float64Array of length n = 3/);
    expect(() => objective((t: Tensor) => t, 2).value(new Float64Array(2))).toThrow(/scalar Tensor/);
  });
});

describe('moduleObjective', () => {
  it('is the loss of the module at θ without touching its Parameters, with loss functions or Loss objects', () => {
    const model = new Linear(2, 1, { seed: 1 });
    const x = tensor([[1, 2], [3, -1], [0, 1]]);
    const y = tensor([[1], [0], [2]]);
    const obj = moduleObjective(model, { x, y }, mseLoss);
    const theta0 = obj.theta0();
    const direct = mseLoss(model.forward(x), y).item();
    expect(obj.value(theta0)).toBe(direct);
    expect(moduleObjective(model, { x, y }, new MSELoss()).value(theta0)).toBe(direct);
    obj.value(theta0.map(() => 7));
    expect(Array.from(obj.theta0())).toEqual(Array.from(theta0));
  });

  it('refuses a loss name with a message saying what to write', () => {
    const model = new Linear(2, 1, { seed: 1 });
    const data = { x: tensor([[1, 2]]), y: tensor([[1]]) };
    expect(() => moduleObjective(model, data, 'mse' as never)).toThrow(/moduleObjective: loss must be a function .* got the string 'mse' \(write e\.g\. mseLoss/);
  });
});
