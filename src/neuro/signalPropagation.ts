/**
 * Vanishing and exploding gradients, measured next to the mean-field theory
 * (./theory.ts). For every (activation, initialisation) the study
 *  1. builds a deep MLP at the chosen depth and measures, per layer, the
 *     forward second moments, the backward gradient norms and the Jacobian
 *     singular values at initialisation, beside the theory's predictions;
 *  2. trains it briefly (full-batch gradient descent on a teacher–student
 *     regression) and repeats the measurements along the way;
 *  3. trains a network of every depth in `depths` and records whether the
 *     loss fell by `lossFactor`, giving the depth at which training stops
 *     working, and a sentence saying why, written from the numbers.
 */
import { Rng } from '../tensor/index.js';
import { ACTIVATION_NAMES, type ActivationName } from './activations.js';
import type { MLP } from '../nn/index.js';
import { neuroMlp } from './mlpArrays.js';
import { INIT_SCHEMES, initWeightVariance, orthogonalGain, type InitScheme } from './init.js';
import { measureSignalPropagation, type LayerMeasurement } from './signalMeasure.js';
import { gradientStep, taskLoss, teacherStudentTask, type RegressionTask } from './teacherStudent.js';
import { depthScale, meanFieldSummary, predictLayers, type LayerPrediction, type MeanFieldSummary } from './theory.js';
import { checkInteger, checkNonNegativeNumber, checkPositiveNumber } from '../tensor/validate.js';

export interface SignalPropagationConfig {
  activations?: ActivationName[];
  inits?: InitScheme[];
  /** Hidden width n (16–512). */
  width?: number;
  /** Depth of the network whose layers are measured (2–100). */
  depth?: number;
  /** Depths whose trainability is tested (each 2–100). */
  depths?: number[];
  outputDim?: number;
  /** Training examples (also the measurement batch). */
  samples?: number;
  trainSteps?: number;
  learningRate?: number;
  /** Trained ⇔ final loss ≤ min(initial loss, 1)/lossFactor (1 = loss of the best constant). */
  lossFactor?: number;
  /** Measure the layers every this many steps while training the measured network. */
  measureEvery?: number;
  /** Also compute the Jacobian singular values at the measurements during training (cost O(L·n²·d₀ + L·d₀³) each). */
  jacobianDuringTraining?: boolean;
  /** σ_b (std of the biases). */
  biasStd?: number;
  seed?: number;
}

export interface LayerComparison {
  measured: LayerMeasurement;
  predicted: LayerPrediction;
}

export interface TrainabilityRecord {
  depth: number;
  initialLoss: number;
  finalLoss: number;
  trained: boolean;
}

export interface SignalPropagationCase {
  activation: ActivationName;
  init: InitScheme;
  /** σ_w² = fanIn·v of the hidden layers. */
  sigmaW2: number;
  meanField: MeanFieldSummary;
  /** Geometric mean of the predicted hidden-to-hidden factors χ₁…χ_{L−1} (what matters at finite q, not only at q*). */
  chiEffective: number;
  /** The same factor measured: (‖δ¹‖²/‖δ^L‖²)^{1/(L−1)}. */
  chiMeasured: number;
  /** Per-layer measured vs predicted quantities at initialisation. */
  atInit: LayerComparison[];
  /** Measurements while training the measured network. */
  duringTraining: { step: number; loss: number; layers: LayerMeasurement[] }[];
  trainability: TrainabilityRecord[];
  /** Largest tested depth such that it and every shallower tested depth trained (0 if none). */
  maxTrainableDepth: number;
  /** Smallest tested depth that did not train (null if all trained). */
  firstFailingDepth: number | null;
  why: string;
}

export interface SignalPropagationResult {
  config: Required<SignalPropagationConfig>;
  cases: SignalPropagationCase[];
}

const DEFAULTS: Required<SignalPropagationConfig> = {
  activations: [...ACTIVATION_NAMES],
  inits: [...INIT_SCHEMES],
  width: 32,
  depth: 10,
  depths: [2, 5, 10, 20],
  outputDim: 4,
  samples: 32,
  trainSteps: 100,
  learningRate: 0.05,
  lossFactor: 2,
  measureEvery: 50,
  jacobianDuringTraining: true,
  biasStd: 0,
  seed: 0,
};


