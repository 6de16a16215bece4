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

export interface CreditInTimeConfig {
  seed: number;
  hidden: number;
  steps: number;
  sequences: number;
  gains: number[];
  inputScale: number;
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
  gains: (CreditInTimeResult & { gain: number })[];
  clipRuns: ClipRun[];
}

function gainRnn(c: CreditInTimeConfig, gain: number, seed: number): RNN {
  const rnn = new RNN(1, c.hidden, { batchFirst: true, seed });
  init.normal(rnn.weightHh, { std: gain / Math.sqrt(c.hidden), seed: seed + 1 });
  return rnn;
}

export function creditInTimeStudy(c: CreditInTimeConfig, check: () => void = () => {}): CreditInTimeStudyResult {
  const x = tensor(new Rng(c.seed).fillNormal(new Float64Array(c.sequences * c.steps), 0, c.inputScale), { shape: [c.sequences, c.steps, 1] });
  const gains = c.gains.map((gain) => {
    check();
    return { gain, ...creditInTime(gainRnn(c, gain, c.seed), x, { seed: c.seed }) };
  });
  const data = pulseIntegration({ n: c.sequences, pulse: Math.ceil(c.steps / 2), delay: Math.floor(c.steps / 2), target: 'integral', seed: c.seed + 5 });
  const clipRuns = [false, true].map((clipped): ClipRun => {
    const model = new Sequential(gainRnn(c, c.clip.gain, c.seed + 10), new Linear(c.hidden, 1, { seed: c.seed + 11 }));
    const params = model.parameters();
    const opt = new SGD(params, { lr: c.clip.lr });
    const losses: number[] = [];
    const gradNorms: number[] = [];
    const appliedNorms: number[] = [];
    for (let s = 0; s < c.clip.trainSteps; s++) {
      check();
      opt.zeroGrad();
      const loss = mseLoss(model.forward(data.x), data.y);
      losses.push(loss.item());
      if (!Number.isFinite(loss.item())) break;
      loss.backward();
      const total = clipped ? clipGradNorm(params, c.clip.maxNorm) : clipGradNorm(params, Infinity);
      gradNorms.push(total);
      appliedNorms.push(Math.sqrt(params.reduce((acc, p) => acc + p.grad!.data.reduce((q, v) => q + v * v, 0), 0)));
      opt.step();
    }
    const finalLoss = noGrad(() => mseLoss(model.forward(data.x), data.y)).item();
    return { clipped, losses, gradNorms, appliedNorms, exploding: explodingSteps(gradNorms), finalLoss };
  });
  return { gains, clipRuns };
}
