/**
 * compile(fn, { skipUnchanged: true }) replays only the thunks whose sources
 * (arguments, and outside tensors read live) changed since the previous call
 * (src/autograd/replaySkip.ts). A skipped thunk's buffer must already hold
 * what it would write, so every result must equal eager execution bit for
 * bit in any sequence of calls — no tolerance: a stale buffer is a defect.
 */
import { describe, expect, it } from 'vitest';
import { Parameter, Tensor, compile, grad, mseLoss, noGrad, objective, randn, tensor, vjp } from '../../src/index.js';
import { Linear, Sequential, Tanh, functionalCall } from '../../src/nn/index.js';
import { moduleObjective } from '../../src/optim/index.js';
import { unflattenTensor } from '../../src/optim/flatten.js';
import { Rng } from '../../src/tensor/index.js';
import { lanczos } from '../../src/linalg/index.js';

/** Object.is per element: distinguishes −0 from 0 and compares NaNs as equal. */
function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) expect([k, a[k]]).toEqual([k, b[k]]);
}

/** A 1-16-16-1 tanh MLP's mean squared error as a function of its flat parameters (data read by closure). */
function mlpFlatLoss(seed: number): { n: number; loss: (theta: Tensor) => Tensor; theta0: Float64Array; x: Tensor; y: Tensor } {
  const rng = new Rng(seed);
  const model = new Sequential(new Linear(1, 16), new Tanh(), new Linear(16, 16), new Tanh(), new Linear(16, 1));
  const x = randn([32, 1], { rng });
  const y = randn([32, 1], { rng });
  const shapes = model.parameters().map((p) => [...p.shape]);
  const n = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
  const loss = (theta: Tensor): Tensor => mseLoss(functionalCall(model, unflattenTensor(theta, shapes), x), y);
  return { n, loss, theta0: rng.fillNormal(new Float64Array(n)), x, y };
}

/** The objective's HVP as compile.ts sees it: a VJP of the gradient, with cotangent v. */
function hvpOf(loss: (theta: Tensor) => Tensor): (theta: Tensor, v: Tensor) => Tensor {
  const gradient = (theta: Tensor): Tensor => grad(loss)(theta) as Tensor;
  return (theta, v) => vjp(gradient, theta)[1](v)[0]!;
}

