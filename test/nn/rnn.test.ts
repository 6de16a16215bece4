import { describe, expect, it } from 'vitest';
import { gradcheck, gradgradcheck, mseLoss, noGrad, tensor, type Tensor } from '../../src/autograd/index.js';
import { functionalCall, GRU, Linear, RateRNN, RNN, Sequential } from '../../src/nn/index.js';
import { Rng } from '../../src/tensor/index.js';

const sig = (v: number) => 1 / (1 + Math.exp(-v));

function randomInput(rng: Rng, shape: number[]): Tensor {
  return tensor(rng.fillNormal(new Float64Array(shape.reduce((a, b) => a * b, 1))), { shape });
}

/** row·Mᵀ for an [R, C] row-major M: one output per row of M. */
function affine(M: Float64Array, rows: number, cols: number, v: ArrayLike<number>, off = 0): number[] {
  return Array.from({ length: rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[i * cols + j]! * v[off + j]!;
    return s;
  });
}

describe('RNN (torch.nn.RNN semantics)', () => {
  it('unrolls h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), checked step by step by hand', () => {
    const [I, H, T, B] = [2, 3, 4, 2];
    const rnn = new RNN(I, H, { seed: 1 });
    const x = randomInput(new Rng(5), [T, B, I]);
    const { output, hN } = noGrad(() => rnn.run(x));
    expect(output.shape).toEqual([T, B, H]);
    const [Wih, Whh, bih, bhh] = [rnn.weightIh.data, rnn.weightHh.data, rnn.biasIh!.data, rnn.biasHh!.data];
    for (let b = 0; b < B; b++) {
      let h = [0, 0, 0];
      for (let t = 0; t < T; t++) {
        const a = affine(Wih, H, I, x.data, (t * B + b) * I);
        const r = affine(Whh, H, H, h);
        h = a.map((ai, i) => Math.tanh(ai + bih[i]! + r[i]! + bhh[i]!));
        // Same sums in another order: a few ulps of values ≤ 1.
        for (let i = 0; i < H; i++) expect(output.data[(t * B + b) * H + i]).toBeCloseTo(h[i]!, 14);
      }
      for (let i = 0; i < H; i++) expect(hN.data[b * H + i]).toBeCloseTo(h[i]!, 14);
    }
  });

  it('draws every parameter from U(−1/√H, 1/√H), as torch does', () => {
    const rnn = new RNN(5, 100, { seed: 2 });
    const k = 1 / Math.sqrt(100);
    for (const p of rnn.parameters()) {
      const d = p.data;
      expect(Math.max(...d)).toBeLessThanOrEqual(k);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(-k);
      // 10⁴ draws of U(−k, k): the max is within k·(1 − 10⁻³) with probability 1 − e^{−5} for the weight matrix.
      if (p.size >= 10000) expect(Math.max(...d)).toBeGreaterThan(k * 0.999);
    }
    expect(rnn.namedParameters().map(([n]) => n)).toEqual(['weightIh', 'weightHh', 'biasIh', 'biasHh']);
  });

  it('batchFirst takes [B, T, I] and gives the same states as the [T, B, I] layout', () => {
    const a = new RNN(2, 3, { seed: 4 });
    const b = new RNN(2, 3, { seed: 4, batchFirst: true });
    const x = randomInput(new Rng(1), [5, 2, 2]);
    const ya = noGrad(() => a.forward(x));
    const yb = noGrad(() => b.forward(x.swapAxes(0, 1).contiguous()));
    expect(Array.from(yb.swapAxes(0, 1).contiguous().data)).toEqual(Array.from(ya.data));
  });

  it('BPTT through the unrolled graph matches central differences (gradcheck and gradgradcheck on all parameters)', () => {
    const rnn = new RNN(2, 3, { seed: 3 });
    const x = randomInput(new Rng(2), [4, 2, 2]);
    const y = randomInput(new Rng(3), [4, 2, 3]);
    const f = (...ps: Tensor[]) => mseLoss(functionalCall(rnn, ps, x), y);
    const ps = rnn.parameters().map((p) => tensor(Float64Array.from(p.data), { shape: p.shape, requiresGrad: true }));
    expect(gradcheck(f, ps)).toBe(true);
    expect(gradgradcheck(f, ps)).toBe(true);
  });

  it('truncated BPTT cuts the gradient: with truncate = 2, the loss at the last step has no gradient w.r.t. h₀', () => {
    const rnn = new RNN(1, 3, { seed: 3, truncate: 2 });
    const x = randomInput(new Rng(2), [5, 1, 1]);
    const h0 = tensor([[0.1, -0.2, 0.3]], { requiresGrad: true });
    rnn.run(x, h0).hN.sum().backward();
    // h₀ → h₁ → h₂ | cut | h₃ → h₄ | cut | h₅: no path from h₀ to h₅.
    expect(h0.grad).toBeNull();
    const full = new RNN(1, 3, { seed: 3 });
    const h0b = tensor([[0.1, -0.2, 0.3]], { requiresGrad: true });
    full.run(x, h0b).hN.sum().backward();
    expect(Math.max(...h0b.grad!.data.map(Math.abs))).toBeGreaterThan(0);
  });

  it('relu nonlinearity and no bias follow the same equation', () => {
    const rnn = new RNN(1, 2, { seed: 0, nonlinearity: 'relu', bias: false });
    expect(rnn.parameters()).toHaveLength(2);
    const x = tensor([[[1]], [[-1]]]);
    const out = noGrad(() => rnn.forward(x));
    const W = rnn.weightIh.data;
    const h1 = [Math.max(0, W[0]!), Math.max(0, W[1]!)];
    expect(out.data[0]).toBeCloseTo(h1[0]!, 15);
    expect(out.data[1]).toBeCloseTo(h1[1]!, 15);
  });
});

