import { describe, expect, it } from 'vitest';
import { hessian, tensor, type Objective, type Tensor } from '../../src/autograd/index.js';
import { criticalLearningRate, linearizedPrediction, moduleObjective, polyakOptimal, updateMap } from '../../src/optim/index.js';
import { MLP, mseLoss } from '../../src/nn/index.js';
import { regression1d } from '../../src/nn/index.js';
import {
  updateMapJacobian,
  updateMapJvp,
  updateMapSpectralRadius,
} from '../../src/dynamics/index.js';
import { matrixWithSpectrum, maxAbsDiff, quadraticLoss } from './helpers.js';

const LAMBDAS = [0.5, 1, 2, 4, 10];
const n = LAMBDAS.length;
const A = matrixWithSpectrum(LAMBDAS, 7);
const quad = quadraticLoss(A, n);
const theta = Float64Array.from([0.3, -0.2, 0.5, 0.1, -0.4]);

/** A small tanh network's loss: a non-quadratic test point where H varies with θ. */
function smallNet(): { loss: Objective; theta: Float64Array; n: number } {
  const data = regression1d({ curve: { kind: 'chebyshev', k: 3 }, n: 12, grid: true });
  const model = new MLP([1, 3, 1], { hidden: 'tanh', seed: 3 });
  const fl = moduleObjective(model, data, mseLoss);
  return { loss: fl, theta: fl.theta0(), n: fl.n };
}

