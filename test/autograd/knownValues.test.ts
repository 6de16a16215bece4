import { describe, expect, it } from 'vitest';
import {
  AnomalyError, Parameter, Tensor, detectAnomaly, grad, hessian, hvp, jacobian, jvp, noGrad, randn, tensor, valueAndGrad, vjp, zeros, ones, eye, arange, linspace, full, rand,
} from '../../src/index.js';

/** Rosenbrock f(x) = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², written with slices. */
const rosenbrock = (x: Tensor): Tensor => {
  const n = x.shape[0]!;
  const a = x.slice([0, n - 1]);
  const b = x.slice([1, n]);
  return b.sub(a.square()).square().mul(100).add(a.neg().add(1).square()).sum();
};

function rosenbrockGrad(x: number[]): number[] {
  const g = x.map(() => 0);
  for (let i = 0; i < x.length - 1; i++) {
    g[i]! += -400 * x[i]! * (x[i + 1]! - x[i]! ** 2) - 2 * (1 - x[i]!);
    g[i + 1]! += 200 * (x[i + 1]! - x[i]! ** 2);
  }
  return g;
}

function rosenbrockHessian(x: number[]): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n - 1; i++) {
    H[i]![i]! += 1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2;
    H[i]![i + 1]! += -400 * x[i]!;
    H[i + 1]![i]! += -400 * x[i]!;
    H[i + 1]![i + 1]! += 200;
  }
  return H;
}

// Entries are polynomials of degree ≤ 4 in x of size ~1, evaluated in a few float64 operations:
// relative agreement to ~1e-13 is expected; 1e-12 leaves room for different summation orders.
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

describe('known values', () => {
  const x0 = [-1.2, 1, 0.7, 1.3, -0.4];

  it("Rosenbrock's analytic gradient and Hessian", () => {
    const x = tensor(x0);
    const g = grad(rosenbrock)(x) as Tensor;
    rosenbrockGrad(x0).forEach((v, i) => close(g.data[i]!, v));
    const H = hessian(rosenbrock)(x);
    expect(H.shape).toEqual([5, 5]);
    const Hr = rosenbrockHessian(x0);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) close(H.data[i * 5 + j]!, Hr[i]![j]!);
  });

  it('hvp(f, x, v) equals hessian(f)(x)·v, and keeps the structure of v', () => {
    const x = tensor(x0);
    const v = randn([5], { seed: 3 });
    const Hv = hvp(rosenbrock, x, v) as Tensor;
    const ref = hessian(rosenbrock)(x).matmul(v);
    Array.from(ref.data).forEach((r, i) => close(Hv.data[i]!, r));
    const both = hvp((a, b) => a.mul(b).sum().square(), [x, tensor(x0.map((t) => t * 2))], [v, v]);
    expect(Array.isArray(both) && both.length === 2).toBe(true);
  });

  it('hessian has shape [...x.shape, ...x.shape]', () => {
    const H = hessian((m) => m.square().sum().mul(m.sum()))(randn([2, 3], { seed: 1 }));
    expect(H.shape).toEqual([2, 3, 2, 3]);
  });

  it('jvp equals J·v and jacobian has shape [...out, ...x]', () => {
    const f = (x: Tensor) => x.matmul(tensor([[1, 2], [3, 4], [5, 6]])).tanh();
    const x = tensor([[0.1, -0.2, 0.3]]);
    const J = jacobian(f)(x);
    expect(J.shape).toEqual([1, 2, 1, 3]);
    const v = tensor([[1, 0.5, -1]]);
    const [out, Jv] = jvp(f, x, v);
    expect(out.shape).toEqual([1, 2]);
    const Jm = J.reshape(2, 3).matmul(v.reshape(3));
    Array.from(Jm.data).forEach((r, i) => close(Jv.data[i]!, r));
  });

  it('derivatives to any order: d³/dx³ sin x = −cos x, d⁴/dx⁴ = sin x', () => {
    const d = (f: (x: Tensor) => Tensor) => (x: Tensor) => grad(f)(x) as Tensor;
    const sin = (x: Tensor) => x.sin();
    const x = tensor(0.7);
    close(d(d(d(sin)))(x).item(), -Math.cos(0.7));
    close(d(d(d(d(sin))))(x).item(), Math.sin(0.7));
    // tanh'' = −2 tanh (1 − tanh²)
    const t = Math.tanh(0.3);
    close(d(d((y) => y.tanh()))(tensor(0.3)).item(), -2 * t * (1 - t * t));
  });

  it('grad with argnums, valueAndGrad and vjp', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect((grad(f, { argnums: 1 })(a, b) as Tensor).toArray()).toEqual([1, 2]);
    const [v, gs] = valueAndGrad(f, { argnums: [0, 1] })(a, b);
    expect(v.item()).toBe(11);
    expect((gs as Tensor[]).map((g) => g.toArray())).toEqual([[3, 4], [1, 2]]);
    const [out, back] = vjp((x) => x.mul(3), a);
    expect(out.toArray()).toEqual([3, 6]);
    expect(back(tensor([1, -1]))[0]!.toArray()).toEqual([3, -3]);
    expect(() => grad((x) => x.mul(2))(a)).toThrow(/must return a scalar/);
    expect(() => grad(f, { argnums: 2 })(a, b)).toThrow(/argnums 2 is out of range/);
  });

  it('a 100,000-op chain backpropagates (iterative graph walk)', () => {
    const x = tensor(0.5, { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1e-6).mul(1);
    y.backward();
    expect(x.grad!.item()).toBe(1);
    expect(y.item()).toBeCloseTo(0.6, 9);
  });
});

