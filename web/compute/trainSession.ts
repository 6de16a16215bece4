/**
 * A training run that advances on demand (run in the worker): an MLP from
 * src/nn on a 2-D dataset (trainData.ts: noise, regression, uploads, the
 * train/test split), steps through src/nn's `train` on the batches that
 * `train(model, data, { steps: t, batchSize, seed })` would draw (full batch,
 * or mini-batches from the seed's permutations), so a run of t steps here is
 * that call bit for bit; L2 weight decay through the optimizer's
 * `weightDecay` (PyTorch semantics: λθ added to the gradient). Reported:
 * training and test loss and accuracy, per-layer gradient norms, the
 * sharpness λ_max of the training loss by Lanczos every k steps (against
 * GD's limit 2/η; in the explorer on a helper thread, sharpnessClient.ts,
 * while training goes on), the prediction on a grid, every hidden unit's
 * output on a coarse grid (the network diagram) and the hidden units'
 * incoming weights.
 */
import { noGrad, tensor, type Parameter, type Tensor } from '../../src/autograd/index.js';
import { MLP, batches, resolveLoss, train, type ActivationName, type Batch, type Dataset, type LayerInit } from '../../src/nn/index.js';
import { OPTIMIZER_NAMES, flattenParams, optimizerEntry } from '../../src/optim/index.js';
import { Rng, kernelScope } from '../../src/tensor/index.js';
import { measureSharpness, sharpnessObjective, type SharpnessObjective } from './sharpness.js';
import { SharpnessMeasurements, type RemoteSharpness } from './sharpnessClient.js';
import { makeDataset, splitDataset, type Points } from './trainData.js';

export { DATASETS, makeDataset } from './trainData.js';
export const INITS = ['default', 'xavier', 'kaiming', 'orthogonal', 'identical', 'nearly-identical'] as const;
/** The optimizers offered: every entry of src/optim's registry. */
export const OPTIMIZERS = OPTIMIZER_NAMES;
export const ACTIVATIONS: ActivationName[] = ['tanh', 'relu', 'sigmoid', 'gelu', 'softplus'];

/** Σ aᵢ², in index order (as src/nn's layer statistics sum it). */
function sumSquares(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return s;
}

export interface TrainConfig {
  data: string;
  hidden: number[];
  activation: string;
  init: string;
  optimizer: string;
  lr: number;
  momentum: number;
  /** Sharpness every this many steps (0: never). */
  sharpnessEvery: number;
  seed: number;
  n?: number;
  /** Dataset noise (trainData.makeDataset); default 0.1. */
  noise?: number;
  /** Share of the points held out for testing (0 ≤ split < 1); default 0. */
  split?: number;
  /** Rows per step; 0 or ≥ the training set: full batch (default). */
  batchSize?: number;
  /** L2 weight decay λ (the optimizer's weightDecay); default 0. */
  weightDecay?: number;
  /** The user's points when data is 'upload'. */
  points?: Points;
}

/**
 * Identical hidden units: layer 1's rows are one random vector, deeper
 * layers are constant (so their input columns are identical too); biases
 * constant per layer. With ε > 0 every entry gets N(0, ε²) noise on top.
 */
function identicalInit(layer: number, epsilon: number): LayerInit {
  return (weight: Parameter, bias: Parameter | null, rng: Rng) => {
    const [rows, cols] = weight.shape as [number, number];
    const scale = 1 / Math.sqrt(cols);
    const row = Array.from({ length: cols }, () => rng.normal(0, scale));
    const c = rng.normal(0, scale);
    const w = weight.data;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[i * cols + j] = (layer === 0 ? row[j]! : c) + (epsilon > 0 ? rng.normal(0, epsilon) : 0);
    if (bias) {
      const b0 = rng.normal(0, 0.1);
      for (let i = 0; i < rows; i++) bias.data[i] = b0 + (epsilon > 0 ? rng.normal(0, epsilon) : 0);
    }
  };
}

