import { describe, expect, it } from 'vitest';
import { gradcheck, gradgradcheck, noGrad, rnnCell, tensor, type Tensor } from '../../src/autograd/index.js';
import { Rng } from '../../src/tensor/index.js';

function rand(rng: Rng, shape: number[], scale = 1): Tensor {
  return tensor(rng.fillNormal(new Float64Array(shape.reduce((a, b) => a * b, 1)), 0, scale), { shape, requiresGrad: true });
}

describe('rnnCell: y = φ(x W_ihᵀ + h W_hhᵀ + b_ih + b_hh) as one op', () => {
  const rng = new Rng(11);
  const [B, I, H] = [3, 2, 4];
  const inputs = [rand(rng, [B, I]), rand(rng, [B, H]), rand(rng, [H, I], 0.7), rand(rng, [H, H], 0.7), rand(rng, [H], 0.3), rand(rng, [H], 0.3)];

  it('equals the composed Tensor ops to rounding, for tanh and relu', () => {
    for (const nl of ['tanh', 'relu'] as const) {
      const [x, h, wih, whh, bih, bhh] = inputs as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
      const fused = noGrad(() => rnnCell(x, h, wih, whh, bih, bhh, nl)).data;
      const z = noGrad(() => x.matmul(wih.T).add(h.matmul(whh.T)).add(bih).add(bhh));
      const composed = (nl === 'tanh' ? z.tanh() : z.relu()).data;
      // Same products, sums possibly reassociated: |Δz| ≤ a few ulps of Σ|terms| ≈ 1e-15, and |φ′| ≤ 1.
      composed.forEach((v, i) => expect(Math.abs(fused[i]! - v)).toBeLessThan(1e-14));
    }
  });

  it('keeps a NaN pre-activation NaN under relu, as torch.relu does (a diverged RNN must not look finite)', () => {
    const [x, h, wih, whh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const bad = tensor(new Float64Array(H).fill(0).map((_, i) => (i === 1 ? NaN : 0)), { shape: [H] });
    const y = noGrad(() => rnnCell(x, h, wih, whh, bad, null, 'relu')).data;
    for (let r = 0; r < B; r++) {
      expect(y[r * H + 1]).toBeNaN();
      for (const i of [0, 2, 3]) expect(Number.isFinite(y[r * H + i]!)).toBe(true);
    }
  });

  it('passes gradcheck and gradgradcheck in all six inputs (tanh)', () => {
    const f = (...xs: Tensor[]) => rnnCell(xs[0]!, xs[1]!, xs[2]!, xs[3]!, xs[4]!, xs[5]!, 'tanh');
    expect(gradcheck(f, inputs)).toBe(true);
    expect(gradgradcheck(f, inputs)).toBe(true);
  });

  it('passes gradcheck for relu away from the kink, and without biases', () => {
    const f = (...xs: Tensor[]) => rnnCell(xs[0]!, xs[1]!, xs[2]!, xs[3]!, null, null, 'relu');
    // Central differences with ε = 1e-6 straddle the kink only where |z| < 1e-6·Σ|∂z/∂xᵢ|; these draws keep |z| > 1e-3.
    const z = noGrad(() => inputs[0]!.matmul(inputs[2]!.T).add(inputs[1]!.matmul(inputs[3]!.T)));
    expect(Math.min(...z.data.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(gradcheck(f, inputs.slice(0, 4))).toBe(true);
  });

  it('names the shapes when they do not fit', () => {
    const [x, h, wih] = inputs as [Tensor, Tensor, Tensor];
    expect(() => rnnCell(x, h, wih, wih, null, null)).toThrow(/rnnCell: shapes x \[3, 2\], h \[3, 4\], W_ih \[4, 2\], W_hh \[4, 2\]/);
  });
});
