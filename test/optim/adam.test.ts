import { describe, expect, it } from 'vitest';
import { Adam, AdamW, type AdamOptions } from '../../src/optim/index.js';
import { itMatchesReference, maxRelDiff, param, quadraticGrad, runOptimizer, setGrad, type GradFn } from './helpers.js';

/**
 * Adam / AdamW written out by hand from the paper's equations with torch's
 * conventions: ε outside √v̂; AdamW decays θ ← θ − γλθ before the step;
 * AMSGrad keeps the max of the uncorrected v and bias-corrects the max.
 */
function adamReference(x0: number[], grad: GradFn, steps: number, o: AdamOptions, decoupled: boolean): number[][] {
  const n = x0.length;
  const [b1, b2] = o.betas;
  const theta = [...x0];
  const m = new Array<number>(n).fill(0);
  const v = new Array<number>(n).fill(0);
  const vMax = new Array<number>(n).fill(0);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const raw = grad(theta);
    for (let i = 0; i < n; i++) {
      if (decoupled) theta[i] = theta[i]! - o.lr * o.weightDecay * theta[i]!;
      let g = o.maximize ? -raw[i]! : raw[i]!;
      if (!decoupled) g += o.weightDecay * theta[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      vMax[i] = Math.max(vMax[i]!, v[i]!);
      const mHat = m[i]! / (1 - b1 ** t);
      const vHat = (o.amsgrad ? vMax[i]! : v[i]!) / (1 - b2 ** t);
      theta[i] = theta[i]! - (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    }
    out.push([...theta]);
  }
  return out;
}

const base: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };
const variants: Array<[string, Partial<AdamOptions>]> = [
  ['lr 1e-2', { lr: 1e-2 }],
  ['betas (0.5, 0.9), eps 1e-4', { lr: 1e-2, betas: [0.5, 0.9], eps: 1e-4 }],
  ['L2 weight decay', { lr: 1e-2, weightDecay: 0.1 }],
  ['amsgrad', { lr: 5e-2, amsgrad: true, betas: [0.8, 0.9] }],
  ['amsgrad + weight decay', { lr: 1e-2, amsgrad: true, weightDecay: 0.05 }],
];

describe('Adam / AdamW', () => {
  it('defaults are torch’s (AdamW: weightDecay 1e-2)', () => {
    expect(new Adam([param([1])]).defaults).toEqual(base);
    expect(new AdamW([param([1])]).defaults).toEqual({ ...base, weightDecay: 1e-2 });
  });

  itMatchesReference('Adam ', variants.map(([name, extra]) => [name, { ...base, ...extra }] as const), (ps, o) => new Adam(ps, o), (x0, g, n, o) =>
    adamReference(x0, g, n, o, false),
  );
  const adamWVariants: [string, Partial<AdamOptions>][] = [
    ['defaults (λ = 1e-2)', { lr: 1e-2, weightDecay: 1e-2 }],
    ['strong decay + amsgrad', { lr: 2e-2, weightDecay: 0.5, amsgrad: true }],
  ];
  itMatchesReference('AdamW ', adamWVariants.map(([name, extra]) => [name, { ...base, ...extra }] as const), (ps, o) => new AdamW(ps, o),
    (x0, g, n, o) => adamReference(x0, g, n, o, true), { checkMoved: false });

  it('AMSGrad keeps the running max of the uncorrected v (not of v̂)', () => {
    // g = 1 then 0: v₁ = 1 − β₂, v₂ = β₂(1 − β₂) < v₁, so v_max stays v₁ while v̂ changes.
    const p = param([0]);
    const opt = new Adam([p], { amsgrad: true, betas: [0.9, 0.5] });
    setGrad(p, [1]);
    opt.step();
    setGrad(p, [0]);
    opt.step();
    const s = opt.state.get(p)!;
    expect(s.step).toBe(2);
    expect(s.expAvgSq[0]).toBe(0.25);
    expect(s.maxExpAvgSq![0]).toBe(0.5);
  });

  it('AdamW and Adam-with-L2 differ (decay is decoupled from the preconditioner)', () => {
    const p1 = param([2, -1]);
    const p2 = param([2, -1]);
    const a = runOptimizer(new Adam([p1], { lr: 0.01, weightDecay: 0.1 }), p1, quadraticGrad, 5);
    const b = runOptimizer(new AdamW([p2], { lr: 0.01, weightDecay: 0.1 }), p2, quadraticGrad, 5);
    expect(maxRelDiff(a, b)).toBeGreaterThan(1e-6);
  });

  it('rejects bad options with torch’s messages', () => {
    const p = [param([1])];
    expect(() => new Adam(p, { lr: -1e-3 })).toThrow('Adam: Invalid learning rate: -0.001');
    expect(() => new Adam(p, { betas: [1, 0.999] })).toThrow('Invalid beta parameter at index 0: 1 (betas[0] must be in [0, 1))');
    expect(() => new Adam(p, { betas: [0.9, -0.1] })).toThrow('Invalid beta parameter at index 1: -0.1');
    expect(() => new AdamW(p, { betas: [0.9] as unknown as [number, number] })).toThrow('AdamW: betas must be a pair');
    expect(() => new Adam(p, { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new AdamW(p, { weightDecay: -1 })).toThrow('AdamW: Invalid weight_decay value: -1');
  });
});
