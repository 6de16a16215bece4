import { describe, expect, it } from 'vitest';
import { gradcheck, mseLoss, noGrad, Parameter, tensor, type Tensor } from '../../src/autograd/index.js';
import { NDArray } from '../../src/tensor/index.js';
import { activation, functionalCall, Linear, MLP, Module, Sequential, Tanh } from '../../src/nn/index.js';

describe('Linear', () => {
  it('computes y = x·Wᵀ + b, checked element by element by hand', () => {
    const lin = new Linear(3, 2, { seed: 1 });
    const x = tensor([
      [1, -2, 0.5],
      [0.25, 3, -1],
    ]);
    const W = lin.weight.data;
    const b = lin.bias!.data;
    const y = noGrad(() => lin.forward(x));
    expect(y.shape).toEqual([2, 2]);
    for (let n = 0; n < 2; n++) {
      for (let o = 0; o < 2; o++) {
        let s = b[o]!;
        for (let i = 0; i < 3; i++) s += x.data[n * 3 + i]! * W[o * 3 + i]!;
        // Same three products and sums, possibly in another order: a few ulps at most.
        expect(y.data[n * 2 + o]).toBeCloseTo(s, 14);
      }
    }
    expect(lin.weight.shape).toEqual([2, 3]);
    expect(lin.bias!.shape).toEqual([2]);
  });

  it('has no bias when asked, and rejects inputs with the wrong feature count', () => {
    const lin = new Linear(2, 3, { bias: false, seed: 0 });
    expect(lin.bias).toBeNull();
    expect(lin.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(() => lin.forward(tensor([[1, 2, 3]]))).toThrow(/Linear.forward: input of shape \[1, 3\] must end in 2 features/);
    expect(() => new Linear(0, 2)).toThrow(/inFeatures must be a positive integer/);
  });

  it('uses PyTorch default init: W and b ~ U(−1/√in, 1/√in)', () => {
    const lin = new Linear(50, 400, { seed: 3 });
    const bound = 1 / Math.sqrt(50);
    const w = lin.weight.data;
    let maxAbs = 0;
    let ss = 0;
    for (const v of w) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
      ss += v * v;
    }
    expect(maxAbs).toBeLessThanOrEqual(bound);
    // 20000 draws: the largest of them is within 1e-3 of the bound with probability 1 − (1 − 1e-3/bound/2·2)^20000 ≈ 1.
    expect(maxAbs).toBeGreaterThan(bound * 0.999);
    // Var U(−a, a) = a²/3; relative std of the mean square of n uniform draws is √(0.8/n) ≈ 0.0063 (see init.test.ts).
    expect(Math.abs(ss / w.length / (bound * bound / 3) - 1)).toBeLessThan(5 * Math.sqrt(0.8 / w.length));
    for (const v of lin.bias!.data) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
  });

  it('gradients match central differences (gradcheck) for x, W and b', () => {
    const lin = new Linear(3, 2, { seed: 5 });
    const x = tensor([[0.3, -1.2, 0.7], [1.1, 0.4, -0.5]], { requiresGrad: true });
    const w = lin.weight.detach().requiresGrad_();
    const b = lin.bias!.detach().requiresGrad_();
    expect(gradcheck((xi, wi, bi) => functionalCall(lin, [wi!, bi!], xi!).tanh(), [x, w, b])).toBe(true);
  });
});

