/**
 * The same task learned by five credit-assignment rules: backprop, feedback
 * alignment, direct feedback alignment, weight perturbation and node
 * perturbation (see ./feedbackAlignment.ts and ./perturbation.ts).
 *
 * Task (Lillicrap et al. 2016): a network (default linear 30-20-10) learns a
 * random linear map y = T x from fresh Gaussian inputs x ~ N(0, I). Along
 * the way we record the test loss, the angle between each rule's update of
 * the hidden weights and the true gradient (FA's angle must fall well below
 * 90°), and how well the forward weights align with the feedback.
 */
import { Rng } from '../tensor/index.js';
import type { ActivationName } from './activations.js';
import type { MLP } from '../nn/index.js';
import { backwardPass, descendInPlace, forwardPass, matmulAB, mlpArrays, mseAndGrad, neuroMlp, predict, type Gradients, type MlpArrays } from './mlpArrays.js';
import { feedbackGradients, randomFeedback, type FeedbackMatrices } from './feedbackAlignment.js';
import { nodePerturbationEstimate, perturbationBaseline, weightPerturbationEstimate } from './perturbation.js';
import { angleDegrees, flatten, transpose } from './vectorMath.js';
import { checkPositiveInteger } from '../tensor/validate.js';

export type LearningRule = 'backprop' | 'feedbackAlignment' | 'directFeedbackAlignment' | 'weightPerturbation' | 'nodePerturbation';

export const LEARNING_RULES: readonly LearningRule[] = ['backprop', 'feedbackAlignment', 'directFeedbackAlignment', 'weightPerturbation', 'nodePerturbation'];

export interface LearningRulesConfig {
  /** Called in every long loop (the experiments runner's cancellation check: it may throw to stop). */
  checkpoint?: () => void;
  /** Layer sizes [input, hidden…, output]. */
  sizes?: number[];
  activation?: ActivationName;
  rules?: LearningRule[];
  steps?: number;
  batch?: number;
  /** Step size of backprop, FA and DFA. */
  learningRate?: number;
  /** Step size of the two perturbation rules (their estimates are far noisier). */
  perturbationLearningRate?: number;
  /** Noise std σ of the perturbations. */
  perturbationSigma?: number;
  /** Initial weights N(0, initScale²/fanIn). */
  initScale?: number;
  /** Feedback matrices N(0, feedbackScale²/fanIn of the feedback). */
  feedbackScale?: number;
  recordEvery?: number;
  testSamples?: number;
  seed?: number;
}

export interface RuleRecord {
  step: number;
  testLoss: number;
  /** Angle (°) between the rule's update of all hidden-layer weights and the true gradient. */
  updateAngle: number;
  /** FA/DFA: angle (°) between the feedback that reached each hidden layer and backprop's (W-transposed) signal. */
  signalAngle: number;
  /** FA: angle (°) between W^{l+1} and (B^{l+1})ᵀ; DFA: between W^{out}⋯W^{l+2} and (B^l)ᵀ; per hidden layer. */
  weightFeedbackAngles: number[];
}

export interface RuleRun {
  rule: LearningRule;
  records: RuleRecord[];
  initialLoss: number;
  finalLoss: number;
}

export interface LearningRulesResult {
  config: Required<Omit<LearningRulesConfig, 'checkpoint'>>;
  runs: RuleRun[];
}

const DEFAULTS: Required<Omit<LearningRulesConfig, 'checkpoint'>> = {
  sizes: [30, 20, 10],
  activation: 'linear',
  rules: [...LEARNING_RULES],
  steps: 1000,
  batch: 32,
  learningRate: 0.1,
  perturbationLearningRate: 0.01,
  perturbationSigma: 1e-3,
  initScale: 0.1,
  feedbackScale: 1,
  recordEvery: 50,
  testSamples: 256,
  seed: 0,
};

/** Product W^{out} W^{L} ⋯ W^{l+2}: how hidden layer l+1 reaches the output in a linear network, [dOut, size_{l+1}]. */
function forwardProductAbove(net: MlpArrays, l: number): Float64Array {
  const last = net.weights.length - 1;
  let m: Float64Array = Float64Array.from(net.weights[last]);
  let cols = net.sizes[last];
  for (let k = last - 1; k > l; k--) {
    m = matmulAB(m, net.weights[k], net.sizes[net.sizes.length - 1], cols, net.sizes[k]);
    cols = net.sizes[k];
  }
  return m;
}

function alignmentAngles(net: MlpArrays, rule: LearningRule, fb: FeedbackMatrices): number[] {
  const out: number[] = [];
  const dOut = net.sizes[net.sizes.length - 1];
  for (let l = 0; l < net.depth; l++) {
    if (rule === 'feedbackAlignment') {
      out.push(angleDegrees(net.weights[l + 1], transpose(fb.fa[l], net.sizes[l + 1], net.sizes[l + 2])));
    } else if (rule === 'directFeedbackAlignment') {
      out.push(angleDegrees(forwardProductAbove(net, l), transpose(fb.dfa[l], net.sizes[l + 1], dOut)));
    }
  }
  return out;
}

