/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov
 * momentum, L2 weight decay and maximization: torch.optim.SGD.
 *
 * With γ = lr, λ = weightDecay, μ = momentum, τ = dampening, at step t:
 *   g ← ∇f(θ)            (−∇f(θ) if maximize)
 *   g ← g + λθ           (if λ ≠ 0)
 *   if μ ≠ 0:
 *     b ← g                      on the first step (no dampening)
 *     b ← μ·b + (1 − τ)·g        afterwards
 *     g ← g + μ·b   (nesterov)   or   g ← b
 *   θ ← θ − γ·g
 *
 * This is torch's "heavy ball" convention, where the velocity b is measured
 * in gradient units and lr multiplies it at the update; Sutskever et al.'s
 * v ← μv − γg, θ ← θ + v differs whenever lr changes over time (see
 * docs/optimizers.md). torch ≥ 2.2 gives lr the default 1e-3, which is
 * followed here.
 */
import { gradientOf, Optimizer, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkFinite, checkNonNegative } from './validate.js';

export interface SGDOptions {
  /** Learning rate γ (default 1e-3, torch ≥ 2.2). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening τ of the gradient entering the momentum buffer (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum: step along g + μ·b instead of b (default false). */
  nesterov: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

export const SGD_DEFAULTS: Readonly<SGDOptions> = Object.freeze({
  lr: 1e-3,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
});

export type SGDState = {
  /** The velocity b (present when momentum ≠ 0, from the first step on). */
  momentumBuffer?: Float64Array;
};

/** SGD's state starts empty; the momentum buffer appears on the first momentum step. */
function emptyState(): SGDState {
  return {};
}

export function validateSGDOptions(fn: string, o: SGDOptions): void {
  checkNonNegative(fn, 'learning rate', 'lr', o.lr);
  checkNonNegative(fn, 'momentum value', 'momentum', o.momentum);
  checkFinite(fn, 'dampening', o.dampening);
  checkNonNegative(fn, 'weight_decay value', 'weightDecay', o.weightDecay);
  checkBoolean(fn, 'nesterov', o.nesterov);
  checkBoolean(fn, 'maximize', o.maximize);
  if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
    throw new Error(
      `${fn}: Nesterov momentum requires a momentum and zero dampening (got momentum ${o.momentum}, dampening ${o.dampening})`,
    );
  }
}

/**
 * torch.optim.SGD: plain, heavy-ball (`momentum`) or Nesterov steps, with torch's
 * first-step and dampening conventions (docs/optimizers.md).
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 32 });
 * const model = new nn.MLP([1, 8, 1], { hidden: 'tanh', seed: 0 });
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(data.x), data.y).backward();
 *   opt.step();
 * }
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, options, SGD_DEFAULTS, validateSGDOptions, {
      scalars: [],
      buffers: [],
      optionalBuffers: ['momentumBuffer'],
    });
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
      const keep = 1 - dampening;
      const sign = maximize ? -1 : 1; // ±g by an exact multiplication
      for (const p of group.params) {
        const grad = gradientOf('SGD.step', p);
        if (grad === null) continue;
        const x = p.data;
        const n = x.length;
        if (momentum === 0) {
          for (let i = 0; i < n; i++) {
            let d = sign * grad[i]!;
            if (weightDecay !== 0) d = d + weightDecay * x[i]!;
            x[i] = x[i]! - lr * d;
          }
          continue;
        }
        const s = this.stateOf(p, emptyState);
        const first = s.momentumBuffer === undefined;
        const b = (s.momentumBuffer ??= new Float64Array(n));
        for (let i = 0; i < n; i++) {
          let d = sign * grad[i]!;
          if (weightDecay !== 0) d = d + weightDecay * x[i]!;
          const bi = first ? d : momentum * b[i]! + keep * d;
          b[i] = bi;
          d = nesterov ? d + momentum * bi : bi;
          x[i] = x[i]! - lr * d;
        }
      }
    }
  }
}
