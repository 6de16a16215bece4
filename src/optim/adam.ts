/**
 * Adam (Kingma & Ba 2015), its AMSGrad variant (Reddi et al. 2018) and
 * AdamW (Loshchilov & Hutter 2019): torch.optim.Adam / torch.optim.AdamW.
 *
 * With γ = lr, (β₁, β₂) = betas, λ = weightDecay, at step t = 1, 2, …:
 *   g ← ∇f(θ)                  (−∇f(θ) if maximize)
 *   Adam:  g ← g + λθ          (L2 penalty folded into the gradient)
 *   AdamW: θ ← θ − γλθ         (decoupled decay, before the Adam step)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   AMSGrad: v_max ← max(v_max, v)   and v_max replaces v below
 *   θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * i.e. θ ← θ − γ·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ): ε sits
 * outside the square root of the bias-corrected v̂.
 *
 * AMSGrad: torch's documentation writes max(v̂_max, v̂), but its code keeps
 * the running maximum of the *uncorrected* v and divides that by
 * √(1 − β₂ᵗ) of the current step; the two differ because the correction
 * factor changes with t. The code is followed here (so are the tests).
 */
import type { Parameter } from '../autograd/index.js';
import { gradientOf, Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkNonNegative, checkUnitInterval } from './validate.js';

export interface AdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Decay rates (β₁, β₂) of the first and second moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to √v̂ in the denominator (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2). */
  weightDecay: number;
  /** Keep the running maximum of v (AMSGrad, default false). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

export const ADAM_DEFAULTS: Readonly<AdamOptions> = Object.freeze({
  lr: 1e-3,
  betas: [0.9, 0.999] as [number, number],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
});

export const ADAMW_DEFAULTS: Readonly<AdamOptions> = Object.freeze({ ...ADAM_DEFAULTS, weightDecay: 1e-2 });

export type AdamState = {
  step: number;
  /** m: running average of g. */
  expAvg: Float64Array;
  /** v: running average of g². */
  expAvgSq: Float64Array;
  /** v_max: running maximum of v (amsgrad only). */
  maxExpAvgSq?: Float64Array;
};

export function validateAdamOptions(fn: string, o: AdamOptions): void {
  checkNonNegative(fn, 'learning rate', 'lr', o.lr);
  checkNonNegative(fn, 'epsilon value', 'eps', o.eps);
  if (!Array.isArray(o.betas) || o.betas.length !== 2) {
    throw new Error(`${fn}: betas must be a pair [beta1, beta2] with each in [0, 1), got ${String(o.betas)}`);
  }
  checkUnitInterval(fn, 'beta parameter at index 0', 'betas[0]', o.betas[0]);
  checkUnitInterval(fn, 'beta parameter at index 1', 'betas[1]', o.betas[1]);
  checkNonNegative(fn, 'weight_decay value', 'weightDecay', o.weightDecay);
  checkBoolean(fn, 'amsgrad', o.amsgrad);
  checkBoolean(fn, 'maximize', o.maximize);
}

const EMPTY = new Float64Array(0);

function initialState(size: number): AdamState {
  return { step: 0, expAvg: new Float64Array(size), expAvgSq: new Float64Array(size) };
}

/** The Adam/AdamW step shared by both classes; `decoupled` selects AdamW's decay. */
function adamStep(
  fn: string,
  group: ParamGroup<AdamOptions>,
  stateOf: (p: Parameter, init: (size: number) => AdamState) => AdamState,
  decoupled: boolean,
): void {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const beta1 = group.betas[0];
  const beta2 = group.betas[1];
  const l2 = decoupled ? 0 : weightDecay;
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  for (const p of group.params) {
    const grad = gradientOf(fn, p);
    if (grad === null) continue;
    const x = p.data;
    const s = stateOf(p, initialState);
    s.step += 1;
    const t = s.step;
    const stepSize = lr / (1 - Math.pow(beta1, t));
    const biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    const m = s.expAvg;
    const v = s.expAvgSq;
    const vMax = amsgrad ? (s.maxExpAvgSq ??= new Float64Array(x.length)) : EMPTY;
    adamKernel(x, grad, m, v, vMax, maximize ? -1 : 1, l2, shrink, beta1, beta2, stepSize, biasCorrection2Sqrt, eps, amsgrad);
  }
}