describe('graph semantics', () => {
  it('re-using a node twice sums both paths; leaves accumulate .grad across backward calls', () => {
    const x = tensor(3, { requiresGrad: true });
    const y = x.mul(x).add(x); // dy/dx = 2x + 1 = 7
    y.backward();
    expect(x.grad!.item()).toBe(7);
    x.mul(2).backward();
    expect(x.grad!.item()).toBe(9);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('Parameter is learning state; plain intermediates keep no .grad unless retained', () => {
    const w = new Parameter(tensor([1, 2]));
    expect(w.requiresGrad).toBe(true);
    const h = w.mul(3);
    h.retainGrad();
    const u = h.sum();
    u.backward();
    expect(w.grad!.toArray()).toEqual([3, 3]);
    expect(h.grad!.toArray()).toEqual([1, 1]);
    expect(() => w.requiresGrad_(false)).toThrow(/always requires grad/);
  });

  it('noGrad records nothing; detach cuts the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    const z = x.detach().mul(x);
    z.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 2]);
  });

  it('backward on a non-scalar without a seed says so; with a seed it works', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('backward: called on a tensor of shape [2] without a seed gradient');
    x.mul(2).backward(tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([2, 20]);
    expect(() => x.mul(2).backward(tensor([1]))).toThrow(/seed of shape \[1\] does not match/);
  });

  it('shape errors name the op and both shapes', () => {
    expect(() => tensor([[1, 2, 3]]).add(tensor([1, 2]))).toThrow('add: shapes [1, 3] and [2] cannot be broadcast');
    expect(() => tensor([[1, 2, 3]]).matmul(tensor([[1, 2]]))).toThrow('matmul: shapes [1, 3] and [1, 2] are not aligned');
  });

  it('anomaly mode names the first op producing NaN/Inf, in forward and in backward', () => {
    const x = tensor([-1, 2], { requiresGrad: true });
    expect(() => detectAnomaly(() => x.mul(2).log().exp())).toThrow(/anomaly: forward of 'log'/);
    const y = tensor([0, 4], { requiresGrad: true });
    // sqrt(0) is fine forward, but its derivative 1/(2√0) is infinite.
    expect(() => detectAnomaly(() => y.sqrt().sum().backward())).toThrow(AnomalyError);
    expect(() => detectAnomaly(() => y.sqrt().sum().backward())).toThrow(/backward of 'sqrt'/);
    // Outside anomaly mode the NaN simply propagates.
    expect(Number.isNaN(x.log().data[0]!)).toBe(true);
  });
});

describe('creation', () => {
  it('shapes, values and seeding', () => {
    expect(zeros(2, 3).shape).toEqual([2, 3]);
    expect(ones([2]).toArray()).toEqual([1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(randn([3], { seed: 9 }).toArray()).toEqual(randn([3], { seed: 9 }).toArray());
    expect(rand(2, 2, { seed: 1 }).toArray()).not.toEqual(rand(2, 2, { seed: 2 }).toArray());
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(tensor(5).item()).toBe(5);
    expect(() => tensor([1, 2]).item()).toThrow(/exactly one element/);
  });

  it('data is the live buffer of a contiguous tensor, and a row-major copy of a strided one', () => {
    const t = tensor([[1, 2], [3, 4]]);
    t.data[0] = 10;
    expect(t.toArray()).toEqual([[10, 2], [3, 4]]);
    expect(Array.from(t.T.data)).toEqual([10, 3, 2, 4]);
  });
});
