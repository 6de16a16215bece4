/**
 * Experiment `xor`: XOR from scratch. Full-batch gradient descent on 2-H-1
 * networks over many random initializations: how often is XOR solved, how
 * fast, and — for every failure — why (plateau, saturation, symmetry,
 * divergence). The identically initialized network shows that symmetric
 * hidden units stay identical, bit for bit, for the whole run.
 */
import { z } from 'zod';
import { OPTIMIZER_NAMES } from '../optim/index.js';
import { fmt } from './format.js';
import type { Experiment, SeriesRow } from './types.js';
import { XOR_FAILURE_KINDS } from './xorFailures.js';
import { figures } from './xorFigures.js';
import { XOR_STUDY_PRESETS, study, type XorStudyConfig, type XorStudyResult } from './xorStudy.js';

const schema = z.object({
  hiddenSizes: z.array(z.number().int().min(1).max(32)).min(1).default([2, 3, 4]).describe('hidden widths H of the 2-H-1 networks'),
  activations: z.array(z.enum(['tanh', 'sigmoid'])).min(1).default(['tanh', 'sigmoid']).describe('hidden-unit nonlinearities'),
  losses: z.array(z.enum(['bce', 'mse'])).min(1).default(['bce', 'mse']).describe('bce: sigmoid output with binary cross-entropy; mse: mean squared error on σ(output)'),
  seeds: z.number().int().min(1).max(10_000).default(100).describe('random initializations per network/activation/loss'),
  steps: z.number().int().min(1).max(1_000_000).default(2000).describe('full-batch gradient steps per run'),
  optimizer: z.enum(OPTIMIZER_NAMES).default('sgd').describe('update rule (a name of the optimizer registry)'),
  lrBce: z.number().gt(0).max(100).default(1).describe('step size with the BCE loss'),
  lrMse: z.number().gt(0).max(100).default(4).describe('step size with the MSE loss (its gradients are ~4× smaller)'),
  initStd: z.number().min(0).max(10).default(0.5).describe('standard deviation of the N(0, σ²) initialization of every weight and bias'),
  margin: z.number().gt(0).max(0.5).default(0.4).describe('solved when |p(x) − y| < margin on all 4 points'),
  symmetricValue: z.number().min(-5).max(5).default(0.5).describe('value of every weight in the identically initialized network'),
});

type XorConfig = z.infer<typeof schema>;

function studyConfig(c: XorConfig, seed: number): XorStudyConfig {
  const base = XOR_STUDY_PRESETS.default;
  return {
    ...base,
    hiddenSizes: c.hiddenSizes,
    activations: c.activations,
    losses: c.losses,
    seeds: c.seeds,
    seed,
    steps: c.steps,
    optimizer: c.optimizer,
    lr: { bce: c.lrBce, mse: c.lrMse },
    initStd: c.initStd,
    margin: c.margin,
    symmetry: { hidden: Math.max(...c.hiddenSizes), activation: c.activations[0]!, loss: c.losses[0]!, value: c.symmetricValue, steps: Math.min(c.steps, 1000) },
  };
}

function findings({ groups, symmetry: sym }: XorStudyResult): string[] {
  const out = groups.map((g) => {
    const fails = XOR_FAILURE_KINDS.filter((k) => g.failures[k] > 0).map((k) => `${g.failures[k]} ${k}`);
    const steps = g.stepsToSolve ? `, median ${fmt(g.stepsToSolve.median)} steps to solve (quartiles ${fmt(g.stepsToSolve.q1)}–${fmt(g.stepsToSolve.q3)})` : '';
    return `2-${g.hidden}-1 ${g.activation}/${g.loss}: solved ${g.solved} of ${g.runs} runs (${fmt(100 * g.fractionSolved)} %)${steps}${fails.length ? `; failures: ${fails.join(', ')}` : ''}.`;
  });
  if (sym) {
    out.push(
      sym.identicalThroughout
        ? `With every weight initialized to ${sym.value}, the ${sym.hidden} hidden units of the 2-${sym.hidden}-1 ${sym.activation} network stayed bitwise identical at all ${sym.checks} checks (max |u_i − u_j| = 0), ending at loss ${fmt(sym.finalLoss, 4)}${sym.solved ? '' : ' without solving XOR'}.`
        : `The identically initialized network lost its symmetry: max |u_i − u_j| reached ${fmt(sym.maxPairDifference)} (expected exactly 0).`,
    );
  }
  return out;
}

