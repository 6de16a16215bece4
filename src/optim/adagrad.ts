/**
 * Adagrad (Duchi, Hazan & Singer 2011): torch.optim.Adagrad.
 *
 * With γ = lr, η_d = lrDecay, λ = weightDecay, at step t = 1, 2, …:
 *   g ← ∇f(θ) (+ λθ)
 *   γ_t ← γ / (1 + (t − 1)·η_d)
 *   s ← s + g²                         (s starts at initialAccumulatorValue)
 *   θ ← θ − γ_t · g / (√s + ε)
 * The accumulated sum never decays, so the effective step shrinks like 1/√t
 * for a gradient of constant size.
 */
import { gradientOf, Optimizer, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkNonNegative } from './validate.js';

export interface AdagradOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Learning-rate decay η_d: γ_t = γ/(1 + (t − 1)η_d) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** ε added to √s in the denominator (default 1e-10). */
  eps: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

export const ADAGRAD_DEFAULTS: Readonly<AdagradOptions> = Object.freeze({
  lr: 1e-2,
  lrDecay: 0,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  eps: 1e-10,
  maximize: false,
});

export type AdagradState = {
  step: number;
  /** s: the running sum of squared gradients. */
  sum: Float64Array;
};

export function validateAdagradOptions(fn: string, o: AdagradOptions): void {
  checkNonNegative(fn, 'learning rate', 'lr', o.lr);
  checkNonNegative(fn, 'lr_decay value', 'lrDecay', o.lrDecay);
  checkNonNegative(fn, 'weight_decay value', 'weightDecay', o.weightDecay);
  checkNonNegative(fn, 'initial_accumulator_value value', 'initialAccumulatorValue', o.initialAccumulatorValue);
  checkNonNegative(fn, 'epsilon value', 'eps', o.eps);
  checkBoolean(fn, 'maximize', o.maximize);
}

/**
 * torch.optim.Adagrad: s ← s + g², θ ← θ − γ_t g/(√s + ε) with γ_t = γ/(1 + (t − 1)·lrDecay).
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 32 });
 * const model = new nn.MLP([1, 8, 1], { hidden: 'tanh', seed: 0 });
 * const opt = new optim.Adagrad(model.parameters(), { lr: 1e-2 });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(data.x), data.y).backward();
 *   opt.step();
 * }
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, options, ADAGRAD_DEFAULTS, validateAdagradOptions, {
      scalars: ['step'],
      buffers: ['sum'],
      optionalBuffers: [],
    });
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
      const sign = maximize ? -1 : 1; // ±g by an exact multiplication
      for (const p of group.params) {
        const grad = gradientOf('Adagrad.step', p);
        if (grad === null) continue;
        const x = p.data;
        const n = x.length;
        let s = this.state.get(p);
        if (s === undefined) {
          // torch fills the accumulator when the optimizer is built; a Parameter
          // is only touched once it has a gradient, so creating it here is equivalent.
          s = { step: 0, sum: new Float64Array(n).fill(initialAccumulatorValue) };
          this.state.set(p, s);
        }
        s.step += 1;
        const clr = lr / (1 + (s.step - 1) * lrDecay);
        const sum = s.sum;
        for (let i = 0; i < n; i++) {
          let d = sign * grad[i]!;
          if (weightDecay !== 0) d = d + weightDecay * x[i]!;
          const si = sum[i]! + d * d;
          sum[i] = si;
          x[i] = x[i]! - clr * (d / (Math.sqrt(si) + eps));
        }
      }
    }
  }
}
