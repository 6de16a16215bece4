import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Parameter, Tensor, binaryCrossEntropyWithLogits, grad, gradcheck, gradgradcheck, mseLoss, noGrad, randn, record, tensor } from '../../src/index.js';
import { NDArray, Rng } from '../../src/tensor/index.js';

/**
 * The reverse-mode engine's fast paths (fused first-order rules, field-based
 * bookkeeping) must give the same numbers as the general, recorded path.
 */

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });

describe('mseLoss as one op', () => {
  it('first-order rule (fused) equals the recorded rule (createGraph) for prediction and target', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 1000 }), (shape, seed) => {
        const rng = new Rng(seed);
        const p = randn(shape, { rng });
        const t = randn(shape, { rng });
        const fused = (() => {
          const [a, b] = [new Parameter(p), new Parameter(t)];
          mseLoss(a, b).backward();
          return [a.grad!.data, b.grad!.data];
        })();
        const recorded = (() => {
          const [a, b] = [new Parameter(p), new Parameter(t)];
          mseLoss(a, b).backward(undefined, { createGraph: true });
          return [a.grad!.data, b.grad!.data];
        })();
        // Both evaluate c·(pᵢ − tᵢ) with c = 2g/n; only the association of the two scalar
        // products may differ, so they agree to a couple of ulps.
        for (let k = 0; k < 2; k++) {
          fused[k]!.forEach((v, i) => expect(Math.abs(v - recorded[k]![i]!)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(v))));
        }
        // ∂L/∂t = −∂L/∂p exactly.
        fused[0]!.forEach((v, i) => expect(fused[1]![i]).toBe(-v));
      }),
      { numRuns: 40 },
    );
  });

  it('value, gradient and second derivative against the definition', () => {
    const p = tensor([[0.5], [-1], [2], [0.25]]);
    const y = tensor([[0], [1], [1], [0]]);
    // mean of (0.25, 4, 1, 0.0625) = 5.3125 / 4
    expect(mseLoss(p, y).item()).toBe(5.3125 / 4);
    expect(gradcheck((a, b) => mseLoss(a, b), [p.detach().requiresGrad_(), y.detach().requiresGrad_()])).toBe(true);
    expect(gradgradcheck((a, b) => mseLoss(a, b), [p.detach().requiresGrad_(), y.detach().requiresGrad_()])).toBe(true);
    // d²L/dp² = (2/n)·I: the Hessian-vector product of e₀ is (0.5, 0, 0, 0).
    const hv = grad((a: Tensor) => (grad((b: Tensor) => mseLoss(b, y))(a) as Tensor).mul(tensor([[1], [0], [0], [0]])).sum())(p) as Tensor;
    expect(Array.from(hv.data)).toEqual([0.5, 0, 0, 0]);
  });

  it('a target that broadcasts still works (through the composite, as PyTorch does)', () => {
    const p = new Parameter(tensor([[1, 2], [3, 4]]));
    const loss = mseLoss(p, tensor([1, 1]));
    expect(loss.item()).toBe((0 + 1 + 4 + 9) / 4);
    loss.backward();
    expect(Array.from(p.grad!.data)).toEqual([0, 0.5, 1, 1.5]);
  });
});

describe('binaryCrossEntropyWithLogits as one op', () => {
  it('first-order rule (fused) equals the recorded rule bit for bit, and both derivatives check to second order', () => {
    const x = tensor([[-30], [-0.5], [0], [0.7], [40]]);
    const y = tensor([[0], [1], [0.3], [1], [0]]);
    const grads = (createGraph: boolean) => {
      const [a, b] = [new Parameter(x), new Parameter(y)];
      binaryCrossEntropyWithLogits(a, b).backward(undefined, { createGraph });
      return [Array.from(a.grad!.data), Array.from(b.grad!.data)];
    };
    expect(grads(false)).toEqual(grads(true));
    // (σ(x) − y)/n at x = 0, y = 0.3: (0.5 − 0.3)/5.
    expect(grads(false)[0]![2]).toBe((0.5 - 0.3) * (1 / 5));
    expect(gradcheck((a, b) => binaryCrossEntropyWithLogits(a, b), [x.detach().requiresGrad_(), y.detach().requiresGrad_()])).toBe(true);
    expect(gradgradcheck((a, b) => binaryCrossEntropyWithLogits(a, b), [tensor([[-1], [0.5], [2]]).requiresGrad_(), tensor([[0], [1], [0.3]]).requiresGrad_()])).toBe(true);
    // A number target is broadcast (no gradient to it).
    const p = new Parameter(tensor([0, 2]));
    binaryCrossEntropyWithLogits(p, 1).backward();
    expect(Array.from(p.grad!.data)).toEqual([(0.5 - 1) / 2, (1 / (1 + Math.exp(-2)) - 1) / 2]);
  });
});

describe('swapAxes', () => {
  it('is a view whose gradient (and gradient of gradient) checks', () => {
    const x = randn([2, 3, 4], { seed: 3 });
    const y = x.swapAxes(0, 2);
    expect(y.shape).toEqual([4, 3, 2]);
    expect(y.value.data).toBe(x.value.data);
    expect(y.contiguous().toArray()).toEqual(x.permute(2, 1, 0).contiguous().toArray());
    const w = randn([4, 3, 2], { seed: 4 });
    expect(gradcheck((a) => a.swapAxes(-1, 0).mul(w).sin().sum(), [x.detach().requiresGrad_()])).toBe(true);
    expect(gradgradcheck((a) => a.swapAxes(2, 0).mul(w).sin().sum(), [x.detach().requiresGrad_()])).toBe(true);
  });
});

