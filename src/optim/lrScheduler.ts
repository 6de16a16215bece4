/**
 * Learning-rate schedules, after torch.optim.lr_scheduler.
 *
 * A schedule is a function γ(e) of the epoch counter e = 0, 1, 2, … and of
 * each group's base learning rate γ₀ (the lr the group had when the first
 * schedule was attached, remembered as `initialLr`). Building a schedule
 * sets every group's lr to γ(0); each `.step()` — called after each
 * `optimizer.step()` — advances e and writes γ(e) into `group.lr`.
 *
 * Every schedule here is evaluated in closed form. torch evaluates most of
 * them recursively (lr ← lr·factor at each step), which agrees up to
 * rounding (a few ulps after many steps) as long as nothing else writes lr.
 */
import { checkFiniteNumber, checkKnownKeys, checkPositiveInteger, checkTorchNonNegative } from '../tensor/validate.js';

/** What a schedule needs from an optimizer: its groups' learning rates. */
export interface LrGroupOwner {
  paramGroups: Array<{ lr: number; initialLr?: number }>;
}

export interface SchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
}

export abstract class LRScheduler {
  readonly optimizer: LrGroupOwner;
  /** γ₀ of each group. */
  baseLrs: number[];
  /** The epoch counter e (0 after construction). */
  lastEpoch = 0;
  private lastLr: number[];

  protected constructor(optimizer: LrGroupOwner, fn: string) {
    if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray(optimizer.paramGroups)) {
      throw new Error(`${fn}: optimizer must be an Optimizer (an object with paramGroups)`);
    }
    this.optimizer = optimizer;
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
    this.lastLr = [...this.baseLrs];
  }

  /** γ(epoch) for a group whose base lr is `baseLr`. */
  abstract lrAt(epoch: number, baseLr: number): number;

  /** Write γ(lastEpoch) into the groups (subclass constructors call this once they are set up). */
  protected apply(): void {
    this.lastLr = this.baseLrs.map((base) => this.lrAt(this.lastEpoch, base));
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.lastLr[i]!;
    });
  }

  /** Advance one epoch (call after optimizer.step()). */
  step(): void {
    this.lastEpoch += 1;
    this.apply();
  }

  /** The learning rate of each group as last set by this schedule. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  /** Restore the counter and base rates, and write the corresponding lr into the groups. */
  loadStateDict(dict: SchedulerStateDict): void {
    const fn = `${this.constructor.name}.loadStateDict`;
    if (!Number.isInteger(dict?.lastEpoch) || dict.lastEpoch < 0) {
      throw new Error(`${fn}: lastEpoch must be an integer ≥ 0, got ${String(dict?.lastEpoch)}`);
    }
    if (!Array.isArray(dict.baseLrs) || dict.baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new Error(`${fn}: baseLrs must hold one number per param group (${this.optimizer.paramGroups.length})`);
    }
    this.lastEpoch = dict.lastEpoch;
    this.baseLrs = [...dict.baseLrs];
    this.apply();
  }
}

/** γ(e) = γ₀·λ(e) for a user function λ (torch's LambdaLR; λ ≡ 1 is the constant schedule). */
export class LambdaLR extends LRScheduler {
  private readonly lrLambda: (epoch: number) => number;
  constructor(optimizer: LrGroupOwner, lrLambda: (epoch: number) => number) {
    super(optimizer, 'LambdaLR');
    if (typeof lrLambda !== 'function') throw new Error('LambdaLR: lrLambda must be a function epoch → factor');
    this.lrLambda = lrLambda;
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.lrLambda(epoch);
  }
}

/** γ(e) = γ₀·factor for e < totalIters, γ₀ afterwards (torch's ConstantLR; factor = 1 keeps lr constant). */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;
  constructor(optimizer: LrGroupOwner, options: { factor?: number; totalIters?: number } = {}) {
    super(optimizer, 'ConstantLR');
    checkKnownKeys('ConstantLR', options, ['factor', 'totalIters']);
    const { factor = 1 / 3, totalIters = 5 } = options;
    if (typeof factor !== 'number' || !(factor >= 0 && factor <= 1)) {
      throw new Error(`ConstantLR: Constant multiplicative factor expected to be between 0 and 1 (factor must be in [0, 1], got ${String(factor)})`);
    }
    checkTorchNonNegative('ConstantLR', 'totalIters', 'totalIters', totalIters);
    this.factor = factor;
    this.totalIters = totalIters;
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    return epoch < this.totalIters ? baseLr * this.factor : baseLr;
  }
}

/** γ(e) = γ₀·gamma^⌊e/stepSize⌋ (torch's StepLR). */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: LrGroupOwner, options: { stepSize: number; gamma?: number }) {
    super(optimizer, 'StepLR');
    checkKnownKeys('StepLR', options ?? {}, ['stepSize', 'gamma']);
    const { stepSize, gamma = 0.1 } = options ?? ({} as { stepSize: number });
    checkPositiveInteger('StepLR', 'stepSize', stepSize);
    checkFiniteNumber('StepLR', 'gamma', gamma);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * Math.pow(this.gamma, Math.floor(epoch / this.stepSize));
  }
}

/** γ(e) = γ₀·gammaᵉ (torch's ExponentialLR). */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  constructor(optimizer: LrGroupOwner, options: { gamma: number }) {
    super(optimizer, 'ExponentialLR');
    checkKnownKeys('ExponentialLR', options ?? {}, ['gamma']);
    checkFiniteNumber('ExponentialLR', 'gamma', options?.gamma);
    this.gamma = options.gamma;
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * Math.pow(this.gamma, epoch);
  }
}

