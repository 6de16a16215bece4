/**
 * The training loop: θ_{t+1} = θ_t − (optimizer's update from ∇L_B(θ_t)),
 * one mini-batch B per step, with a history of the quantities that describe
 * learning as a dynamical system (loss, ‖∇L‖, ‖θ‖, ‖Δθ‖/‖θ‖, per-layer
 * signals). A run never crashes on divergence and never returns silent NaNs:
 * a non-finite or exploding loss, gradient or parameter norm ends it with a
 * diagnosis. Everything random (the shuffle) comes from `seed`, so a run is
 * reproducible bit for bit.
 */
import { noGrad, Tensor, compile, runBackward, type Parameter } from '../autograd/index.js';
import { NDArray } from '../tensor/index.js';
import { Rng } from '../tensor/index.js';
import { batches, type Batch } from './data.js';
import { resolveLoss, type Loss, type LossFn, type LossName } from './losses.js';
import { isTracedModel, type ForwardTrace } from './mlp.js';
import type { Module } from './module.js';
import { DEFAULT_SATURATION, gradNorm, layerStats, type LayerStats, type SaturationThresholds } from './trainStats.js';
import { checkInteger, checkPositiveInteger } from '../tensor/validate.js';

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
  /**
   * Compile the step's forward and backward (autograd `compile`: traced once per batch shape, then replayed with no
   * graph and no allocation; bit-identical to eager steps, which the tests check). Steps that record layer
   * statistics run eagerly. Turn off for a model whose forward is not shape-static and pure (one that draws random
   * numbers or branches on values). Default true.
   */
  compile?: boolean;
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
  checkPositiveInteger('train', 'batchSize', batchSize);
  const stepsPerEpoch = Math.ceil(n / Math.min(batchSize, n));
  if ((o.steps === undefined) === (o.epochs === undefined)) throw new Error('train: give exactly one of steps or epochs');
  const count = o.steps ?? o.epochs!;
  if (!Number.isInteger(count) || count < 0) throw new Error(`train: ${o.steps !== undefined ? 'steps' : 'epochs'} must be an integer ≥ 0, got ${count}`);
  const recordEvery = o.recordEvery ?? 1;
  checkInteger('train', 'recordEvery', recordEvery, 0);
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
 * One step's output, loss and ∂loss/∂params as a compiled function of the batch: the same VJPs `loss.backward()` runs
 * (torch.autograd.grad with the parameters as inputs), so the gradients are the eager ones bit for bit.
 */
function compiledStep(model: Module, lossFn: LossFn, params: readonly Parameter[]) {
  // Which parameters the loss depends on (found while tracing): eager backward leaves the others' .grad null, and
  // optimizers skip a null grad, so the compiled step must too (a zero gradient would still decay or carry momentum).
  const reached = new Set<Tensor>();
  const fn = compile((x: Tensor, y: Tensor): Tensor[] => {
    const output = model.forward(x);
    const l = lossFn(output, y);
    reached.clear();
    const stack = [l];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (reached.has(t) || !t.requiresGrad) continue;
      reached.add(t);
      if (t.node) stack.push(...t.node.parents);
    }
    const seed = new Tensor(new NDArray(new Float64Array([1]), l.shape));
    const grads = l.requiresGrad ? runBackward([l], [seed], params) : params.map((p) => p.zerosLike());
    return [output, l, ...grads];
  });
  return { fn, reached: (p: Parameter) => reached.has(p) };
}

type CompiledStep = ReturnType<typeof compiledStep>;

/**
 * The compiled step of each model, kept across train() calls (keyed by the loss as given: a name, a Loss or a
 * function), so that a caller taking one step per call — the explorer does — traces once and then replays.
 */
const stepCache = new WeakMap<Module, { loss: TrainOptions['loss']; params: readonly Parameter[]; step: CompiledStep }>();

function cachedStep(model: Module, loss: TrainOptions['loss'], lossFn: LossFn, params: readonly Parameter[]): CompiledStep {
  const c = stepCache.get(model);
  if (c && c.loss === loss && c.params.length === params.length && c.params.every((p, i) => p === params[i])) return c.step;
  const step = compiledStep(model, lossFn, params);
  stepCache.set(model, { loss, params, step });
  return step;
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
  const compiled = options.compile ?? true ? cachedStep(model, options.loss, lossFn, params) : null;
  const keepsOutput = callbacks.length > 0 || typeof stopOn === 'function';
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
    let lossT: Tensor | null = null;
    let pending: Tensor[] | null = null;
    let loss: number;
    if (compiled !== null && !(recording && wantLayers)) {
      // Output, loss and gradients replayed; the gradients are views the next step overwrites (as .grad is replaced).
      const [out, l, ...grads] = compiled.fn(batch.x, batch.y);
      output = keepsOutput ? out!.clone() : out!;
      loss = l!.item();
      pending = grads;
    } else {
      if (recording && wantLayers && isTracedModel(model)) {
        trace = model.forwardWithActivations(batch.x, { retainGrad: true });
        output = trace.output;
      } else output = model.forward(batch.x);
      lossT = lossFn(output, batch.y);
      loss = lossT.item();
    }
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
    // Gradients exist only once the loss passed its checks (as with eager backward, which runs only then).
    if (pending !== null) for (let i = 0; i < params.length; i++) params[i]!.grad = compiled!.reached(params[i]!) ? pending[i]! : null;
    else lossT!.backward();
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
