import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/autograd/index.js';

const x = tensor([
  [1, -2, 3],
  [4, 5, -6],
]);

describe('reductions take PyTorch-style options beside NumPy-style positions', () => {
  it('sum/mean/max/min/prod/logsumexp({ dim, keepdim }) equal their positional forms', () => {
    for (const op of ['sum', 'mean', 'max', 'min', 'prod', 'logsumexp'] as const) {
      for (const dim of [0, 1, -1, [0, 1]] as const) {
        for (const keepdim of [false, true]) {
          const a = x[op]({ dim, keepdim });
          const b = x[op](dim, keepdim);
          expect(a.shape, `${op} dim ${JSON.stringify(dim)}`).toEqual(b.shape);
          expect(Array.from(a.data)).toEqual(Array.from(b.data));
        }
      }
    }
    expect(x.sum({ dim: 0 }).toArray()).toEqual([5, 3, -3]);
    expect(x.sum({ axis: 1, keepdims: true }).shape).toEqual([2, 1]);
  });

  it('var/std take correction in the options; argmax/argmin/softmax take one dim', () => {
    expect(Array.from(x.var({ dim: 1, correction: 0 }).data)).toEqual(Array.from(x.var(1, false, 0).data));
    expect(Array.from(x.std({ dim: 0, keepdim: true }).data)).toEqual(Array.from(x.std(0, true).data));
    expect(x.argmax({ dim: 0 }).toArray()).toEqual([1, 1, 0]);
    expect(x.argmin({ dim: 1, keepdim: true }).shape).toEqual([2, 1]);
    expect(Array.from(x.softmax({ dim: 0 }).data)).toEqual(Array.from(x.softmax(0).data));
  });

  it('gradients flow through the options form as through the positional one', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    w.mul(w).sum({ dim: 1 }).sum().backward();
    expect(Array.from(w.grad!.data)).toEqual([2, 4, 6, 8]);
  });

  it('says what to write instead of failing inside (no "axis.map is not a function")', () => {
    expect(() => x.sum({ dims: 0 } as never)).toThrow(/sum: unknown option 'dims' \(write sum\(\{ dim: 0, keepdim: true \}\)\)/);
    expect(() => x.mean('0' as never)).toThrow(/mean: the first argument must be an axis .* or PyTorch-style options \{ dim, keepdim \}/);
    expect(() => x.sum({ dim: 0, axis: 0 })).toThrow(/sum: give dim or axis, not both/);
    expect(() => x.argmax({ dim: [0, 1] })).toThrow(/argmax: dim must be a single integer/);
  });
});
