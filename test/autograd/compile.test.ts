/**
 * compile(): replayed results must equal eager execution bit for bit (the
 * replay runs the same kernels on the same arrays in the same order, so no
 * tolerance is needed: any difference at all is a defect).
 */
import { describe, expect, it } from 'vitest';
import { Parameter, Tensor, compile, noGrad, record, compileLossAndGrad, crossEntropy, binaryCrossEntropyWithLogits, hvp, mseLoss, randn, valueAndGrad, tensor } from '../../src/index.js';
import { MLP, type ActivationName } from '../../src/nn/index.js';
import { Adam, SGD } from '../../src/optim/index.js';
import { NDArray, Rng } from '../../src/tensor/index.js';

function bits(xs: readonly Tensor[]): number[][] {
  return xs.map((x) => Array.from(x.value.values()));
}

/** Object.is per element: distinguishes −0 from 0 and compares NaNs as equal. */
function expectBitIdentical(a: readonly Tensor[], b: readonly Tensor[]): void {
  expect(a.length).toBe(b.length);
  const ba = bits(a);
  const bb = bits(b);
  for (let i = 0; i < ba.length; i++) {
    expect(ba[i]!.length).toBe(bb[i]!.length);
    for (let k = 0; k < ba[i]!.length; k++) if (!Object.is(ba[i]![k], bb[i]![k])) expect([i, k, ba[i]![k]]).toEqual([i, k, bb[i]![k]]);
  }
}

type LossKind = 'mse' | 'ce' | 'bce';

function setup(seed: number, hidden: ActivationName, loss: LossKind) {
  const rng = new Rng(seed);
  const inDim = 2 + (seed % 4);
  const width = 3 + (seed % 7);
  const outDim = loss === 'ce' ? 3 : 1 + (seed % 2);
  const model = new MLP([inDim, width, width + 1, outDim], { hidden, seed });
  const batch = 5 + (seed % 3);
  const draw = (): [Tensor, Tensor] => {
    const x = randn([batch, inDim], { rng });
    if (loss === 'ce') return [x, tensor(Array.from({ length: batch }, () => Math.floor(rng.uniform() * outDim)))];
    if (loss === 'bce') return [x, tensor(Array.from({ length: batch * outDim }, () => (rng.uniform() < 0.5 ? 0 : 1))).reshape([batch, outDim])];
    return [x, randn([batch, outDim], { rng })];
  };
  const lossFn = (x: Tensor, y: Tensor): Tensor => {
    const out = model.forward(x);
    return loss === 'ce' ? crossEntropy(out, y) : loss === 'bce' ? binaryCrossEntropyWithLogits(out, y) : mseLoss(out, y);
  };
  return { model, draw, lossFn };
}

const cases: [number, ActivationName, LossKind][] = [
  [1, 'tanh', 'mse'],
  [2, 'relu', 'ce'],
  [3, 'sigmoid', 'bce'],
  [4, 'gelu', 'mse'],
  [5, 'softplus', 'ce'],
  [6, 'leakyRelu', 'mse'],
];

