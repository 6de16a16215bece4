/**
 * What a backward pass may trust: the values its VJPs read are the forward
 * pass's (a write after the forward raises, as torch's version counter does),
 * a graph is run backward once unless kept (torch's retain_graph), and
 * ‖x‖ has the subgradient 0 at x = 0.
 */
import { describe, expect, it } from 'vitest';
import { Parameter, grad, hessian, hvp, jacobian, jvp, tensor } from '../../src/index.js';
import { ParamVector, SGD } from '../../src/optim/index.js';

const MODIFIED = /one of the variables needed for gradient computation has been modified by an inplace operation/;
const TWICE = /backward through the graph a second time/;

describe('a value written after the forward pass makes backward raise (version counter)', () => {
  it('the issue’s case: y = x·x at x = 2, then x.data[0] = 100, raises instead of returning 200 (not 4)', () => {
    const x = tensor([2], { requiresGrad: true });
    const y = x.mul(x).sum();
    x.data[0] = 100;
    expect(() => y.backward()).toThrow(MODIFIED);
    expect(() => y.backward()).toThrow(/'mul'/);
  });

  it('sees an overwritten intermediate, naming the first op of the backward pass that holds it (here sum, which reads exp’s output)', () => {
    const x = tensor([0.5, 1], { requiresGrad: true });
    const e = x.exp();
    const loss = e.sum();
    e.data[1] = 0;
    expect(() => loss.backward()).toThrow(/input or the output of 'sum'/);
  });

  it('sees a write through a view (reshape) and through detach(), which share the storage', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const loss = x.square().sum();
    x.reshape([4]).data[3] = 0;
    expect(() => loss.backward()).toThrow(MODIFIED);
    const z = tensor([1, 2], { requiresGrad: true });
    const l2 = z.mul(z).sum();
    z.detach().data[0] = 7;
    expect(() => l2.backward()).toThrow(MODIFIED);
  });

  it('reading .data between the forward and the backward pass is not a modification (the gradient is exact)', () => {
    const x = tensor([2, -3], { requiresGrad: true });
    const loss = x.mul(x).sum();
    expect(Array.from(x.data)).toEqual([2, -3]);
    // Writing the same value back is no change either.
    x.data[0] = 2;
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([4, -6]);
  });

  it('counts versions: unchanged by reads, bumped by a write while a graph holds the tensor, shared by views', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const v0 = x.version;
    const y = x.mul(2);
    void x.data[0];
    expect(x.version).toBe(v0);
    x.data[0] = 5;
    expect(x.version).toBe(v0 + 1);
    expect(x.reshape([3, 1]).version).toBe(x.version);
    void y;
  });

  it('an optimizer updating Parameter.data between steps is legal: each step builds a new graph', () => {
    // One parameter w, loss (w − 3)², SGD η = 0.25: w ← w − 0.5(w − 3), so w − 3 halves each step (exact in binary).
    const w = new Parameter(tensor([1]));
    const opt = new SGD([w], { lr: 0.25 });
    for (let k = 0; k < 3; k++) {
      opt.zeroGrad();
      w.sub(3).square().sum().backward();
      opt.step();
    }
    expect(w.data[0]).toBe(3 - 2 / 8);
  });

  it('sees writes through a ParamVector (set, data, view), the optimizers’ flat view of the Parameters', () => {
    for (const write of [(pv: ParamVector) => pv.set([5, 6]), (pv: ParamVector) => (pv.data[0] = 5), (pv: ParamVector) => (pv.view(1)[0] = 6)]) {
      const w = new Parameter(tensor([1]));
      const b = new Parameter(tensor([2]));
      const pv = new ParamVector([w, b]);
      const loss = w.mul(b).sum();
      write(pv);
      expect(() => loss.backward()).toThrow(MODIFIED);
    }
  });

  it('but a kept graph whose parameters an optimizer has since updated raises on the next backward (as in torch)', () => {
    const w = new Parameter(tensor([1, 2]));
    const loss = w.mul(w).sum();
    loss.backward(undefined, { retainGraph: true });
    new SGD([w], { lr: 0.1 }).step();
    expect(() => loss.backward()).toThrow(MODIFIED);
  });
});

