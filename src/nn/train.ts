/**
 * The training loop: θ_{t+1} = θ_t − (optimizer's update from ∇L_B(θ_t)),
 * one mini-batch B per step, with a history of the quantities that describe
 * learning as a dynamical system (loss, ‖∇L‖, ‖θ‖, ‖Δθ‖/‖θ‖, per-layer
 * signals). A run never crashes on divergence and never returns silent NaNs:
 * a non-finite or exploding loss, gradient or parameter norm ends it with a
 * diagnosis. Everything random (the shuffle) comes from `seed`, so a run is
 * reproducible bit for bit.
 */
import { noGrad, type Parameter, type Tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import { batches, type Batch } from './data.js';
import { resolveLoss, type Loss, type LossFn, type LossName } from './losses.js';
import { isTracedModel, type ForwardTrace } from './mlp.js';
import type { Module } from './module.js';
import { DEFAULT_SATURATION, gradNorm, layerStats, type LayerStats, type SaturationThresholds } from './train-stats.js';

/** What the loop needs from an optimizer (src/optim's optimizers satisfy it). */
export interface OptimizerLike {
  step(): void;
  zeroGrad(): void;
}

export type TrainStatus = 'completed' | 'stopped' | 'diverged' | 'nonfinite';

/** One recorded step t: everything is measured at θ_t, before the update, except the update itself. */
export interface TrainRecord {
  step: number;
  epoch: number;
  loss: number;
  gradNorm: number;
  paramNorm: number;
  /** ‖θ_{t+1} − θ_t‖ / ‖θ_t‖. */
  updateRatio: number;
  layers?: LayerStats[];
}

export interface StepInfo {
  /** Index of the step just taken (0-based); `step + 1` updates have been applied. */
  step: number;
  epoch: number;
  loss: number;
  gradNorm: number;
  /** The model's output on this batch, at θ_t (before the update). */
  output: Tensor;
  batch: Batch;
  model: Module;
  /** The record of this step, when it was a recording step. */
  record?: TrainRecord;
}

/** Return 'stop' to end the run after this step. */
export type TrainCallback = (info: StepInfo) => void | 'stop';

export interface TrainOptions {
  loss: LossName | Loss | LossFn;
  optimizer: OptimizerLike;
  /** Number of optimizer steps; or give `epochs` (passes over the data). */
  steps?: number;
  epochs?: number;
  /** Rows per step; full batch (the whole dataset every step, no shuffle) when omitted. */
  batchSize?: number;
  /** Seed of the mini-batch shuffle. */
  seed?: number;
  callbacks?: TrainCallback | TrainCallback[];
  /** Record θ-norms, update ratio and layer statistics every this many steps (0: never). Loss and ‖∇L‖ are kept every step. */
  recordEvery?: number;
  /** Per-layer statistics on recording steps (needs a model with forwardWithActivations). Default true. */
  layerStats?: boolean;
  /** End the run early: when the loss drops below `lossBelow`, or when the predicate holds. */
  stopOn?: { lossBelow?: number } | ((info: StepInfo) => boolean);
  /** A loss, gradient norm or parameter norm above this is a divergence. Default 1e8. */
  divergenceThreshold?: number;
  saturation?: SaturationThresholds;
}

export interface TrainResult {
  status: TrainStatus;
  /** Steps whose update was applied. */
  step: number;
  /** A sentence: why the run ended, with the quantity, its value and the step. */
  reason: string;
  /** Loss and ‖∇L‖ at every step taken (including a final non-finite one). */
  losses: number[];
  gradNorms: number[];
  history: TrainRecord[];
  /** Loss over the whole dataset at the final parameters (NaN if it cannot be evaluated). */
  finalLoss: number;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}

function checkOptions(data: { x: Tensor; y: Tensor }, o: TrainOptions): { steps: number; stepsPerEpoch: number; batchSize: number } {
  const n = data.x.shape[0] ?? 0;
  if (n < 1 || data.y.shape[0] !== n) {
    throw new Error(`train: data.x and data.y must have the same non-zero number of rows, got ${JSON.stringify(data.x.shape)} and ${JSON.stringify(data.y.shape)}`);
  }
  const batchSize = o.batchSize ?? n;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`train: batchSize must be a positive integer, got ${batchSize}`);
  const stepsPerEpoch = Math.ceil(n / Math.min(batchSize, n));
  if ((o.steps === undefined) === (o.epochs === undefined)) throw new Error('train: give exactly one of steps or epochs');
  const count = o.steps ?? o.epochs!;
  if (!Number.isInteger(count) || count < 0) throw new Error(`train: ${o.steps !== undefined ? 'steps' : 'epochs'} must be an integer ≥ 0, got ${count}`);
  const recordEvery = o.recordEvery ?? 1;
  if (!Number.isInteger(recordEvery) || recordEvery < 0) throw new Error(`train: recordEvery must be an integer ≥ 0, got ${recordEvery}`);
  const threshold = o.divergenceThreshold ?? 1e8;
  if (!(threshold > 0)) throw new Error(`train: divergenceThreshold must be > 0, got ${threshold}`);
  return { steps: o.steps ?? count * stepsPerEpoch, stepsPerEpoch, batchSize };
}