export function layerInits(init: string, layers: number, activation: string): LayerInit[] | LayerInit {
  switch (init) {
    case 'default':
      return { kind: 'default' };
    case 'xavier':
      return { weight: { kind: 'xavierNormal' }, bias: { kind: 'zeros' } };
    case 'kaiming':
      return { weight: { kind: 'kaimingNormal', nonlinearity: activation === 'relu' ? 'relu' : 'tanh' }, bias: { kind: 'zeros' } };
    case 'orthogonal':
      return { weight: { kind: 'orthogonal' }, bias: { kind: 'zeros' } };
    case 'identical':
    case 'nearly-identical':
      return Array.from({ length: layers }, (_, l) => identicalInit(l, init === 'identical' ? 0 : 1e-3));
    default:
      throw new Error(`layerInits: init must be one of ${INITS.join(', ')}, got '${init}'`);
  }
}

/** The model, data, loss and optimizer of a config (the tests build the same with src/nn to check the page). */
export function buildRun(cfg: TrainConfig) {
  const full = makeDataset(cfg.data, cfg.seed, cfg.n, cfg.noise ?? 0.1, cfg.points);
  const { train: data, test } = splitDataset(full, cfg.split ?? 0, cfg.seed);
  const task = full.meta.task;
  const classes = task === 'multiclass' ? (full.meta.nClasses ?? 2) : 1;
  const sizes = [2, ...cfg.hidden, classes];
  const model = new MLP(sizes, { hidden: cfg.activation, init: layerInits(cfg.init, sizes.length - 1, cfg.activation), seed: cfg.seed });
  const loss = task === 'regression' ? ('mse' as const) : classes === 1 ? ('bceWithLogits' as const) : ('crossEntropy' as const);
  const params = model.parameters();
  const weightDecay = cfg.weightDecay ?? 0;
  const entry = optimizerEntry(cfg.optimizer);
  // The β slider sets the momentum of the methods whose momentum is on by default (heavy ball, Nesterov).
  const usesSlider = entry.options.some((f) => f.name === 'momentum' && f.kind === 'number' && f.default > 0);
  const optimizer = entry.create(params, usesSlider ? { lr: cfg.lr, momentum: cfg.momentum, weightDecay } : { lr: cfg.lr, weightDecay });
  const n = data.x.shape[0]!;
  const batchSize = cfg.batchSize && cfg.batchSize > 0 ? Math.min(cfg.batchSize, n) : n;
  return { data, test, task, model, loss, optimizer, classes, batchSize };
}

/** The batches `train(model, data, { batchSize, seed })` draws, one per step (src/nn's batch stream). */
function* batchStream(data: Dataset, batchSize: number, seed: number): Generator<Batch> {
  const n = data.x.shape[0]!;
  if (batchSize >= n) for (;;) yield { x: data.x, y: data.y, indices: Int32Array.from({ length: n }, (_, i) => i) };
  const rng = new Rng(seed);
  for (;;) yield* batches(data, batchSize, rng);
}

/** A field over the plane sampled on an n × n grid (row j = y ascending). */
export interface PlaneGrid {
  n: number;
  x: [number, number];
  y: [number, number];
  value: Float64Array;
}

export interface TrainSnapshot {
  step: number;
  /** Losses of the steps taken since the previous snapshot (the batch loss, measured before each update). */
  newLosses: Float64Array;
  /** Loss on the training set at the current parameters, and training accuracy (NaN for a regression). */
  loss: number;
  accuracy: number;
  /** Loss and accuracy on the held-out test set (NaN without one). */
  testLoss: number;
  testAccuracy: number;
  /** Training- and test-set loss at θ_step, every 10th step and at the last step taken. */
  newEvalLosses: { step: number; train: number; test: number }[];
  /** ‖∂L/∂W_ℓ‖ per layer (at θ_step, before that step's update), every 10th step and at the last step taken. */
  newLayerGradNorms: { step: number; norms: number[] }[];
  /** New sharpness measurements since the previous snapshot, in step order (a helper's still running ones follow later). */
  newSharpness: { step: number; value: number }[];
  /** Measurements of this session made on the helper thread so far (the rest were made inline). */
  sharpnessHelped: number;
  /** The prediction on the grid: P(class 1) (binary), the class id + its probability (multiclass), or the output (regression). */
  grid: PlaneGrid & { cls: Int32Array | null };
  /** Each hidden unit's output on a coarse grid, per hidden layer (the network diagram's thumbnails). */
  units: { n: number; layers: Float64Array[][] };
  /** Weights and biases of every layer, row-major [out × in] (the diagram's edges; hidden layers also the symmetry panel). */
  hiddenWeights: { rows: number; cols: number; w: Float64Array; b: Float64Array }[];
  status: string;
  /** True once the run diverged or went non-finite (no further steps are taken). */
  stopped: boolean;
}