describe('MLP and Module bookkeeping', () => {
  it('names parameters by path and walks children', () => {
    const m = new MLP([2, 4, 3, 1], { seed: 0 });
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      'layers.0.weight:4x2',
      'layers.0.bias:4',
      'layers.1.weight:3x4',
      'layers.1.bias:3',
      'layers.2.weight:1x3',
      'layers.2.bias:1',
    ]);
    expect(m.numParameters()).toBe(8 + 4 + 12 + 3 + 3 + 1);
    expect(m.children().length).toBe(6); // 3 Linear + 3 activations
    const seq = new Sequential(new Linear(2, 2, { seed: 1 }), new Tanh(), new Linear(2, 1, { seed: 2 }));
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
  });

  it('lists a shared parameter once', () => {
    class Tied extends Module {
      a = new Linear(2, 2, { seed: 0 });
      b = this.a;
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x));
      }
    }
    const tied = new Tied();
    expect(tied.parameters().length).toBe(2);
    expect(tied.namedParameters().map(([n]) => n)).toEqual(['a.weight', 'a.bias']);
    expect(tied.namedModules().map(([n]) => n)).toEqual(['', 'a']);
  });

  it('sets the training flag recursively and clears gradients', () => {
    const m = new MLP([2, 3, 1], { seed: 0 });
    m.eval();
    expect(m.namedModules().every(([, mod]) => !mod.training)).toBe(true);
    m.train();
    expect(m.layers[1]!.training).toBe(true);
    mseLoss(m.forward(tensor([[1, 2]])), tensor([[0]])).backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('MLP gradients pass gradcheck through all layers', () => {
    const m = new MLP([3, 4, 2], { hidden: 'sigmoid', output: 'tanh', seed: 9 });
    const x = tensor([[0.5, -0.3, 1.2], [-1, 0.2, 0.1]]);
    const params = m.parameters().map((p) => p.detach().requiresGrad_());
    expect(gradcheck((...ps) => functionalCall(m, ps, x).square().sum(), params)).toBe(true);
  });

  it('stateDict round-trips exactly through JSON', () => {
    const a = new MLP([3, 5, 2], { seed: 11 });
    const json = JSON.stringify(a.stateDict());
    const b = new MLP([3, 5, 2], { seed: 12 });
    const before = b.parameters()[0]!;
    b.loadStateDict(JSON.parse(json));
    expect(b.parameters()[0]).toBe(before); // loaded in place
    for (const [[na, pa], [nb, pb]] of a.namedParameters().map((e, i) => [e, b.namedParameters()[i]!])) {
      expect(nb).toBe(na);
      // Bit-exact: shortest round-trip decimal of a double parses back to the same double.
      expect(Array.from(pb.data)).toEqual(Array.from(pa.data));
      for (let i = 0; i < pa.size; i++) expect(Object.is(pa.data[i], pb.data[i])).toBe(true);
    }
  });

  it('loadStateDict names what does not match', () => {
    const m = new MLP([2, 3, 1], { seed: 0 });
    const sd = m.stateDict();
    delete sd['layers.1.bias'];
    expect(() => m.loadStateDict(sd)).toThrow(/missing: \[layers.1.bias\]/);
    const bad = m.stateDict();
    bad['layers.0.weight'] = { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] };
    expect(() => m.loadStateDict(bad)).toThrow(/'layers.0.weight' has shape \[2, 3\].*parameter has shape \[3, 2\]/);
    const nan = m.stateDict();
    nan['layers.1.bias']!.data[0] = NaN;
    expect(() => m.loadStateDict(JSON.parse(JSON.stringify(nan)))).toThrow(/'layers.1.bias' value 0 is null, not a number/);
  });

  it('forwardWithActivations exposes z, h and, with retainGrad, δ = ∂L/∂z of every layer', () => {
    const m = new MLP([2, 3, 1], { hidden: 'tanh', seed: 4 });
    const x = tensor([[0.5, -1], [1, 2], [0, 0.3]]);
    const y = tensor([[1], [0], [0.5]]);
    const trace = m.forwardWithActivations(x, { retainGrad: true });
    expect(trace.layers.map((l) => l.activation)).toEqual(['tanh', 'identity']);
    mseLoss(trace.output, y).backward();
    const [hid, out] = trace.layers;
    // Output layer (identity): δ₂ = ∂/∂ŷ mean((ŷ − y)²) = 2(ŷ − y)/N.
    for (let n = 0; n < 3; n++) expect(out!.preActivation.grad!.data[n]).toBeCloseTo((2 * (trace.output.data[n]! - y.data[n]!)) / 3, 15);
    // Hidden layer: δ₁ = (δ₂·W₂) ⊙ (1 − h²), the backprop recursion.
    const w2 = m.layers[1]!.weight.data;
    for (let n = 0; n < 3; n++) {
      for (let j = 0; j < 3; j++) {
        const h = hid!.postActivation.data[n * 3 + j]!;
        expect(hid!.preActivation.grad!.data[n * 3 + j]).toBeCloseTo(out!.preActivation.grad!.data[n]! * w2[j]! * (1 - h * h), 15);
      }
    }
    // ∂L/∂W₁ = δ₁ᵀ·x: the weight gradient agrees with the retained signals.
    const g = m.layers[0]!.weight.grad!.data;
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 2; i++) {
        let s = 0;
        for (let n = 0; n < 3; n++) s += hid!.preActivation.grad!.data[n * 3 + j]! * x.data[n * 2 + i]!;
        expect(g[j * 2 + i]).toBeCloseTo(s, 15);
      }
    }
  });

  it('functionalCall restores the original parameters and validates shapes', () => {
    const lin = new Linear(2, 2, { seed: 0 });
    const w = lin.weight;
    const out = functionalCall(lin, { weight: tensor([[1, 0], [0, 1]]), bias: tensor([0, 0]) }, tensor([[3, 4]]));
    expect(out.toArray()).toEqual([[3, 4]]);
    expect(lin.weight).toBe(w);
    expect(() => functionalCall(lin, [tensor([1, 2])], tensor([[1, 2]]))).toThrow(/got 1 tensors for 2 parameters/);
    expect(() => functionalCall(lin, { weight: tensor([1, 2]) }, tensor([[1, 2]]))).toThrow(/'weight' must have shape \[2, 2\]/);
    expect(lin.weight).toBe(w);
  });

  it('looks activations up by name', () => {
    const x = tensor([-2, 0, 3]);
    expect(activation('relu').forward(x).toArray()).toEqual([0, 0, 3]);
    expect(activation('leaky_relu').forward(x).toArray()).toEqual([-0.02, 0, 3]);
    expect(activation('identity').forward(x)).toBe(x);
    expect(activation('sigmoid').forward(tensor([0])).item()).toBe(0.5);
    expect(() => activation('swish')).toThrow(/unknown activation 'swish'/);
  });

  it('a Parameter field in a subclass is discovered', () => {
    class Scale extends Module {
      s = new Parameter(new NDArray(new Float64Array([2]), [1]));
      forward(x: Tensor): Tensor {
        return x.mul(this.s);
      }
    }
    expect(new Scale().namedParameters().map(([n]) => n)).toEqual(['s']);
  });
});
