import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor, gradcheck, gradgradcheck, randn, tensor, where, concat, stack, crossEntropy, mseLoss, binaryCrossEntropyWithLogits } from '../../src/index.js';

const dim = fc.integer({ min: 1, max: 3 });
const shape = fc.array(dim, { minLength: 0, maxLength: 3 });
const seed = fc.integer({ min: 0, max: 1_000_000 });

/** Random input away from the kinks of abs/relu/clamp and the poles of log/div (finite differences need smoothness within ±ε). */
function smoothInput(s: number[], sd: number, { positive = false } = {}): Tensor {
  const t = randn(s, { seed: sd });
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    d[i] = positive ? 0.5 + Math.abs(v) : v >= 0 ? v + 0.1 : v - 0.1;
  }
  return t;
}

type Unary = [string, (x: Tensor) => Tensor, boolean];
const unaries: Unary[] = [
  ['neg', (x) => x.neg(), false], ['exp', (x) => x.exp(), false], ['log', (x) => x.log(), true], ['sqrt', (x) => x.sqrt(), true],
  ['abs', (x) => x.abs(), false], ['tanh', (x) => x.tanh(), false], ['sigmoid', (x) => x.sigmoid(), false], ['relu', (x) => x.relu(), false],
  ['leakyRelu', (x) => x.leakyRelu(0.2), false], ['softplus', (x) => x.softplus(), false], ['gelu', (x) => x.gelu(), false],
  ['geluTanh', (x) => x.gelu('tanh'), false], ['sin', (x) => x.sin(), false], ['cos', (x) => x.cos(), false], ['square', (x) => x.square(), false],
  ['clamp', (x) => x.clamp(-0.05, 0.05).add(x.clamp(-3, 0.05)), false], ['log1p', (x) => x.log1p(), true], ['erf', (x) => x.erf(), false],
  ['pow3', (x) => x.pow(3), false], ['powHalf', (x) => x.pow(0.5), true],
];

describe('gradcheck on every unary op (random shapes)', () => {
  for (const [name, f, positive] of unaries) {
    it(name, () => {
      fc.assert(fc.property(shape, seed, (s, sd) => gradcheck(f, [smoothInput(s, sd, { positive })])), { numRuns: 15 });
    });
  }
});

type Binary = [string, (a: Tensor, b: Tensor) => Tensor, boolean];
const binaries: Binary[] = [
  ['add', (a, b) => a.add(b), false], ['sub', (a, b) => a.sub(b), false], ['mul', (a, b) => a.mul(b), false],
  ['div', (a, b) => a.div(b), true], ['pow', (a, b) => a.pow(b), true],
  ['maximum', (a, b) => a.maximum(b.add(0.03)), false], ['minimum', (a, b) => a.minimum(b.add(0.03)), false],
  ['where', (a, b) => where(a.gt(0), a.mul(b), b.exp()), false],
];

/** Two shapes that broadcast: b drops some leading axes of a and sets others to 1. */
const broadcastPair = fc.array(dim, { minLength: 0, maxLength: 3 }).chain((a) =>
  fc.tuple(fc.constant(a), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.integer({ min: 0, max: a.length }), fc.boolean()).map(([a, ones, drop, swap]) => {
    const b = a.map((d, i) => (ones[i] ? 1 : d)).slice(drop);
    return swap ? [b, a] : [a, b];
  }),
);

