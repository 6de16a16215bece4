import { describe, expect, it } from 'vitest';
import { Adagrad, type AdagradOptions } from '../../src/optim/index.js';
import { itMatchesReference, param, type GradFn } from './helpers.js';

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

  itMatchesReference('', variants.map(([name, extra]) => [name, { ...base, ...extra }] as const), (ps, o) => new Adagrad(ps, o), adagradReference);

  it('rejects bad options', () => {
    const p = [param([1])];
    expect(() => new Adagrad(p, { lrDecay: -1 })).toThrow('Adagrad: Invalid lr_decay value: -1');
    expect(() => new Adagrad(p, { initialAccumulatorValue: -1 })).toThrow('Invalid initial_accumulator_value value: -1');
    expect(() => new Adagrad(p, { eps: Number.NaN })).toThrow('Invalid epsilon value: NaN');
  });
});