/**
 * γ(e) = η_min + (γ₀ − η_min)·(1 + cos(πe/T_max))/2 (Loshchilov & Hutter's
 * SGDR without restarts; torch's CosineAnnealingLR in its closed form). It
 * reaches η_min at e = T_max and, like torch's closed form, rises again
 * after that (period 2T_max).
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: LrGroupOwner, options: { tMax: number; etaMin?: number }) {
    super(optimizer, 'CosineAnnealingLR');
    checkKnownKeys('CosineAnnealingLR', options ?? {}, ['tMax', 'etaMin']);
    const { tMax, etaMin = 0 } = options ?? ({} as { tMax: number });
    checkPositiveInteger('CosineAnnealingLR', 'tMax', tMax);
    checkTorchNonNegative('CosineAnnealingLR', 'minimum learning rate', 'etaMin', etaMin);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    return this.etaMin + ((baseLr - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

export interface LinearLROptions {
  /** Multiplier at e = 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Multiplier from e = totalIters on, in [0, 1] (default 1). */
  endFactor?: number;
  /** Number of epochs of the linear ramp (default 5). */
  totalIters?: number;
}

/**
 * γ(e) = γ₀·(s + (f − s)·min(e, N)/N): a linear ramp of the multiplier from
 * s = startFactor to f = endFactor over N = totalIters epochs, then flat
 * (torch's LinearLR; with s < f = 1 it is the usual linear warmup).
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: LrGroupOwner, options: LinearLROptions = {}) {
    super(optimizer, 'LinearLR');
    checkKnownKeys('LinearLR', options, ['startFactor', 'endFactor', 'totalIters']);
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
      throw new Error(
        `LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1 (startFactor must be in (0, 1], got ${String(startFactor)})`,
      );
    }
    if (typeof endFactor !== 'number' || !(endFactor >= 0 && endFactor <= 1)) {
      throw new Error(`LinearLR: Ending multiplicative factor expected to be between 0 and 1 (endFactor must be in [0, 1], got ${String(endFactor)})`);
    }
    checkPositiveInteger('LinearLR', 'totalIters', totalIters);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * (this.startFactor + ((this.endFactor - this.startFactor) * Math.min(epoch, this.totalIters)) / this.totalIters);
  }
}

/** The usual name for a LinearLR that ramps up to the base lr. */
export { LinearLR as LinearWarmup };

/**
 * Run schedules one after another (torch's SequentialLR): schedule k is in
 * charge from epoch milestones[k−1] on, with its own epoch counter restarted
 * at 0 there, i.e. γ(e) = γ_k(e − milestones[k−1]). Only the SequentialLR
 * should be stepped, not the schedules inside it.
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: readonly LRScheduler[];
  readonly milestones: readonly number[];
  constructor(optimizer: LrGroupOwner, schedulers: readonly LRScheduler[], milestones: readonly number[]) {
    super(optimizer, 'SequentialLR');
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new Error('SequentialLR: expects at least one scheduler');
    }
    for (const [i, s] of schedulers.entries()) {
      if (!(s instanceof LRScheduler)) throw new Error(`SequentialLR: schedulers[${i}] is not an LRScheduler`);
      if (s.optimizer !== optimizer) {
        throw new Error(`SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers[${i}] with a different one`);
      }
    }
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new Error(
        `SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got ${schedulers.length} schedulers and ${Array.isArray(milestones) ? milestones.length : 'no'} milestones`,
      );
    }
    milestones.forEach((m, i) => {
      checkPositiveInteger('SequentialLR', `milestones[${i}]`, m);
      if (i > 0 && m <= milestones[i - 1]!) throw new Error('SequentialLR: milestones must be strictly increasing');
    });
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.apply();
  }
  lrAt(epoch: number, baseLr: number): number {
    let k = 0;
    while (k < this.milestones.length && epoch >= this.milestones[k]!) k++;
    const start = k === 0 ? 0 : this.milestones[k - 1]!;
    return this.schedulers[k]!.lrAt(epoch - start, baseLr);
  }
}

/**
 * Linear warmup from startFactor·γ₀ to γ₀ over `warmupIters` epochs, then
 * cosine annealing to etaMin over the remaining `totalIters − warmupIters`
 * (defaults: startFactor 1e-3, a near-zero start; etaMin 0).
 */
export function warmupCosine(
  optimizer: LrGroupOwner,
  options: { warmupIters: number; totalIters: number; startFactor?: number; etaMin?: number },
): SequentialLR {
  checkKnownKeys('warmupCosine', options ?? {}, ['warmupIters', 'totalIters', 'startFactor', 'etaMin']);
  const { warmupIters, totalIters, startFactor = 1e-3, etaMin = 0 } = options ?? ({} as typeof options);
  checkPositiveInteger('warmupCosine', 'warmupIters', warmupIters);
  checkPositiveInteger('warmupCosine', 'totalIters', totalIters);
  if (totalIters <= warmupIters) {
    throw new Error(`warmupCosine: totalIters (${totalIters}) must exceed warmupIters (${warmupIters})`);
  }
  const warmup = new LinearLR(optimizer, { startFactor, endFactor: 1, totalIters: warmupIters });
  const cosine = new CosineAnnealingLR(optimizer, { tMax: totalIters - warmupIters, etaMin });
  return new SequentialLR(optimizer, [warmup, cosine], [warmupIters]);
}