describe('gradcheck on binary ops under broadcasting', () => {
  for (const [name, f, positive] of binaries) {
    it(name, () => {
      fc.assert(
        fc.property(broadcastPair, seed, ([sa, sb], sd) => {
          const a = smoothInput(sa, sd, { positive });
          const b = smoothInput(sb, sd + 1, { positive });
          a.requiresGrad = true;
          b.requiresGrad = true;
          return gradcheck(f, [a, b]);
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe('gradcheck on reductions, shape ops, matmul and losses', () => {
  const axisCases = [undefined, 0, -1, [0, 1]] as const;
  it('sum / mean / max / min / var / logsumexp / softmax / logSoftmax over axes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 2, maxLength: 3 }), seed, fc.constantFrom(...axisCases), fc.boolean(), (s, sd, axis, keep) => {
        const x = smoothInput(s, sd);
        const ax = axis as number | number[] | undefined;
        gradcheck((t) => t.sum(ax, keep).mul(t.mean(ax, true).sum()), [x]);
        gradcheck((t) => t.max(ax, keep).add(t.min(ax, keep)), [x]);
        gradcheck((t) => t.var(ax, keep), [x]);
        gradcheck((t) => t.logsumexp(ax, keep), [x]);
        gradcheck((t) => t.softmax(-1).mul(t.logSoftmax(0)), [x]);
        return true;
      }),
      { numRuns: 10 },
    );
  });

  it('reshape, permute, transpose, expand, slice, concat, stack, gather, indexSelect', () => {
    const x = smoothInput([2, 3, 4], 3);
    expect(gradcheck((t) => t.reshape([4, 6]).permute([1, 0]).mul(t.reshape([6, 4])), [x])).toBe(true);
    expect(gradcheck((t) => t.T.slice([1, 3], null, [null, null, -1]).exp(), [x])).toBe(true);
    expect(gradcheck((t) => t.permute([1, 2, 0]).mul(tensor([1, 2]).reshape(1, 1, 2)), [x])).toBe(true);
    expect(gradcheck((t) => t.swapAxes(0, 2).flatten().square(), [x])).toBe(true);
    expect(gradcheck((t) => t.slice(0).unsqueeze(0).expand([5, 3, 4]).mul(t.slice(1).sin()), [x])).toBe(true);
    expect(gradcheck((t) => concat([t, t.square()], 1).sum(0), [x])).toBe(true);
    expect(gradcheck((t) => stack([t, t.exp()], -1).tanh(), [x])).toBe(true);
    expect(gradcheck((t) => t.gather(2, tensor([[[0, 3, 3]], [[1, 1, 2]]])).mul(3), [x])).toBe(true);
    expect(gradcheck((t) => t.indexSelect(1, [2, 0, 2]).square(), [x])).toBe(true);
  });

  it('matmul with 1-D, 2-D and broadcast batched operands', () => {
    fc.assert(
      fc.property(fc.constantFrom<[number[], number[]]>([[3], [3]], [[3], [3, 2]], [[2, 3], [3]], [[2, 3], [3, 4]], [[2, 1, 2, 3], [4, 3, 2]], [[3, 4], [2, 4, 5]]), seed, ([sa, sb], sd) => {
        const a = smoothInput(sa, sd);
        const b = smoothInput(sb, sd + 7);
        a.requiresGrad = true;
        b.requiresGrad = true;
        return gradcheck((p, q) => p.matmul(q), [a, b]);
      }),
      { numRuns: 12 },
    );
  });

  it('losses: mse, cross-entropy (ids and soft targets), BCE with logits (including logits exactly 0)', () => {
    const logits = smoothInput([4, 3], 11);
    expect(gradcheck((z) => crossEntropy(z, [0, 2, 1, 2]), [logits])).toBe(true);
    expect(gradcheck((z) => crossEntropy(z, tensor([[0.2, 0.3, 0.5], [1, 0, 0], [0, 1, 0], [0.5, 0.5, 0]])), [logits])).toBe(true);
    expect(gradcheck((z) => mseLoss(z, tensor([[1, 2, 3], [0, 0, 0], [1, 1, 1], [2, 2, 2]])), [logits])).toBe(true);
    const y = tensor([[1], [0], [1], [0]]);
    expect(gradcheck((z) => binaryCrossEntropyWithLogits(z, y), [smoothInput([4, 1], 2)])).toBe(true);
    expect(gradcheck((z) => binaryCrossEntropyWithLogits(z, y), [tensor([[0], [0], [0], [0]])])).toBe(true);
    // Second order through the one-op logSoftmax (the Hessian of cross-entropy is diag(p) − ppᵀ per sample).
    expect(gradgradcheck((z) => crossEntropy(z, [0, 2, 1, 2]), [logits])).toBe(true);
    expect(gradgradcheck((z) => z.softmax(0).mul(z).sum(), [logits])).toBe(true);
  });
});

describe('random compositions of ops', () => {
  const ops: ((t: Tensor) => Tensor)[] = [
    (t) => t.tanh(), (t) => t.mul(t.sin()), (t) => t.square().add(1).log(), (t) => t.sigmoid().mul(2),
    (t) => t.exp().div(t.exp().add(1)), (t) => t.sub(t.mean(-1, true)), (t) => t.softplus(), (t) => t.T.T,
    (t) => t.matmul(t.T).sum(-1).reshape(t.shape[0]!, 1).add(t),
    (t) => t.softmax(-1), (t) => t.logSoftmax(0), (t) => t.logsumexp(-1, true).add(t),
  ];
  it('first order (gradcheck) and second order (gradgradcheck)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: ops.length - 1 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), seed, (chain, r, c, sd) => {
        const f = (t: Tensor) => chain.reduce((acc, k) => ops[k]!(acc), t);
        const x = smoothInput([r, c], sd);
        x.requiresGrad = true;
        return gradcheck(f, [x]) && gradgradcheck(f, [x]);
      }),
      { numRuns: 25 },
    );
  });

  it('gradgradcheck on every unary op', () => {
    for (const [, f, positive] of unaries) {
      expect(gradgradcheck(f, [smoothInput([2, 3], 5, { positive })])).toBe(true);
    }
  });
});

describe('gradcheck catches wrong gradients and reports the worst element', () => {
  it('fails on a function whose VJP is wrong', async () => {
    const { record } = await import('../../src/autograd/index.js');
    const { mapUnary } = await import('../../src/tensor/index.js');
    // A deliberately wrong VJP: d sin = cos, here sin.
    const badSin = (x: Tensor) => record('badSin', mapUnary(x.value, Math.sin), [x], (g) => [g.mul(x.sin())]);
    const x = tensor([0.3, 1.2]);
    expect(() => gradcheck(badSin, [x])).toThrow(/gradcheck failed: input 0, element \d, output element \d: analytic .* vs numerical/);
    expect(gradcheck(badSin, [x], { raiseException: false })).toBe(false);
  });
});
