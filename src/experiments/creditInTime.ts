/**
 * Experiment `credit-in-time`: how credit flows backwards through time in a recurrent network. Measured BPTT
 * gradient norms with respect to earlier states, against the product of recurrent Jacobians and Pascanu et al.'s
 * bound (‖W‖·max|φ′|)^{T−k}; exploding gradients and norm clipping (torch.nn.utils.clip_grad_norm_).
 */
import { z } from 'zod';
import { figures } from './creditInTimeFigures.js';
import { study, type CreditInTimeStudyConfig } from './creditInTimeStudy.js';
import { fmt } from './format.js';
import type { Experiment, ExperimentContext, ExperimentOutput } from './types.js';

const schema = z.object({
  hidden: z.number().int().min(2).max(256).default(32).describe('units H of the tanh RNN'),
  steps: z.number().int().min(2).max(1000).default(30).describe('sequence length T'),
  sequences: z.number().int().min(1).max(256).default(8).describe('input sequences (norms are averaged over them)'),
  gains: z.array(z.number().gt(0).max(10)).min(1).default([0.5, 1, 2]).describe('gains g of W_hh ~ N(0, g²/H)'),
  inputScale: z.number().min(0).max(10).default(0.5).describe('standard deviation of the random inputs'),
  clipGain: z.number().gt(0).max(10).default(3).describe('gain of the network trained with and without clipping'),
  clipLr: z.number().gt(0).max(10).default(0.5).describe('SGD step size of the clipping comparison'),
  clipSteps: z.number().int().min(1).max(100_000).default(150).describe('SGD steps of the clipping comparison'),
  maxNorm: z.number().gt(0).max(1e6).default(1).describe('max_norm of the clipped run'),
});
export type CreditInTimeExperimentConfig = z.infer<typeof schema>;

/** Metric-name form of a gain: 0.5 → g0_5. */
export const gainKey = (g: number): string => `g${String(g).replace('.', '_')}`;
const finite = (v: number[]) => v.filter(Number.isFinite);

function studyConfig(c: CreditInTimeExperimentConfig, seed: number): CreditInTimeStudyConfig {
  return { seed, hidden: c.hidden, steps: c.steps, sequences: c.sequences, gains: c.gains, inputScale: c.inputScale, clip: { gain: c.clipGain, lr: c.clipLr, trainSteps: c.clipSteps, maxNorm: c.maxNorm } };
}