/** The prediction grid's side: at rest, and while playing (see snapshot). */
const GRID = 64;
export const PLAY_GRID = 32;
const UNIT_GRID = 20;

export class TrainSession {
  readonly cfg: TrainConfig;
  readonly run: ReturnType<typeof buildRun>;
  /** Every point: training points first, then test points (test[i] = 1). */
  readonly points: { x: Float64Array; y: Float64Array; test: Uint8Array; classes: number; task: string };
  step = 0;
  private status = 'ready';
  private diverged = false;
  private readonly box: { x: [number, number]; y: [number, number] };
  private readonly stream: Generator<Batch>;
  /** Reports of the steps taken since the last snapshot. */
  private pending: { losses: number[]; evals: TrainSnapshot['newEvalLosses']; grads: TrainSnapshot['newLayerGradNorms'] } = { losses: [], evals: [], grads: [] };
  /** Sharpness measurements not yet reported, on the helper thread or made here. */
  private readonly measurements: SharpnessMeasurements;
  private measuredAtStart = false;
  private sharpnessObjective: SharpnessObjective | undefined;

  /**
   * `remote`: a channel to the sharpness helper thread (web/compute/sharpnessClient.ts), which then measures while
   * this session trains on; null measures inline (Node, or no helper).
   */
  constructor(cfg: TrainConfig, remote: RemoteSharpness | null = null) {
    this.cfg = cfg;
    this.measurements = new SharpnessMeasurements((theta) => this.sharpness(theta), remote);
    this.run = buildRun(cfg);
    const { data, test } = this.run;
    const nTrain = data.y.shape[0]!;
    const nTest = test ? test.y.shape[0]! : 0;
    const x = Float64Array.from([...data.x.data, ...(test ? test.x.data : [])]);
    const flag = new Uint8Array(nTrain + nTest).fill(1, nTrain);
    this.points = { x, y: Float64Array.from([...data.y.data, ...(test ? test.y.data : [])]), test: flag, classes: this.run.task === 'regression' ? 0 : Math.max(2, this.run.classes), task: this.run.task };
    this.stream = batchStream(data, this.run.batchSize, cfg.seed);
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < x.length; i += 2) {
      x0 = Math.min(x0, x[i]!);
      x1 = Math.max(x1, x[i]!);
      y0 = Math.min(y0, x[i + 1]!);
      y1 = Math.max(y1, x[i + 1]!);
    }
    const mx = 0.15 * (x1 - x0 || 1);
    const my = 0.15 * (y1 - y0 || 1);
    this.box = { x: [x0 - mx, x1 + mx], y: [y0 - my, y1 + my] };
  }

  /**
   * λ_max of the training loss's Hessian (full training set) at θ, by default the current parameters (Lanczos on
   * exact Hessian-vector products, ./sharpness.ts), measured on this thread. The objective is built once per
   * session: L(θ) of a fixed model, loss and training set is shape-static, so its compiled HVP is traced on the first
   * measurement and replayed by every later one (it reads θ from its argument, never from the model). Replay
   * allocates nothing, so no kernelScope is needed, and none may be used: the trace's buffers outlive the call, which
   * scope memory must not.
   */
  sharpness(theta: Float64Array = flattenParams(this.run.model.parameters())): number {
    this.sharpnessObjective ??= sharpnessObjective(this.run.model, this.run.data, this.run.loss);
    return measureSharpness(this.sharpnessObjective, theta);
  }

  /** Resolves once every sharpness measurement asked for so far is known (the helper's included). */
  settled(): Promise<void> {
    return this.measurements.settled();
  }

  /** Drop the session's measurements still on the helper (a newer session replaces it). */
  close(): void {
    this.measurements.close();
  }

  /**
   * One training step on the next batch, its intermediates in reused memory
   * (kernelScope): only numbers leave it, and the gradients are dropped
   * (train() zeroes them before the next backward anyway). Always the
   * compiled step: a recorded step's per-layer ‖∂L/∂W_ℓ‖ is read from the
   * gradients it leaves on the weights (the optimizers do not change .grad),
   * the number train()'s `layerStats` reports, which would take the eager
   * path with a forward trace instead.
   */
  private trainStep(record: boolean): { losses: number[]; status: string; reason: string; layerNorms: number[] | null } {
    const { model, loss, optimizer } = this.run;
    return kernelScope(() => {
      const batch = this.stream.next().value as Batch;
      const res = train(model, { x: batch.x, y: batch.y }, { loss, optimizer, steps: 1, recordEvery: 0 });
      const layerNorms = record && res.status === 'completed' ? model.layers.map((l) => (l.weight.grad ? Math.sqrt(sumSquares(l.weight.grad.data)) : NaN)) : null;
      for (const p of model.parameters()) p.grad = null;
      return { losses: [...res.losses], status: res.status, reason: res.reason, layerNorms };
    });
  }

  /** True once the run diverged or went non-finite (no further steps are taken). */
  get stopped(): boolean {
    return this.diverged;
  }

  /**
   * Take up to `steps` steps, fewer once `budgetMs` of work is spent, and
   * keep what they report (losses, evaluations, gradient norms, sharpness)
   * for the next snapshot. The training and test loss are recorded every
   * 10th step, and at the last step taken when `recordLast` (a snapshot that
   * follows at once then has them at its own step). Returns the steps taken.
   */
  train(steps: number, budgetMs = Infinity, recordLast = true): number {
    const t0 = performance.now();
    const p = this.pending;
    const every = this.cfg.sharpnessEvery;
    if (this.step === 0 && every > 0 && !this.diverged && !this.measuredAtStart) {
      this.measuredAtStart = true;
      this.measurements.measure(0, flattenParams(this.run.model.parameters()));
    }
    const start = this.step;
    for (let k = 0; k < steps && !this.diverged; k++) {
      const last = k === steps - 1 || performance.now() - t0 > budgetMs;
      const record = (recordLast && last) || this.step % 10 === 0;
      if (record) kernelScope(() => p.evals.push({ step: this.step, train: this.evaluate(this.run.data).loss, test: this.run.test ? this.evaluate(this.run.test).loss : NaN }));
      const res = this.trainStep(record);
      p.losses.push(...res.losses);
      if (res.status !== 'completed') {
        this.diverged = true;
        this.status = res.reason;
        break;
      }
      if (res.layerNorms) p.grads.push({ step: this.step, norms: res.layerNorms });
      this.step++;
      if (every > 0 && this.step % every === 0) this.measurements.measure(this.step, flattenParams(this.run.model.parameters()));
      if (last) break;
    }
    if (!this.diverged) this.status = `step ${this.step}`;
    return this.step - start;
  }

  /**
   * What changed since the previous snapshot (the steps' reports), and the
   * current state's arrays, each in a buffer of its own. The prediction grid
   * is `gridSize` cells a side: 64 at rest; a play's updates (one per
   * animation frame) ask for 32, since 64² forward passes cost about six
   * training steps of 200 points, which at 60 updates a second would take
   * ≈ 14 % of the worker's time from training (a quarter of that at 32²;
   * the page draws either smoothly interpolated).
   */
  snapshot(gridSize = GRID): TrainSnapshot {
    const p = this.pending;
    this.pending = { losses: [], evals: [], grads: [] };
    const sharpness = this.measurements.take();
    // The snapshot holds only numbers and arrays of its own, so its intermediates can live in reused memory too.
    return kernelScope(() => {
      const trainEval = this.evaluate(this.run.data);
      const testEval = this.run.test ? this.evaluate(this.run.test) : { loss: NaN, accuracy: NaN };
      return {
        step: this.step,
        newLosses: Float64Array.from(p.losses),
        loss: trainEval.loss,
        accuracy: trainEval.accuracy,
        testLoss: testEval.loss,
        testAccuracy: testEval.accuracy,
        newEvalLosses: p.evals,
        newLayerGradNorms: p.grads,
        newSharpness: sharpness,
        sharpnessHelped: this.measurements.helped,
        grid: this.predictionGrid(gridSize),
        units: this.unitGrids(),
        hiddenWeights: this.weights(),
        status: this.status,
        stopped: this.diverged,
      };
    });
  }

  /**
   * Take up to `steps` steps (fewer once `budgetMs` of work is spent) and report (with a helper, the sharpness values
   * it has returned by then: the worker awaits `settled()` between train and snapshot instead).
   */
  advance(steps: number, budgetMs = Infinity): TrainSnapshot {
    this.train(steps, budgetMs);
    return this.snapshot();
  }

  /** Loss (src/nn's loss, as `train` reports finalLoss on the training set) and accuracy (NaN for a regression) on a dataset. */
  evaluate(set: { x: Tensor; y: Tensor }): { loss: number; accuracy: number } {
    const { model, classes, loss, task } = this.run;
    return noGrad(() => {
      const out = model.forward(set.x);
      const value = resolveLoss(loss)(out, set.y).item();
      if (task === 'regression') return { loss: value, accuracy: NaN };
      const o = out.data;
      const y = set.y.data;
      let correct = 0;
      for (let i = 0; i < y.length; i++) {
        if (classes === 1) {
          if (o[i]! > 0 === y[i]! > 0.5) correct++;
          continue;
        }
        let best = 0;
        for (let c = 1; c < classes; c++) if (o[i * classes + c]! > o[i * classes + best]!) best = c;
        if (best === y[i]) correct++;
      }
      return { loss: value, accuracy: correct / y.length };
    });
  }

  /** Grid points (cell centres) over the data's box, as an [n², 2] tensor. */
  private gridPoints(n: number): Tensor {
    const pts = new Float64Array(2 * n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        pts[2 * (j * n + i)] = this.box.x[0] + ((this.box.x[1] - this.box.x[0]) * (i + 0.5)) / n;
        pts[2 * (j * n + i) + 1] = this.box.y[0] + ((this.box.y[1] - this.box.y[0]) * (j + 0.5)) / n;
      }
    }
    return tensor(pts, { shape: [n * n, 2] });
  }

  private predictionGrid(n = GRID): TrainSnapshot['grid'] {
    const { model, classes, task } = this.run;
    const out = noGrad(() => model.forward(this.gridPoints(n)).data);
    const value = new Float64Array(n * n);
    let cls: Int32Array | null = null;
    if (task === 'regression') value.set(out.subarray(0, n * n));
    else if (classes === 1) for (let k = 0; k < n * n; k++) value[k] = 1 / (1 + Math.exp(-out[k]!));
    else {
      cls = new Int32Array(n * n);
      for (let k = 0; k < n * n; k++) {
        let best = 0;
        let m = -Infinity;
        for (let c = 0; c < classes; c++) if (out[k * classes + c]! > m) [m, best] = [out[k * classes + c]!, c];
        let s = 0;
        for (let c = 0; c < classes; c++) s += Math.exp(out[k * classes + c]! - m);
        cls[k] = best;
        value[k] = 1 / s;
      }
    }
    return { n, x: this.box.x, y: this.box.y, value, cls };
  }

  /** Each hidden unit's output h_ℓ,i(x) over the plane (forwardWithActivations on a coarse grid). */
  private unitGrids(n = UNIT_GRID): TrainSnapshot['units'] {
    const trace = noGrad(() => this.run.model.forwardWithActivations(this.gridPoints(n)));
    const layers = trace.layers.slice(0, -1).map((layer) => {
      const h = layer.postActivation.data;
      const units = layer.postActivation.shape[1]!;
      return Array.from({ length: units }, (_, u) => {
        const v = new Float64Array(n * n);
        for (let k = 0; k < n * n; k++) v[k] = h[k * units + u]!;
        return v;
      });
    });
    return { n, layers };
  }

  private weights(): TrainSnapshot['hiddenWeights'] {
    return this.run.model.layers.map((layer) => ({
      rows: layer.outFeatures,
      cols: layer.inFeatures,
      w: Float64Array.from(layer.weight.data),
      b: layer.bias ? Float64Array.from(layer.bias.data) : new Float64Array(layer.outFeatures),
    }));
  }
}

/**
 * The buffers of a snapshot's arrays, to transfer (not copy) to the page:
 * every one was allocated for this snapshot alone (see snapshot()), so the
 * worker keeps no view of them.
 */
export function snapshotBuffers(s: TrainSnapshot): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [s.newLosses, s.grid.value, ...(s.grid.cls ? [s.grid.cls] : []), ...s.units.layers.flat(), ...s.hiddenWeights.flatMap((w) => [w.w, w.b])];
  const own = arrays.filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength).map((a) => a.buffer as ArrayBuffer);
  return [...new Set(own)];
}

export interface TrainInit {
  points: TrainSession['points'];
  snapshot: TrainSnapshot;
  /** Parameter count of the network. */
  params: number;
}
