/**
 * XOR from scratch: how often does full-batch gradient descent on a 2-H-1
 * network find a solution, how long does it take, and why does it fail when
 * it fails? A pure function of its config (plain data in, plain data out).
 *
 * Model: p(x) = σ(W₂·φ(W₁x + b₁) + b₂), φ = tanh or sigmoid, every weight
 * and bias drawn from N(0, initStd²). With BCE the network outputs the logit
 * and the loss is BCE-with-logits; with MSE it outputs p and the loss is
 * mean (p − y)². A run is solved when |p(x) − y| < margin on all 4 points.
 *
 * The symmetry check trains a network whose weights all start equal
 * (init 'constant'): hidden units then receive identical gradients, so
 * gradient descent keeps them identical forever, bit for bit, and the
 * network never uses more than one hidden feature. It is checked every step.
 */
import { noGrad } from '../autograd/index.js';
import { MLP, train, xor, type TrainResult } from '../nn/index.js';
import { optimizerEntry, type OptimizerName, type RegisteredOptimizer } from '../optim/index.js';
import {
  classifyXorFailure,
  closestUnits,
  hiddenSaturation,
  hiddenUnitVectors,
  maxPairwiseDifference,
  XOR_FAILURE_KINDS,
  type XorFailure,
  type XorFailureKind,
  type XorFailureThresholds,
} from './xorFailures.js';
import type { StudyHooks } from './types.js';

export type XorActivation = 'tanh' | 'sigmoid';
export type XorLoss = 'bce' | 'mse';

export interface XorStudyConfig {
  /** Hidden widths H of the 2-H-1 networks. */
  hiddenSizes: number[];
  activations: XorActivation[];
  losses: XorLoss[];
  /** Runs (initializations) per architecture × activation × loss. */
  seeds: number;
  /** Run r uses seed `seed + r`. */
  seed: number;
  steps: number;
  optimizer: OptimizerName;
  /** Learning rate for each loss (MSE through a sigmoid has gradients ~4× smaller than BCE). */
  lr: Record<XorLoss, number>;
  momentum: number;
  initStd: number;
  /** Inputs in {−1, 1}² instead of {0, 1}². */
  signedInputs: boolean;
  margin: number;
  /** End a run at the first update after which it is solved (the reported state is then a solved one). */
  stopWhenSolved: boolean;
  failure: XorFailureThresholds;
  divergenceThreshold: number;
  /** Keep the loss every this many steps in each run's lossTrace (0: no trace). */
  traceEvery: number;
  /** The identically initialized network, or null to skip it. */
  symmetry: { hidden: number; activation: XorActivation; loss: XorLoss; value: number; steps: number } | null;
}

export interface XorRun {
  hidden: number;
  activation: XorActivation;
  loss: XorLoss;
  seed: number;
  solved: boolean;
  /** First step t at which θ_t solved XOR (null if the run did not end solved). */
  stepsToSolve: number | null;
  /** Updates applied. */
  steps: number;
  status: TrainResult['status'];
  finalLoss: number;
  /** p(x) on the 4 points at the final parameters, in dataset order (00, 01, 10, 11). */
  outputs: number[];
  /** L(θ_t) at t = 0, traceEvery, 2·traceEvery, … (empty when traceEvery is 0). */
  lossTrace: number[];
  /** max over the 4 points of |p(x) − y| at the final parameters. */
  maxError: number;
  failure: XorFailure | null;
}

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

export interface XorGroupSummary {
  hidden: number;
  activation: XorActivation;
  loss: XorLoss;
  runs: number;
  solved: number;
  fractionSolved: number;
  /** Over solved runs; null when none solved. */
  stepsToSolve: Quartiles | null;
  failures: Record<XorFailureKind, number>;
  /** Median over the runs of L(θ_t) at t = 0, traceEvery, …; a run that ended early holds its final loss. */
  medianLossTrace: number[];
}