function run(config: CreditInTimeExperimentConfig, ctx: ExperimentContext): ExperimentOutput<CreditInTimeExperimentConfig> {
  const r = study(studyConfig(config, ctx.seed), ctx);
  const [plain, clipped] = r.clipRuns;
  const boundSlack = Math.max(...r.gains.flatMap((g) => g.gradNorms.map((v, i) => v / g.bound![i]!)));
  const productSlack = Math.max(...r.gains.flatMap((g) => g.gradNorms.map((v, i) => v / g.productNorms[i]!)));
  const plainDiverged = plain.losses.findIndex((l) => !Number.isFinite(l));
  const metrics: Record<string, number> = {
    maxMismatch: Math.max(...r.gains.map((g) => g.maxMismatch)),
    maxRatioToProduct: productSlack,
    maxRatioToBound: boundSlack,
    unclippedExplodingSteps: plain.exploding.length,
    unclippedDivergedAt: plainDiverged,
    unclippedMaxGradNorm: Math.max(...finite(plain.gradNorms)),
    clippedExplodingSteps: clipped.exploding.length,
    clippedMaxAppliedNorm: Math.max(...clipped.appliedNorms),
    clippedFinalLoss: clipped.finalLoss,
    initialLoss: clipped.losses[0]!,
  };
  for (const g of r.gains) {
    const key = gainKey(g.gain);
    metrics[`growthRate_${key}`] = g.growthRate;
    metrics[`factor_${key}`] = g.factor!;
    metrics[`spectralRadius_${key}`] = g.spectralRadius;
  }
  return {
    metrics,
    series: {
      norms: r.gains.flatMap((g) => g.lags.map((l, i) => ({ gain: g.gain, lag: l, bptt: g.gradNorms[i]!, product: g.productNorms[i]!, bound: Math.min(g.bound![i]!, 1e300) }))),
      clipping: r.clipRuns.flatMap((c) => c.gradNorms.map((n, s) => ({ run: c.clipped ? 'clipped' : 'unclipped', step: s, gradNorm: Number.isFinite(n) ? n : -1, loss: Number.isFinite(c.losses[s]!) ? c.losses[s]! : -1 }))),
    },
    figures: figures(r),
    findings: [
      ...r.gains.map((g) => `g = ${g.gain}: ρ(W) = ${fmt(g.spectralRadius)}, ‖W‖₂ = ${fmt(g.weightNorm)}; the BPTT gradient norm changes by a factor ${fmt(g.growthRate)} per step back (${g.growthRate < 1 ? 'vanishing' : 'exploding'}), under the bound's ${fmt(g.factor!)}.`),
      `Over all gains and lags the BPTT cotangents equal the explicit Jacobian products to ${fmt(metrics.maxMismatch!, 2)} relative, and the measured norm never exceeds the Jacobian-product norm (largest ratio ${fmt(productSlack, 4)}) or the bound (largest ratio ${fmt(boundSlack, 4)}).`,
      `At g = ${config.clipGain} and η = ${config.clipLr}, plain SGD had ${plain.exploding.length} exploding steps${plainDiverged >= 0 ? ` and its loss became non-finite at step ${plainDiverged}` : ''}; with clipping at max_norm ${config.maxNorm} the applied gradient norm stayed ≤ ${fmt(metrics.clippedMaxAppliedNorm!)} and the loss went from ${fmt(metrics.initialLoss!)} to ${fmt(clipped.finalLoss)}.`,
    ],
    sections: {
      setup: `Tanh RNNs with H = ${config.hidden} units, W_hh ~ N(0, g²/H), driven by random inputs for T = ${config.steps} steps; the loss is a fixed unit probe of h_T, so ‖∂L/∂h_T‖ = 1. Then an RNN at g = ${config.clipGain} is trained on pulse integration with and without clipping.`,
      math: [
        '\\frac{\\partial L}{\\partial h_k} = \\frac{\\partial L}{\\partial h_T}\\prod_{t=T}^{k+1} J_t,\\qquad J_t = \\operatorname{diag}\\varphi\'(z_t)\\,W',
        '\\Bigl\\lVert \\frac{\\partial L}{\\partial h_k}\\Bigr\\rVert \\le \\Bigl\\lVert \\frac{\\partial L}{\\partial h_T}\\Bigr\\rVert \\bigl(\\lVert W\\rVert_2 \\max|\\varphi\'|\\bigr)^{T-k}',
        'g \\leftarrow g \\cdot \\min\\Bigl(1, \\frac{\\text{max\\_norm}}{\\lVert g\\rVert + 10^{-6}}\\Bigr)',
      ],
      teaches: 'Backpropagation through time multiplies Jacobians: their norms decide whether credit from the distant past vanishes or explodes. Clipping the gradient norm keeps the step direction and bounds its length, which rescues training from exploding gradients.',
      connection: 'Bengio, Simard & Frasconi (1994); Pascanu, Mikolov & Bengio (2013).',
    },
  };
}

export const creditInTime: Experiment<CreditInTimeExperimentConfig> = {
  id: 'credit-in-time',
  title: 'Credit in time: vanishing and exploding gradients through recurrence, and clipping',
  question: 'How does the learning signal travel backwards through time?',
  summary: 'BPTT gradient norms vs the product of recurrent Jacobians and the (‖W‖·max|φ′|)^{T−k} bound; exploding gradients and norm clipping.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // Each lag multiplies sequences × H³ Jacobian products and each SGD step is a BPTT pass over sequences × T × H², but at
  // H = 16–64 per-step overheads dominate: the exponents (2 and 1.5) and the part that does not grow with the config
  // (set-up, half the default's time) are fitted to the quick and full presets' CPU seconds (within 1.3×).
  cost: { seconds: 1.9, parts: [{ share: 0.5, scale: {} }, { share: 0.175, scale: { gains: 1, steps: 1, sequences: 1, hidden: 2 } }, { share: 0.325, scale: { clipSteps: 1, steps: 1, sequences: 1, hidden: 1.5 } }] },
  presets: {
    quick: { hidden: 16, sequences: 4, clipSteps: 60 },
    default: {},
    full: { hidden: 64, steps: 60, sequences: 16, gains: [0.5, 0.9, 1.1, 2, 4], clipSteps: 400 },
  },
  run,
};