describe('updateMapJacobian', () => {
  it('is exactly I − ηH for gradient descent on a network loss', () => {
    const net = smallNet();
    const eta = 0.37;
    const J = updateMapJacobian(updateMap('gd', { lr: eta }), net.loss, net.theta).matrix;
    const H = hessian(net.loss.loss)(tensor(net.theta)).data;
    const expected = new Float64Array(net.n * net.n);
    for (let i = 0; i < net.n; i++) for (let j = 0; j < net.n; j++) expected[i * net.n + j] = (i === j ? 1 : 0) - eta * H[i * net.n + j]!;
    // Both are built from the same reverse-over-reverse derivatives; they differ only by the rounding
    // of 1 − ηH_ij (entries O(1), so ~1e-16); 1e-12 leaves room and would catch any missing term.
    expect(maxAbsDiff(J, expected)).toBeLessThan(1e-12);
  });

  it('GD on a quadratic: eigenvalues 1 − ηλ, rate max|1 − ηλ|, instability past 2/λ_max', () => {
    for (const eta of [0.05, 0.15, 0.19, 0.21]) {
      const r = updateMapJacobian(updateMap('gd', { lr: eta }), quad, theta, { directions: 1 });
      const mus = Array.from(r.eigenvalues.re).sort((a, b) => a - b);
      const expected = LAMBDAS.map((l) => 1 - eta * l).sort((a, b) => a - b);
      // Dense nonsymmetric QR on a 5×5 with ‖J‖ ≈ 2: backward error ~1e-15, and these are well separated simple eigenvalues.
      expect(maxAbsDiff(mus, expected)).toBeLessThan(1e-12);
      expect(r.spectralRadius).toBeCloseTo(Math.max(...LAMBDAS.map((l) => Math.abs(1 - eta * l))), 12);
      expect(r.unstableLinearization).toBe(eta > criticalLearningRate('gd', 10));
      const pred = linearizedPrediction(LAMBDAS, 'gd', { lr: eta });
      expect(pred.spectralRadius).toBeCloseTo(r.spectralRadius, 12);
      // The dominant mode is λ = 10 whenever η > 2/(0.5 + 10); its multiplier 1 − 10η is negative: oscillation.
      expect(pred.oscillates).toBe(eta > 2 / 10.5);
      // The top direction is the top eigenvector of A: A v = 10 v.
      const v = r.unstable[0]!.vector.re;
      const Av = Array.from({ length: n }, (_, i) => v.reduce((s, vj, j) => s + A[i * n + j]! * vj, 0));
      const target = eta > 2 / 10.5 ? 10 : 0.5;
      expect(maxAbsDiff(Av, Array.from(v, (x) => target * x))).toBeLessThan(1e-10);
    }
  });

  it('heavy ball: threshold 2(1+β)/λ_max and Polyak’s optimal rate (√κ−1)/(√κ+1)', () => {
    const beta = 0.6;
    const etaC = criticalLearningRate('momentum', 10, beta);
    expect(etaC).toBeCloseTo(0.32, 15);
    const below = updateMapJacobian(updateMap('momentum', { lr: etaC * 0.98, momentum: beta }), quad, theta);
    const above = updateMapJacobian(updateMap('momentum', { lr: etaC * 1.02, momentum: beta }), quad, theta);
    expect(below.spectralRadius).toBeLessThan(1);
    expect(above.spectralRadius).toBeGreaterThan(1);
    for (const r of [below, above]) {
      const pred = linearizedPrediction(LAMBDAS, 'momentum', { lr: r === below ? etaC * 0.98 : etaC * 1.02, momentum: beta });
      expect(r.spectralRadius).toBeCloseTo(pred.spectralRadius, 10);
    }
    const opt = polyakOptimal(0.5, 10);
    const r = updateMapJacobian(updateMap('momentum', { lr: opt.lr, momentum: opt.momentum }), quad, theta, { directions: 2 });
    // At λ = m and λ = M the optimal parameters make the 2×2 mode matrix a Jordan block (double root
    // μ = √β). A backward-stable eigensolver returns the eigenvalues of J + E with ‖E‖ ~ ε‖J‖, and a
    // size-2 Jordan block splits by ~√‖E‖ ≈ 1e-8; relative to ρ ≈ 0.63 that is ~2e-8, so 1e-6 relative
    // is the honest tolerance (1e-12 would fail for a correct implementation).
    expect(Math.abs(r.spectralRadius - opt.rate) / opt.rate).toBeLessThan(1e-6);
    // Interior modes are complex with |μ| = √β exactly: the approach oscillates.
    expect(linearizedPrediction(LAMBDAS, 'momentum', { lr: opt.lr, momentum: opt.momentum }).oscillates).toBe(true);
    expect(r.unstable[0]!.residual).toBeLessThan(1e-6);
  });

  it('Nesterov (torch form): stable exactly for ηλ < 2(1+β)/(1+2β)', () => {
    const beta = 0.9;
    const etaC = criticalLearningRate('nesterov', 10, beta);
    expect(etaC * 10).toBeCloseTo((2 * 1.9) / 2.8, 14);
    for (const f of [0.99, 1.01]) {
      const r = updateMapJacobian(updateMap('nesterov', { lr: etaC * f, momentum: beta }), quad, theta);
      expect(r.spectralRadius < 1).toBe(f < 1);
      const pred = linearizedPrediction(LAMBDAS, 'nesterov', { lr: etaC * f, momentum: beta });
      expect(r.spectralRadius).toBeCloseTo(pred.spectralRadius, 10);
      // At the boundary the escaping multiplier is μ = −1 (period-2 flip), not a complex pair.
      expect(r.unstable[0]!.im).toBe(0);
      expect(r.unstable[0]!.re).toBeLessThan(0);
    }
  });

  it('RMSprop / Adam: frozen preconditioner gives θ-block I − η·c·P·H; differentiated adds the ∂P terms', () => {
    const net = smallNet();
    const g = new Float64Array(net.n).fill(0.1);
    const v = Float64Array.from({ length: net.n }, (_, i) => 0.01 * (1 + i));
    const H = hessian(net.loss.loss)(tensor(net.theta)).data;
    const eta = 0.01;
    const alpha = 0.99;
    // RMSprop state = [v]; its step at θ computes v' = αv + (1 − α)g(θ)², then θ' = θ − η g/(√v' + ε).
    const rms = updateMapJacobian(updateMap('rmsprop', { lr: eta, alpha, frozenPreconditioner: true }), net.loss, net.theta, { state: v });
    const gTheta = gradientAt(net.loss.loss, net.theta);
    const N = 2 * net.n;
    for (let i = 0; i < net.n; i++) {
      const vNew = alpha * v[i]! + (1 - alpha) * gTheta[i]! * gTheta[i]!;
      const p = 1 / (Math.sqrt(vNew) + 1e-8);
      for (let j = 0; j < net.n; j++) {
        const expected = (i === j ? 1 : 0) - eta * p * H[i * net.n + j]!;
        // Same products in a different order: entries O(1), agreement to a few ulps; 1e-12 is loose but catches any missing term.
        expect(Math.abs(rms.matrix[i * N + j]! - expected)).toBeLessThan(1e-12);
      }
    }
    const rmsFull = updateMapJacobian(updateMap('rmsprop', { lr: eta, alpha }), net.loss, net.theta, { state: v });
    expect(maxAbsDiff(rmsFull.matrix, rms.matrix)).toBeGreaterThan(1e-6);
    // Differentiated RMSprop θ-block (docs/dynamics.md): I − η·diag(pᵢ(1 − (1 − α)gᵢ²/(√v'ᵢ(√v'ᵢ + ε))))·H.
    let worstFull = 0;
    for (let i = 0; i < net.n; i++) {
      const vNew = alpha * v[i]! + (1 - alpha) * gTheta[i]! * gTheta[i]!;
      const s = Math.sqrt(vNew);
      const q = (1 / (s + 1e-8)) * (1 - ((1 - alpha) * gTheta[i]! * gTheta[i]!) / (s * (s + 1e-8)));
      for (let j = 0; j < net.n; j++) worstFull = Math.max(worstFull, Math.abs(rmsFull.matrix[i * N + j]! - ((i === j ? 1 : 0) - eta * q * H[i * net.n + j]!)));
      // ∂θ'ᵢ/∂vᵢ = +η gᵢ pᵢ² α/(2√v'ᵢ), and the frozen map has no such coupling.
      const p = 1 / (s + 1e-8);
      worstFull = Math.max(worstFull, Math.abs(rmsFull.matrix[i * N + net.n + i]! - (eta * gTheta[i]! * p * p * alpha) / (2 * s)));
      expect(rms.matrix[i * N + net.n + i]).toBe(0);
    }
    expect(worstFull).toBeLessThan(1e-12);
    // Adam, differentiated and frozen, at t = 5 with a generic state: the state blocks agree, the θ-blocks do not.
    const st = new Float64Array(2 * net.n);
    st.set(g, 0);
    st.set(v, net.n);
    const adamF = updateMapJacobian(updateMap('adam', { lr: eta, frozenPreconditioner: true }), net.loss, net.theta, { state: st, t: 5 });
    const adamD = updateMapJacobian(updateMap('adam', { lr: eta }), net.loss, net.theta, { state: st, t: 5 });
    const M = 3 * net.n;
    let stateDiff = 0;
    for (let i = net.n; i < M; i++) for (let j = 0; j < M; j++) stateDiff = Math.max(stateDiff, Math.abs(adamF.matrix[i * M + j]! - adamD.matrix[i * M + j]!));
    expect(stateDiff).toBe(0);
    // Frozen Adam θ-block: I − η(1 − β₁)/(1 − β₁ᵗ)·P·H with P = diag(1/(√v'/√(1 − β₂ᵗ) + ε)), v' = β₂v + (1 − β₂)g(θ)².
    const [b1, b2, t] = [0.9, 0.999, 5];
    let worst = 0;
    for (let i = 0; i < net.n; i++) {
      const vNew = b2 * v[i]! + (1 - b2) * gTheta[i]! * gTheta[i]!;
      const p = 1 / (Math.sqrt(vNew) / Math.sqrt(1 - b2 ** t) + 1e-8);
      const c = (eta * (1 - b1)) / (1 - b1 ** t);
      for (let j = 0; j < net.n; j++) worst = Math.max(worst, Math.abs(adamF.matrix[i * M + j]! - ((i === j ? 1 : 0) - c * p * H[i * net.n + j]!)));
    }
    expect(worst).toBeLessThan(1e-12);
    expect(maxAbsDiff(adamF.matrix, adamD.matrix)).toBeGreaterThan(1e-6);
    expect(adamD.eigenvalues.re.length).toBe(M);
  });
});