export const xorExperiment: Experiment<XorConfig> = {
  id: 'xor',
  title: 'XOR from scratch',
  question: 'How often does gradient descent solve XOR from a random start, how long does it take, and why does it fail when it fails?',
  summary: 'Full-batch GD on 2-2-1, 2-3-1 and 2-4-1 networks over many seeds; every failure classified with evidence; identical units stay identical.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // A run that solves XOR stops there, after a few hundred steps whatever `steps` is; a failing run takes all `steps`.
  // Fitted to the quick and full presets' CPU seconds: failing runs take ≈ 15 % of the default's time, and ≈ 5 % does
  // not grow with the config (set-up).
  cost: { seconds: 4.3, parts: [{ share: 0.05, scale: {} }, { share: 0.8, scale: { seeds: 1, hiddenSizes: 1, activations: 1, losses: 1 } }, { share: 0.15, scale: { seeds: 1, steps: 1, hiddenSizes: 1, activations: 1, losses: 1 } }] },
  presets: {
    quick: { hiddenSizes: [2, 4], activations: ['tanh'], losses: ['bce'], seeds: 10, steps: 600 },
    default: {},
    full: { seeds: 400, steps: 10_000 },
  },
  run(config, ctx) {
    const r = study(studyConfig(config, ctx.seed), ctx);
    const metrics: Record<string, number> = {};
    const groups: SeriesRow[] = [];
    for (const g of r.groups) {
      const key = `h${g.hidden}_${g.activation}_${g.loss}`;
      metrics[`fractionSolved_${key}`] = g.fractionSolved;
      if (g.stepsToSolve) metrics[`medianStepsToSolve_${key}`] = g.stepsToSolve.median;
      groups.push({
        network: `2-${g.hidden}-1`, activation: g.activation, loss: g.loss, runs: g.runs, solved: g.solved, fractionSolved: g.fractionSolved,
        medianSteps: g.stepsToSolve?.median ?? NaN, q1Steps: g.stepsToSolve?.q1 ?? NaN, q3Steps: g.stepsToSolve?.q3 ?? NaN,
        ...Object.fromEntries(XOR_FAILURE_KINDS.map((k) => [`failed_${k}`, g.failures[k]])),
      });
    }
    if (r.symmetry) {
      metrics.symmetricMaxPairDifference = r.symmetry.maxPairDifference;
      metrics.symmetricChecks = r.symmetry.checks;
    }
    const runs: SeriesRow[] = r.runs.map((run) => ({
      network: `2-${run.hidden}-1`, activation: run.activation, loss: run.loss, seed: run.seed, solved: run.solved ? 1 : 0,
      stepsToSolve: run.stepsToSolve ?? NaN, finalLoss: run.finalLoss, maxError: run.maxError, status: run.status,
      failure: run.failure?.kind ?? '', evidence: run.failure?.evidence ?? '',
    }));
    return {
      metrics,
      series: { groups, runs },
      figures: figures(r),
      findings: findings(r),
      sections: {
        setup:
          `Inputs {0,1}², targets y = x₁ ⊕ x₂. Networks 2-H-1 with H ∈ {${config.hiddenSizes.join(', ')}}, ${config.activations.join('/')} hidden units, ` +
          `sigmoid output with ${config.losses.map((l) => l.toUpperCase()).join(' or ')}; every weight and bias drawn from N(0, ${config.initStd}²); ` +
          `${config.seeds} seeds per setting, ${config.steps} full-batch ${config.optimizer.toUpperCase()} steps (η = ${config.lrBce} for BCE, ${config.lrMse} for MSE). ` +
          `A run is solved when every output is within ${config.margin} of its target. A failed run is classified from its final state: diverged (non-finite or exploding loss), ` +
          'symmetric (hidden units nearly identical), saturated (most hidden activations beyond |φ| > 0.99 of their range), plateau (loss flat while high, gradient small), or slow.',
        math: [
          String.raw`p(x) = \sigma\!\big(w_2^\top \phi(W_1 x + b_1) + b_2\big), \qquad \theta_{t+1} = \theta_t - \eta\, \nabla L(\theta_t)`,
          String.raw`L_{\mathrm{BCE}} = -\tfrac14 \sum_{n} \big[y_n \log p_n + (1-y_n)\log(1-p_n)\big]`,
          String.raw`W_1 = \mathbf{1}c,\ w_2 = \mathbf{1}c \;\Rightarrow\; \frac{\partial L}{\partial (W_1)_{i\cdot}} = \frac{\partial L}{\partial (W_1)_{j\cdot}}\ \forall i,j \;\Rightarrow\; \text{units stay identical for all } t`,
        ],
        teaches:
          'Correct gradients do not guarantee learning. The same network and update rule solve XOR from most starts and fail from others, and the failures have mechanisms: ' +
          'a plateau where the gradient is tiny, units saturated so their derivative vanishes, and — with identical initialization — a symmetry that gradient descent can never break, ' +
          'because permuting identical units leaves the update map unchanged. Width helps: more hidden units make a failing start rarer.',
        connection:
          'Symmetry breaking is also why biological and robotic learners rely on noise and heterogeneity: identical neurons receiving identical error signals cannot specialize.',
      },
    };
  },
};
