/**
 * RMSprop (Hinton, Coursera lecture 6e; centered variant after Graves 2013):
 * torch.optim.RMSprop.
 *
 * With γ = lr, α = alpha, λ = weightDecay, μ = momentum, at step t:
 *   g ← ∇f(θ) (+ λθ)
 *   v ← α·v + (1 − α)·g²
 *   centered:  ḡ ← α·ḡ + (1 − α)·g,   ṽ ← v − ḡ²   (a running variance)
 *   else       ṽ ← v
 *   μ > 0:     b ← μ·b + g/(√ṽ + ε),   θ ← θ − γ·b
 *   else       θ ← θ − γ·g/(√ṽ + ε)
 * v, ḡ and b start at 0 (so, unlike SGD, the momentum buffer starts at 0).
 * ε is added outside the square root, and no bias correction is applied.
 */
import { gradientOf, Optimizer, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkNonNegative } from './validate.js';

export interface RMSpropOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** ε added to √v in the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum μ of the preconditioned step (default 0). */
  momentum: number;
  /** Normalize by the running variance v − ḡ² instead of the raw second moment (default false). */
  centered: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

export const RMSPROP_DEFAULTS: Readonly<RMSpropOptions> = Object.freeze({
  lr: 1e-2,
  alpha: 0.99,
  eps: 1e-8,
  weightDecay: 0,
  momentum: 0,
  centered: false,
  maximize: false,
});

export type RMSpropState = {
  step: number;
  /** v: running average of g². */
  squareAvg: Float64Array;
  /** ḡ: running average of g (centered only). */
  gradAvg?: Float64Array;
  /** b: momentum buffer (momentum > 0 only). */
  momentumBuffer?: Float64Array;
};

const EMPTY = new Float64Array(0);

function initialState(size: number): RMSpropState {
  return { step: 0, squareAvg: new Float64Array(size) };
}

export function validateRMSpropOptions(fn: string, o: RMSpropOptions): void {
  checkNonNegative(fn, 'learning rate', 'lr', o.lr);
  checkNonNegative(fn, 'epsilon value', 'eps', o.eps);
  checkNonNegative(fn, 'momentum value', 'momentum', o.momentum);
  checkNonNegative(fn, 'weight_decay value', 'weightDecay', o.weightDecay);
  checkNonNegative(fn, 'alpha value', 'alpha', o.alpha);
  checkBoolean(fn, 'centered', o.centered);
  checkBoolean(fn, 'maximize', o.maximize);
}

/**
 * torch.optim.RMSprop: v ← αv + (1 − α)g², θ ← θ − γg/(√v + ε), optionally
 * centered and with momentum.
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 32 });
 * const model = new nn.MLP([1, 8, 1], { hidden: 'tanh', seed: 0 });
 * const opt = new optim.RMSprop(model.parameters(), { lr: 1e-2, alpha: 0.99 });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(data.x), data.y).backward();
 *   opt.step();
 * }
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, options, RMSPROP_DEFAULTS, validateRMSpropOptions, {
      scalars: ['step'],
      buffers: ['squareAvg'],
      optionalBuffers: ['gradAvg', 'momentumBuffer'],
    });
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
      const oneMinusAlpha = 1 - alpha;
      const sign = maximize ? -1 : 1; // ±g by an exact multiplication
      for (const p of group.params) {
        const grad = gradientOf('RMSprop.step', p);
        if (grad === null) continue;
        const x = p.data;
        const n = x.length;
        const s = this.stateOf(p, initialState);
        s.step += 1;
        const v = s.squareAvg;
        const gAvg = centered ? (s.gradAvg ??= new Float64Array(n)) : EMPTY;
        const b = momentum > 0 ? (s.momentumBuffer ??= new Float64Array(n)) : EMPTY;
        for (let i = 0; i < n; i++) {
          let d = sign * grad[i]!;
          if (weightDecay !== 0) d = d + weightDecay * x[i]!;
          const vi = alpha * v[i]! + oneMinusAlpha * (d * d);
          v[i] = vi;
          let avg: number;
          if (centered) {
            const gi = alpha * gAvg[i]! + oneMinusAlpha * d;
            gAvg[i] = gi;
            avg = Math.sqrt(vi - gi * gi) + eps;
          } else {
            avg = Math.sqrt(vi) + eps;
          }
          if (momentum > 0) {
            const bi = momentum * b[i]! + d / avg;
            b[i] = bi;
            x[i] = x[i]! - lr * bi;
          } else {
            x[i] = x[i]! - lr * (d / avg);
          }
        }
      }
    }
  }
}
