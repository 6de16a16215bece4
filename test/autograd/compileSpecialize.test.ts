/**
 * The specialized replay of compiled functions (src/tensor/specialize.ts) and
 * the plan around it (dead steps dropped, bias + activation fused): results
 * must equal eager execution bit for bit. Each specialized closure runs the
 * eager kernel's floating-point operations in the eager order, so no
 * tolerance is needed — any difference at all is a defect.
 */
import { describe, expect, it } from 'vitest';
import { Parameter, Tensor, compile, grad, hvp, mseLoss, noGrad, objective, randn, tensor, valueAndGrad } from '../../src/index.js';
import { traceSteps } from '../../src/autograd/trace.js';
import { plan } from '../../src/autograd/compile.js';
import { mlpLoss } from '../../src/landscape/index.js';
import { MLP, functionalCall } from '../../src/nn/index.js';
import { ParamVector, moduleObjective } from '../../src/optim/index.js';
import { Rng, wasmGemmAvailable } from '../../src/tensor/index.js';

/** Object.is per element: distinguishes −0 from 0 and compares NaNs as equal. */
function expectBitIdentical(a: readonly Tensor[], b: readonly Tensor[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((t, i) => {
    const x = Array.from(t.value.values());
    const y = Array.from(b[i]!.value.values());
    expect(x.length).toBe(y.length);
    for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) expect([i, k, x[k]]).toEqual([i, k, y[k]]);
  });
}

/** Every broadcast and layout pattern the specializer handles, each with its gradient (so the VJPs replay too). */
const patterns: [string, number[][], (...xs: Tensor[]) => Tensor][] = [
  ['same-shape binary ops and unary ops', [[3, 4], [3, 4]], (a, b) => a.mul(b).sub(b.exp()).div(a.square().add(1)).tanh().sum()],
  ['a bias broadcast along leading axes, then each activation', [[5, 3], [3]], (a, b) => a.add(b).tanh().add(a.add(b).sigmoid()).add(a.add(b).relu()).sum()],
  ['one broadcast value on either side', [[2, 3, 4], [1]], (a, s) => s.sub(a).mul(s).div(a.add(s).exp()).sum()],
  ['a column broadcast against rows (general strides)', [[4, 1], [1, 5]], (c, r) => c.mul(r).sub(r.square()).sum(0).mul(c.sum()).sum()],
  ['strided operands: transposes and slices', [[4, 6], [6, 4]], (a, b) => a.T.mul(b).tanh().add(a.slice([1, 3]).sum()).sum()],
  ['small, mid-size and transposed products', [[8, 20], [20, 30], [30, 20]], (a, b, c) => a.matmul(b).matmul(c.T.T).tanh().matmul(b.matmul(c)).matmul(a.T.matmul(a)).sum()],
  ['products with an inner dimension of 1 to 4 (loops written out)', [[5, 1], [1, 3], [3, 2], [2, 4], [4, 3]], (a, b, c, d, e) => a.matmul(b).matmul(c).matmul(d).matmul(e).tanh().sum()],
  ['layers: a small product, a bias (a row or one value) and each activation, fused into one loop', [[6, 3], [3, 5], [5], [1]],
    (x, w, b, c) => x.matmul(w).add(b).tanh().sum().add(x.matmul(w).add(c).sigmoid().sum()).add(x.T.T.matmul(w).add(b).relu().sum())],
  ['a large product (the WebAssembly kernel, as eagerly)', [[40, 30], [30, 40]], (a, b) => a.matmul(b).tanh().sum()],
  ['slices with a step, an index and a transposed cotangent (the slice VJP scatters into zeros)', [[5, 6], [3, 3]],
    (a, b) => a.slice([1, 4], [0, 6, 2]).T.mul(b).tanh().sum().add(a.slice(2).square().sum()).add(a.slice(null, [-1, null, -2]).exp().sum())],
  ['a reshape that copies a strided operand', [[4, 6]], (a) => a.T.reshape([2, 12]).square().sum(0).exp().sum()],
  ['sums over leading, trailing and all axes', [[3, 4, 5]], (x) => x.sum(0).square().sum().add(x.sum(2).sum()).add(x.sum([0, 1]).exp().sum())],
  ['a value that is −0, NaN or infinite', [[4], [4]], (a, b) => a.mul(0).neg().add(b.log()).sum()],
];

