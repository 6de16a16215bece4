import { describe, expect, it } from 'vitest';
import {
  Adam,
  ConstantLR,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LinearWarmup,
  SequentialLR,
  SGD,
  StepLR,
  warmupCosine,
  type LRScheduler,
} from '../../src/optim/index.js';
import { maxRelDiff, param, quadraticGrad, REL_TOL, setGrad } from './helpers.js';

/** The lr after each of `epochs` scheduler steps, starting with the value at construction. */
function lrs(s: LRScheduler, epochs: number): number[] {
  const out = [s.getLastLr()[0]!];
  for (let e = 0; e < epochs; e++) {
    s.step();
    out.push(s.getLastLr()[0]!);
  }
  return out;
}

/** Values from the closed forms, written independently; relative 1e-15 covers one rounding in cos/pow. */
function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(1e-15 * Math.abs(expected[i]!) + 1e-300));
}

describe('learning-rate schedules', () => {
  it('StepLR: γ₀·γ^⌊e/s⌋ (torch example: lr 0.05, stepSize 2, gamma 0.1)', () => {
    const opt = new SGD([param([1])], { lr: 0.05 });
    expectClose(lrs(new StepLR(opt, { stepSize: 2, gamma: 0.1 }), 5), [0.05, 0.05, 0.05 * 0.1, 0.05 * 0.1, 0.05 * 0.1 ** 2, 0.05 * 0.1 ** 2]);
    expect(opt.paramGroups[0]!.lr).toBe(0.05 * Math.pow(0.1, 2)); // written into the group
  });

  it('ExponentialLR, ConstantLR and LambdaLR', () => {
    const opt = new SGD([param([1])], { lr: 0.1 });
    expectClose(lrs(new ExponentialLR(opt, { gamma: 0.9 }), 4), [0.1, 0.1 * 0.9, 0.1 * 0.81, 0.1 * 0.9 ** 3, 0.1 * 0.9 ** 4]);
    const opt2 = new SGD([param([1])], { lr: 0.1 });
    expectClose(lrs(new ConstantLR(opt2, { factor: 0.5, totalIters: 2 }), 3), [0.05, 0.05, 0.1, 0.1]);
    const opt3 = new SGD([param([1])], { lr: 0.1 });
    expectClose(lrs(new LambdaLR(opt3, () => 1), 3), [0.1, 0.1, 0.1, 0.1]);
  });

  it('CosineAnnealingLR closed form reaches etaMin at tMax', () => {
    const opt = new SGD([param([1])], { lr: 0.1 });
    const expected = Array.from({ length: 11 }, (_, e) => 0.001 + 0.5 * (0.1 - 0.001) * (1 + Math.cos((Math.PI * e) / 10)));
    const got = lrs(new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.001 }), 10);
    expectClose(got, expected);
    expect(got[10]).toBeCloseTo(0.001, 16);
  });

  it('LinearLR (LinearWarmup): torch defaults startFactor 1/3 over 5 iterations, then flat', () => {
    const opt = new SGD([param([1])], { lr: 0.05 });
    const got = lrs(new LinearWarmup(opt), 7);
    expectClose(got, [0, 1, 2, 3, 4, 5, 5, 5].map((e) => 0.05 * (1 / 3 + ((1 - 1 / 3) * e) / 5)));
    expect(LinearWarmup).toBe(LinearLR);
  });

  it('SequentialLR / warmupCosine: linear warmup then cosine, each from its own epoch 0', () => {
    const opt = new SGD([param([1])], { lr: 0.2 });
    const got = lrs(warmupCosine(opt, { warmupIters: 3, totalIters: 8, startFactor: 0.1 }), 10);
    const expected = Array.from({ length: 11 }, (_, e) =>
      e < 3 ? 0.2 * (0.1 + (0.9 * e) / 3) : 0.5 * 0.2 * (1 + Math.cos((Math.PI * (e - 3)) / 5)),
    );
    expectClose(got, expected);
    expect(got[8]).toBe(0); // end of the cosine
  });

  it('per-group base rates: every group is scaled from its own lr', () => {
    const opt = new Adam([{ params: [param([1])], lr: 0.1 }, { params: [param([2])], lr: 0.01 }]);
    const s = new ExponentialLR(opt, { gamma: 0.5 });
    s.step();
    expectClose(s.getLastLr(), [0.05, 0.005]);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.01]);
  });

  it('SGD trajectory under a schedule matches the hand-written update with γ_t = γ₀·0.9^(t−1)', () => {
    const p = param([2, -1]);
    const opt = new SGD([p], { lr: 0.2, momentum: 0.5 });
    const sched = new ExponentialLR(opt, { gamma: 0.9 });
    const traj: number[][] = [];
    for (let k = 0; k < 25; k++) {
      setGrad(p, quadraticGrad(Array.from(p.data)));
      opt.step();
      sched.step();
      traj.push(Array.from(p.data));
    }
    const theta = [2, -1];
    let b: number[] | null = null;
    const ref: number[][] = [];
    for (let t = 1; t <= 25; t++) {
      const g = quadraticGrad(theta);
      b = b === null ? g : b.map((bi, i) => 0.5 * bi + g[i]!);
      const lr = 0.2 * 0.9 ** (t - 1);
      for (let i = 0; i < 2; i++) theta[i] = theta[i]! - lr * b[i]!;
      ref.push([...theta]);
    }
    expect(maxRelDiff(traj, ref)).toBeLessThan(REL_TOL);
  });

  it('stateDict round trip restores the epoch and the lr', () => {
    const opt = new SGD([param([1])], { lr: 0.1 });
    const s = new CosineAnnealingLR(opt, { tMax: 10 });
    for (let e = 0; e < 4; e++) s.step();
    const opt2 = new SGD([param([1])], { lr: 0.1 });
    const s2 = new CosineAnnealingLR(opt2, { tMax: 10 });
    s2.loadStateDict(JSON.parse(JSON.stringify(s.stateDict())));
    expect(s2.getLastLr()).toEqual(s.getLastLr());
    expect(opt2.paramGroups[0]!.lr).toBe(opt.paramGroups[0]!.lr);
    s.step();
    s2.step();
    expect(s2.getLastLr()).toEqual(s.getLastLr());
  });

  it('rejects bad options', () => {
    const opt = new SGD([param([1])], { lr: 0.1 });
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow('StepLR: stepSize must be a positive integer, got 0');
    expect(() => new CosineAnnealingLR(opt, { tMax: 1.5 })).toThrow('CosineAnnealingLR: tMax must be a positive integer');
    expect(() => new LinearLR(opt, { startFactor: 0 })).toThrow('LinearLR: Starting multiplicative factor expected to be greater than 0');
    expect(() => new LinearLR(opt, { endFactor: 2 })).toThrow('LinearLR: Ending multiplicative factor expected to be between 0 and 1');
    const a = new LinearLR(opt);
    const b = new CosineAnnealingLR(opt, { tMax: 5 });
    expect(() => new SequentialLR(opt, [a, b], [])).toThrow('one more than the number of milestone points');
    expect(() => new SequentialLR(new SGD([param([1])]), [a, b], [2])).toThrow('same optimizer');
    expect(() => warmupCosine(opt, { warmupIters: 5, totalIters: 5 })).toThrow('totalIters (5) must exceed warmupIters (5)');
  });
});