/** An endless stream of batches: the full dataset every step, or reshuffled epochs. */
function* batchStream(data: { x: Tensor; y: Tensor }, batchSize: number, rng: Rng): Generator<Batch> {
  const n = data.x.shape[0]!;
  if (batchSize >= n) {
    const full: Batch = { x: data.x, y: data.y, indices: Int32Array.from({ length: n }, (_, i) => i) };
    for (;;) yield full;
  }
  for (;;) yield* batches(data, batchSize, rng);
}

/**
 * Train `model` on `data`; see TrainOptions. Returns the history and how the run ended.
 *
 * @example
 * ```ts
 * import { nn, optim } from 'learning-dynamics';
 *
 * const data = nn.xor();
 * const model = new nn.MLP([2, 4, 1], { hidden: 'tanh', seed: 0 });
 * const result = nn.train(model, data, { loss: 'bceWithLogits', optimizer: new optim.SGD(model.parameters(), { lr: 1 }), steps: 500 });
 * console.log(result.status, result.finalLoss); // 'completed', a small loss
 * ```
 */
export function train(model: Module, data: { x: Tensor; y: Tensor }, options: TrainOptions): TrainResult {
  const { steps, stepsPerEpoch, batchSize } = checkOptions(data, options);
  const lossFn = resolveLoss(options.loss);
  const { optimizer } = options;
  const recordEvery = options.recordEvery ?? 1;
  const threshold = options.divergenceThreshold ?? 1e8;
  const saturation = options.saturation ?? DEFAULT_SATURATION;
  const wantLayers = (options.layerStats ?? true) && isTracedModel(model);
  const callbacks = options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks];
  const stopOn = options.stopOn;
  const params: Parameter[] = model.parameters();
  const totalSize = params.reduce((s, p) => s + p.size, 0);
  const before = new Float64Array(totalSize);

  const losses: number[] = [];
  const gradNorms: number[] = [];
  const history: TrainRecord[] = [];
  const stream = batchStream(data, batchSize, new Rng(options.seed ?? 0));
  let status: TrainStatus = 'completed';
  let reason = '';
  let applied = 0;

  for (let step = 0; step < steps; step++) {
    const epoch = Math.floor(step / stepsPerEpoch);
    const batch = stream.next().value as Batch;
    const recording = recordEvery > 0 && (step % recordEvery === 0 || step === steps - 1);
    optimizer.zeroGrad();
    let trace: ForwardTrace | null = null;
    let output: Tensor;
    if (recording && wantLayers && isTracedModel(model)) {
      trace = model.forwardWithActivations(batch.x, { retainGrad: true });
      output = trace.output;
    } else output = model.forward(batch.x);
    const lossT = lossFn(output, batch.y);
    const loss = lossT.item();
    losses.push(loss);
    if (!Number.isFinite(loss)) {
      gradNorms.push(NaN);
      [status, reason] = ['nonfinite', `The loss became ${loss} at step ${step} (after ${applied} updates).`];
      break;
    }
    if (Math.abs(loss) > threshold) {
      gradNorms.push(NaN);
      [status, reason] = ['diverged', `The loss reached ${fmt(loss)} at step ${step}, past the divergence threshold ${fmt(threshold)}.`];
      break;
    }
    lossT.backward();
    const gNorm = gradNorm(params);
    gradNorms.push(gNorm);
    if (!Number.isFinite(gNorm)) {
      [status, reason] = ['nonfinite', `The gradient norm became ${gNorm} at step ${step} (loss ${fmt(loss)}).`];
      break;
    }
    if (gNorm > threshold) {
      [status, reason] = ['diverged', `The gradient norm reached ${fmt(gNorm)} at step ${step}, past the divergence threshold ${fmt(threshold)}.`];
      break;
    }
    if (recording) {
      let o = 0;
      for (const p of params) {
        before.set(p.data, o);
        o += p.size;
      }
    }
    optimizer.step();
    applied++;
    let record: TrainRecord | undefined;
    if (recording) {
      let oldSq = 0;
      let diffSq = 0;
      let newSq = 0;
      let o = 0;
      for (const p of params) {
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          const b = before[o + i]!;
          oldSq += b * b;
          newSq += d[i]! * d[i]!;
          diffSq += (d[i]! - b) * (d[i]! - b);
        }
        o += d.length;
      }
      const pNorm = Math.sqrt(oldSq);
      record = { step, epoch, loss, gradNorm: gNorm, paramNorm: pNorm, updateRatio: Math.sqrt(diffSq) / pNorm };
      if (trace) record.layers = trace.layers.map((s) => layerStats(s, saturation));
      history.push(record);
      const after = Math.sqrt(newSq);
      if (!Number.isFinite(after)) {
        [status, reason] = ['nonfinite', `The parameter norm became ${after} after the update of step ${step}.`];
        break;
      }
      if (after > threshold) {
        [status, reason] = ['diverged', `The parameter norm reached ${fmt(after)} after the update of step ${step}, past the divergence threshold ${fmt(threshold)}.`];
        break;
      }
    }
    const info: StepInfo = { step, epoch, loss, gradNorm: gNorm, output, batch, model, record };
    let stop = false;
    for (const cb of callbacks) if (cb(info) === 'stop') stop = true;
    if (stop) {
      [status, reason] = ['stopped', `A callback stopped the run at step ${step} (loss ${fmt(loss)}).`];
      break;
    }
    if (stopOn) {
      const hit = typeof stopOn === 'function' ? stopOn(info) : stopOn.lossBelow !== undefined && loss < stopOn.lossBelow;
      if (hit) {
        [status, reason] = ['stopped', typeof stopOn === 'function' ? `The stop condition held at step ${step} (loss ${fmt(loss)}).` : `The loss ${fmt(loss)} fell below ${fmt(stopOn.lossBelow!)} at step ${step}.`];
        break;
      }
    }
  }
  const finalLoss = status === 'nonfinite' || status === 'diverged' ? NaN : noGrad(() => lossFn(model.forward(data.x), data.y).item());
  if (status === 'completed') {
    if (!Number.isFinite(finalLoss)) {
      [status, reason] = ['nonfinite', `The loss at the final parameters is ${finalLoss} (after ${applied} updates).`];
    } else if (Math.abs(finalLoss) > threshold) {
      [status, reason] = ['diverged', `The loss at the final parameters is ${fmt(finalLoss)} (after ${applied} updates), past the divergence threshold ${fmt(threshold)}.`];
    } else reason = `Completed ${applied} steps; final loss ${fmt(finalLoss)}.`;
  }
  return { status, step: applied, reason, losses, gradNorms, history, finalLoss };
}
