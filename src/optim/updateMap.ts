/**
 * Optimizers as maps. One optimizer step is a map
 *   (θ, s) ↦ (θ', s') = U_t(θ, s, g),   g = ∇L(θ),
 * on the parameters θ ∈ ℝⁿ and the optimizer state s ∈ ℝᵏⁿ (k blocks of
 * size n: momentum, moment estimates, …). Training is the iteration of
 * z ↦ F_t(z) = U_t(z, ∇L(θ)) on z = (θ, s), and its local stability is
 * governed by the Jacobian ∂F/∂z. Each map here is written with
 * differentiable Tensor ops in exactly the arithmetic order of the
 * matching optimizer class, so one map step reproduces one `step()` to the
 * last bit, and `jacobian` can differentiate through it.
 *
 * Preconditioned methods (RMSprop, Adam, AdamW, Adagrad) divide by √v. Two
 * linearizations are useful:
 *  - differentiated (default): v is part of the state and ∂/∂v of the
 *    division is kept, as is ∂v'/∂g; this is the true Jacobian of the map.
 *  - frozen (`frozenPreconditioner: true`): v' enters the division as a
 *    constant. Then, for RMSprop without momentum, ∂θ'/∂θ = I − η·P·H with
 *    P = diag(1/(√v + ε)) and H = ∂g/∂θ the Hessian; for Adam it is
 *    I − η·(1 − β₁)/(1 − β₁ᵗ)·P·H with P = diag(1/(√v̂ + ε)) (only m
 *    carries g into θ' within one step). The state update itself is the
 *    same in both modes; only the derivative differs.
 *
 * Conventions are torch's (see the optimizer classes): SGD's momentum
 * buffer is set to g on step t = 1, Adam's bias correction uses t, and
 * AMSGrad keeps the max of the uncorrected v.
 */
import { concat, maximum, Tensor, zeros, full } from '../autograd/index.js';
import { ADAGRAD_DEFAULTS, validateAdagradOptions, type AdagradOptions } from './adagrad.js';
import { ADAM_DEFAULTS, ADAMW_DEFAULTS, validateAdamOptions, type AdamOptions } from './adam.js';
import { RMSPROP_DEFAULTS, validateRMSpropOptions, type RMSpropOptions } from './rmsprop.js';
import { SGD_DEFAULTS, validateSGDOptions, type SGDOptions } from './sgd.js';
import { checkBoolean, checkKnownKeys, checkPositiveInteger } from '../tensor/validate.js';

export type UpdateKind = 'gd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad';

interface Frozen {
  /** Treat the preconditioner 1/(√v + ε) as a constant when differentiating (default false). */
  frozenPreconditioner?: boolean;
}

export interface UpdateMapOptionsByKind {
  gd: Partial<Pick<SGDOptions, 'lr' | 'weightDecay' | 'maximize'>>;
  /** Heavy ball, torch convention (b ← μb + (1 − τ)g, θ ← θ − ηb); momentum is required. */
  momentum: Partial<Pick<SGDOptions, 'lr' | 'momentum' | 'dampening' | 'weightDecay' | 'maximize'>>;
  /** torch's Nesterov (θ ← θ − η(g + μb)); momentum is required. */
  nesterov: Partial<Pick<SGDOptions, 'lr' | 'momentum' | 'weightDecay' | 'maximize'>>;
  rmsprop: Partial<RMSpropOptions> & Frozen;
  adam: Partial<AdamOptions> & Frozen;
  adamw: Partial<AdamOptions> & Frozen;
  adagrad: Partial<AdagradOptions> & Frozen;
}

export interface UpdateMap {
  readonly kind: UpdateKind;
  /** The resolved options (torch defaults filled in). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Names of the state blocks, each of size n, in the order they are stored in the flat state. */
  readonly blocks: readonly string[];
  /** Length of the flat state for n parameters (blocks.length · n). */
  stateSize(n: number): number;
  /** The state before the first step (zeros; Adagrad's accumulator starts at initialAccumulatorValue). */
  init(theta: Tensor): Tensor;
  /** One step at step count t = 1, 2, …: (θ, s, g) ↦ [θ', s']. */
  step(theta: Tensor, state: Tensor, g: Tensor, t: number): [Tensor, Tensor];
}

const KNOWN: Record<UpdateKind, readonly string[]> = {
  gd: ['lr', 'weightDecay', 'maximize'],
  momentum: ['lr', 'momentum', 'dampening', 'weightDecay', 'maximize'],
  nesterov: ['lr', 'momentum', 'weightDecay', 'maximize'],
  rmsprop: [...Object.keys(RMSPROP_DEFAULTS), 'frozenPreconditioner'],
  adam: [...Object.keys(ADAM_DEFAULTS), 'frozenPreconditioner'],
  adamw: [...Object.keys(ADAMW_DEFAULTS), 'frozenPreconditioner'],
  adagrad: [...Object.keys(ADAGRAD_DEFAULTS), 'frozenPreconditioner'],
};

