import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/autograd/index.js';
import { creditInTime, explodingSteps, geometricRate, spectralNorm } from '../../src/dynamics/index.js';
import { init, RateRNN, RNN } from '../../src/nn/index.js';
import { Rng } from '../../src/tensor/index.js';

function inputs(seed: number, T: number, B: number, I: number, scale: number) {
  return tensor(new Rng(seed).fillNormal(new Float64Array(T * B * I), 0, scale), { shape: [T, B, I] });
}

describe('credit in time (Pascanu et al. 2013)', () => {
  it('at h ≡ 0 with W_hh = s·Q (Q orthogonal), ‖∂L/∂h_k‖ = s^{T−k} exactly: vanishing for s < 1, exploding for s > 1', () => {
    for (const s of [0.8, 1.25]) {
      const rnn = new RNN(1, 6, { seed: 1 });
      init.orthogonal(rnn.weightHh, { gain: s, seed: 2 });
      rnn.biasIh!.data.fill(0);
      rnn.biasHh!.data.fill(0);
      // Zero input and zero bias keep h = 0, where tanh′ = 1: every J_t = W, and ‖c Wᴸ‖ = sᴸ‖c‖ = sᴸ.
      const r = creditInTime(rnn, tensor(new Float64Array(12 * 2), { shape: [12, 2, 1] }), { seed: 3 });
      r.gradNorms.forEach((g, lag) => expect(g).toBeCloseTo(s ** lag, 12));
      // ‖W‖₂ = ρ(W) = s for s·Q: the bound is attained.
      expect(r.weightNorm).toBeCloseTo(s, 12);
      expect(r.spectralRadius).toBeCloseTo(s, 12);
      expect(r.growthRate).toBeCloseTo(s, 10);
    }
  });

  it('BPTT cotangents equal the explicit Jacobian products, and sit under ‖J_T⋯J_{k+1}‖₂ and the (‖W‖·max|φ′|)^{T−k} bound', () => {
    for (const [gain, model] of [
      [0.5, new RNN(2, 8, { seed: 4 })],
      [2.5, new RNN(2, 8, { seed: 5 })],
      [1.5, new RateRNN(2, 8, { seed: 6, tau: 4, gain: 1.5 })],
    ] as const) {
      if (model instanceof RNN) init.normal(model.weightHh, { std: gain / Math.sqrt(8), seed: 7 });
      const r = creditInTime(model, inputs(8, 15, 3, 2, 0.5), { seed: 1 });
      // Both sides are sums of the same products in another order: relative error ~ T·n·εₘ ≈ 1e-13.
      expect(r.maxMismatch).toBeLessThan(1e-10);
      for (let l = 0; l < r.lags.length; l++) {
        // ‖gT·P‖ ≤ ‖gT‖‖P‖₂ ≤ ‖gT‖ Π‖J‖ ≤ bound: exact inequalities; 1e-12 relative covers rounding of the norms.
        expect(r.gradNorms[l]!).toBeLessThanOrEqual(r.productNorms[l]! * (1 + 1e-12));
        expect(r.productNorms[l]!).toBeLessThanOrEqual(r.bound![l]! * (1 + 1e-12));
      }
    }
  });

  it('spectralNorm is √λ_max(AᵀA); geometricRate recovers an exact geometric sequence', () => {
    expect(spectralNorm(Float64Array.from([3, 0, 0, -4]), 2)).toBeCloseTo(4, 14);
    expect(spectralNorm(Float64Array.from([1, 1, 0, 1]), 2)).toBeCloseTo((1 + Math.sqrt(5)) / 2, 14);
    expect(geometricRate([0, 1, 2, 3], [2, 1, 0.5, 0.25])).toBeCloseTo(0.5, 14);
  });

  it('explodingSteps flags non-finite norms and spikes above factor × the recent median', () => {
    const norms = [1, 1.1, 0.9, 1, 1.05, 1, 50, 1, NaN, 1];
    expect(explodingSteps(norms, { factor: 10, window: 5 })).toEqual([6, 8]);
  });
});

describe('creditInTime checkpoint', () => {
  // T = 10 steps, B = 3 sequences, n = 6 units: the checkpoint runs per lag and sequence, twice for each of the T
  // lags with a Jacobian product and once more for lag 0's comparison, i.e. B·(2T + 1) = 63 times; then per row of
  // WᵀW and reflector (n + n − 2) for ‖W‖₂, and per reflector and QR sweep (≥ n − 2 + 1) for ρ(W).
  const model = new RNN(2, 6, { seed: 9 });
  const x = inputs(10, 10, 3, 2, 0.5);
  it('is called per lag and sequence and in the final norms, and changes no computed bit', () => {
    let calls = 0;
    const checked = creditInTime(model, x, { seed: 2, checkpoint: () => void calls++ });
    expect(calls).toBeGreaterThan(3 * (2 * 10 + 1) + 6 + 2 * (6 - 2));
    expect(checked).toEqual(creditInTime(model, x, { seed: 2 }));
  });
  it('stops inside the loop over lags when it throws', () => {
    let calls = 0;
    const stopAt = 3 * 5; // half-way through the lags
    expect(() => creditInTime(model, x, { seed: 2, checkpoint: () => { if (++calls === stopAt) throw new Error('cancelled'); } })).toThrow('cancelled');
    expect(calls).toBe(stopAt);
  });
});
