import { describe, expect, it } from 'vitest';
import { Parameter } from '../../src/autograd/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer, type OptimizerStateDict } from '../../src/optim/index.js';
import { Rng } from '../../src/tensor/index.js';
import { maxRelDiff, param, quadraticGrad, REL_TOL, runOptimizer, setGrad } from './helpers.js';

type AnyOptimizer = Optimizer<{ lr: number }, Record<string, number | Float64Array | undefined>>;

/** Three Parameters of different shapes with a smooth nonlinear gradient (so state matters). */
function makeParams(): Parameter[] {
  return [param([0.5, -1, 2, 0.1, 0.3, -0.7], [2, 3]), param([1.5]), param([-0.2, 0.9, 0.4])];
}
function setGrads(params: Parameter[], step: number): void {
  params.forEach((p, k) => {
    setGrad(p, Array.from(p.data, (x, i) => Math.sin(3 * x + k) + 0.1 * x * x * x + 0.01 * i * step));
  });
}

const factories: Array<[string, (ps: Parameter[]) => AnyOptimizer]> = [
  ['SGD nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }) as unknown as AnyOptimizer],
  ['RMSprop centered+momentum', (ps) => new RMSprop(ps, { centered: true, momentum: 0.5 }) as unknown as AnyOptimizer],
  ['Adam amsgrad', (ps) => new Adam(ps, { lr: 0.01, amsgrad: true }) as unknown as AnyOptimizer],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.01 }) as unknown as AnyOptimizer],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 }) as unknown as AnyOptimizer],
];

describe('Optimizer base', () => {
  for (const [name, make] of factories) {
    it(`${name}: stateDict after 5 steps, JSON round trip, load into a fresh optimizer, continue = uninterrupted run (bit for bit)`, () => {
      const straight = makeParams();
      const optA = make(straight);
      for (let k = 0; k < 15; k++) {
        setGrads(straight, k);
        optA.step();
      }

      const first = makeParams();
      const optB = make(first);
      for (let k = 0; k < 5; k++) {
        setGrads(first, k);
        optB.step();
      }
      const saved = JSON.stringify(optB.stateDict());
      const values = first.map((p) => Array.from(p.data));

      const resumed = values.map((v, i) => param(v, first[i]!.shape));
      const optC = make(resumed);
      optC.loadStateDict(JSON.parse(saved) as OptimizerStateDict);
      for (let k = 5; k < 15; k++) {
        setGrads(resumed, k);
        optC.step();
      }
      resumed.forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(straight[i]!.data)));
      expect(JSON.stringify(optC.stateDict())).toBe(JSON.stringify(optA.stateDict()));
    });
  }

  it('param groups take per-group options and fall back to the defaults', () => {
    const a = param([2, -1]);
    const b = param([2, -1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.05, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.05, 0.9],
      [0.01, 0.9],
    ]);
    const trajA: number[][] = [];
    const trajB: number[][] = [];
    for (let k = 0; k < 20; k++) {
      setGrad(a, quadraticGrad(Array.from(a.data)));
      setGrad(b, quadraticGrad(Array.from(b.data)));
      opt.step();
      trajA.push(Array.from(a.data));
      trajB.push(Array.from(b.data));
    }
    // Each group must follow its own single-group run.
    const a2 = param([2, -1]);
    const b2 = param([2, -1]);
    expect(maxRelDiff(trajA, runOptimizer(new SGD([a2], { lr: 0.05, momentum: 0.9 }), a2, quadraticGrad, 20))).toBeLessThan(REL_TOL);
    expect(maxRelDiff(trajB, runOptimizer(new SGD([b2], { lr: 0.01, momentum: 0.9 }), b2, quadraticGrad, 20))).toBeLessThan(REL_TOL);
  });

  it('skips Parameters whose grad is null (no update, no state, no step count)', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new Adam([a, b], { lr: 0.1 });
    setGrad(a, [1, 1]);
    opt.step();
    expect(Array.from(b.data)).toEqual([3]);
    expect(opt.state.has(b)).toBe(false);
    setGrad(b, [1]);
    opt.step();
    expect(opt.state.get(a)!.step).toBe(2);
    expect(opt.state.get(b)!.step).toBe(1);
  });

  it('zeroGrad sets every grad to null', () => {
    const ps = makeParams();
    const opt = new RMSprop(ps);
    setGrads(ps, 0);
    opt.zeroGrad();
    expect(ps.every((p) => p.grad === null)).toBe(true);
  });

  it('updates .data in place, and larger random problems agree with a per-element reference', () => {
    const rng = new Rng(7);
    const p = param(Array.from(rng.fillNormal(new Float64Array(1000))));
    const buffer = p.data;
    const opt = new Adam([p], { lr: 0.01 });
    const g = rng.fillNormal(new Float64Array(1000));
    setGrad(p, Array.from(g));
    const before = Array.from(p.data);
    opt.step();
    expect(p.data).toBe(buffer);
    // First Adam step: m̂ = g, v̂ = g², so θ₁ = θ₀ − γ·g/(|g| + ε).
    const ref = before.map((x, i) => x - (0.01 * g[i]!) / (Math.abs(g[i]!) + 1e-8));
    expect(maxRelDiff([Array.from(p.data)], [ref])).toBeLessThan(1e-14);
  });

  it('rejects duplicate, empty or malformed parameter lists and mismatched state dicts', () => {
    const a = param([1]);
    expect(() => new SGD([{ params: [a] }, { params: [a] }])).toThrow('some parameters appear in more than one parameter group');
    expect(() => new SGD([{ params: [] }])).toThrow('empty parameter list');
    expect(() => new SGD([{ params: [a], lrr: 1 } as unknown as { params: Parameter[] }])).toThrow("unknown option 'lrr'");
    const opt = new Adam([a]);
    setGrad(a, [1]);
    opt.step();
    const dict = opt.stateDict();
    const other = new Adam([param([1, 2])]);
    expect(() => other.loadStateDict(dict)).toThrow('must be an array of 2 numbers');
    expect(() => new Adam([a, param([2])]).loadStateDict(dict)).toThrow("doesn't match the size of optimizer's group 0");
    expect(() => new Adam([{ params: [a] }, { params: [param([2])] }]).loadStateDict(dict)).toThrow('has 1 parameter groups, the optimizer has 2');
  });

  it('stateDict restores group options (e.g. an lr changed by a schedule)', () => {
    const a = param([1]);
    const opt = new Adam([a], { lr: 0.1 });
    opt.paramGroups[0]!.lr = 0.025;
    const fresh = new Adam([param([1])], { lr: 0.1 });
    fresh.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())) as OptimizerStateDict);
    expect(fresh.paramGroups[0]!.lr).toBe(0.025);
    expect(fresh.paramGroups[0]!.betas).toEqual([0.9, 0.999]);
  });
});
