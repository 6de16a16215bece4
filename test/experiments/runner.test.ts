import { describe, expect, it } from 'vitest';
import { createContext, resolveConfig, runExperiment, stableStringify, validateOutput, Cancelled, checkedObjective } from '../../src/experiments/index.js';
import { objective, tensor } from '../../src/autograd/index.js';
import { sharpness } from '../../src/dynamics/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { toyWalk } from '../fixtures/experiments.js';

describe('runExperiment', () => {
  it('is deterministic for a seed and fills id, config and seed', async () => {
    const config = resolveConfig(toyWalk, { set: ['steps=20'] });
    const a = await runExperiment(toyWalk, config, { seed: 7 });
    const b = await runExperiment(toyWalk, config, { seed: 7 });
    const c = await runExperiment(toyWalk, config, { seed: 8 });
    expect(a).toEqual(b);
    expect(a.metrics.final).not.toBe(c.metrics.final);
    expect(a).toMatchObject({ id: 'toy-walk', seed: 7, config });
    // The walk's final position is the sum of the generator's first 20 normals (scale 1, no drift): exact same operations.
    const rng = new Rng(7);
    let x = 0;
    for (let i = 0; i < 20; i++) x += rng.normal();
    expect(a.metrics.final).toBe(x);
  });

  it('reports progress clamped to [0, 1] and forwards logs', async () => {
    const seen: number[] = [];
    const logs: string[] = [];
    const ctx = createContext({ seed: 0, onProgress: (f) => seen.push(f), onLog: (m) => logs.push(m) });
    ctx.progress(-1);
    ctx.progress(2);
    ctx.progress(NaN);
    ctx.log('hello');
    expect(seen).toEqual([0, 1, 0]);
    expect(logs).toEqual(['hello']);
  });

  it('rejects bad seeds and aborted runs', async () => {
    const config = resolveConfig(toyWalk, {});
    await expect(runExperiment(toyWalk, config, { seed: -1 })).rejects.toThrow(/seed must be a non-negative safe integer/);
    const controller = new AbortController();
    controller.abort();
    await expect(runExperiment(toyWalk, config, { seed: 0, signal: controller.signal })).rejects.toThrow(Cancelled);
  });

  it('validates the shape of the output', () => {
    const good = { metrics: { a: 1 }, series: { s: [{ t: 1, v: 'x' }] }, figures: [], findings: ['f'], sections: { question: 'q', setup: 's', math: ['x'], teaches: 't' } };
    expect(() => validateOutput('e', good)).not.toThrow();
    expect(() => validateOutput('e', { ...good, metrics: { a: '1' as unknown as number } })).toThrow(/metric "a" must be a number/);
    expect(() => validateOutput('e', { ...good, series: { s: [{ t: {} as never }] } })).toThrow(/series "s" column "t"/);
    expect(() => validateOutput('e', { ...good, sections: { ...good.sections, math: 'x' as never } })).toThrow(/sections.math/);
  });
});

describe('stableStringify', () => {
  it('sorts keys at every level, so equal configs hash equally', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
    expect(stableStringify({ a: 1, b: 2 })).toBe(stableStringify({ b: 2, a: 1 }));
    expect(stableStringify({ a: undefined, n: NaN })).toBe('{"n":"NaN"}');
  });
});

describe('checkedObjective', () => {
  // L(θ) = ½ Σ dᵢθᵢ² with d = 1…6: H = diag(d) has six distinct eigenvalues, so Lanczos needs up to six HVPs
  // to converge from a generic start; the checkpoint throws on its 4th call.
  const d = tensor([1, 2, 3, 4, 5, 6]);
  const quadratic = objective((t) => t.mul(t).mul(d).sum().mul(0.5), 6);
  it('stops a Lanczos sharpness estimate between two Hessian-vector products once cancelled', () => {
    let calls = 0;
    const hooks = { checkpoint: () => { if (++calls > 3) throw new Cancelled('test'); } };
    const wrapped = checkedObjective(hooks, quadratic);
    expect(() => sharpness(wrapped, new Float64Array(6).fill(1))).toThrow(Cancelled);
    expect(calls).toBe(4);
  });
  it('computes the same numbers as the objective it wraps when never cancelled', () => {
    const wrapped = checkedObjective({ checkpoint: () => {} }, quadratic);
    const theta = Float64Array.from([1, -2, 3, 0.5, 0, 4]);
    expect(wrapped.value(theta)).toBe(quadratic.value(theta));
    expect(Array.from(wrapped.gradient(theta))).toEqual(Array.from(quadratic.gradient(theta)));
    expect(Array.from(wrapped.hvp(theta, theta))).toEqual(Array.from(quadratic.hvp(theta, theta)));
    expect(wrapped.n).toBe(6);
  });
});