export interface XorSymmetryReport {
  hidden: number;
  activation: XorActivation;
  loss: XorLoss;
  value: number;
  steps: number;
  /** Steps at which the hidden units were compared (every step, and the final state). */
  checks: number;
  /** max over checks and pairs of max_k |u_i[k] − u_j[k]|; 0 means bitwise identical throughout. */
  maxPairDifference: number;
  identicalThroughout: boolean;
  finalLoss: number;
  solved: boolean;
}

export interface XorStudyResult {
  config: XorStudyConfig;
  groups: XorGroupSummary[];
  runs: XorRun[];
  symmetry: XorSymmetryReport | null;
}

const BASE: Omit<XorStudyConfig, 'seeds' | 'steps' | 'hiddenSizes' | 'activations' | 'losses'> = {
  seed: 0,
  optimizer: 'sgd',
  lr: { bce: 1, mse: 4 },
  momentum: 0,
  initStd: 0.5,
  signedInputs: false,
  margin: 0.4,
  stopWhenSolved: true,
  failure: {
    symmetryTolerance: 1e-3,
    saturation: 0.99,
    saturatedFraction: 0.5,
    plateauWindow: 200,
    plateauLossChange: 1e-4,
    plateauGradNorm: 1e-3,
  },
  divergenceThreshold: 1e8,
  traceEvery: 10,
  symmetry: { hidden: 4, activation: 'tanh', loss: 'bce', value: 0.5, steps: 500 },
};

export const XOR_STUDY_PRESETS: Record<'quick' | 'default' | 'full', XorStudyConfig> = {
  quick: { ...BASE, hiddenSizes: [2, 4], activations: ['tanh'], losses: ['bce'], seeds: 10, steps: 600, symmetry: { ...BASE.symmetry!, steps: 300 } },
  default: { ...BASE, hiddenSizes: [2, 3, 4], activations: ['tanh', 'sigmoid'], losses: ['bce', 'mse'], seeds: 100, steps: 3000 },
  full: { ...BASE, hiddenSizes: [2, 3, 4], activations: ['tanh', 'sigmoid'], losses: ['bce', 'mse'], seeds: 400, steps: 10000 },
};

function validate(c: XorStudyConfig): void {
  const fail = (msg: string): never => {
    throw new Error(`xor.study: ${msg}`);
  };
  if (c.hiddenSizes.length === 0 || c.hiddenSizes.some((h) => !Number.isInteger(h) || h < 1)) fail(`hiddenSizes must be positive integers, got [${c.hiddenSizes.join(', ')}]`);
  if (c.activations.length === 0 || c.activations.some((a) => a !== 'tanh' && a !== 'sigmoid')) fail(`activations must be 'tanh' or 'sigmoid', got [${c.activations.join(', ')}]`);
  if (c.losses.length === 0 || c.losses.some((l) => l !== 'bce' && l !== 'mse')) fail(`losses must be 'bce' or 'mse', got [${c.losses.join(', ')}]`);
  if (!Number.isInteger(c.seeds) || c.seeds < 1) fail(`seeds must be a positive integer, got ${c.seeds}`);
  if (!Number.isInteger(c.steps) || c.steps < 1) fail(`steps must be a positive integer, got ${c.steps}`);
  for (const l of c.losses) if (!(c.lr[l] > 0)) fail(`lr.${l} must be > 0, got ${c.lr[l]}`);
  if (!(c.initStd >= 0)) fail(`initStd must be ≥ 0, got ${c.initStd}`);
  if (!(c.margin > 0 && c.margin <= 0.5)) fail(`margin must be in (0, 0.5], got ${c.margin}`);
  if (!Number.isInteger(c.traceEvery) || c.traceEvery < 0) fail(`traceEvery must be an integer ≥ 0, got ${c.traceEvery}`);
  if (!Number.isInteger(c.failure.plateauWindow) || c.failure.plateauWindow < 1) fail(`failure.plateauWindow must be a positive integer, got ${c.failure.plateauWindow}`);
}

/** Linear-interpolation quartiles (NumPy's default percentile method). */
export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const pos = q * (s.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, s.length - 1);
    return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
  };
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) };
}

