import { describe, expect, it } from 'vitest';
import { jacobian, matmul, Parameter, tensor, Tensor } from '../../src/autograd/index.js';
import {
  Adagrad,
  Adam,
  AdamW,
  closedLoopMap,
  RMSprop,
  SGD,
  updateMap,
  type UpdateKind,
  type UpdateMap,
} from '../../src/optim/index.js';
import { NDArray, Rng } from '../../src/tensor/index.js';

const N = 7;

/** A smooth nonlinear gradient field, so that successive gradients differ. */
function gradAt(theta: ArrayLike<number>, k: number): Float64Array {
  return Float64Array.from(Array.from(theta), (x, i) => Math.sin(2 * x + i) + 0.3 * x + 0.05 * k);
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-300));
  return worst;
}

type StepperFactory = (p: Parameter) => { step(): void; state: Map<Parameter, Record<string, unknown>> };

const cases: Array<[string, UpdateMap, StepperFactory]> = [
  ['gd + weight decay', updateMap('gd', { lr: 0.1, weightDecay: 0.01 }), (p) => new SGD([p], { lr: 0.1, weightDecay: 0.01 })],
  [
    'momentum + dampening',
    updateMap('momentum', { lr: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 }),
    (p) => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 }),
  ],
  ['nesterov', updateMap('nesterov', { lr: 0.1, momentum: 0.8 }), (p) => new SGD([p], { lr: 0.1, momentum: 0.8, nesterov: true })],
  ['rmsprop', updateMap('rmsprop', { lr: 0.01 }), (p) => new RMSprop([p], { lr: 0.01 })],
  [
    'rmsprop centered + momentum',
    updateMap('rmsprop', { centered: true, momentum: 0.5, weightDecay: 0.1 }),
    (p) => new RMSprop([p], { centered: true, momentum: 0.5, weightDecay: 0.1 }),
  ],
  ['adam', updateMap('adam', { lr: 0.01 }), (p) => new Adam([p], { lr: 0.01 })],
  [
    'adam amsgrad + L2',
    updateMap('adam', { lr: 0.01, amsgrad: true, weightDecay: 0.1, betas: [0.8, 0.9] }),
    (p) => new Adam([p], { lr: 0.01, amsgrad: true, weightDecay: 0.1, betas: [0.8, 0.9] }),
  ],
  ['adamw', updateMap('adamw', { lr: 0.01 }), (p) => new AdamW([p], { lr: 0.01 })],
  [
    'adagrad',
    updateMap('adagrad', { lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.2 }),
    (p) => new Adagrad([p], { lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.2 }),
  ],
];

