import { describe, expect, it } from 'vitest';
import { RMSprop, type RMSpropOptions } from '../../src/optim/index.js';
import { itMatchesReference, maxRelDiff, param, quadraticGrad, runOptimizer, type GradFn } from './helpers.js';

/**
 * torch.optim.RMSprop written out by hand:
 *   g ← ∇f + λθ;  v ← αv + (1 − α)g²;  centered: ḡ ← αḡ + (1 − α)g, ṽ = v − ḡ²;
 *   momentum: b ← μb + g/(√ṽ + ε), θ ← θ − γb;  else θ ← θ − γg/(√ṽ + ε)
 */
function rmspropReference(x0: number[], grad: GradFn, steps: number, o: RMSpropOptions): number[][] {
  const n = x0.length;
  const theta = [...x0];
  const v = new Array<number>(n).fill(0);
  const gAvg = new Array<number>(n).fill(0);
  const b = new Array<number>(n).fill(0);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const raw = grad(theta);
    for (let i = 0; i < n; i++) {
      const g = (o.maximize ? -raw[i]! : raw[i]!) + o.weightDecay * theta[i]!;
      v[i] = o.alpha * v[i]! + (1 - o.alpha) * g * g;
      let variance = v[i]!;
      if (o.centered) {
        gAvg[i] = o.alpha * gAvg[i]! + (1 - o.alpha) * g;
        variance = v[i]! - gAvg[i]! ** 2;
      }
      const precond = 1 / (Math.sqrt(variance) + o.eps);
      if (o.momentum > 0) {
        b[i] = o.momentum * b[i]! + g * precond;
        theta[i] = theta[i]! - o.lr * b[i]!;
      } else {
        theta[i] = theta[i]! - o.lr * g * precond;
      }
    }
    out.push([...theta]);
  }
  return out;
}

const base: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };
const variants: Array<[string, Partial<RMSpropOptions>]> = [
  ['defaults', {}],
  ['alpha 0.9, eps 1e-3', { alpha: 0.9, eps: 1e-3 }],
  ['weight decay', { weightDecay: 0.1 }],
  ['momentum', { momentum: 0.9 }],
  ['centered', { centered: true }],
  ['centered + momentum + weight decay', { centered: true, momentum: 0.5, weightDecay: 0.01, alpha: 0.95 }],
];

describe('RMSprop', () => {
  it('defaults are torch’s', () => {
    const opt = new RMSprop([param([1])]);
    expect(opt.defaults).toEqual(base);
  });

  itMatchesReference('', variants.map(([name, extra]) => [name, { ...base, ...extra }] as const), (ps, o) => new RMSprop(ps, o), rmspropReference);

  it('centered differs from plain (the squared mean is subtracted)', () => {
    const p1 = param([2, -1]);
    const p2 = param([2, -1]);
    const a = runOptimizer(new RMSprop([p1]), p1, quadraticGrad, 3);
    const b = runOptimizer(new RMSprop([p2], { centered: true }), p2, quadraticGrad, 3);
    expect(maxRelDiff(a, b)).toBeGreaterThan(1e-3);
  });

  it('rejects bad options', () => {
    const p = [param([1])];
    expect(() => new RMSprop(p, { lr: -1 })).toThrow('RMSprop: Invalid learning rate: -1');
    expect(() => new RMSprop(p, { alpha: -0.5 })).toThrow('Invalid alpha value: -0.5');
    expect(() => new RMSprop(p, { eps: -1e-8 })).toThrow('Invalid epsilon value');
    expect(() => new RMSprop(p, { momentum: -0.1 })).toThrow('Invalid momentum value');
    expect(() => new RMSprop(p, { centered: 1 as unknown as boolean })).toThrow('centered must be a boolean');
  });
});