describe('compile: specialized replay', () => {
  it.each(patterns)('replays %s bit-identically to eager, value and gradient', (_name, shapes, f) => {
    const rng = new Rng(5);
    const compiled = compile((...xs: Tensor[]) => {
      const [v, gs] = valueAndGrad(f, { argnums: xs.map((_, i) => i) })(...xs);
      return [v, ...(gs as Tensor[])];
    });
    for (let call = 0; call < 3; call++) {
      const xs = shapes.map((s) => randn(s, { rng }));
      const [v, gs] = valueAndGrad(f, { argnums: xs.map((_, i) => i) })(...xs);
      expectBitIdentical(compiled(...xs), [v, ...(gs as Tensor[])]);
    }
    expect(compiled.traceCount).toBe(1);
  });

  it('replays an MLP training step with no generic kernel call left (every step specialized or fused)', () => {
    const rng = new Rng(2);
    const model = new MLP([3, 8, 8, 2], { hidden: 'tanh', seed: 1 });
    const params = model.parameters();
    const x = randn([16, 3], { rng });
    const y = randn([16, 2], { rng });
    let out: Tensor[] = [];
    const { steps } = traceSteps(() => {
      out = noGrad(() => grad((...ps: Tensor[]) => mseLoss(functionalCall(model, ps, x), y), { argnums: params.map((_, i) => i) })(...params) as Tensor[]);
    });
    expect(steps.length).toBeGreaterThan(12); // forward and backward were traced
    expect(steps.filter((s) => s.specialized === null).length).toBe(0);
    // The bias adds of both hidden layers run fused with their tanh: two thunks fewer than steps kept.
    expect(plan(steps, out).length).toBeLessThan(steps.length);
  });

  it('replays a large product straight into its output, as the eager dispatch computes it (no generic step)', () => {
    const rng = new Rng(4);
    const a = randn([40, 30], { rng });
    const b = randn([30, 40], { rng });
    const { steps } = traceSteps(() => void noGrad(() => grad((x: Tensor, y: Tensor) => x.matmul(y).sum(), { argnums: [0, 1] })(a, b)));
    expect(wasmGemmAvailable()).toBe(true); // Node 20 has WebAssembly SIMD (without it the product replays generically)
    expect(steps.filter((s) => s.specialized === null).length).toBe(0);
  });

  it('drops the steps no output depends on, and still returns what is asked bit for bit', () => {
    const rng = new Rng(9);
    const X = randn([12, 3], { rng });
    const Y = randn([12, 1], { rng });
    const loss = (w1: Tensor, w2: Tensor): Tensor => mseLoss(X.matmul(w1).tanh().matmul(w2), Y);
    const args = [randn([3, 5], { rng }), randn([5, 1], { rng }), randn([3, 5], { rng }), randn([5, 1], { rng })];
    let out: Tensor[] = [];
    const { steps } = traceSteps(() => {
      out = hvp(loss, [args[0]!, args[1]!], [args[2]!, args[3]!]) as Tensor[];
    });
    // The HVP does not depend on the loss value, nor on the first-order gradients' values (only on their graph).
    expect(plan(steps, out).length).toBeLessThan(steps.length);
    const compiled = compile((a: Tensor, b: Tensor, c: Tensor, d: Tensor) => hvp(loss, [a, b], [c, d]) as Tensor[]);
    for (let k = 0; k < 3; k++) {
      const xs = [randn([3, 5], { rng }), randn([5, 1], { rng }), randn([3, 5], { rng }), randn([5, 1], { rng })];
      expectBitIdentical(compiled(...xs), hvp(loss, [xs[0]!, xs[1]!], [xs[2]!, xs[3]!]) as Tensor[]);
    }
  });

  it('traces again when a closed-over parameter is given a new value array (as ParamVector does), reading the new one', () => {
    const w = new Parameter(tensor([1, 2, 3]));
    const f = compile((x: Tensor) => x.mul(w).sum());
    expect(f(tensor([1, 1, 1])).item()).toBe(6);
    const pv = new ParamVector([w]); // moves w's values into a new flat buffer
    pv.data.set([10, 20, 30]);
    expect(f(tensor([1, 1, 1])).item()).toBe(60);
    expect(f.traceCount).toBe(2);
    expect(f(tensor([2, 2, 2])).item()).toBe(120);
    expect(f.traceCount).toBe(2);
  });
});

describe('objective({ compile: true })', () => {
  function compareObjectives(n: number, loss: (theta: Tensor) => Tensor, seed: number): void {
    const eager = objective(loss, n);
    const compiled = objective(loss, n, { compile: true });
    const rng = new Rng(seed);
    for (let k = 0; k < 3; k++) {
      const theta = rng.fillNormal(new Float64Array(n));
      const v = rng.fillNormal(new Float64Array(n));
      expect(Object.is(compiled.value(theta), eager.value(theta))).toBe(true);
      expect(Array.from(compiled.gradient(theta))).toEqual(Array.from(eager.gradient(theta)));
      const [lc, gc] = compiled.valueAndGradient(theta, new Float64Array(n));
      const [le, ge] = eager.valueAndGradient(theta);
      expect([lc, Array.from(gc)]).toEqual([le, Array.from(ge)]);
      // Twice at the same θ (Lanczos does): the eager side reuses its cached graph, the compiled one replays.
      for (let r = 0; r < 2; r++) expect(Array.from(compiled.hvp(theta, v))).toEqual(Array.from(eager.hvp(theta, v)));
    }
  }

  it('gives value, gradient and HVP bit-identical to the eager objective (an mlpLoss network)', () => {
    const rng = new Rng(4);
    const net = mlpLoss({ sizes: [2, 6, 1], inputs: randn([10, 2], { rng }), targets: randn([10, 1], { rng }) });
    compareObjectives(net.n, net.lossTensor, 1);
  });

  it('gives value, gradient and HVP bit-identical to the eager objective (a module objective, relu)', () => {
    const rng = new Rng(6);
    const model = new MLP([3, 5, 2], { hidden: 'relu', seed: 2 });
    const mo = moduleObjective(model, { x: randn([7, 3], { rng }), y: randn([7, 2], { rng }) }, mseLoss);
    compareObjectives(mo.n, mo.loss, 2);
  });

  it('refuses a compile option that is not a boolean', () => {
    expect(() => objective((t) => t.sum(), 2, { compile: 'yes' as unknown as boolean })).toThrow(/options.compile must be a boolean/);
  });
});