/** The update map of an optimizer kind with torch's defaults for the options not given. */
export function updateMap<K extends UpdateKind>(kind: K, options: UpdateMapOptionsByKind[K] = {}): UpdateMap {
  const fn = `updateMap('${kind}')`;
  if (!(kind in KNOWN)) throw new Error(`updateMap: unknown kind '${String(kind)}' (allowed: ${Object.keys(KNOWN).join(', ')})`);
  if (options === null || typeof options !== 'object') throw new Error(`${fn}: options must be an object`);
  checkKnownKeys(fn, options, KNOWN[kind]);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, unknown>;
  const frozen = (given.frozenPreconditioner ?? false) as boolean;
  checkBoolean(fn, 'frozenPreconditioner', frozen);
  delete given.frozenPreconditioner;
  switch (kind) {
    case 'gd':
    case 'momentum':
    case 'nesterov': {
      if (kind !== 'gd' && !(typeof given.momentum === 'number' && given.momentum > 0)) {
        throw new Error(`${fn}: options.momentum is required and must be > 0, got ${String(given.momentum)}`);
      }
      const o: SGDOptions = { ...SGD_DEFAULTS, ...given, nesterov: kind === 'nesterov' };
      validateSGDOptions(fn, o);
      return sgdMap(kind, o);
    }
    case 'rmsprop': {
      const o: RMSpropOptions = { ...RMSPROP_DEFAULTS, ...given };
      validateRMSpropOptions(fn, o);
      return rmspropMap(o, frozen);
    }
    case 'adam':
    case 'adamw': {
      const o: AdamOptions = { ...(kind === 'adam' ? ADAM_DEFAULTS : ADAMW_DEFAULTS), ...given };
      validateAdamOptions(fn, o);
      return adamMap(kind, o, frozen);
    }
    default: {
      const o: AdagradOptions = { ...ADAGRAD_DEFAULTS, ...given };
      validateAdagradOptions(fn, o);
      return adagradMap(o, frozen);
    }
  }
}

/**
 * The closed-loop map z ↦ F_t(z) on z = (θ, s) ∈ ℝⁿ⁺ᵏⁿ, with g = gradient(θ)
 * computed inside (so ∂F/∂z contains the Hessian of the loss). Its
 * `jacobian` is the linearization of training around z.
 */
export function closedLoopMap(map: UpdateMap, n: number, gradient: (theta: Tensor) => Tensor): (z: Tensor, t: number) => Tensor {
  checkPositiveInteger('closedLoopMap', 'n', n);
  const total = n + map.stateSize(n);
  return (z, t) => {
    if (z.ndim !== 1 || z.size !== total) {
      throw new Error(`closedLoopMap: z must be a vector of length n + stateSize(n) = ${total}, got shape [${z.shape.join(', ')}]`);
    }
    const theta = z.slice([0, n]);
    const [thetaNext, stateNext] = map.step(theta, z.slice([n, total]), gradient(theta), t);
    return concat([thetaNext, stateNext], 0);
  };
}

/** Shape checks shared by every map's step; returns n. */
function checkStep(fn: string, blocks: number, theta: Tensor, state: Tensor, g: Tensor, t: number): number {
  if (!(theta instanceof Tensor) || theta.ndim !== 1) throw new Error(`${fn}.step: theta must be a 1-d Tensor`);
  const n = theta.size;
  if (!(g instanceof Tensor) || g.ndim !== 1 || g.size !== n) throw new Error(`${fn}.step: g must be a 1-d Tensor of length ${n} like theta`);
  if (!(state instanceof Tensor) || state.ndim !== 1 || state.size !== blocks * n) {
    throw new Error(`${fn}.step: state must be a 1-d Tensor of length ${blocks}·n = ${blocks * n}`);
  }
  if (!Number.isInteger(t) || t < 1) throw new Error(`${fn}.step: t must be the step count, an integer ≥ 1, got ${t}`);
  return n;
}

/** Block i (size n) of the flat state. */
function block(state: Tensor, i: number, n: number): Tensor {
  return state.slice([i * n, (i + 1) * n]);
}

/** The direction d = ±g (+ λθ) every method starts from (maximize flips the sign). */
function direction(g: Tensor, theta: Tensor, weightDecay: number, maximize: boolean): Tensor {
  const d = maximize ? g.neg() : g;
  return weightDecay !== 0 ? d.add(theta.mul(weightDecay)) : d;
}

function packState(parts: Tensor[]): Tensor {
  return parts.length === 0 ? zeros([0]) : parts.length === 1 ? parts[0]! : concat(parts, 0);
}

