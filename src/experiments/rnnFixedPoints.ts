/**
 * Experiment `rnn-fixed-points`: reverse-engineering trained recurrent networks (Sussillo & Barak 2013). A
 * 3-bit flip-flop network stores its 8 memories as stable fixed points with saddles between them; an integrator
 * stores a continuous value on a line attractor (one eigenvalue |μ| ≈ 1). Beside the state Jacobian's spectrum,
 * the learning rule's: the sharpness of the integrator's loss under gradient descent against 2/η.
 */
import { z } from 'zod';
import { fmt } from './format.js';
import { figures } from './rnnFixedPointsFigures.js';
import { study, type RnnFixedPointsStudyConfig } from './rnnFixedPointsStudy.js';
import type { Experiment, ExperimentContext, ExperimentOutput } from './types.js';

const schema = z.object({
  hidden: z.number().int().min(4).max(128).default(24).describe('units of the flip-flop RNN'),
  steps: z.number().int().min(1).max(100_000).default(2000).describe('Adam steps of the flip-flop network (cosine-annealed step size)'),
  batch: z.number().int().min(1).max(512).default(32).describe('sequences per flip-flop training step (fresh, seeded)'),
  trialLength: z.number().int().min(5).max(500).default(40).describe('time steps T per flip-flop sequence; the marginal band is 1/T'),
  pulseProb: z.number().gt(0).max(1).default(0.08).describe('probability of a pulse per channel and step'),
  lr: z.number().gt(0).max(1).default(0.01).describe('initial Adam step size'),
  candidates: z.number().int().min(8).max(4096).default(256).describe('states sampled along trajectories to start the fixed-point search from'),
  integratorHidden: z.number().int().min(2).max(128).default(16).describe('units of the integrator RNN'),
  integratorSteps: z.number().int().min(1).max(100_000).default(600).describe('Adam steps of the integrator'),
  gdSteps: z.number().int().min(0).max(100_000).default(100).describe('full-batch gradient-descent steps after Adam, with the sharpness tracked'),
  gdFraction: z.number().gt(0).max(1.5).default(0.9).describe('η = gdFraction · 2/λ₀, λ₀ the sharpness when gradient descent starts'),
});

export type RnnFixedPointsExperimentConfig = z.infer<typeof schema>;

function studyConfig(c: RnnFixedPointsExperimentConfig, seed: number): RnnFixedPointsStudyConfig {
  return {
    seed,
    flipFlop: { hidden: c.hidden, steps: c.steps, batch: c.batch, trialLength: c.trialLength, pulseProb: c.pulseProb, lr: c.lr, candidates: c.candidates },
    integrator: { hidden: c.integratorHidden, adamSteps: c.integratorSteps, adamLr: 0.01, batch: 32, gdSteps: c.gdSteps, gdFraction: c.gdFraction, sequences: 32, pulse: 10, delay: 10, candidates: 128, sharpnessEvery: 10 },
  };
}

