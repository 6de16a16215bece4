import { describe, expect, it } from 'vitest';
import { Parameter, tensor } from '../../src/autograd/index.js';
import { clipGradNorm } from '../../src/optim/index.js';

function withGrad(values: number[], grad: number[] | null): Parameter {
  const p = new Parameter(tensor(values));
  if (grad) p.grad = tensor(grad);
  return p;
}

describe('clipGradNorm (torch.nn.utils.clip_grad_norm_)', () => {
  it('returns the total 2-norm over all gradients and scales them by max_norm/(total + 1e-6) when that is < 1', () => {
    const a = withGrad([0, 0], [3, 0]);
    const b = withGrad([0], [4]);
    const total = clipGradNorm([a, b, withGrad([1], null)], 1);
    expect(total).toBe(5);
    const c = 1 / (5 + 1e-6);
    expect(Array.from(a.grad!.data)).toEqual([3 * c, 0]);
    expect(Array.from(b.grad!.data)).toEqual([4 * c]);
  });

  it('leaves the gradients untouched (same values) when the total norm is within max_norm', () => {
    const a = withGrad([0, 0], [0.3, -0.4]);
    expect(clipGradNorm([a], 1)).toBeCloseTo(0.5, 15);
    expect(Array.from(a.grad!.data)).toEqual([0.3, -0.4]);
  });

  it('norm type ∞ uses the largest |g|; other p use (Σ|g|^p)^{1/p}', () => {
    const a = withGrad([0, 0], [3, -4]);
    expect(clipGradNorm([a], 2, { normType: Infinity })).toBe(4);
    expect(Array.from(a.grad!.data)).toEqual([3 * (2 / (4 + 1e-6)), -4 * (2 / (4 + 1e-6))]);
    const b = withGrad([0, 0], [3, -4]);
    expect(clipGradNorm([b], 100, { normType: 1 })).toBe(7);
  });

  it('a non-finite total throws with errorIfNonfinite, and otherwise makes the gradients NaN as torch does', () => {
    expect(() => clipGradNorm([withGrad([0], [NaN])], 1, { errorIfNonfinite: true })).toThrow(/total norm of order 2 of the gradients is NaN/);
    const a = withGrad([0, 0], [NaN, 1]);
    expect(Number.isNaN(clipGradNorm([a], 1))).toBe(true);
    expect(Number.isNaN(a.grad!.data[1])).toBe(true);
    expect(clipGradNorm([withGrad([0], null)], 1)).toBe(0);
  });
});