describe('backward runs through a graph once unless the first pass keeps it (retainGraph)', () => {
  it('a second backward() through the same graph raises, naming the option', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = x.mul(x).sum();
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 4]);
    expect(() => loss.backward()).toThrow(TWICE);
    expect(() => loss.backward()).toThrow(/retainGraph: true/);
    // The failed pass did not touch the gradient.
    expect(Array.from(x.grad!.data)).toEqual([2, 4]);
  });

  it('with { retainGraph: true } the second pass accumulates (2 × ∂L/∂x), and the third raises if the second released it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = x.mul(x).sum();
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 8]);
    expect(() => loss.backward()).toThrow(TWICE);
  });

  it('a second loss through a shared, released subgraph raises too (torch frees the shared nodes)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.tanh();
    h.sum().backward();
    expect(() => h.mul(2).sum().backward()).toThrow(/'tanh'/);
  });

  it('the functional transforms run several passes through one graph and still work', () => {
    const x = tensor([0.3, -0.7]);
    const f = (t: typeof x) => t.pow(3).sum();
    // f = Σ xᵢ³: ∇f = 3x², H = diag(6x); jacobian runs one pass per output, hessian = jacobian(grad).
    expect(Array.from((grad(f)(x) as typeof x).data)).toEqual([3 * 0.3 ** 2, 3 * 0.7 ** 2].map((v) => v));
    // (+ 0 turns the −0 of the off-diagonal products into 0 for the comparison.)
    const plain = (t: typeof x) => (t.toArray() as number[][]).map((r) => r.map((v) => v + 0));
    expect(plain(hessian(f)(x))).toEqual([[6 * 0.3, 0], [0, 6 * -0.7]]);
    expect(plain(jacobian((t) => t.mul(t))(x))).toEqual([[0.6, 0], [0, -1.4]]);
    expect(Array.from((hvp(f, x, tensor([1, 1])) as typeof x).data)).toEqual([6 * 0.3, 6 * -0.7]);
    expect(Array.from(jvp((t) => t.mul(t), x, tensor([1, 0]))[1].data, (v) => v + 0)).toEqual([0.6, 0]);
  });
});

describe('the functional transforms release their graphs when done', () => {
  // (hvp's outer pass does not reach every node of the inner forward graph; those are left to the garbage collector
  // and only cost a copy when x's .data is read later.)
  it('after grad and jacobian no graph holds x: a later write to x is not a modification of a live graph', () => {
    const x = tensor([0.3, -0.7]);
    const f = (t: typeof x) => t.pow(3).sum();
    grad(f)(x);
    jacobian((t) => t.mul(t))(x);
    const v = x.version;
    x.data[0] = 5;
    // A write is only tracked while a graph needs the value; none does, so the version stays.
    expect(x.version).toBe(v);
  });
});

describe('norm(): subgradient 0 at the origin, x/‖x‖ elsewhere', () => {
  it('∂‖x‖/∂x at x = 0 is 0 (PyTorch), not NaN', () => {
    const x = tensor([0, 0, 0], { requiresGrad: true });
    const n = x.norm();
    expect(n.item()).toBe(0);
    n.backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0, 0]);
  });

  it('∂‖x‖/∂x = x/‖x‖ at (3, 4), and the Hessian is (I − x̂x̂ᵀ)/‖x‖', () => {
    const x = tensor([3, 4], { requiresGrad: true });
    x.norm().backward();
    expect(Array.from(x.grad!.data)).toEqual([0.6, 0.8]);
    // (I − x̂x̂ᵀ)/5 with x̂ = (0.6, 0.8): [[0.64, −0.48], [−0.48, 0.36]]/5, to rounding of a few operations.
    const H = hessian((t) => t.norm())(tensor([3, 4])).toArray() as number[][];
    const expected = [[0.64 / 5, -0.48 / 5], [-0.48 / 5, 0.36 / 5]];
    H.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 14)));
  });
});
