/**
 * A training run that advances on demand (run in the worker): an MLP from
 * src/nn on a 2-D dataset, full-batch steps through src/nn's `train` (so a
 * run of t steps here is exactly `train(model, data, { steps: t })`, bit
 * for bit), per-layer gradient norms, the sharpness λ_max of the Hessian
 * by Lanczos on Hessian-vector products every k steps (compared with GD's
 * stability limit 2/η), the decision function on a grid, and the hidden
 * units' incoming weights (identical units stay identical under full-batch
 * gradient descent; the "nearly identical" initialization shows them split).
 */
import { noGrad, tensor, type Parameter } from '../../src/autograd/index.js';
import { lanczos } from '../../src/linalg/index.js';
import { MLP, circles, gaussianBlobs, noisyXor, resolveLoss, spirals, train, twoMoons, type ActivationName, type Dataset, type LayerInit } from '../../src/nn/index.js';
import { moduleObjective } from '../../src/ode/flow/index.js';
import { Adam, RMSprop, SGD } from '../../src/optim/index.js';
import { Rng, kernelScope } from '../../src/tensor/index.js';

export const DATASETS = ['xor', 'moons', 'circles', 'spirals', 'blobs'] as const;
export const INITS = ['default', 'xavier', 'kaiming', 'orthogonal', 'identical', 'nearly-identical'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export const ACTIVATIONS: ActivationName[] = ['tanh', 'relu', 'sigmoid', 'gelu', 'softplus'];

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
}

