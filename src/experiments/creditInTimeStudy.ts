/**
 * Credit in time, as a pure function of its config (Bengio et al. 1994; Pascanu et al. 2013).
 *
 * 1. For tanh RNNs with recurrent weights W ~ N(0, g²/H) at several gains g: the norm of the gradient of a
 *    last-step loss with respect to the state k steps back, from BPTT, against the explicit product of the
 *    recurrent Jacobians and against the bound (‖W‖₂·max|φ′|)^{T−k}.
 * 2. Clipping: the same RNN with a readout trained by SGD on pulse integration at a large gain, with and without
 *    torch-style norm clipping; exploding steps are those whose gradient norm jumps above 10× the recent median.
 */
import { mseLoss, noGrad, tensor } from '../autograd/index.js';
import { creditInTime, explodingSteps, type CreditInTimeResult } from '../dynamics/index.js';
import { init, Linear, pulseIntegration, RNN, Sequential } from '../nn/index.js';
import { clipGradNorm, SGD } from '../optim/index.js';
import { Rng } from '../tensor/index.js';
import { checked } from './runner.js';
import type { StudyHooks } from './types.js';

export interface CreditInTimeStudyConfig {
  seed: number;
  /** Units H of the tanh RNN. */
  hidden: number;
  /** Sequence length T. */
  steps: number;
  /** Input sequences; norms are averaged over them. */
  sequences: number;
  /** Gains g of W_hh ~ N(0, g²/H). */
  gains: number[];
  /** Standard deviation of the random inputs. */
  inputScale: number;
  /** SGD on pulse integration at gain `gain`, step `lr`, for `trainSteps` steps, unclipped and clipped at `maxNorm`. */
  clip: { gain: number; lr: number; trainSteps: number; maxNorm: number };
}

export interface ClipRun {
  clipped: boolean;
  losses: number[];
  /** Total gradient norm before clipping, every step. */
  gradNorms: number[];
  /** Norm of the gradient actually applied. */
  appliedNorms: number[];
  exploding: number[];
  finalLoss: number;
}

export interface CreditInTimeStudyResult {
  config: CreditInTimeStudyConfig;
  gains: (CreditInTimeResult & { gain: number })[];
  /** [unclipped, clipped]. */
  clipRuns: [ClipRun, ClipRun];
}

function gainRnn(c: CreditInTimeStudyConfig, gain: number, seed: number): RNN {
  const rnn = new RNN(1, c.hidden, { batchFirst: true, seed });
  init.normal(rnn.weightHh, { std: gain / Math.sqrt(c.hidden), seed: seed + 1 });
  return rnn;
}

/** The RNN with a cancellation check before every step: creditInTime builds one step Jacobian per lag through it. */
function checkedRnn(rnn: RNN, hooks: StudyHooks): RNN {
  const wrapper = Object.create(rnn) as RNN;
  Object.defineProperty(wrapper, 'step', { value: checked(hooks, rnn.step.bind(rnn)) });
  return wrapper;
}

function train(c: CreditInTimeStudyConfig, clipped: boolean, hooks: StudyHooks): ClipRun {
  const data = pulseIntegration({ n: c.sequences, pulse: Math.ceil(c.steps / 2), delay: Math.floor(c.steps / 2), target: 'integral', seed: c.seed + 5 });
  const model = new Sequential(gainRnn(c, c.clip.gain, c.seed + 10), new Linear(c.hidden, 1, { seed: c.seed + 11 }));
  const params = model.parameters();
  const opt = new SGD(params, { lr: c.clip.lr });
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const appliedNorms: number[] = [];
  for (let s = 0; s < c.clip.trainSteps; s++) {
    hooks.checkpoint?.();
    opt.zeroGrad();
    const loss = mseLoss(model.forward(data.x), data.y);
    losses.push(loss.item());
    if (!Number.isFinite(loss.item())) break;
    loss.backward();
    // clip_grad_norm_ returns the total norm before clipping; max_norm = ∞ leaves the gradient as it is.
    gradNorms.push(clipGradNorm(params, clipped ? c.clip.maxNorm : Infinity));
    appliedNorms.push(Math.sqrt(params.reduce((acc, p) => acc + p.grad!.data.reduce((q, v) => q + v * v, 0), 0)));
    opt.step();
  }
  const finalLoss = noGrad(() => mseLoss(model.forward(data.x), data.y)).item();
  return { clipped, losses, gradNorms, appliedNorms, exploding: explodingSteps(gradNorms), finalLoss };
}

export function study(c: CreditInTimeStudyConfig, hooks: StudyHooks = {}): CreditInTimeStudyResult {
  const x = tensor(new Rng(c.seed).fillNormal(new Float64Array(c.sequences * c.steps), 0, c.inputScale), { shape: [c.sequences, c.steps, 1] });
  const total = c.gains.length + 2;
  const gains = c.gains.map((gain, i) => {
    hooks.progress?.(i / total, `credit through time at g = ${gain}`);
    return { gain, ...creditInTime(checkedRnn(gainRnn(c, gain, c.seed), hooks), x, { seed: c.seed, checkpoint: hooks.checkpoint }) };
  });
  hooks.progress?.(c.gains.length / total, 'SGD without clipping');
  const plain = train(c, false, hooks);
  hooks.progress?.((c.gains.length + 1) / total, 'SGD with clipping');
  const clipped = train(c, true, hooks);
  hooks.progress?.(1);
  return { config: c, gains, clipRuns: [plain, clipped] };
}
