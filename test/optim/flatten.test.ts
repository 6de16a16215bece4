import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/autograd/index.js';
import { Adam, flattenGrads, flattenParams, paramCount, ParamVector, SGD, unflattenInto, unflattenTensor } from '../../src/optim/index.js';
import { grad, type Tensor } from '../../src/autograd/index.js';
import { param, setGrad } from './helpers.js';

function makeParams() {
  return [param([1, 2, 3, 4, 5, 6], [2, 3]), param([7]), param([8, 9])];
}

describe('flatten helpers', () => {
  it('paramCount, flattenParams (a copy) and unflattenInto', () => {
    const ps = makeParams();
    expect(paramCount(ps)).toBe(9);
    const v = flattenParams(ps);
    expect(Array.from(v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    v[0] = 100;
    expect(ps[0]!.data[0]).toBe(1); // a copy
    unflattenInto(ps, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(ps.map((p) => p.toArray())).toEqual([[[9, 8, 7], [6, 5, 4]], [3], [2, 1]]);
    expect(() => unflattenInto(ps, [1, 2])).toThrow('unflattenInto: vec has length 2, expected the parameter count 9');
  });

  it('flattenGrads: null grads become zeros; writes into out when given', () => {
    const ps = makeParams();
    setGrad(ps[0]!, [1, 1, 1, 1, 1, 1]);
    setGrad(ps[2]!, [2, 3]);
    const out = new Float64Array(9).fill(NaN);
    expect(flattenGrads(ps, out)).toBe(out);
    expect(Array.from(out)).toEqual([1, 1, 1, 1, 1, 1, 0, 2, 3]);
    expect(() => flattenGrads(ps, new Float64Array(3))).toThrow('flattenGrads: out has length 3');
  });

  it('ParamVector: Parameters become views — writes go through both ways, shapes are kept', () => {
    const ps = makeParams();
    const vec = new ParamVector(ps);
    expect(vec.size).toBe(9);
    expect(vec.offsets).toEqual([0, 6, 7, 9]);
    expect(Array.from(vec.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ps[0]!.shape).toEqual([2, 3]);
    vec.data[7] = -8; // vector → Parameter
    expect(ps[2]!.toArray()).toEqual([-8, 9]);
    ps[0]!.data[5] = 60; // Parameter → vector
    expect(vec.data[5]).toBe(60);
    vec.set([0, 0, 0, 0, 0, 0, 1, 2, 3]);
    expect(ps[1]!.item()).toBe(1);
    expect(Array.from(vec.view(2))).toEqual([2, 3]);
    expect(vec.isBound()).toBe(true);
  });

  it('ParamVector: an optimizer step on the Parameters moves the vector, and autograd still reads the live values', () => {
    const ps = makeParams();
    const vec = new ParamVector(ps);
    const opt = new SGD(ps, { lr: 0.5 });
    ps.forEach((p) => setGrad(p, Array.from(p.data, () => 2)));
    opt.step();
    expect(Array.from(vec.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // A forward pass uses the views: d/dθ Σ θ² = 2θ.
    opt.zeroGrad();
    const loss = ps[2]!.square().sum();
    loss.backward();
    expect(ps[2]!.grad!.toArray()).toEqual([14, 16]);
    expect(Array.from(vec.grads())).toEqual([0, 0, 0, 0, 0, 0, 0, 14, 16]);
    // Adam also updates through the views; its first step moves each coordinate by lr·sign(g) (up to ε/|g| ≈ 1e-9).
    const adam = new Adam(ps, { lr: 0.1 });
    adam.step();
    expect(Math.abs(vec.data[7]! - (7 - 0.1))).toBeLessThan(1e-9);
    expect(vec.data[0]).toBe(0); // null grad: untouched
  });

  it('ParamVector: isBound turns false when a Parameter gets a new value; bad input is rejected', () => {
    const ps = makeParams();
    const vec = new ParamVector(ps);
    ps[1]!.value = tensor([5]).value;
    expect(vec.isBound()).toBe(false);
    expect(() => new ParamVector([])).toThrow('ParamVector: params must be a non-empty array');
    const p = param([1]);
    expect(() => new ParamVector([p, p])).toThrow('appears more than once');
    expect(() => vec.view(3)).toThrow('ParamVector.view: index must be an integer in [0, 2], got 3');
  });
});

describe('unflattenTensor', () => {
  it('cuts a flat θ into differentiable views of the given shapes, in order', () => {
    const theta = tensor([1, 2, 3, 4, 5, 6, 7]);
    const [W, b] = unflattenTensor(theta, [[2, 3], [1]]);
    expect(W!.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(b!.toArray()).toEqual([7]);
    // The gradient of Σ W² + 3b w.r.t. θ flows back through the views: 2θ on W's entries, 3 on b's.
    const g = grad((t: Tensor) => {
      const [w, c] = unflattenTensor(t, [[2, 3], [1]]);
      return w!.square().sum().add(c!.mul(3).sum());
    })(theta) as Tensor;
    expect(Array.from(g.data)).toEqual([2, 4, 6, 8, 10, 12, 3]);
    expect(() => unflattenTensor(theta, [[2, 2]])).toThrow('unflattenTensor: theta has 7 entries but the shapes need 4');
  });
});