function resolveConfig(config: SignalPropagationConfig): Required<SignalPropagationConfig> {
  const c = { ...DEFAULTS, ...config };
  for (const a of c.activations) {
    if (!ACTIVATION_NAMES.includes(a)) throw new Error(`signalPropagationStudy: activations must be among ${ACTIVATION_NAMES.join(', ')}, got '${a}'`);
  }
  for (const i of c.inits) {
    if (!INIT_SCHEMES.includes(i)) throw new Error(`signalPropagationStudy: inits must be among ${INIT_SCHEMES.join(', ')}, got '${i}'`);
  }
  checkInteger('signalPropagationStudy', 'width', c.width, 1, 4096);
  checkInteger('signalPropagationStudy', 'depth', c.depth, 1, 1000);
  c.depths.forEach((d) => checkInteger('signalPropagationStudy', 'depths[i]', d, 1, 1000));
  checkInteger('signalPropagationStudy', 'outputDim', c.outputDim, 1, 4096);
  checkInteger('signalPropagationStudy', 'samples', c.samples, 1, 1e6);
  checkInteger('signalPropagationStudy', 'trainSteps', c.trainSteps, 0, 1e7);
  checkInteger('signalPropagationStudy', 'measureEvery', c.measureEvery, 1, 1e7);
  checkPositiveNumber('signalPropagationStudy', 'learningRate', c.learningRate);
  if (!(c.lossFactor > 1)) throw new Error(`signalPropagationStudy: lossFactor must be > 1, got ${c.lossFactor}`);
  checkNonNegativeNumber('signalPropagationStudy', 'biasStd', c.biasStd);
  return { ...c, depths: [...c.depths].sort((a, b) => a - b) };
}

function buildNet(c: Required<SignalPropagationConfig>, activation: ActivationName, init: InitScheme, depth: number, rng: Rng): MLP {
  const sizes = [c.width, ...new Array<number>(depth).fill(c.width), c.outputDim];
  return neuroMlp(sizes, { activation, init, gain: orthogonalGain(activation), biasStd: c.biasStd, rng });
}

function weightVariances(net: MLP, init: InitScheme, gain: number): number[] {
  return net.layers.map((_, l) => initWeightVariance(init, net.sizes[l + 1], net.sizes[l], gain));
}

/** Trains `net` for `steps` full-batch steps; stops early (and reports Infinity) once the loss is not finite. */
function train(net: MLP, task: RegressionTask, steps: number, lr: number, checkpoint?: () => void): { initialLoss: number; finalLoss: number } {
  const initialLoss = taskLoss(net, task);
  for (let s = 0; s < steps; s++) {
    checkpoint?.();
    const loss = gradientStep(net, task, lr);
    if (!Number.isFinite(loss)) return { initialLoss, finalLoss: Infinity };
  }
  const finalLoss = taskLoss(net, task);
  return { initialLoss, finalLoss: Number.isFinite(finalLoss) ? finalLoss : Infinity };
}

/** Short numeric format for sentences: 0.42, 3.1e-8, 12. */
export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-2) return x.toExponential(digits - 1).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

function explain(k: Omit<SignalPropagationCase, 'why'>, depth: number): string {
  const { chiEffective: chi, init } = k;
  const failing = k.firstFailingDepth;
  const failRecord = k.trainability.find((t) => t.depth === failing);
  const how = failRecord && !Number.isFinite(failRecord.finalLoss) ? 'training diverged (non-finite loss)' : 'the loss no longer fell by the required factor';
  const verdict =
    failing === null
      ? `every tested depth up to ${k.trainability.at(-1)?.depth ?? depth} trained`
      : `${how} from depth ${failing} on` + (k.maxTrainableDepth > 0 ? ` (depth ${k.maxTrainableDepth} still trained)` : '');
  if (init === 'zeros') {
    return `All weights are zero: at initialisation the hidden units carry no information about the input (q = σ_b² = ${formatNumber(k.meanField.sigmaB2)}) and receive no credit (χ₁ = 0), and since every unit of a layer gets the same update their symmetry never breaks; ${verdict}.`;
  }
  const D = failing ?? depth;
  const factor = chi ** D;
  let gradient: string;
  if (Math.abs(chi - 1) < 0.005) {
    gradient = `χ₁ = ${formatNumber(chi, 3)} ≈ 1: the squared gradient norm is preserved from layer to layer (×${formatNumber(factor)} over ${D} layers)`;
  } else if (chi < 1) {
    gradient = `χ₁ = ${formatNumber(chi, 3)} < 1: the squared gradient norm shrinks by ${formatNumber(chi, 3)} per layer, so after ${D} layers by ${formatNumber(factor)}`;
  } else {
    gradient = `χ₁ = ${formatNumber(chi, 3)} > 1: the squared gradient norm grows by ${formatNumber(chi, 3)} per layer, so after ${D} layers by ${formatNumber(factor)}`;
  }
  // |ln χ₁| below 1e-9 is rounding of an exactly critical network: ξ = ∞.
  const xi = Math.abs(Math.log(chi)) < 1e-9 ? '∞' : `${formatNumber(Math.abs(depthScale(chi)))} layers`;
  gradient += ` (measured per-layer factor ${formatNumber(k.chiMeasured, 3)}, depth scale |ξ| = |1/ln χ₁| = ${xi})`;
  const first = k.atInit[0]?.predicted.preactivationSecondMoment ?? NaN;
  const last = k.atInit.at(-1)?.predicted.preactivationSecondMoment ?? NaN;
  let forward = '';
  const ratio = last / first;
  if (ratio > 1e3 || ratio < 1e-3) {
    forward = `; forward, the pre-activation second moment goes from q¹ = ${formatNumber(first)} to q^${k.atInit.length} = ${formatNumber(last)}`;
  }
  return `${gradient}${forward}; ${verdict}.`;
}

