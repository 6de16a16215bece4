import { describe, expect, it } from 'vitest';
import { hessian, objective, tensor, type Tensor } from '../../src/autograd/index.js';
import { symmetricEigenvalues } from '../../src/linalg/index.js';
import { MLP, mseLoss, regression1d, train } from '../../src/nn/index.js';
import { moduleObjective, SGD } from '../../src/optim/index.js';
import { hessianEigen, sharpness, SharpnessTracker } from '../../src/dynamics/index.js';
import { matrixWithSpectrum } from './helpers.js';

describe('hessianEigen', () => {
  it('finds the top-k and the bottom of a known spectrum', () => {
    const lambdas = [-2, -0.5, 0.1, 0.3, 1, 2, 3, 7, 9, 12];
    const A = matrixWithSpectrum(lambdas, 11);
    const n = lambdas.length;
    const At = tensor(A, { shape: [n, n] });
    const hvp = objective((t: Tensor) => t.matmul(At).mul(t).sum().mul(0.5), n);
    // n steps: the Krylov space is exhaustive and the Ritz values are exact up to rounding (~1e-14 for ‖A‖ = 12).
    const top = hessianEigen(hvp, new Float64Array(n), { k: 3, steps: n, tol: 0 });
    expect(top.values.map((v) => +v.toFixed(10))).toEqual([12, 9, 7]);
    const low = hessianEigen(hvp, new Float64Array(n), { which: 'smallest', steps: n, tol: 0 });
    expect(low.values[0]).toBeCloseTo(-2, 10);
  });

  it('objective.hvp reuses the gradient graph of a point, and rebuilds it when θ changes in place', () => {
    const data = regression1d({ curve: { kind: 'sin' }, n: 10, grid: true });
    const model = new MLP([1, 4, 1], { hidden: 'tanh', seed: 5 });
    const fl = moduleObjective(model, data, mseLoss);
    const theta = fl.theta0();
    const H0 = hessian(fl.loss)(tensor(Float64Array.from(theta))).data;
    const v = Float64Array.from({ length: fl.n }, (_, i) => Math.cos(i));
    const dense = (H: Float64Array) => Float64Array.from({ length: fl.n }, (_, i) => v.reduce((s, vj, j) => s + H[i * fl.n + j]! * vj, 0));
    // Reverse-over-reverse vs jacobian-of-gradient: same derivatives, summed in another order (~1e-15).
    expect(Math.max(...fl.hvp(theta, v).map((x, i) => Math.abs(x - dense(H0)[i]!)))).toBeLessThan(1e-12);
    expect(Math.max(...fl.hvp(theta, v).map((x, i) => Math.abs(x - dense(H0)[i]!)))).toBeLessThan(1e-12);
    theta[0] += 0.5;
    const H1 = hessian(fl.loss)(tensor(Float64Array.from(theta))).data;
    expect(Math.max(...fl.hvp(theta, v).map((x, i) => Math.abs(x - dense(H1)[i]!)))).toBeLessThan(1e-12);
    expect(Math.max(...dense(H1).map((x, i) => Math.abs(x - dense(H0)[i]!)))).toBeGreaterThan(1e-3);
  });

  it('matches the dense Hessian of a network, and warm starts save HVPs', () => {
    const data = regression1d({ curve: { kind: 'chebyshev', k: 3 }, n: 16, grid: true });
    const model = new MLP([1, 6, 1], { hidden: 'tanh', seed: 2 });
    const fl = moduleObjective(model, data, mseLoss);
    const theta = fl.theta0();
    const H = Float64Array.from(hessian(fl.loss)(tensor(theta)).data);
    for (let i = 0; i < fl.n; i++) for (let j = 0; j < i; j++) H[i * fl.n + j] = H[j * fl.n + i] = (H[i * fl.n + j]! + H[j * fl.n + i]!) / 2;
    const dense = symmetricEigenvalues(H, fl.n);
    const r = hessianEigen(fl, theta, { steps: 25, tol: 1e-10 });
    // The top eigenvalue is well separated; Lanczos' Ritz value error is ~residual²/gap ≪ 1e-9.
    expect(Math.abs(r.values[0]! - dense[fl.n - 1]!)).toBeLessThan(1e-9 * dense[fl.n - 1]!);

    // Along a GD trajectory: every 10 steps, the warm-started tracker needs fewer HVPs than cold starts for the same tolerance.
    const warm = new SharpnessTracker(fl, { steps: 40, tol: 1e-8, every: 10 });
    const opt = new SGD(model.parameters(), { lr: 0.05 });
    train(model, data, { loss: 'mse', optimizer: opt, steps: 60, callbacks: warm.callback(model), recordEvery: 0 });
    expect(warm.samples.map((s) => s.step)).toEqual([10, 20, 30, 40, 50, 60]);
    let coldMatvecs = 0;
    const thetaNow = fl.theta0();
    const coldNow = hessianEigen(fl, thetaNow, { steps: 40, tol: 1e-8 });
    coldMatvecs = coldNow.matvecs;
    const last = warm.samples[warm.samples.length - 1]!;
    expect(last.values[0]).toBeCloseTo(coldNow.values[0]!, 6);
    expect(last.matvecs).toBeLessThan(coldMatvecs);
  });

  it('sharpness(moduleObjective(model, data, loss)) is λ_max of the dense Hessian at the model\'s trained parameters', () => {
    const data = regression1d({ curve: { kind: 'chebyshev', k: 2 }, n: 12, grid: true });
    const model = new MLP([1, 5, 1], { hidden: 'tanh', seed: 4 });
    train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 30, recordEvery: 0 });
    const lambdaMax = sharpness(moduleObjective(model, data, mseLoss), undefined, { steps: 40, tol: 1e-12 });
    const fl = moduleObjective(model, data, mseLoss);
    const H = Float64Array.from(hessian(fl.loss)(tensor(fl.theta0())).data);
    for (let i = 0; i < fl.n; i++) for (let j = 0; j < i; j++) H[i * fl.n + j] = H[j * fl.n + i] = (H[i * fl.n + j]! + H[j * fl.n + i]!) / 2;
    const dense = symmetricEigenvalues(H, fl.n);
    // 40 ≥ n = 16 Lanczos steps span the whole space: the Ritz value is exact up to rounding, ~n·ε·‖H‖.
    expect(Math.abs(lambdaMax - dense[fl.n - 1]!)).toBeLessThan(1e-10 * Math.max(1, dense[fl.n - 1]!));
  });
});