describe('backward bookkeeping', () => {
  it('a VJP that runs its own backward pass (a nested transform) leaves the outer pass correct', () => {
    // f(x) = Σ s(x)·x where s is a custom op whose VJP itself calls grad() on the shared graph.
    const x = new Parameter(tensor([0.3, -0.7, 1.1]));
    const h = x.tanh(); // shared by the outer graph and the nested pass
    const custom = record('square-via-grad', new NDArray(h.value.values().map((v) => v * v), h.shape), [h], (g) => {
      // d(h²)/dh by a nested reverse pass whose graph reaches h and x, restamping them.
      const inner = grad((z: Tensor) => z.square().sum())(h) as Tensor;
      return [g.mul(inner)];
    });
    // Another branch comes first in the outer order, so h's place there differs from its place in the nested pass.
    const y = new Parameter(tensor([0.1, 0.2, 0.3]));
    const loss = y.sin().add(custom.add(h)).sum();
    loss.backward();
    // d/dx Σ (tanh² + tanh) = (2 tanh + 1)(1 − tanh²);  d/dy Σ sin y = cos y.
    const expected = [0.3, -0.7, 1.1].map((v) => (2 * Math.tanh(v) + 1) * (1 - Math.tanh(v) ** 2));
    Array.from(x.grad!.data).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-15));
    Array.from(y.grad!.data).forEach((v, i) => expect(v).toBe(Math.cos([0.1, 0.2, 0.3][i]!)));
  });

  it('transforms differentiate inside noGrad too (they record their own graph)', () => {
    const x = tensor([0.5, -2]);
    const g = noGrad(() => grad((z: Tensor) => z.mul(z).mul(z).sum())(x)) as Tensor;
    expect(Array.from(g.data)).toEqual([0.75, 12]);
    const p = new Parameter(tensor([3]));
    const gp = noGrad(() => grad((z: Tensor) => z.square().sum())(p)) as Tensor;
    expect(gp.item()).toBe(6);
  });

  it('grads of several leaves adopt distinct buffers, so accumulation never aliases', () => {
    const a = new Parameter(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const b = new Parameter(tensor([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
    // add's VJP hands the same cotangent to both inputs.
    a.add(b).sum().backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
    a.add(b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual(new Array(10).fill(2));
    expect(Array.from(b.grad!.data)).toEqual(new Array(10).fill(2));
  });

  it('clone() owns a buffer of exactly its size (it does not keep a pooled slab alive)', () => {
    const y = randn([4, 4], { seed: 1 }).tanh().clone();
    expect(y.data.buffer.byteLength).toBe(16 * 8);
  });
});

describe('softmax family as single ops', () => {
  it('values: stable for large logits, exact where the definition is exact, −∞ handled', () => {
    const x = tensor([[1000, 1001, 1002], [-3, 0, 2]]);
    const ls = x.logSoftmax(-1).toArray() as number[][];
    // Row 0 is row [0, 1, 2] shifted: log softmax is shift-invariant, computed from x − max exactly.
    const ref = [0, 1, 2].map((v) => v - 2 - Math.log(Math.exp(-2) + Math.exp(-1) + 1));
    ls[0]!.forEach((v, i) => expect(v).toBe(ref[i]));
    const sm = x.softmax(-1);
    (sm.sum(-1).toArray() as number[]).forEach((v) => expect(Math.abs(v - 1)).toBeLessThanOrEqual(2.3e-16));
    expect(tensor([-Infinity, 0]).logSoftmax().toArray()).toEqual([-Infinity, 0]);
    expect(tensor([-Infinity, 0]).softmax().toArray()).toEqual([0, 1]);
    expect(tensor([[1, 2], [3, 5]]).logsumexp(1).toArray()).toEqual([2 + Math.log1p(Math.exp(-1)), 5 + Math.log(Math.exp(-2) + 1)]);
  });

  it('gradients: g − softmax·Σg for logSoftmax, y·(g − Σ g·y) for softmax', () => {
    const x = new Parameter(tensor([0.2, -1.3, 0.7]));
    const g = tensor([1, 2, -1]);
    x.logSoftmax().mul(g).sum().backward();
    const p = [0.2, -1.3, 0.7].map(Math.exp);
    const z = p.reduce((a, b) => a + b);
    const sm = p.map((v) => v / z);
    Array.from(x.grad!.data).forEach((v, i) => expect(Math.abs(v - ([1, 2, -1][i]! - sm[i]! * 2))).toBeLessThan(1e-15));
    x.zeroGrad();
    x.softmax().mul(g).sum().backward();
    const dot = sm.reduce((a, v, i) => a + v * [1, 2, -1][i]!, 0);
    Array.from(x.grad!.data).forEach((v, i) => expect(Math.abs(v - sm[i]! * ([1, 2, -1][i]! - dot))).toBeLessThan(1e-15));
  });
});