function gradientAt(loss: (t: Tensor) => Tensor, theta: Float64Array): Float64Array {
  const t = tensor(Float64Array.from(theta), { requiresGrad: true });
  const l = loss(t);
  l.backward();
  return Float64Array.from(t.grad!.data);
}

describe('matrix-free Jacobian', () => {
  it('updateMapJvp equals the dense J·v, and Arnoldi recovers ρ(J) for GD and heavy ball', () => {
    const net = smallNet();
    const map = updateMap('momentum', { lr: 0.3, momentum: 0.8 });
    const state = Float64Array.from({ length: net.n }, (_, i) => Math.sin(i));
    const dense = updateMapJacobian(map, net.loss, net.theta, { state });
    const jv = updateMapJvp(map, net.loss, net.theta, { state });
    const N = 2 * net.n;
    const v = Float64Array.from({ length: N }, (_, i) => Math.cos(3 * i));
    const Jv = jv(v);
    const ref = Array.from({ length: N }, (_, i) => v.reduce((s, vj, j) => s + dense.matrix[i * N + j]! * vj, 0));
    // Same derivatives by a different reverse-mode route; entries O(1) → agreement to ~1e-15, checked at 1e-12.
    expect(maxAbsDiff(Jv, ref)).toBeLessThan(1e-12);
    // With steps ≥ N the Krylov space is the whole space: ρ matches the dense value to rounding.
    const rho = updateMapSpectralRadius(map, net.loss, net.theta, { state, steps: N });
    expect(Math.abs(rho.spectralRadius - dense.spectralRadius)).toBeLessThan(1e-8);
    const gd = updateMapSpectralRadius(updateMap('gd', { lr: 0.15 }), quad, theta, { steps: n });
    expect(gd.spectralRadius).toBeCloseTo(Math.max(...LAMBDAS.map((l) => Math.abs(1 - 0.15 * l))), 10);
  });
});
