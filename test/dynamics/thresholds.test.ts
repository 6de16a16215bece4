import { describe, expect, it } from 'vitest';
import { criticalLearningRate, linearizedPrediction, modeMatrix, modeMultipliers, polyakOptimal, updateMap } from '../../src/optim/index.js';
import {
  arnoldi,
  catapultStudy,
  edgeOfStabilityStudy,
  updateMapJacobian,
} from '../../src/dynamics/index.js';
import { matrixWithSpectrum, quadraticLoss } from './helpers.js';

describe('closed-form mode analysis', () => {
  it('mode matrices have the derived trace and determinant', () => {
    const [eta, beta, lambda] = [0.1, 0.7, 3];
    const hb = modeMatrix('momentum', lambda, { lr: eta, momentum: beta });
    expect(hb[0]! + hb[3]!).toBeCloseTo(1 + beta - eta * lambda, 15);
    expect(hb[0]! * hb[3]! - hb[1]! * hb[2]!).toBeCloseTo(beta, 15);
    const ne = modeMatrix('nesterov', lambda, { lr: eta, momentum: beta });
    expect(ne[0]! * ne[3]! - ne[1]! * ne[2]!).toBeCloseTo(beta * (1 - eta * lambda), 15);
    // The roots multiply to D and add to T.
    const mus = modeMultipliers('nesterov', lambda, { lr: eta, momentum: beta });
    const prodRe = mus[0]!.re * mus[1]!.re - mus[0]!.im * mus[1]!.im;
    expect(prodRe).toBeCloseTo(beta * (1 - eta * lambda), 14);
    expect(mus[0]!.re + mus[1]!.re).toBeCloseTo(ne[0]! + ne[3]!, 14);
  });

  it('at the Nesterov threshold one multiplier is exactly −1', () => {
    const beta = 0.5;
    const lambda = 4;
    const eta = criticalLearningRate('nesterov', lambda, beta);
    const mus = modeMultipliers('nesterov', lambda, { lr: eta, momentum: beta });
    expect(Math.min(...mus.map((m) => m.re))).toBeCloseTo(-1, 13);
    expect(criticalLearningRate('momentum', lambda, beta)).toBeCloseTo(0.75, 15);
    expect(criticalLearningRate('gd', lambda)).toBe(0.5);
  });

  it('Polyak’s parameters give every mode in [m, M] the modulus √β', () => {
    const { lr, momentum, rate } = polyakOptimal(1, 100);
    expect(rate).toBeCloseTo(9 / 11, 15);
    const pred = linearizedPrediction([1, 3, 10, 50, 100], 'momentum', { lr, momentum });
    // Interior modes: complex pair with |μ|² = D = β exactly; ends: double root √β up to the ~√ε splitting of the square root of a rounded zero discriminant.
    for (const m of pred.modes) expect(Math.abs(m.rate - rate)).toBeLessThan(1e-7);
    expect(pred.stable).toBe(true);
  });

  it('the general Jacobian agrees with the closed form for Nesterov on a quadratic', () => {
    const lambdas = [0.3, 2, 7];
    const loss = quadraticLoss(matrixWithSpectrum(lambdas, 5), 3);
    const r = updateMapJacobian(updateMap('nesterov', { lr: 0.2, momentum: 0.8 }), loss, Float64Array.of(1, 2, 3));
    const pred = linearizedPrediction(lambdas, 'nesterov', { lr: 0.2, momentum: 0.8 });
    const fromJ = Array.from(r.eigenvalues.re, (re, i) => Math.hypot(re, r.eigenvalues.im[i]!)).sort((a, b) => a - b);
    const fromModes = pred.modes.flatMap((m) => m.multipliers.map((u) => Math.hypot(u.re, u.im))).sort((a, b) => a - b);
    for (let i = 0; i < 6; i++) expect(fromJ[i]!).toBeCloseTo(fromModes[i]!, 10);
  });

  it('Arnoldi finds a complex-conjugate dominant pair that power iteration cannot', () => {
    // Rotation by 60° scaled by 1.1, plus a smaller real eigenvalue 0.5.
    const c = 1.1 * Math.cos(Math.PI / 3);
    const s = 1.1 * Math.sin(Math.PI / 3);
    const A = [c, -s, 0, s, c, 0, 0, 0, 0.5];
    const r = arnoldi((v) => Float64Array.from([0, 1, 2], (i) => A[3 * i]! * v[0]! + A[3 * i + 1]! * v[1]! + A[3 * i + 2]! * v[2]!), 3, { steps: 3 });
    expect(r.spectralRadius).toBeCloseTo(1.1, 13);
    expect(Math.abs(r.ritz.im[0]!)).toBeCloseTo(s, 13);
  });
});

describe('argument validation', () => {
  it('names the function and the argument', () => {
    expect(() => criticalLearningRate('gd', -1)).toThrow(/criticalLearningRate: lambdaMax/);
    expect(() => linearizedPrediction([1], 'momentum', { lr: 0.1, momentum: 1 })).toThrow(/linearizedPrediction: momentum/);
    expect(() => linearizedPrediction([1], 'adam' as 'gd', { lr: 0.1 })).toThrow(/linearizedPrediction: kind/);
    expect(() => modeMatrix('gd', 1, { lr: 0 })).toThrow(/modeMatrix: lr/);
    const loss = quadraticLoss(matrixWithSpectrum([1, 2], 0), 2);
    expect(() => updateMapJacobian(updateMap('momentum', { momentum: 0.9 }), loss, Float64Array.of(1, 1), { state: new Float64Array(3) })).toThrow(/updateMapJacobian: state must have length 2/);
    expect(() => updateMapJacobian(updateMap('gd'), loss, Float64Array.of(1, 1), { t: 0 })).toThrow(/updateMapJacobian: t/);
    expect(() => catapultStudy({ u0: 1, v0: 1, lr: -1, steps: 10 })).toThrow(/catapultStudy: lr/);
    expect(() => edgeOfStabilityStudy({ lrs: [] })).toThrow(/edgeOfStabilityStudy: lrs/);
    expect(() => edgeOfStabilityStudy({ size: 'huge' as 'quick' })).toThrow(/edgeOfStabilityStudy: size/);
  });
});