describe('GRU (torch.nn.GRU semantics, gate order r, z, n)', () => {
  it('computes r, z, n and h′ = (1 − z)n + zh by hand, with b_hn inside r ⊙ (·)', () => {
    const [I, H, T, B] = [2, 3, 3, 2];
    const gru = new GRU(I, H, { seed: 6 });
    const x = randomInput(new Rng(7), [T, B, I]);
    const out = noGrad(() => gru.forward(x));
    const [Wih, Whh, bih, bhh] = [gru.weightIh.data, gru.weightHh.data, gru.biasIh!.data, gru.biasHh!.data];
    for (let b = 0; b < B; b++) {
      let h = [0, 0, 0];
      for (let t = 0; t < T; t++) {
        const gi = affine(Wih, 3 * H, I, x.data, (t * B + b) * I).map((v, k) => v + bih[k]!);
        const gh = affine(Whh, 3 * H, H, h).map((v, k) => v + bhh[k]!);
        h = h.map((hi, i) => {
          const r = sig(gi[i]! + gh[i]!);
          const z = sig(gi[H + i]! + gh[H + i]!);
          const n = Math.tanh(gi[2 * H + i]! + r * gh[2 * H + i]!);
          return (1 - z) * n + z * hi;
        });
        for (let i = 0; i < H; i++) expect(out.data[(t * B + b) * H + i]).toBeCloseTo(h[i]!, 14);
      }
    }
    expect(gru.weightIh.shape).toEqual([9, 2]);
  });

  it('BPTT gradients of the GRU match central differences', () => {
    const gru = new GRU(2, 2, { seed: 1 });
    const x = randomInput(new Rng(9), [3, 2, 2]);
    const f = (...ps: Tensor[]) => functionalCall(gru, ps, x).square().sum();
    const ps = gru.parameters().map((p) => tensor(Float64Array.from(p.data), { shape: p.shape, requiresGrad: true }));
    expect(gradcheck(f, ps)).toBe(true);
  });
});

describe('RateRNN (τ dh/dt = −h + W φ(h) + B u + b, Euler)', () => {
  it('takes Euler steps h ← h + (Δt/τ)(−h + W tanh(h) + B u + b), and velocity() is the vector field', () => {
    const net = new RateRNN(1, 2, { seed: 2, tau: 5, dt: 0.5 });
    net.bias.data.set([0.1, -0.3]);
    const u = [[[0.7]], [[-0.4]]];
    const out = noGrad(() => net.forward(tensor(u)));
    const [W, Bm, b] = [net.weightHh.data, net.weightIh.data, net.bias.data];
    let h = [0, 0];
    for (let t = 0; t < 2; t++) {
      const ut = u[t]![0]![0]!;
      const th = h.map(Math.tanh);
      const f = h.map((hi, i) => -hi + W[i * 2]! * th[0]! + W[i * 2 + 1]! * th[1]! + Bm[i]! * ut + b[i]!);
      const v = noGrad(() => net.velocity(tensor([[ut]]), tensor([h]))).data;
      for (let i = 0; i < 2; i++) expect(v[i]).toBeCloseTo(f[i]! / 5, 15);
      h = h.map((hi, i) => hi + 0.1 * f[i]!);
      for (let i = 0; i < 2; i++) expect(out.data[t * 2 + i]).toBeCloseTo(h[i]!, 15);
    }
  });

  it('draws W ~ N(0, g²/H): the sample variance of 256² entries is g²/H within 4 standard errors', () => {
    const H = 256;
    const g = 1.5;
    const W = new RateRNN(1, H, { seed: 3, gain: g }).weightHh.data;
    let s = 0;
    for (const w of W) s += w * w;
    const v = s / W.length;
    // Var of the mean of n squared normals: 2σ⁴/n, so the standard error is σ²·√(2/n).
    const sigma2 = (g * g) / H;
    expect(Math.abs(v - sigma2)).toBeLessThan(4 * sigma2 * Math.sqrt(2 / W.length));
    expect(() => new RateRNN(1, 2, { tau: 1, dt: 2 })).toThrow(/0 < Δt ≤ τ/);
  });

  it('trains with a readout through nn.Sequential: the loss on a fixed sequence falls', () => {
    const model = new Sequential(new RateRNN(1, 8, { seed: 1, batchFirst: true, tau: 2 }), new Linear(8, 1, { seed: 2 }));
    const x = randomInput(new Rng(4), [4, 6, 1]);
    const y = x.mul(0.5);
    const params = model.parameters();
    const loss0 = noGrad(() => mseLoss(model.forward(x), y)).item();
    for (let k = 0; k < 30; k++) {
      model.zeroGrad();
      mseLoss(model.forward(x), y).backward();
      for (const p of params) p.data.set(p.data.map((v, i) => v - 0.2 * p.grad!.data[i]!));
    }
    expect(noGrad(() => mseLoss(model.forward(x), y)).item()).toBeLessThan(0.7 * loss0);
  });
});