/** The dataset of a config: 200 points (default), generated from the seed. */
export function makeDataset(name: string, seed: number, n = 200): Dataset {
  switch (name) {
    case 'xor':
      return noisyXor({ n, noise: 0.2, signed: true, seed });
    case 'moons':
      return twoMoons({ n, noise: 0.1, seed });
    case 'circles':
      return circles({ n, noise: 0.06, seed });
    case 'spirals':
      return spirals({ n, arms: 2, turns: 1, noise: 0.04, seed });
    case 'blobs':
      return gaussianBlobs({ n, centers: 3, box: 3, std: 0.7, seed });
    default:
      throw new Error(`makeDataset: name must be one of ${DATASETS.join(', ')}, got '${name}'`);
  }
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

/** The model, data, loss and optimizer of a config (the test builds the same to check the page). */
export function buildRun(cfg: TrainConfig) {
  const data = makeDataset(cfg.data, cfg.seed, cfg.n);
  const classes = data.meta.task === 'binary' ? 1 : (data.meta.nClasses ?? 2);
  const sizes = [2, ...cfg.hidden, classes];
  const model = new MLP(sizes, { hidden: cfg.activation, init: layerInits(cfg.init, sizes.length - 1, cfg.activation), seed: cfg.seed });
  const loss = classes === 1 ? ('bceWithLogits' as const) : ('crossEntropy' as const);
  const params = model.parameters();
  const optimizer =
    cfg.optimizer === 'sgd'
      ? new SGD(params, { lr: cfg.lr })
      : cfg.optimizer === 'momentum'
        ? new SGD(params, { lr: cfg.lr, momentum: cfg.momentum })
        : cfg.optimizer === 'adam'
          ? new Adam(params, { lr: cfg.lr })
          : cfg.optimizer === 'rmsprop'
            ? new RMSprop(params, { lr: cfg.lr })
            : null;
  if (!optimizer) throw new Error(`buildRun: optimizer must be one of ${OPTIMIZERS.join(', ')}, got '${cfg.optimizer}'`);
  return { data, model, loss, optimizer, classes };
}

export interface TrainSnapshot {
  step: number;
  /** Losses of the steps taken since the previous snapshot (measured before each update). */
  newLosses: number[];
  /** Loss at the current parameters and training accuracy. */
  loss: number;
  accuracy: number;
  /** ‖∂L/∂W_ℓ‖ per layer (at θ_step, before that step's update), every 10th step and at the last step taken. */
  newLayerGradNorms: { step: number; norms: number[] }[];
  /** New sharpness measurements since the previous snapshot. */
  newSharpness: { step: number; value: number }[];
  /** Decision function on the grid: P(class 1) (binary) or the class id + confidence (multiclass). */
  grid: { n: number; x: [number, number]; y: [number, number]; value: Float64Array; cls: Int32Array | null };
  /** Incoming weights of each hidden layer, row-major [units × fan-in], with biases. */
  hiddenWeights: { rows: number; cols: number; w: Float64Array; b: Float64Array }[];
  status: string;
  /** True once the run diverged or went non-finite (no further steps are taken). */
  stopped: boolean;
}

export class TrainSession {
  readonly cfg: TrainConfig;
  readonly run: ReturnType<typeof buildRun>;
  readonly points: { x: Float64Array; y: Float64Array; classes: number };
  step = 0;
  private status = 'ready';
  private diverged = false;
  private readonly box: { x: [number, number]; y: [number, number] };

  constructor(cfg: TrainConfig) {
    this.cfg = cfg;
    this.run = buildRun(cfg);
    const x = Float64Array.from(this.run.data.x.data);
    this.points = { x, y: Float64Array.from(this.run.data.y.data), classes: Math.max(2, this.run.classes) };
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < x.length; i += 2) {
      x0 = Math.min(x0, x[i]!);
      x1 = Math.max(x1, x[i]!);
      y0 = Math.min(y0, x[i + 1]!);
      y1 = Math.max(y1, x[i + 1]!);
    }
    const mx = 0.15 * (x1 - x0);
    const my = 0.15 * (y1 - y0);
    this.box = { x: [x0 - mx, x1 + mx], y: [y0 - my, y1 + my] };
  }

  /** λ_max of the loss Hessian at the current parameters (Lanczos on exact Hessian-vector products). */
  sharpness(): number {
    return kernelScope(() => {
      const obj = moduleObjective(this.run.model, this.run.data, this.run.loss);
      const theta = obj.theta0();
      const res = lanczos((v) => obj.hvp(theta, v), obj.n, { k: 1, steps: Math.min(obj.n, 20), tol: 1e-6, seed: 0 });
      return res.values[res.values.length - 1]!;
    });
  }

  /**
   * One training step whose intermediates live in reused memory (kernelScope):
   * only numbers leave it, and the gradients are dropped (train() zeroes them
   * before the next backward anyway), so nothing refers to the scope's memory.
   */
  private trainStep(record: boolean): { losses: number[]; status: string; reason: string; layerNorms: number[] | null } {
    const { model, data, loss, optimizer } = this.run;
    return kernelScope(() => {
      const res = train(model, data, { loss, optimizer, steps: 1, recordEvery: record ? 1 : 0, layerStats: record });
      for (const p of model.parameters()) p.grad = null;
      const layers = record ? res.history[0]?.layers : undefined;
      return { losses: [...res.losses], status: res.status, reason: res.reason, layerNorms: layers ? layers.map((l) => l.weightGradNorm) : null };
    });
  }

  /** Take up to `steps` steps (fewer once `budgetMs` of work is spent) and report. */
  advance(steps: number, budgetMs = Infinity): TrainSnapshot {
    const t0 = performance.now();
    const newLosses: number[] = [];
    const newSharpness: { step: number; value: number }[] = [];
    const newLayerGradNorms: { step: number; norms: number[] }[] = [];
    const every = this.cfg.sharpnessEvery;
    if (this.step === 0 && every > 0 && !this.diverged) newSharpness.push({ step: 0, value: this.sharpness() });
    for (let k = 0; k < steps && !this.diverged; k++) {
      const last = k === steps - 1 || performance.now() - t0 > budgetMs;
      const record = last || this.step % 10 === 0;
      const res = this.trainStep(record);
      newLosses.push(...res.losses);
      if (res.status !== 'completed') {
        this.diverged = true;
        this.status = res.reason;
        break;
      }
      if (res.layerNorms) newLayerGradNorms.push({ step: this.step, norms: res.layerNorms });
      this.step++;
      if (every > 0 && this.step % every === 0) newSharpness.push({ step: this.step, value: this.sharpness() });
      if (last) break;
    }
    if (!this.diverged) this.status = `step ${this.step}`;
    // The snapshot holds only numbers and arrays of its own, so its intermediates can live in reused memory too.
    return kernelScope(() => ({ step: this.step, newLosses, ...this.evaluate(), newLayerGradNorms, newSharpness, grid: this.decisionGrid(), hiddenWeights: this.hiddenWeights(), status: this.status, stopped: this.diverged }));
  }

  /** Loss at the current parameters (src/nn's loss, as `train` reports it as finalLoss) and training accuracy. */
  private evaluate(): { loss: number; accuracy: number } {
    const { model, data, classes, loss } = this.run;
    return noGrad(() => {
      const out = model.forward(data.x);
      const value = resolveLoss(loss)(out, data.y).item();
      const o = out.data;
      const y = data.y.data;
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

  private decisionGrid(n = 64): TrainSnapshot['grid'] {
    const { model, classes } = this.run;
    const pts = new Float64Array(2 * n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        pts[2 * (j * n + i)] = this.box.x[0] + ((this.box.x[1] - this.box.x[0]) * (i + 0.5)) / n;
        pts[2 * (j * n + i) + 1] = this.box.y[0] + ((this.box.y[1] - this.box.y[0]) * (j + 0.5)) / n;
      }
    }
    const out = noGrad(() => model.forward(tensor(pts, { shape: [n * n, 2] })).data);
    const value = new Float64Array(n * n);
    let cls: Int32Array | null = null;
    if (classes === 1) for (let k = 0; k < n * n; k++) value[k] = 1 / (1 + Math.exp(-out[k]!));
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

  private hiddenWeights(): TrainSnapshot['hiddenWeights'] {
    return this.run.model.layers.slice(0, -1).map((layer) => ({
      rows: layer.outFeatures,
      cols: layer.inFeatures,
      w: Float64Array.from(layer.weight.data),
      b: layer.bias ? Float64Array.from(layer.bias.data) : new Float64Array(layer.outFeatures),
    }));
  }
}

export interface TrainInit {
  points: { x: Float64Array; y: Float64Array; classes: number };
  snapshot: TrainSnapshot;
  /** Parameter count of the network. */
  params: number;
}

/** The worker's training run (one at a time). */
let session: TrainSession | null = null;

/** The worker's requests for the train view. */
export const trainHandlers = {
  trainInit: ({ config, steps }: { config: TrainConfig; steps: number }): TrainInit => {
    session = new TrainSession(config);
    // Replay the steps a shared URL reached (deterministic from the seed).
    const snapshot = session.advance(steps);
    const params = session.run.model.parameters().reduce((s, p) => s + p.size, 0);
    return { points: session.points, snapshot, params };
  },
  trainAdvance: ({ steps, budgetMs }: { steps: number; budgetMs: number }): TrainSnapshot => {
    if (!session) throw new Error('trainAdvance: no training run (send trainInit first)');
    return session.advance(steps, budgetMs);
  },
};
