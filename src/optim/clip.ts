/**
 * Gradient clipping with torch.nn.utils.clip_grad_norm_'s semantics: the total norm is taken over all
 * gradients together, ‖(g₁, …, g_P)‖_p (p = 2 by default; p = ∞ gives max |gᵢ|), and every gradient is
 * multiplied by clip_coef = max_norm / (total_norm + 1e-6) when that is below 1 (torch clamps the
 * coefficient at 1.0 and always multiplies, which is the same). Parameters without a gradient are skipped.
 * Returns the total norm before clipping. Pascanu et al. (2013) introduced norm clipping for exploding
 * gradients through time: the direction of the step is kept, its length bounded.
 */
import { noGrad, type Parameter } from '../autograd/index.js';

export interface ClipGradNormOptions {
  /** p of the norm: a number > 0 or Infinity (default 2). */
  normType?: number;
  /** Throw when the total norm is NaN or ±∞ (torch's error_if_nonfinite; default false). */
  errorIfNonfinite?: boolean;
}

export function clipGradNorm(parameters: readonly Parameter[], maxNorm: number, { normType = 2, errorIfNonfinite = false }: ClipGradNormOptions = {}): number {
  if (!(maxNorm >= 0)) throw new Error(`clipGradNorm: maxNorm must be a number ≥ 0, got ${maxNorm}`);
  if (!(normType > 0)) throw new Error(`clipGradNorm: normType must be > 0 or Infinity, got ${normType}`);
  const grads = parameters.filter((p) => p.grad !== null);
  if (grads.length === 0) return 0;
  let total = 0;
  if (normType === Infinity) {
    for (const p of grads) {
      for (const v of p.grad!.data) {
        const a = Math.abs(v);
        if (a !== a) total = NaN; // NaN propagates through the max, as torch's
        else if (a > total) total = a;
      }
    }
  } else {
    // torch: the p-norm of the per-tensor p-norms, which is the p-norm of all entries.
    let s = 0;
    for (const p of grads) for (const v of p.grad!.data) s += normType === 2 ? v * v : Math.abs(v) ** normType;
    total = normType === 2 ? Math.sqrt(s) : s ** (1 / normType);
  }
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(`clipGradNorm: the total norm of order ${normType} of the gradients is ${total}; set errorIfNonfinite false to clip anyway`);
  }
  const coef = maxNorm / (total + 1e-6);
  // torch multiplies by clamp(coef, max = 1): a no-op at 1, and a NaN total makes every gradient NaN.
  if (!(coef >= 1)) for (const p of grads) p.grad = noGrad(() => p.grad!.mul(coef));
  return total;
}
