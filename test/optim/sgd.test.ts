import { describe, expect, it } from 'vitest';
import { SGD, type SGDOptions } from '../../src/optim/index.js';
import { maxRelDiff, param, quadraticGrad, REL_TOL, rosenbrockGrad, runOptimizer, type GradFn } from './helpers.js';

/**
 * torch.optim.SGD written out by hand (its documented algorithm):
 *   g ← ±∇f + λθ;  b ← g (t = 1) | μb + (1 − τ)g;  g ← g + μb (Nesterov) | b;  θ ← θ − γg
 */
function sgdReference(x0: number[], grad: GradFn, steps: number, o: SGDOptions): number[][] {
  const theta = [...x0];
  let buf: number[] | null = null;
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const raw = grad(theta);
    const g = raw.map((gi, i) => (o.maximize ? -gi : gi) + o.weightDecay * theta[i]!);
    let dir = g;
    if (o.momentum !== 0) {
      buf = buf === null ? [...g] : buf.map((bi, i) => o.momentum * bi + (1 - o.dampening) * g[i]!);
      dir = o.nesterov ? g.map((gi, i) => gi + o.momentum * buf![i]!) : buf;
    }
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - o.lr * dir[i]!;
    out.push([...theta]);
  }
  return out;
}

const base: SGDOptions = { lr: 0.05, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
const variants: Array<[string, Partial<SGDOptions>]> = [
  ['plain', {}],
  ['weight decay', { weightDecay: 0.1 }],
  ['momentum', { momentum: 0.9 }],
  ['momentum + dampening', { momentum: 0.9, dampening: 0.3 }],
  ['nesterov', { momentum: 0.8, nesterov: true }],
  ['nesterov + weight decay', { momentum: 0.8, nesterov: true, weightDecay: 0.05 }],
  ['maximize (on −f)', { momentum: 0.5, maximize: true }],
];

describe('SGD', () => {
  it('defaults follow torch ≥ 2.2 (lr 1e-3, no momentum)', () => {
    const opt = new SGD([param([1])]);
    expect(opt.defaults).toEqual({ lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
  });

  for (const [objective, grad, x0, lrScale] of [
    ['quadratic', quadraticGrad, [2, -1], 1],
    ['Rosenbrock', rosenbrockGrad, [-1.2, 1], 0.01],
  ] as const) {
    for (const [name, extra] of variants) {
      it(`${name}: 30 steps on the ${objective} match the hand-written update`, () => {
        const o = { ...base, ...extra, lr: base.lr * lrScale };
        // maximize on −f is the same as minimizing f: feed −∇f.
        const g: GradFn = o.maximize ? (x) => grad(x).map((v) => -v) : grad;
        const p = param(x0);
        const traj = runOptimizer(new SGD([p], o), p, g, 30);
        const ref = sgdReference([...x0], g, 30, o);
        expect(maxRelDiff(traj, ref)).toBeLessThan(REL_TOL);
        expect(Math.abs(traj[29]![0]! - x0[0])).toBeGreaterThan(1e-3); // it moved
      });
    }
  }

  it('nesterov and heavy ball give different trajectories (the look-ahead term is applied)', () => {
    const p1 = param([2, -1]);
    const p2 = param([2, -1]);
    const a = runOptimizer(new SGD([p1], { lr: 0.05, momentum: 0.9 }), p1, quadraticGrad, 5);
    const b = runOptimizer(new SGD([p2], { lr: 0.05, momentum: 0.9, nesterov: true }), p2, quadraticGrad, 5);
    expect(maxRelDiff(a, b)).toBeGreaterThan(1e-3);
  });

  it('first momentum step uses the gradient undamped', () => {
    const p = param([1, 2]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
    runOptimizer(opt, p, () => [1, -2], 1);
    expect(Array.from(opt.state.get(p)!.momentumBuffer!)).toEqual([1, -2]);
    expect(Array.from(p.data)).toEqual([1 - 0.1, 2 + 0.2]);
  });

  it('rejects bad options with torch-like messages', () => {
    const p = [param([1])];
    expect(() => new SGD(p, { lr: -0.1 })).toThrow('SGD: Invalid learning rate: -0.1');
    expect(() => new SGD(p, { momentum: -1 })).toThrow('Invalid momentum value: -1');
    expect(() => new SGD(p, { weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
    expect(() => new SGD(p, { nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new SGD(p, { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      'Nesterov momentum requires a momentum and zero dampening',
    );
    expect(() => new SGD(p, { lr: 0.1, moment: 0.9 } as unknown as SGDOptions)).toThrow("SGD: unknown option 'moment'");
    expect(() => new SGD([])).toThrow('optimizer got an empty parameter list');
  });
});