/** The registry's optimizer; `momentum` goes to those whose options schema has one. */
function makeOptimizer(c: XorStudyConfig, model: MLP, loss: XorLoss): RegisteredOptimizer {
  const entry = optimizerEntry(c.optimizer);
  const hasMomentum = entry.options.some((f) => f.name === 'momentum');
  return entry.create(model.parameters(), hasMomentum ? { lr: c.lr[loss], momentum: c.momentum } : { lr: c.lr[loss] });
}

/** p(x) on the 4 points from the network output (logits for BCE, probabilities for MSE). */
function probabilities(out: Float64Array, loss: XorLoss): Float64Array {
  return loss === 'bce' ? out.map((z) => 1 / (1 + Math.exp(-z))) : out;
}

function maxError(p: Float64Array, y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < p.length; i++) {
    const e = Math.abs(p[i]! - y[i]!);
    if (!(e <= m)) m = e;
  }
  return m;
}

function buildModel(hidden: number, activation: XorActivation, loss: XorLoss, init: { kind: 'normal'; std: number } | { kind: 'constant'; value: number }, seed: number): MLP {
  return new MLP([2, hidden, 1], { hidden: activation, output: loss === 'bce' ? 'identity' : 'sigmoid', init, seed });
}

function runOne(c: XorStudyConfig, hidden: number, activation: XorActivation, loss: XorLoss, seed: number, hooks: StudyHooks): XorRun {
  const data = xor({ signed: c.signedInputs });
  const y = data.y.data;
  const model = buildModel(hidden, activation, loss, { kind: 'normal', std: c.initStd }, seed);
  let stepsToSolve: number | null = null;
  const result = train(model, data, {
    loss: loss === 'bce' ? 'bceWithLogits' : 'mse',
    optimizer: makeOptimizer(c, model, loss),
    steps: c.steps,
    recordEvery: 0,
    divergenceThreshold: c.divergenceThreshold,
    callbacks: (info) => {
      hooks.checkpoint?.();
      // info.output was computed at θ_t, before the update of step t.
      if (maxError(probabilities(info.output.data, loss), y) >= c.margin) return undefined;
      stepsToSolve ??= info.step;
      // Stop only if θ_{t+1}, the state the run would end in, still solves it (a large step can undo a solution).
      if (c.stopWhenSolved && maxError(probabilities(noGrad(() => model.forward(data.x)).data, loss), y) < c.margin) return 'stop';
      return undefined;
    },
  });
  const trace = noGrad(() => model.forwardWithActivations(data.x));
  const p = probabilities(trace.output.data, loss);
  const err = maxError(p, y);
  const diverged = result.status === 'diverged' || result.status === 'nonfinite';
  const solved = !diverged && err < c.margin;
  let failure: XorFailure | null = null;
  if (!solved) {
    const units = closestUnits(hiddenUnitVectors(model));
    const L = result.losses;
    const last = L.length - 1;
    const window = Math.min(c.failure.plateauWindow, last);
    failure = classifyXorFailure(
      {
        minUnitDistance: units.distance,
        closestPair: units.pair,
        saturatedFraction: hiddenSaturation(trace.layers[0]!.postActivation.data, activation, c.failure.saturation),
        window,
        outputs: Array.from(p),
        lossChange: window > 0 ? L[last - window]! - L[last]! : NaN,
        gradNorm: result.gradNorms[last] ?? NaN,
        finalLoss: result.finalLoss,
      },
      c.failure,
      activation,
      diverged ? result.reason : null,
    );
  }
  return {
    hidden,
    activation,
    loss,
    seed,
    solved,
    stepsToSolve: solved ? stepsToSolve : null,
    steps: result.step,
    status: result.status,
    finalLoss: result.finalLoss,
    outputs: Array.from(p),
    lossTrace: c.traceEvery > 0 ? result.losses.filter((_, t) => t % c.traceEvery === 0) : [],
    maxError: err,
    failure,
  };
}