describe('updateMap', () => {
  for (const [name, map, make] of cases) {
    it(`${name}: each map step equals one optimizer step() (θ and state, 8 steps)`, () => {
      const rng = new Rng(3);
      const x0 = rng.fillNormal(new Float64Array(N));
      const p = new Parameter(new NDArray(Float64Array.from(x0), [N]));
      const opt = make(p);
      let theta = tensor(Float64Array.from(x0), { shape: [N] });
      let state = map.init(theta);
      expect(state.size).toBe(map.stateSize(N));
      for (let t = 1; t <= 8; t++) {
        const g = gradAt(p.data, t);
        p.grad = new Tensor(new NDArray(g, [N]));
        opt.step();
        [theta, state] = map.step(theta, state, tensor(gradAt(theta.data, t), { shape: [N] }), t);
        // Same float64 operations in the same order: agreement to the last bit is expected; 1e-15 is the contract.
        expect(relErr(theta.data, p.data)).toBeLessThanOrEqual(1e-15);
        const s = opt.state.get(p)!;
        map.blocks.forEach((blockName, k) => {
          const buffer = s[blockName] as Float64Array;
          expect(relErr(state.data.subarray(k * N, (k + 1) * N), buffer)).toBeLessThanOrEqual(1e-15);
        });
      }
      expect(relErr(theta.data, x0)).toBeGreaterThan(1e-4); // it moved
    });
  }

  // L(θ) = ½θᵀAθ, ∇L = Aθ, Hessian A.
  const A = [
    [2, 0.5, 0],
    [0.5, 1, -0.3],
    [0, -0.3, 0.5],
  ];
  const gradient = (theta: Tensor): Tensor => matmul(tensor(A), theta);
  const theta0 = [1, -2, 0.5];

  it('gd: the closed-loop Jacobian is I − ηA', () => {
    const F = closedLoopMap(updateMap('gd', { lr: 0.1 }), 3, gradient);
    const J = jacobian((z) => F(z, 1))(tensor(theta0)).toArray() as number[][];
    // Each entry is 1 − 0.1·a or −0.1·a, exact up to one rounding each.
    J.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - ((i === j ? 1 : 0) - 0.1 * A[i]![j]!))).toBeLessThan(1e-15)));
  });

  it('heavy ball (t > 1): b′ = μb + Aθ, θ′ = θ − ηb′, so the Jacobian is [[I − ηA, −ημI], [A, μI]]', () => {
    const mu = 0.9;
    const eta = 0.1;
    const F = closedLoopMap(updateMap('momentum', { lr: eta, momentum: mu }), 3, gradient);
    const J = jacobian((z) => F(z, 2))(tensor([...theta0, 0.1, 0.2, 0.3])).toArray() as number[][];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const id = i === j ? 1 : 0;
        expect(J[i]![j]!).toBeCloseTo(id - eta * A[i]![j]!, 14); // ∂θ′/∂θ
        expect(J[i]![3 + j]!).toBeCloseTo(-eta * mu * id, 14); // ∂θ′/∂b
        expect(J[3 + i]![j]!).toBeCloseTo(A[i]![j]!, 14); // ∂b′/∂θ
        expect(J[3 + i]![3 + j]!).toBeCloseTo(mu * id, 14); // ∂b′/∂b
      }
    }
  });

  const z0 = tensor([...theta0, 0.4, 0.9, 0.1]);

  it('rmsprop frozen: ∂θ′/∂θ = I − η·P·A with P = diag(1/(√v′ + ε)), and ∂θ′/∂v = 0', () => {
    const eta = 0.01;
    const map = updateMap('rmsprop', { lr: eta, eps: 1e-3, frozenPreconditioner: true });
    const J = jacobian((z) => closedLoopMap(map, 3, gradient)(z, 5))(z0).toArray() as number[][];
    const g = A.map((row) => row.reduce((acc, a, j) => acc + a * theta0[j]!, 0));
    const vNew = [0.4, 0.9, 0.1].map((v, i) => 0.99 * v + 0.01 * g[i]! ** 2);
    for (let i = 0; i < 3; i++) {
      const P = 1 / (Math.sqrt(vNew[i]!) + 1e-3);
      for (let j = 0; j < 3; j++) {
        // A few roundings of quantities of size ≤ 1: 1e-14 absolute.
        expect(Math.abs(J[i]![j]! - ((i === j ? 1 : 0) - eta * P * A[i]![j]!))).toBeLessThan(1e-14);
        expect(J[i]![3 + j]).toBe(0);
      }
    }
  });

  it('adam frozen: ∂θ′/∂θ = I − η(1 − β₁)/(1 − β₁ᵗ)·P·A with P = diag(1/(√v̂ + ε))', () => {
    const eta = 0.01;
    const t = 3;
    const map = updateMap('adam', { lr: eta, frozenPreconditioner: true });
    const z = tensor([...theta0, 0.1, -0.2, 0.3, 0.4, 0.9, 0.1]);
    const J = jacobian((zz) => closedLoopMap(map, 3, gradient)(zz, t))(z).toArray() as number[][];
    const g = A.map((row) => row.reduce((acc, a, j) => acc + a * theta0[j]!, 0));
    const vHat = [0.4, 0.9, 0.1].map((v, i) => (0.999 * v + 0.001 * g[i]! ** 2) / (1 - 0.999 ** t));
    const scale = (eta * 0.1) / (1 - 0.9 ** t);
    for (let i = 0; i < 3; i++) {
      const P = 1 / (Math.sqrt(vHat[i]!) + 1e-8);
      for (let j = 0; j < 3; j++) expect(Math.abs(J[i]![j]! - ((i === j ? 1 : 0) - scale * P * A[i]![j]!))).toBeLessThan(1e-14);
      for (let j = 0; j < 3; j++) expect(J[i]![6 + j]).toBe(0); // ∂θ′/∂v
    }
  });

  for (const kind of ['rmsprop', 'adam', 'adagrad'] as const) {
    it(`${kind} differentiated: the Jacobian of the full map matches central differences, and differs from frozen`, () => {
      const map = updateMap(kind, { lr: 0.05 });
      const n = 3;
      const F = closedLoopMap(map, n, gradient);
      const size = n + map.stateSize(n);
      const z = Float64Array.from({ length: size }, (_, i) => (i < n ? theta0[i]! : 0.2 + 0.1 * i));
      const J = jacobian((zz) => F(zz, 4))(tensor(z)).toArray() as number[][];
      // Central differences: truncation O(h²·F‴) ≈ 1e-10, rounding O(ε/h) ≈ 1e-10 with h = 1e-6.
      const h = 1e-6;
      for (let j = 0; j < size; j++) {
        const plus = Float64Array.from(z);
        const minus = Float64Array.from(z);
        plus[j]! += h;
        minus[j]! -= h;
        const fp = F(tensor(plus), 4).data;
        const fm = F(tensor(minus), 4).data;
        for (let i = 0; i < size; i++) expect(Math.abs(J[i]![j]! - (fp[i]! - fm[i]!) / (2 * h))).toBeLessThan(1e-7);
      }
      const frozen = updateMap(kind, { lr: 0.05, frozenPreconditioner: true });
      const Jf = jacobian((zz) => closedLoopMap(frozen, n, gradient)(zz, 4))(tensor(z)).toArray() as number[][];
      const diff = Math.max(...J.flatMap((row, i) => row.map((v, j) => Math.abs(v - Jf[i]![j]!))));
      expect(diff).toBeGreaterThan(1e-6);
    });
  }

  it('rejects bad kinds, options and shapes', () => {
    expect(() => updateMap('lbfgs' as UpdateKind)).toThrow("updateMap: unknown kind 'lbfgs'");
    expect(() => updateMap('momentum', { lr: 0.1 })).toThrow("updateMap('momentum'): options.momentum is required and must be > 0");
    expect(() => updateMap('gd', { momentum: 0.9 } as never)).toThrow("updateMap('gd'): unknown option 'momentum'");
    expect(() => updateMap('adam', { betas: [0.9, 1] })).toThrow('Invalid beta parameter at index 1: 1');
    const map = updateMap('adam');
    const th = tensor([1, 2]);
    expect(() => map.step(th, tensor([0, 0, 0]), th, 1)).toThrow("updateMap('adam').step: state must be a 1-d Tensor of length 2·n = 4");
    expect(() => map.step(th, map.init(th), th, 0)).toThrow('t must be the step count, an integer ≥ 1, got 0');
    expect(() => map.step(th, map.init(th), tensor([1]), 1)).toThrow('g must be a 1-d Tensor of length 2');
  });
});
