/**
 * The Elman recurrent step as one op (torch.nn.RNNCell):
 *
 *   y = φ(z),  z = x W_ihᵀ + h W_hhᵀ + b_ih + b_hh,  φ = tanh or relu.
 *
 * Composed from Tensor ops the step records 6–8 nodes; for small layers (H ≲ 32) their fixed cost exceeds
 * the arithmetic (measured in BENCHMARKS.md, `rnn-step`), so the forward runs two matrix kernels and one
 * fused loop and records a single node. VJP, with g_z = g ⊙ φ′ (tanh′ = 1 − y², relu′ = 1[y > 0]):
 *   ∂x = g_z W_ih,  ∂h = g_z W_hh,  ∂W_ih = g_zᵀ x,  ∂W_hh = g_zᵀ h,  ∂b_ih = ∂b_hh = Σ_batch g_z,
 * written in Tensor ops (so it differentiates again); without a recorded backward (first order) g_z is one loop.
 */
import { NDArray, allocFloat64, formatShape, matmulKernel, reluScalar } from '../../tensor/index.js';
import { isGradEnabled } from '../graph.js';
import { record } from '../record.js';
import { Tensor } from '../tensor.js';
import { evaluate } from '../trace.js';

export type CellNonlinearity = 'tanh' | 'relu';

/** x [B, I], h [B, H], wih [H, I], whh [H, H], biases [H] or null → y [B, H]. */
export function rnnCell(x: Tensor, h: Tensor, wih: Tensor, whh: Tensor, bih: Tensor | null, bhh: Tensor | null, nonlinearity: CellNonlinearity = 'tanh'): Tensor {
  const [B, I] = x.shape as [number, number];
  const H = whh.shape[0]!;
  if (x.ndim !== 2 || h.ndim !== 2 || h.shape[0] !== B || h.shape[1] !== H || wih.shape[0] !== H || wih.shape[1] !== I || whh.shape[1] !== H) {
    throw new Error(`rnnCell: shapes x ${formatShape(x.shape)}, h ${formatShape(h.shape)}, W_ih ${formatShape(wih.shape)}, W_hh ${formatShape(whh.shape)} do not fit x [B, I], h [B, H], W_ih [H, I], W_hh [H, H]`);
  }
  for (const b of [bih, bhh]) if (b && (b.ndim !== 1 || b.shape[0] !== H)) throw new Error(`rnnCell: a bias must have shape [${H}], got ${formatShape(b.shape)}`);
  const tanh = nonlinearity === 'tanh';
  const parents = [x, h, wih, whh, ...(bih ? [bih] : []), ...(bhh ? [bhh] : [])];
  // An anonymous thunk (not `const forward = …`): under tsx's keepNames a named one costs a defineProperty per step.
  return record('rnnCell', () => cellForward(x.value, h.value, wih.value, whh.value, bih?.value, bhh?.value, B, H, tanh), parents, (g, y) => {
    const gz = isGradEnabled() ? cellTensorGrad(g, y, tanh) : cellFusedGrad(g, y, tanh);
    const sumB = bih?.requiresGrad || bhh?.requiresGrad ? gz.sum(0) : null;
    return [
      x.requiresGrad ? gz.matmul(wih) : null,
      h.requiresGrad ? gz.matmul(whh) : null,
      wih.requiresGrad ? gz.T.matmul(x) : null,
      whh.requiresGrad ? gz.T.matmul(h) : null,
      ...(bih ? [bih.requiresGrad ? sumB : null] : []),
      ...(bhh ? [bhh.requiresGrad ? sumB : null] : []),
    ];
  });
}

/** y = φ(x·W_ihᵀ + h·W_hhᵀ + b_ih + b_hh), φ = tanh or relu. */
function cellForward(x: NDArray, h: NDArray, wih: NDArray, whh: NDArray, bih: NDArray | undefined, bhh: NDArray | undefined, B: number, H: number, tanh: boolean): NDArray {
  const zx = matmulKernel(x, wih.swapAxes(0, 1));
  const zh = matmulKernel(h, whh.swapAxes(0, 1));
  const out = allocFloat64(B * H);
  const a = zx.data;
  const c = zh.data;
  const b1 = bih?.values();
  const b2 = bhh?.values();
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < H; i++) {
      const k = r * H + i;
      const z = a[zx.offset + k]! + c[zh.offset + k]! + (b1 ? b1[i]! : 0) + (b2 ? b2[i]! : 0);
      out[k] = tanh ? Math.tanh(z) : reluScalar(z); // relu(NaN) = NaN, as torch.relu
    }
  }
  return new NDArray(out, [B, H]);
}

/** g ⊙ φ′ in Tensor ops (recorded, so the VJP can be differentiated). */
function cellTensorGrad(g: Tensor, y: Tensor, tanh: boolean): Tensor {
  return tanh ? g.mul(y.square().neg().add(1)) : g.mul(y.gt(0));
}

/** g ⊙ φ′ in one loop (first-order backward). */
function cellFusedGrad(g: Tensor, y: Tensor, tanh: boolean): Tensor {
  return new Tensor(evaluate(() => {
    const gv = g.value.values();
    const yv = y.value.values();
    const r = allocFloat64(yv.length);
    for (let i = 0; i < r.length; i++) {
      const v = yv[i]!;
      r[i] = gv[i]! * (tanh ? 1 - v * v : v > 0 ? 1 : 0);
    }
    return new NDArray(r, y.shape);
  }));
}
