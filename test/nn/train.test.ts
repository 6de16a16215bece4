import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/autograd/index.js';
import { gaussianBlobs, init, MLP, regression1d, train, twoMoons, xor, type TrainResult } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/index.js';

function run(seed: number, lr = 0.1): TrainResult {
  const data = twoMoons({ n: 64, noise: 0.1, seed: 0 });
  const model = new MLP([2, 8, 1], { hidden: 'tanh', seed: 1 });
  return train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr }), steps: 60, batchSize: 16, seed, recordEvery: 7 });
}

function bitsEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('train', () => {
  it('reproduces a run bit for bit from the same seed', () => {
    const a = run(3);
    const b = run(3);
    expect(a.status).toBe('completed');
    expect(bitsEqual(a.losses, b.losses)).toBe(true);
    expect(bitsEqual(a.gradNorms, b.gradNorms)).toBe(true);
    expect(JSON.stringify(a.history)).toBe(JSON.stringify(b.history));
    expect(Object.is(a.finalLoss, b.finalLoss)).toBe(true);
    // A different shuffle gives a different trajectory.
    expect(bitsEqual(a.losses, run(4).losses)).toBe(false);
  });

  it('records on every recordEvery-th step and the last one, with per-layer statistics', () => {
    const r = run(0);
    expect(r.losses.length).toBe(60);
    expect(r.history.map((h) => h.step)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 59]);
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1, 3, 5, 7, 8, 10, 12, 14, 14]); // 4 steps per epoch
    const h = r.history[3]!;
    expect(h.loss).toBe(r.losses[21]);
    expect(h.layers!.map((l) => l.activation)).toEqual(['tanh', 'identity']);
    expect(h.layers![0]!.saturatedFraction).toBeGreaterThanOrEqual(0);
    expect(h.layers![1]!.saturatedFraction).toBeNull();
    expect(Number.isFinite(h.layers![0]!.gradStd)).toBe(true);
  });

  it('plain SGD moves θ by exactly lr·‖∇L‖: updateRatio·‖θ‖ = lr·gradNorm', () => {
    const r = run(1, 0.25);
    for (const h of r.history) {
      // Δθ = −lr·g computed as θ − lr·g in float64, then ‖Δθ‖ recomputed from the difference: relative error ~1e-15·‖θ‖/‖Δθ‖.
      expect(h.updateRatio * h.paramNorm).toBeCloseTo(0.25 * h.gradNorm, 10);
    }
  });

  it('counts epochs: steps = epochs·⌈n/batchSize⌉', () => {
    const data = gaussianBlobs({ n: 30, centers: 3, seed: 0 });
    const model = new MLP([2, 5, 3], { hidden: 'relu', seed: 0 });
    const r = train(model, data, { loss: 'crossEntropy', optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 3, batchSize: 8, recordEvery: 0 });
    expect(r.losses.length).toBe(12);
    expect(r.step).toBe(12);
    expect(r.history).toEqual([]);
  });

  it('stops a diverging run (huge lr) with a diagnosis, never NaN in silence', () => {
    const data = regression1d({ curve: { kind: 'sin' }, n: 32, seed: 0 });
    const model = new MLP([1, 16, 1], { hidden: 'relu', seed: 2 });
    const r = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 50 }), steps: 500 });
    expect(['diverged', 'nonfinite']).toContain(r.status);
    expect(r.step).toBeLessThan(500);
    expect(r.reason).toMatch(/(loss|gradient norm|parameter norm) (reached|became) .* step \d+/);
    // Every recorded number before the stop is finite; only the diagnosed final value may not be.
    expect(r.losses.slice(0, -1).every(Number.isFinite)).toBe(true);
    expect(r.history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.gradNorm))).toBe(true);
  });

  it('reports a threshold crossing as diverged, naming quantity, value and step', () => {
    const data = xor();
    const model = new MLP([2, 2, 1], { seed: 0, init: { kind: 'constant', value: 10 } });
    const r = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 5, divergenceThreshold: 10 });
    expect(r.status).toBe('diverged');
    expect(r.reason).toMatch(/^The (loss|gradient norm) reached [\d.e+]+ at step 0, past the divergence threshold 10\.00/);
  });

  it('diagnoses a non-finite loss', () => {
    const data = { x: tensor([[0, NaN]]), y: tensor([[1]]) };
    const model = new MLP([2, 2, 1], { seed: 0 });
    const r = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 3 });
    expect(r.status).toBe('nonfinite');
    expect(r.reason).toBe('The loss became NaN at step 0 (after 0 updates).');
    expect(r.step).toBe(0);
  });

  it('stops early on a loss threshold or a callback', () => {
    const data = xor();
    const mk = (): MLP => new MLP([2, 4, 1], { seed: 1 });
    const m1 = mk();
    const a = train(m1, data, { loss: 'bceWithLogits', optimizer: new SGD(m1.parameters(), { lr: 1 }), steps: 5000, stopOn: { lossBelow: 0.1 }, recordEvery: 0 });
    expect(a.status).toBe('stopped');
    expect(a.losses[a.losses.length - 1]).toBeLessThan(0.1);
    expect(a.losses[a.losses.length - 2]).toBeGreaterThanOrEqual(0.1);
    const m2 = mk();
    const b = train(m2, data, { loss: 'bceWithLogits', optimizer: new SGD(m2.parameters(), { lr: 1 }), steps: 100, callbacks: (i) => (i.step === 9 ? 'stop' : undefined), recordEvery: 0 });
    expect(b.status).toBe('stopped');
    expect(b.step).toBe(10);
    expect(b.reason).toMatch(/callback stopped the run at step 9/);
  });

  it('measures saturated tanh units and dead ReLUs', () => {
    const data = xor({ signed: true });
    const sat = new MLP([2, 3, 1], { hidden: 'tanh', init: { kind: 'constant', value: 5 } });
    const r1 = train(sat, data, { loss: 'mse', optimizer: new SGD(sat.parameters(), { lr: 0 }), steps: 1 });
    // z = 5x₁ + 5x₂ + 5 ∈ {−5, 5, 5, 15}: |tanh z| ≥ tanh 5 ≈ 0.99991 > 0.99 everywhere.
    expect(r1.history[0]!.layers![0]!.saturatedFraction).toBe(1);
    const dead = new MLP([2, 4, 1], { hidden: 'relu', seed: 3 });
    init.constant(dead.layers[0]!.weight, 0.1);
    dead.layers[0]!.bias!.data.set([-10, -10, 1, 1]); // units 0 and 1: z ≤ 0.2 − 10 < 0 on every input
    const r2 = train(dead, data, { loss: 'mse', optimizer: new SGD(dead.parameters(), { lr: 0 }), steps: 1 });
    expect(r2.history[0]!.layers![0]!.deadFraction).toBe(0.5);
  });

  it('rejects inconsistent options', () => {
    const model = new MLP([2, 2, 1], { seed: 0 });
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    expect(() => train(model, xor(), { loss: 'mse', optimizer: opt })).toThrow(/give exactly one of steps or epochs/);
    expect(() => train(model, xor(), { loss: 'mse', optimizer: opt, steps: 1, batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => train(model, { x: tensor([[1, 2]]), y: tensor([[1], [2]]) }, { loss: 'mse', optimizer: opt, steps: 1 })).toThrow(/same non-zero number of rows/);
  });
});