function geometricMean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += Math.log(x);
  return Math.exp(s / xs.length);
}

/** Runs the whole study; see the module comment. Result is plain data (JSON-serialisable except ±Infinity/NaN). */
/** `checkpoint`, if given, is called before every gradient step and measurement (the experiments runner's cancellation check: it may throw). */
export function signalPropagationStudy(config: SignalPropagationConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): SignalPropagationResult {
  const c = resolveConfig(config);
  const master = new Rng(c.seed);
  const task = teacherStudentTask(c.samples, c.width, c.outputDim, master.fork());
  const cases: SignalPropagationCase[] = [];
  for (const activation of c.activations) {
    for (const init of c.inits) {
      checkpoint?.();
      const caseRng = master.fork();
      const gain = orthogonalGain(activation);
      const net = buildNet(c, activation, init, c.depth, caseRng);
      const shape = { activation, sizes: net.sizes, weightVariances: weightVariances(net, init, gain), sigmaB2: c.biasStd ** 2, orthogonal: init === 'orthogonal' };
      const sigmaW2 = c.width * shape.weightVariances[1 % shape.weightVariances.length];
      const meanField = meanFieldSummary(activation, sigmaW2, c.biasStd ** 2, checkpoint);
      const m0 = measureSignalPropagation(net, task.x, task.y, task.samples, { checkpoint });
      // Inputs lie on the sphere ‖x‖² = d, so (1/d)·E‖x⁰‖² = 1.
      const predicted = predictLayers(shape, 1, m0.outputGradNorm);
      const atInit = m0.layers.map((measured, i) => ({ measured, predicted: predicted[i] }));
      const duringTraining = [{ step: 0, loss: m0.loss, layers: m0.layers }];
      for (let step = 1; step <= c.trainSteps; step++) {
        checkpoint?.();
        gradientStep(net, task, c.learningRate);
        if (step % c.measureEvery === 0 || step === c.trainSteps) {
          const m = measureSignalPropagation(net, task.x, task.y, task.samples, { jacobian: c.jacobianDuringTraining, checkpoint });
          duringTraining.push({ step, loss: m.loss, layers: m.layers });
          if (!Number.isFinite(m.loss)) break;
        }
      }
      const trainability: TrainabilityRecord[] = c.depths.map((depth) => {
        checkpoint?.();
        const { initialLoss, finalLoss } = train(buildNet(c, activation, init, depth, caseRng.fork()), task, c.trainSteps, c.learningRate, checkpoint);
        const reference = Math.min(initialLoss, 1);
        return { depth, initialLoss, finalLoss, trained: Number.isFinite(finalLoss) && finalLoss <= reference / c.lossFactor };
      });
      const firstFail = trainability.find((t) => !t.trained);
      const passed = trainability.filter((t) => t.trained && (!firstFail || t.depth < firstFail.depth));
      const L = atInit.length;
      const gTop = atInit[L - 1]?.measured.activationGradNorm ?? NaN;
      const gBottom = atInit[0]?.measured.activationGradNorm ?? NaN;
      const partial: Omit<SignalPropagationCase, 'why'> = {
        activation,
        init,
        sigmaW2,
        meanField,
        // Hidden-to-hidden factors χ₁…χ_{L−1} (χ_L involves the output layer's different fan-in).
        chiEffective: init === 'zeros' ? 0 : geometricMean((L > 1 ? predicted.slice(0, -1) : predicted).map((p) => p.chi)),
        chiMeasured: L > 1 ? (gBottom / gTop) ** (2 / (L - 1)) : NaN,
        atInit,
        duringTraining,
        trainability,
        maxTrainableDepth: passed.length ? passed[passed.length - 1].depth : 0,
        firstFailingDepth: firstFail ? firstFail.depth : null,
      };
      cases.push({ ...partial, why: explain(partial, c.depth) });
    }
  }
  return { config: c, cases };
}