describe('compile({ skipUnchanged: true })', () => {
  it('gives the eager HVP bit for bit through θ,v1 → θ,v2 → θ′,v2 → θ′,v3 → θ,v1, and skips the θ-only steps at a repeated θ', () => {
    const { n, loss, theta0 } = mlpFlatLoss(1);
    const hvp = hvpOf(loss);
    const compiled = compile(hvp, { skipUnchanged: true });
    const rng = new Rng(2);
    const theta1 = theta0;
    const theta2 = rng.fillNormal(new Float64Array(n));
    const [v1, v2, v3] = [0, 1, 2].map(() => rng.fillNormal(new Float64Array(n)));
    const calls: [Float64Array, Float64Array][] = [[theta1, v1!], [theta1, v1!], [theta1, v2!], [theta2, v2!], [theta2, v3!], [theta1, v1!], [theta1, v1!]];
    const ran: number[] = [];
    for (const [theta, v] of calls) {
      const got = compiled(tensor(theta), tensor(v));
      expectSameBits(got.value.values(), hvp(tensor(theta), tensor(v)).value.values());
      ran.push(compiled.lastReplay?.ran ?? -1);
    }
    expect(compiled.traceCount).toBe(1);
    const of = compiled.lastReplay!.of;
    // Call 1 traced; call 2 is the first replay, which runs everything.
    expect(ran.slice(0, 2)).toEqual([-1, of]);
    // At a repeated θ with a new v, the forward pass and ∇L(θ) are skipped; a new θ reruns them. (On this network:
    // 66 thunks; 49 run at a repeated θ, 63 at a new θ with the same v, 65 when both change — one is a constant.)
    expect(ran[2]!).toBeLessThan(ran[3]!);
    expect(ran[4]!).toBe(ran[2]);
    // Nothing changed at all: only the thunks that write the output run.
    expect(ran[6]!).toBeLessThan(ran[2]!);
  });

  it('gives the eager result when the caller wrote into the returned tensors between calls', () => {
    // The last output is a view of the traced argument itself: written into, it must still read as the argument.
    const f = (a: Tensor, b: Tensor): Tensor[] => [a.mul(2).tanh(), a.exp().add(b.sum()), b.square().sum(), a.reshape([12])];
    const compiled = compile(f, { skipUnchanged: true });
    const rng = new Rng(3);
    const a = randn([3, 4], { rng });
    const b = randn([5], { rng });
    const b2 = randn([5], { rng });
    for (const bb of [b, b, b, b2, b2]) {
      const got = compiled(a, bb);
      f(a, bb).forEach((e, i) => expectSameBits(got[i]!.value.values(), e.value.values()));
      for (const t of got) t.value.data.fill(7);
    }
  });

  it('gives the eager result when a Parameter read by closure is changed in place between calls with the same arguments', () => {
    const rng = new Rng(4);
    const w = new Parameter(randn([4, 3], { rng }));
    const f = (x: Tensor): Tensor => x.matmul(w).tanh().sum(0);
    const compiled = compile(f, { skipUnchanged: true });
    const x = randn([5, 4], { rng });
    for (let k = 0; k < 4; k++) {
      expectSameBits(compiled(x).value.values(), f(x).value.values());
      if (k % 2 === 1) noGrad(() => w.value.data[5] = w.value.data[5]! + 0.25);
    }
    expect(compiled.traceCount).toBe(1);
  });

  it('reruns what depends on an argument holding NaN, or changed from 0 to −0, and matches eager bit for bit', () => {
    const f = (a: Tensor, v: Tensor): Tensor[] => [tensor([1]).div(a).add(v), a.mul(v).sum()];
    const compiled = compile(f, { skipUnchanged: true });
    const a0 = tensor([0, NaN, 2]);
    const aNeg = tensor([-0, NaN, 2]);
    const v1 = tensor([1, 2, 3]);
    const v2 = tensor([4, 5, 6]);
    for (const [a, v] of [[a0, v1], [a0, v1], [a0, v2], [aNeg, v2], [aNeg, v2], [a0, v2]] as const) {
      const got = compiled(a, v);
      f(a, v).forEach((e, i) => expectSameBits(got[i]!.value.values(), e.value.values()));
    }
    expect(compiled(aNeg, v2)[0]!.value.values()[0]).toBe(-Infinity);
  });

  it('gives moduleObjective.hvp bit-identical to the eager objective across repeated and changed θ', () => {
    const rng = new Rng(5);
    const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
    const mo = moduleObjective(model, { x: randn([9, 2], { rng }), y: randn([9, 1], { rng }) }, mseLoss);
    const eager = objective(mo.loss, mo.n);
    const t1 = mo.theta0();
    const t2 = rng.fillNormal(new Float64Array(mo.n));
    for (const theta of [t1, t1, t1, t2, t2, t1]) {
      const v = rng.fillNormal(new Float64Array(mo.n));
      expectSameBits(mo.hvp(theta, v), eager.hvp(theta, v));
    }
  });

  it('gives Lanczos on the compiled objective the eager objective\'s eigenpairs bit for bit (many HVPs at one θ)', () => {
    const rng = new Rng(6);
    const model = new Sequential(new Linear(1, 16), new Tanh(), new Linear(16, 16), new Tanh(), new Linear(16, 1));
    const mo = moduleObjective(model, { x: randn([16, 1], { rng }), y: randn([16, 1], { rng }) }, mseLoss);
    const eager = objective(mo.loss, mo.n);
    const theta = mo.theta0();
    const opts = { k: 2, which: 'both' as const, steps: 30, seed: 1 };
    const c = lanczos((v) => mo.hvp(theta, v), mo.n, opts);
    const e = lanczos((v) => eager.hvp(theta, v), mo.n, opts);
    expect(c.matvecs).toBe(e.matvecs);
    expectSameBits(c.values, e.values);
    c.vectors.forEach((vec, i) => expectSameBits(vec, e.vectors[i]!));
  });

  it('refuses a skipUnchanged option that is not a boolean', () => {
    expect(() => compile((a: Tensor) => a, { skipUnchanged: 1 as unknown as boolean })).toThrow(/skipUnchanged must be a boolean/);
  });
});