function makeMap(
  kind: UpdateKind,
  options: object,
  blocks: string[],
  init: (theta: Tensor) => Tensor,
  body: (theta: Tensor, state: Tensor, g: Tensor, t: number, n: number) => [Tensor, Tensor[]],
): UpdateMap {
  const fn = `updateMap('${kind}')`;
  return {
    kind,
    options: Object.freeze({ ...options }),
    blocks: Object.freeze([...blocks]),
    stateSize: (n) => blocks.length * n,
    init: (theta) => {
      if (!(theta instanceof Tensor) || theta.ndim !== 1) throw new Error(`${fn}.init: theta must be a 1-d Tensor`);
      return init(theta);
    },
    step: (theta, state, g, t) => {
      const n = checkStep(fn, blocks.length, theta, state, g, t);
      const [thetaNext, parts] = body(theta, state, g, t, n);
      return [thetaNext, packState(parts)];
    },
  };
}

function zerosInit(blocks: number): (theta: Tensor) => Tensor {
  return (theta) => zeros([blocks * theta.size]);
}

function sgdMap(kind: 'gd' | 'momentum' | 'nesterov', o: SGDOptions): UpdateMap {
  const { lr, momentum, dampening, weightDecay, maximize } = o;
  if (kind === 'gd') {
    return makeMap(kind, { lr, weightDecay, maximize }, [], zerosInit(0), (theta, _s, g) => [
      theta.sub(direction(g, theta, weightDecay, maximize).mul(lr)),
      [],
    ]);
  }
  const shown = kind === 'momentum' ? { lr, momentum, dampening, weightDecay, maximize } : { lr, momentum, weightDecay, maximize };
  return makeMap(kind, shown, ['momentumBuffer'], zerosInit(1), (theta, state, g, t) => {
    const d = direction(g, theta, weightDecay, maximize);
    // torch sets the buffer to the first direction without dampening.
    const b = t === 1 ? d : state.mul(momentum).add(d.mul(1 - dampening));
    const stepDir = kind === 'nesterov' ? d.add(b.mul(momentum)) : b;
    return [theta.sub(stepDir.mul(lr)), [b]];
  });
}

function rmspropMap(o: RMSpropOptions, frozen: boolean): UpdateMap {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = o;
  const blocks = ['squareAvg', ...(centered ? ['gradAvg'] : []), ...(momentum > 0 ? ['momentumBuffer'] : [])];
  return makeMap('rmsprop', { ...o, frozenPreconditioner: frozen }, blocks, zerosInit(blocks.length), (theta, state, g, _t, n) => {
    const d = direction(g, theta, weightDecay, maximize);
    const v = block(state, 0, n).mul(alpha).add(d.mul(d).mul(1 - alpha));
    const parts = [v];
    let avg: Tensor;
    if (centered) {
      const gAvg = block(state, 1, n).mul(alpha).add(d.mul(1 - alpha));
      parts.push(gAvg);
      const variance = v.sub(gAvg.mul(gAvg));
      avg = (frozen ? variance.detach() : variance).sqrt().add(eps);
    } else {
      avg = (frozen ? v.detach() : v).sqrt().add(eps);
    }
    if (momentum > 0) {
      const b = block(state, parts.length, n).mul(momentum).add(d.div(avg));
      parts.push(b);
      return [theta.sub(b.mul(lr)), parts];
    }
    return [theta.sub(d.div(avg).mul(lr)), parts];
  });
}

function adamMap(kind: 'adam' | 'adamw', o: AdamOptions, frozen: boolean): UpdateMap {
  const { lr, eps, weightDecay, amsgrad, maximize } = o;
  const [beta1, beta2] = o.betas;
  const decoupled = kind === 'adamw';
  const blocks = ['expAvg', 'expAvgSq', ...(amsgrad ? ['maxExpAvgSq'] : [])];
  return makeMap(kind, { ...o, betas: [beta1, beta2], frozenPreconditioner: frozen }, blocks, zerosInit(blocks.length), (theta, state, g, t, n) => {
    const x = decoupled && weightDecay !== 0 ? theta.mul(1 - lr * weightDecay) : theta;
    const d = direction(g, x, decoupled ? 0 : weightDecay, maximize);
    const m = block(state, 0, n).mul(beta1).add(d.mul(1 - beta1));
    const v = block(state, 1, n).mul(beta2).add(d.mul(d).mul(1 - beta2));
    const parts = [m, v];
    let second = v;
    if (amsgrad) {
      second = maximum(block(state, 2, n), v);
      parts.push(second);
    }
    const stepSize = lr / (1 - Math.pow(beta1, t));
    const biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    const denom = (frozen ? second.detach() : second).sqrt().div(biasCorrection2Sqrt).add(eps);
    return [x.sub(m.div(denom).mul(stepSize)), parts];
  });
}

function adagradMap(o: AdagradOptions, frozen: boolean): UpdateMap {
  const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = o;
  return makeMap(
    'adagrad',
    { ...o, frozenPreconditioner: frozen },
    ['sum'],
    (theta) => full([theta.size], initialAccumulatorValue),
    (theta, state, g, t) => {
      const d = direction(g, theta, weightDecay, maximize);
      const sum = state.add(d.mul(d));
      const clr = lr / (1 + (t - 1) * lrDecay);
      const std = (frozen ? sum.detach() : sum).sqrt().add(eps);
      return [theta.sub(d.div(std).mul(clr)), [sum]];
    },
  );
}