describe('compile', () => {
  it.each(cases)('replays loss and gradients of a random MLP (seed %i, %s, %s) bit-identically to eager on new data', (seed, hidden, loss) => {
    const { model, draw, lossFn } = setup(seed, hidden, loss);
    const params = model.parameters();
    const compiled = compileLossAndGrad(lossFn, params);
    for (let call = 0; call < 4; call++) {
      const [x, y] = draw();
      const got = compiled(x, y);
      model.zeroGrad();
      const l = lossFn(x, y);
      l.backward();
      expectBitIdentical(got, [l, ...params.map((p) => p.grad!)]);
    }
    expect(compiled.traceCount).toBe(1);
  });

  it.each([
    ['SGD with momentum and weight decay', (ps: Parameter[]) => new SGD(ps, { lr: 0.05, momentum: 0.9, weightDecay: 1e-3 })],
    ['Adam', (ps: Parameter[]) => new Adam(ps, { lr: 1e-2 })],
  ] as const)('trains with %s to the same parameters bit for bit at steps 1 and 1000', (_name, makeOpt) => {
    const a = setup(7, 'tanh', 'mse');
    const b = setup(7, 'tanh', 'mse');
    const optA = makeOpt(a.model.parameters());
    const optB = makeOpt(b.model.parameters());
    const paramsB = b.model.parameters();
    const step = compileLossAndGrad(b.lossFn, paramsB);
    for (let t = 1; t <= 1000; t++) {
      const [x, y] = a.draw();
      b.draw(); // keep the two data streams in lockstep
      optA.zeroGrad();
      const la = a.lossFn(x, y);
      la.backward();
      optA.step();
      optB.zeroGrad();
      const [lb, ...gs] = step(x, y);
      paramsB.forEach((p, i) => (p.grad = gs[i]!));
      optB.step();
      if (t === 1 || t === 1000) {
        expectBitIdentical([lb!], [la]);
        expectBitIdentical(paramsB, a.model.parameters());
      }
    }
  });

  it('replays a Hessian-vector product bit-identically', () => {
    const rng = new Rng(11);
    const X = randn([6, 2], { rng });
    const Y = randn([6, 1], { rng });
    const f = (w1: Tensor, w2: Tensor): Tensor => mseLoss(X.matmul(w1).tanh().matmul(w2), Y);
    const compiled = compile((w1: Tensor, w2: Tensor, v1: Tensor, v2: Tensor) => hvp(f, [w1, w2], [v1, v2]) as Tensor[]);
    for (let k = 0; k < 3; k++) {
      const args = [randn([2, 4], { rng }), randn([4, 1], { rng }), randn([2, 4], { rng }), randn([4, 1], { rng })];
      expectBitIdentical(compiled(...args), hvp(f, [args[0]!, args[1]!], [args[2]!, args[3]!]) as Tensor[]);
    }
  });

  it('traces again when the input shapes change, and replays each signature', () => {
    const f = compile((x: Tensor) => {
      const [v, g] = valueAndGrad((z: Tensor) => z.softmax(-1).square().sum())(x);
      return [v, g as Tensor];
    });
    const rng = new Rng(3);
    for (const shape of [[2, 3], [4, 5], [2, 3], [4, 5]]) {
      const x = randn(shape, { rng });
      const [v, g] = valueAndGrad((z: Tensor) => z.softmax(-1).square().sum())(x);
      expectBitIdentical(f(x), [v, g as Tensor]);
    }
    expect(f.traceCount).toBe(2);
  });

  it('returns views that the next call overwrites, and reads closed-over parameters live', () => {
    const w = new Parameter(tensor([1, 2]));
    const f = compile((x: Tensor) => x.mul(w).sum());
    expect(f(tensor([1, 1])).item()).toBe(3);
    w.data[0] = 10;
    const out = f(tensor([1, 1]));
    expect(out.item()).toBe(12);
    f(tensor([2, 2]));
    expect(out.item()).toBe(24);
  });

  it('replays a custom op whose value was computed by traced Tensor ops, and refuses one computed outside any op', () => {
    // y = 3x with a custom VJP, its value made by (traced) Tensor ops under noGrad, as src/neuro/feedbackMlp.ts does.
    const triple = (x: Tensor): Tensor => record('triple', noGrad(() => x.mul(3)).value, [x], (g) => [g.mul(3)]);
    const f = compile((x: Tensor) => valueAndGrad((z: Tensor) => triple(z).square().sum())(x) as [Tensor, Tensor]);
    const rng = new Rng(8);
    for (let k = 0; k < 3; k++) {
      const x = randn([4], { rng });
      expectBitIdentical(f(x), valueAndGrad((z: Tensor) => triple(z).square().sum())(x) as [Tensor, Tensor]);
    }
    const opaque = (x: Tensor): Tensor => record('opaque', new NDArray(x.value.values().map((v) => 3 * v), x.shape), [x], (g) => [g.mul(3)]);
    expect(() => compile((x: Tensor) => opaque(x))(tensor([1, 2]))).toThrow(/op 'opaque' computed its value outside a thunk/);
  });

  it('refuses .backward() inside a compiled function, naming the alternative', () => {
    const w = new Parameter(tensor([1, 2]));
    const f = compile((x: Tensor) => {
      const l = x.mul(w).sum();
      l.backward();
      return l;
    });
    expect(() => f(tensor([1, 1]))).toThrow(/backward\(\) cannot be compiled.*grad\(\)/);
  });
});