/** Train the constant-initialized network, comparing its hidden units after every update. */
function runSymmetry(c: XorStudyConfig, s: NonNullable<XorStudyConfig['symmetry']>, hooks: StudyHooks): XorSymmetryReport {
  const data = xor({ signed: c.signedInputs });
  const model = buildModel(s.hidden, s.activation, s.loss, { kind: 'constant', value: s.value }, c.seed);
  let worst = maxPairwiseDifference(hiddenUnitVectors(model));
  let checks = 1;
  const result = train(model, data, {
    loss: s.loss === 'bce' ? 'bceWithLogits' : 'mse',
    optimizer: makeOptimizer(c, model, s.loss),
    steps: s.steps,
    recordEvery: 0,
    divergenceThreshold: c.divergenceThreshold,
    callbacks: (info) => {
      hooks.checkpoint?.();
      const d = maxPairwiseDifference(hiddenUnitVectors(info.model as MLP));
      checks++;
      if (!(d <= worst)) worst = d;
    },
  });
  const p = probabilities(noGrad(() => model.forward(data.x)).data, s.loss);
  return {
    hidden: s.hidden,
    activation: s.activation,
    loss: s.loss,
    value: s.value,
    steps: result.step,
    checks,
    maxPairDifference: worst,
    identicalThroughout: worst === 0,
    finalLoss: result.finalLoss,
    solved: maxError(p, data.y.data) < c.margin,
  };
}

/** The median loss trace of a group (a run that ended early holds its final loss); a cancellation check every 100 points. */
function medianTrace(runs: XorRun[], hooks: StudyHooks): number[] {
  const traced = runs.filter((run) => run.lossTrace.length > 0);
  const len = Math.max(0, ...traced.map((run) => run.lossTrace.length));
  const out: number[] = [];
  for (let i = 0; i < len; i++) {
    if (i % 100 === 0) hooks.checkpoint?.();
    const vals = traced.map((run) => run.lossTrace[Math.min(i, run.lossTrace.length - 1)]!).filter(Number.isFinite).sort((a, b) => a - b);
    out.push(vals.length ? vals[Math.floor(vals.length / 2)]! : NaN);
  }
  return out;
}

function summarize(runs: XorRun[], hooks: StudyHooks): XorGroupSummary {
  const failures = Object.fromEntries(XOR_FAILURE_KINDS.map((k) => [k, 0])) as Record<XorFailureKind, number>;
  for (const r of runs) if (r.failure) failures[r.failure.kind]++;
  const solvedSteps = runs.filter((r) => r.solved && r.stepsToSolve !== null).map((r) => r.stepsToSolve!);
  const solved = runs.filter((r) => r.solved).length;
  const { hidden, activation, loss } = runs[0]!;
  return { hidden, activation, loss, runs: runs.length, solved, fractionSolved: solved / runs.length, stepsToSolve: quartiles(solvedSteps), failures, medianLossTrace: medianTrace(runs, hooks) };
}

/**
 * Run the study; see XorStudyConfig (start from `XOR_STUDY_PRESETS`). Deterministic: the same config gives the
 * same result. Public as `experiments.xor.study(config)`.
 */
export function study(config: XorStudyConfig, hooks: StudyHooks = {}): XorStudyResult {
  validate(config);
  const runs: XorRun[] = [];
  const groups: XorGroupSummary[] = [];
  const total = config.hiddenSizes.length * config.activations.length * config.losses.length * config.seeds;
  for (const hidden of config.hiddenSizes) {
    for (const activation of config.activations) {
      for (const loss of config.losses) {
        const group: XorRun[] = [];
        for (let r = 0; r < config.seeds; r++) {
          group.push(runOne(config, hidden, activation, loss, config.seed + r, hooks));
          hooks.progress?.((runs.length + group.length) / total, `2-${hidden}-1 ${activation}/${loss}, seed ${r + 1} of ${config.seeds}`);
        }
        runs.push(...group);
        groups.push(summarize(group, hooks));
      }
    }
  }
  const symmetry = config.symmetry ? runSymmetry(config, config.symmetry, hooks) : null;
  return { config, groups, runs, symmetry };
}