function ruleUpdate(rule: LearningRule, model: MLP, x: Float64Array, t: Float64Array, batch: number, fb: FeedbackMatrices, sigma: number, rng: Rng): Gradients {
  const net = mlpArrays(model);
  if (rule === 'weightPerturbation') {
    const weights = weightPerturbationEstimate(model, x, t, batch, sigma, rng, perturbationBaseline(model, x, t, batch));
    return { deltas: [], weights, biases: net.biases.map((b) => new Float64Array(b.length)) };
  }
  if (rule === 'nodePerturbation') {
    const est = nodePerturbationEstimate(model, x, t, batch, sigma, rng);
    const biases = est.deltas.map((d, l) => {
      const w = net.sizes[l + 1];
      const g = new Float64Array(w);
      for (let r = 0; r < batch; r++) for (let j = 0; j < w; j++) g[j] += d[r * w + j];
      return g;
    });
    return { deltas: est.deltas, weights: est.weights, biases };
  }
  const cache = forwardPass(net, x, batch);
  const { grad } = mseAndGrad(cache.pre[cache.pre.length - 1], t);
  return feedbackGradients(model, cache, grad, rule, fb);
}

/** Trains one copy of the same initial network per rule on the random-linear-map task. */
export function compareLearningRules(config: LearningRulesConfig = {}): LearningRulesResult {
  const { checkpoint, ...rest } = config;
  const c = { ...DEFAULTS, ...rest };
  if (c.sizes.length < 3) throw new Error(`compareLearningRules: sizes needs ≥ 1 hidden layer, got [${c.sizes.join(', ')}]`);
  for (const [k, v] of [['steps', c.steps], ['batch', c.batch], ['recordEvery', c.recordEvery], ['testSamples', c.testSamples]] as const) {
    checkPositiveInteger('compareLearningRules', k, v);
  }
  for (const [k, v] of [['learningRate', c.learningRate], ['perturbationLearningRate', c.perturbationLearningRate], ['perturbationSigma', c.perturbationSigma]] as const) {
    if (!(v > 0)) throw new Error(`compareLearningRules: ${k} must be > 0, got ${v}`);
  }
  const rng = new Rng(c.seed);
  const dIn = c.sizes[0];
  const dOut = c.sizes[c.sizes.length - 1];
  // T with N(0, 1/dIn) entries: y = Tx has unit variance per output.
  const T = rng.fillNormal(new Float64Array(dOut * dIn), 0, 1 / Math.sqrt(dIn));
  const makeBatch = (n: number, r: Rng): { x: Float64Array; y: Float64Array } => {
    const x = r.fillNormal(new Float64Array(n * dIn));
    const y = new Float64Array(n * dOut);
    for (let s = 0; s < n; s++) for (let i = 0; i < dOut; i++) {
      let acc = 0;
      for (let j = 0; j < dIn; j++) acc += T[i * dIn + j] * x[s * dIn + j];
      y[s * dOut + i] = acc;
    }
    return { x, y };
  };
  const test = makeBatch(c.testSamples, rng);
  const base = neuroMlp(c.sizes, { activation: c.activation, init: 'lecun', rng });
  for (const w of mlpArrays(base).weights) for (let i = 0; i < w.length; i++) w[i] *= c.initScale;
  const fb = randomFeedback(c.sizes, rng, c.feedbackScale);
  const runs: RuleRun[] = [];
  for (const rule of c.rules) {
    if (!LEARNING_RULES.includes(rule)) throw new Error(`compareLearningRules: rules must be among ${LEARNING_RULES.join(', ')}, got '${rule}'`);
    // A copy of the same initial network (zeros draw nothing from the generator).
    const model = neuroMlp(c.sizes, { activation: c.activation, init: 'zeros', rng: new Rng(0) });
    model.loadStateDict(base.stateDict());
    const net = mlpArrays(model);
    const dataRng = new Rng(c.seed + 1);
    const noiseRng = new Rng(c.seed + 2);
    const lr = rule === 'weightPerturbation' || rule === 'nodePerturbation' ? c.perturbationLearningRate : c.learningRate;
    const records: RuleRecord[] = [];
    const testLoss = (): number => mseAndGrad(predict(net, test.x, c.testSamples), test.y).loss;
    const initialLoss = testLoss();
    for (let step = 0; step <= c.steps; step++) {
      checkpoint?.();
      const { x, y } = makeBatch(c.batch, dataRng);
      const upd = ruleUpdate(rule, model, x, y, c.batch, fb, c.perturbationSigma, noiseRng);
      if (step % c.recordEvery === 0 || step === c.steps) {
        const cache = forwardPass(net, x, c.batch);
        const bp = backwardPass(net, cache, mseAndGrad(cache.pre[cache.pre.length - 1], y).grad);
        const hidden = (g: Gradients): Float64Array => flatten(g.weights.slice(0, -1));
        let signalAngle = NaN;
        if (rule === 'feedbackAlignment' || rule === 'directFeedbackAlignment') {
          signalAngle = angleDegrees(flatten(upd.deltas.slice(0, -1)), flatten(bp.deltas.slice(0, -1)));
        }
        records.push({ step, testLoss: testLoss(), updateAngle: angleDegrees(hidden(upd), hidden(bp)), signalAngle, weightFeedbackAngles: alignmentAngles(net, rule, fb) });
      }
      if (step === c.steps) break;
      descendInPlace(net, upd, lr);
    }
    runs.push({ rule, records, initialLoss, finalLoss: testLoss() });
  }
  return { config: c, runs };
}
