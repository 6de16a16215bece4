import { describe, expect, it } from 'vitest';
import { Adagrad, type AdagradOptions } from '../../src/optim/index.js';
import { maxRelDiff, param, quadraticGrad, REL_TOL, rosenbrockGrad, runOptimizer, type GradFn } from './helpers.js';

/** Adagrad by hand: γ_t = γ/(1 + (t − 1)η_d); s ← s + g²; θ ← θ − γ_t g/(√s + ε). */
function adagradReference(x0: number[], grad: GradFn, steps: number, o: AdagradOptions): number[][] {
  const theta = [...x0];
  const s = x0.map(() => o.initialAccumulatorValue);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const raw = grad(theta);
    const clr = o.lr / (1 + (t - 1) * o.lrDecay);
    for (let i = 0; i < theta.length; i++) {
      const g = (o.maximize ? -raw[i]! : raw[i]!) + o.weightDecay * theta[i]!;
      s[i] = s[i]! + g * g;
      theta[i] = theta[i]! - (clr * g) / (Math.sqrt(s[i]!) + o.eps);
    }
    out.push([...theta]);
  }
  return out;
}

const base: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };
const variants: Array<[string, Partial<AdagradOptions>]> = [
  ['lr 0.1', { lr: 0.1 }],
  ['lr decay', { lr: 0.1, lrDecay: 0.05 }],
  ['initial accumulator + weight decay', { lr: 0.1, initialAccumulatorValue: 0.5, weightDecay: 0.02 }],
  ['all options', { lr: 0.2, lrDecay: 0.1, initialAccumulatorValue: 0.1, weightDecay: 0.01, eps: 1e-6 }],
];

describe('Adagrad', () => {
  it('defaults are torch’s', () => {
    expect(new Adagrad([param([1])]).defaults).toEqual(base);
  });

  for (const [objective, grad, x0] of [
    ['quadratic', quadraticGrad, [2, -1]],
    ['Rosenbrock', rosenbrockGrad, [-1.2, 1]],
  ] as const) {
    for (const [name, extra] of variants) {
      it(`${name}: 30 steps on the ${objective} match the hand-written update`, () => {
        const o = { ...base, ...extra };
        const p = param(x0);
        const traj = runOptimizer(new Adagrad([p], o), p, grad, 30);
        expect(maxRelDiff(traj, adagradReference([...x0], grad, 30, o))).toBeLessThan(REL_TOL);
        expect(Math.abs(traj[29]![0]! - x0[0])).toBeGreaterThan(1e-3);
      });
    }
  }

  it('rejects bad options', () => {
    const p = [param([1])];
    expect(() => new Adagrad(p, { lrDecay: -1 })).toThrow('Adagrad: Invalid lr_decay value: -1');
    expect(() => new Adagrad(p, { initialAccumulatorValue: -1 })).toThrow('Invalid initial_accumulator_value value: -1');
    expect(() => new Adagrad(p, { eps: Number.NaN })).toThrow('Invalid epsilon value: NaN');
  });
});
