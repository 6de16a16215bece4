import { describe, expect, it } from 'vitest';
import { mseLoss, tensor, Tensor } from '../../src/autograd/index.js';
import { MLP, xor } from '../../src/nn/index.js';
import { createOptimizer } from '../../src/optim/index.js';
import { feedbackForward, feedbackPathways } from '../../src/neuro/index.js';

const x = tensor([[0.5, -1], [1, 0.3], [-0.7, 0.2]]);
const y = tensor([[1], [0], [-1]]);

/** The Parameters' .grad after loss.backward() through the given output. */
function grads(model: MLP, out: Tensor): number[][] {
  for (const p of model.parameters()) p.zeroGrad();
  mseLoss(out, y).backward();
  return model.parameters().map((p) => Array.from(p.grad!.data));
}

describe('feedback alignment on nn.MLP', () => {
  it('FA with B = W (the transport it avoids) gives backprop\'s gradients exactly; with random B it differs', () => {
    const model = new MLP([2, 5, 4, 1], { hidden: 'tanh', seed: 3 });
    const bp = grads(model, model.forward(x));
    const transported = { rule: 'feedbackAlignment' as const, matrices: model.layers.slice(1).map((l) => l.weight.detach()) };
    expect(grads(model, feedbackForward(model, x, transported))).toEqual(bp);
    const fa = grads(model, feedbackForward(model, x, feedbackPathways(model, 'feedbackAlignment', { seed: 1 })));
    // The last layer's update is the same (its δ is the output error); the first layer's is not.
    expect(fa[fa.length - 1]).toEqual(bp[bp.length - 1]);
    expect(fa[0]).not.toEqual(bp[0]);
  });

  it('DFA with one hidden layer and B₁ = W₂ is backprop; feedback drawn from any initializer (uniform here)', () => {
    const model = new MLP([2, 6, 1], { hidden: 'tanh', seed: 4 });
    const bp = grads(model, model.forward(x));
    const dfa = grads(model, feedbackForward(model, x, { rule: 'directFeedbackAlignment', matrices: [model.layers[1]!.weight.detach()] }));
    // δ₁ = φ′(z₁) ⊙ e·W₂ both ways; the same ops in the same order: equal to rounding (here exactly).
    dfa.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - bp[i]![j]!)).toBeLessThan(1e-15)));
    const uniform = feedbackPathways(model, 'directFeedbackAlignment', { init: { kind: 'uniform', a: -0.5, b: 0.5 }, seed: 2 });
    expect(uniform.matrices[0]!.shape).toEqual([1, 6]);
    expect(Array.from(uniform.matrices[0]!.data).every((v) => v >= -0.5 && v <= 0.5)).toBe(true);
  });

  it('trains XOR with fixed random feedback and a registry optimizer', () => {
    const data = xor();
    const model = new MLP([2, 16, 1], { hidden: 'tanh', seed: 0 });
    const pathways = feedbackPathways(model, 'feedbackAlignment', { seed: 7 });
    const opt = createOptimizer('momentum', model.parameters(), { lr: 0.05, momentum: 0.9 });
    const first = mseLoss(model.forward(data.x), data.y).item();
    for (let t = 0; t < 600; t++) {
      opt.zeroGrad();
      mseLoss(feedbackForward(model, data.x, pathways), data.y).backward();
      opt.step();
    }
    expect(mseLoss(model.forward(data.x), data.y).item()).toBeLessThan(0.1 * first);
  });

  it('checks the matrices\' shapes against the network', () => {
    const model = new MLP([2, 3, 1], { seed: 0 });
    expect(() => feedbackForward(model, x, { rule: 'feedbackAlignment', matrices: [tensor([[1, 2]])] })).toThrow(/feedback matrix 1 must have the shape of layer 2's weight \[1, 3\]/);
    expect(() => feedbackPathways(model, 'hebb' as never)).toThrow(/rule must be/);
  });
});