/**
 * The per-element update, kept in a small standalone function so that the
 * JIT compiles one tight loop. `sign` = ±1 (maximize) and `shrink` = 1 − γλ
 * (AdamW) or 1 (Adam) are applied by multiplication, which is exact for
 * ±1 and 1, so Adam's results equal the branch-per-option form bit for bit.
 */
function adamKernel(
  x: Float64Array,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  vMax: Float64Array,
  sign: number,
  l2: number,
  shrink: number,
  beta1: number,
  beta2: number,
  stepSize: number,
  biasCorrection2Sqrt: number,
  eps: number,
  amsgrad: boolean,
): void {
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const n = x.length;
  if (l2 === 0 && !amsgrad) {
    // The common case (Adam and AdamW defaults) without per-element branches.
    for (let i = 0; i < n; i++) {
      const xi = x[i]! * shrink;
      const d = sign * grad[i]!;
      const mi = beta1 * m[i]! + oneMinusBeta1 * d;
      const vi = beta2 * v[i]! + oneMinusBeta2 * (d * d);
      m[i] = mi;
      v[i] = vi;
      x[i] = xi - stepSize * (mi / (Math.sqrt(vi) / biasCorrection2Sqrt + eps));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const xi = x[i]! * shrink;
    let d = sign * grad[i]!;
    if (l2 !== 0) d = d + l2 * xi;
    const mi = beta1 * m[i]! + oneMinusBeta1 * d;
    let vi = beta2 * v[i]! + oneMinusBeta2 * (d * d);
    m[i] = mi;
    v[i] = vi;
    if (amsgrad) {
      vi = Math.max(vMax[i]!, vi);
      vMax[i] = vi;
    }
    x[i] = xi - stepSize * (mi / (Math.sqrt(vi) / biasCorrection2Sqrt + eps));
  }
}

const ADAM_STATE_SPEC = { scalars: ['step'], buffers: ['expAvg', 'expAvgSq'], optionalBuffers: ['maxExpAvgSq'] };

/**
 * torch.optim.Adam: bias-corrected first and second moments, ε added to √v̂
 * (`amsgrad` keeps the running maximum of the uncorrected v, as torch's code does).
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 32 });
 * const model = new nn.MLP([1, 8, 1], { hidden: 'tanh', seed: 0 });
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(data.x), data.y).backward();
 *   opt.step();
 * }
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, options, ADAM_DEFAULTS, validateAdamOptions, ADAM_STATE_SPEC);
  }

  private readonly boundStateOf = (p: Parameter, init: (size: number) => AdamState): AdamState => this.stateOf(p, init);

  step(): void {
    for (const group of this.paramGroups) adamStep('Adam.step', group, this.boundStateOf, false);
  }
}

/**
 * Adam with decoupled weight decay θ ← θ(1 − γλ) applied before the Adam step (default λ = 1e-2).
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 32 });
 * const model = new nn.MLP([1, 8, 1], { hidden: 'tanh', seed: 0 });
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-2, weightDecay: 1e-2 });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(data.x), data.y).backward();
 *   opt.step();
 * }
 * ```
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, options, ADAMW_DEFAULTS, validateAdamOptions, ADAM_STATE_SPEC);
  }

  private readonly boundStateOf = (p: Parameter, init: (size: number) => AdamState): AdamState => this.stateOf(p, init);

  step(): void {
    for (const group of this.paramGroups) adamStep('AdamW.step', group, this.boundStateOf, true);
  }
}
