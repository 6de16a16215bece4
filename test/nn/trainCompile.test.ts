/**
 * nn.train with compiled steps (the default) against eager steps: the runs must agree bit for bit (losses, gradient
 * norms, history, final parameters), since a replay runs the eager step's kernels on the same arrays in order.
 */
import { describe, expect, it } from 'vitest';
import { gaussianBlobs, MLP, train, twoMoons, xor, type TrainOptions } from '../../src/nn/index.js';
import { Adam, SGD } from '../../src/optim/index.js';

type Setup = () => { model: MLP; data: ReturnType<typeof xor>; options: Omit<TrainOptions, 'optimizer'>; opt: 'sgd' | 'adam' };

const setups: [string, Setup][] = [
  ['XOR, full batch, BCE with logits, SGD, layer statistics every 7 steps', () => ({
    model: new MLP([2, 4, 1], { hidden: 'tanh', seed: 3 }), data: xor(), opt: 'sgd',
    options: { loss: 'bceWithLogits', steps: 300, recordEvery: 7 },
  })],
  ['two moons, mini-batches of 24 (a smaller last batch), MSE, Adam', () => ({
    model: new MLP([2, 8, 8, 1], { hidden: 'relu', seed: 5 }), data: twoMoons({ n: 100, seed: 1 }), opt: 'adam',
    options: { loss: 'mse', epochs: 6, batchSize: 24, seed: 2, recordEvery: 0 },
  })],
  ['Gaussian blobs, cross-entropy, SGD with momentum, no layer statistics', () => ({
    model: new MLP([2, 6, 3], { hidden: 'gelu', seed: 9 }), data: gaussianBlobs({ n: 60, centers: 3, seed: 4 }), opt: 'sgd',
    options: { loss: 'crossEntropy', steps: 1000, batchSize: 16, layerStats: false, recordEvery: 10 },
  })],
];

function run(setup: Setup, compile: boolean) {
  const { model, data, options, opt } = setup();
  const optimizer = opt === 'adam' ? new Adam(model.parameters(), { lr: 0.01 }) : new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const result = train(model, data, { ...options, optimizer, compile });
  return { result, params: model.parameters().map((p) => Array.from(p.data)) };
}

describe('train with compiled steps', () => {
  it('takes one step per call (as the explorer does) through the compiled step kept for the model, matching eager bit for bit', () => {
    const runSteps = (compile: boolean) => {
      const model = new MLP([2, 5, 1], { hidden: 'tanh', seed: 4 });
      const optimizer = new Adam(model.parameters(), { lr: 0.05 });
      const data = twoMoons({ n: 40, seed: 3 });
      const losses: number[] = [];
      for (let k = 0; k < 60; k++) {
        const res = train(model, data, { loss: 'mse', optimizer, steps: 1, batchSize: 16, seed: k, recordEvery: k % 10 === 0 ? 1 : 0, compile });
        losses.push(...res.losses);
      }
      return { losses, params: model.parameters().map((p) => Array.from(p.data)) };
    };
    expect(runSteps(true)).toEqual(runSteps(false));
  });

  it.each(setups)('matches eager training bit for bit: %s', (_name, setup) => {
    const eager = run(setup, false);
    const compiled = run(setup, true);
    expect(compiled.result.losses.length).toBeGreaterThan(10);
    expect(compiled.result).toEqual(eager.result);
    expect(compiled.params).toEqual(eager.params);
  });
});