function run(config: RnnFixedPointsExperimentConfig, ctx: ExperimentContext): ExperimentOutput<RnnFixedPointsExperimentConfig> {
  const r = study(studyConfig(config, ctx.seed), ctx);
  const { flipFlop: f, integrator: i } = r;
  const line = i.points.filter((p) => p.marginal === 1 && p.unstable === 0);
  const lastSharp = i.sharpness[i.sharpness.length - 1]!.value;
  const metrics = {
    flipFlopTestLoss: f.testLoss, flipFlopStable: f.stable, flipFlopSaddles: f.saddles, flipFlopPoints: f.points.length,
    flipFlopMaxQ: Math.max(0, ...f.points.map((p) => p.q)), integratorTestLoss: i.testLoss, integratorPoints: i.points.length,
    integratorLinePoints: line.length, integratorMaxSecondModulus: Math.max(0, ...line.map((p) => p.secondModulus)),
    gdLr: i.lr, sharpnessStart: i.sharpness[0]!.value, sharpnessEnd: lastSharp, sharpnessOverThreshold: lastSharp / i.threshold,
  };
  const saddleCounts = [1, 2, 3].map((k) => f.saddleUnstable.filter((u) => u === k).length);
  return {
    metrics,
    series: {
      flipFlopPoints: f.points.map((p) => ({ kind: p.kind, q: p.q, unstable: p.unstable, marginal: p.marginal, maxModulus: p.maxModulus, pc1: p.pc[0], pc2: p.pc[1], count: p.count })),
      integratorPoints: i.points.map((p) => ({ kind: p.kind, q: p.q, unstable: p.unstable, marginal: p.marginal, maxModulus: p.maxModulus, secondModulus: p.secondModulus, pc1: p.pc[0], pc2: p.pc[1] })),
      sharpness: i.sharpness.map((s) => ({ step: s.step, sharpness: s.value, threshold: i.threshold })),
    },
    figures: figures(r),
    findings: [
      `The 3-bit flip-flop network (test loss ${fmt(f.testLoss)}) has ${f.stable} stable fixed points for 2³ = 8 memories, and ${f.saddles} saddles (${saddleCounts[0]} with one unstable direction, ${saddleCounts[1]} with two, ${saddleCounts[2]} with three); every reported point has q < ${fmt(f.slowTol)} (largest ${fmt(metrics.flipFlopMaxQ)}), fixed-point tolerance q < ${fmt(f.fixedTol)}.`,
      `The integrator (test loss ${fmt(i.testLoss)}) has ${line.length} of ${i.points.length} fixed points with exactly one eigenvalue within ${fmt(i.marginalTol)} of |μ| = 1 and none outside: a line attractor; the next eigenvalue has |μ| ≤ ${fmt(metrics.integratorMaxSecondModulus)}.`,
      `Gradient descent on the integrator with η = ${fmt(i.lr)} (2/η = ${fmt(i.threshold)}): the sharpness went from ${fmt(metrics.sharpnessStart)} to ${fmt(lastSharp)} in ${config.gdSteps} steps, ${fmt(100 * metrics.sharpnessOverThreshold)} % of the stability limit — the state dynamics sit at |μ| ≈ 1 while the learning dynamics sit at ηλ_max/2 = ${fmt(metrics.sharpnessOverThreshold)}.`,
    ],
    sections: {
      setup: `A ${config.hidden}-unit tanh RNN with a linear readout is trained with Adam on the 3-bit flip-flop (T = ${config.trialLength}); a ${config.integratorHidden}-unit RNN on integrating a noisy pulse. Fixed points of h ↦ F(h) at zero input are found from ${config.candidates} trajectory states by minimizing q(h) = ½‖F(h) − h‖², finished by Levenberg–Marquardt with autodiff Jacobians, merged, and classified by the eigenvalues of ∂F/∂h.`,
      math: [
        'q(h) = \\tfrac12\\lVert F(h) - h\\rVert^2,\\qquad F(h) = \\tanh(W_{hh}h + b)',
        '\\text{marginal: } \\bigl||\\mu| - 1\\bigr| \\le 1/T \\iff |\\mu|^T \\gtrsim e^{-1}',
        '\\theta_{t+1} = \\theta_t - \\eta\\nabla L(\\theta_t)\\ \\text{stable} \\iff \\lambda_{\\max}(\\nabla^2 L) < 2/\\eta',
      ],
      teaches: 'Discrete memories are stable fixed points separated by saddles; a continuous memory is a line attractor with one eigenvalue on the unit circle. The same linear-stability language describes the learning rule: its update map is stable while the sharpness stays below 2/η.',
      connection: 'Sussillo & Barak (2013), "Opening the black box"; Mante et al. (2013); Cohen et al. (2021) for 2/η.',
    },
  };
}

export const rnnFixedPoints: Experiment<RnnFixedPointsExperimentConfig> = {
  id: 'rnn-fixed-points',
  title: 'Trained RNNs as dynamical systems: fixed points, saddles and line attractors',
  question: 'How does a trained recurrent network compute with its dynamics?',
  summary: 'Flip-flop memories as stable fixed points with saddles; an integrator as a line attractor; the learning rule’s sharpness against 2/η beside the state Jacobian’s spectrum.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md
  // "Cost models"). Adam on the flip-flop dominates (batch × T steps of an H-unit RNN). Full (2× the steps, H 24 → 32)
  // measured only 1.4× the default, so the exponent on H is 1 and a part that does not grow with the config is 30 %
  // (fitted; full estimated 1.5× its CPU).
  cost: { seconds: 24, parts: [{ share: 0.3, scale: {} }, { share: 0.6, scale: { steps: 1, batch: 1, trialLength: 1, hidden: 1 } }, { share: 0.08, scale: { integratorSteps: 1, integratorHidden: 1.5 } }, { share: 0.02, scale: { gdSteps: 1, integratorHidden: 2 } }] },
  presets: {
    quick: {},
    default: {},
    full: { hidden: 32, steps: 4000, candidates: 512, integratorSteps: 1200, gdSteps: 300 },
  },
  run,
};
