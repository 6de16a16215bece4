/**
 * Experiment `edge-of-stability` (Cohen, Kaur, Li, Kolter & Talwalkar 2021):
 * classical theory says GD with step η is stable only where the sharpness
 * λ_max(∇²L) < 2/η, and then decreases the loss monotonically. On a network,
 * full-batch GD instead sharpens progressively until λ_max reaches 2/η and
 * then hovers there, while the loss keeps falling, non-monotonically. The
 * smallest model with the related catapult (Lewkowycz et al. 2020),
 * L(u, v) = ½(uv − 1)², shows the mechanism in closed form: started at a
 * minimum-adjacent point sharper than 2/η, the loss spikes and GD lands on a
 * flatter minimum, with sharpness given by an exact product formula — as
 * long as 2/λ₀ < η < 1. Wraps `edgeOfStabilityStudy` and `catapultStudy`.
 */
import { z } from 'zod';
import type { CatapultResult, EdgeOfStabilityResult } from '../dynamics/index.js';
import { figures } from './edgeOfStabilityFigures.js';
import { study } from './edgeOfStabilityStudy.js';
import { fmt } from './format.js';
import type { Experiment, SeriesRow } from './types.js';

const schema = z.object({
  lrs: z.array(z.number().gt(0).max(1)).min(1).max(6).default([0.1, 0.15, 0.2]).describe('step sizes η of the full-batch GD runs on the network'),
  steps: z.number().int().min(50).max(20_000).default(1000).describe('GD steps per step size'),
  hidden: z.array(z.number().int().min(1).max(128)).min(1).max(4).default([16, 16]).describe('hidden widths of the tanh network [1, …, 1]'),
  points: z.number().int().min(4).max(400).default(20).describe('grid points on [−1, 1] of the regression target'),
  degree: z.number().int().min(1).max(10).default(3).describe('degree k of the target Chebyshev polynomial T_k'),
  sharpnessEvery: z.number().int().min(1).max(500).default(10).describe('measure λ_max (warm-started Lanczos) every this many steps'),
  lanczosSteps: z.number().int().min(4).max(100).default(12).describe('Lanczos steps (Hessian-vector products) per measurement at most'),
  u0: z.number().min(-10).max(10).default(3).describe('catapult: start u₀ of GD on L = ½(uv − 1)²'),
  v0: z.number().min(-10).max(10).default(0.2).describe('catapult: start v₀'),
  catapultLrs: z.array(z.number().gt(0).max(2)).min(1).max(8).default([0.2, 0.25, 0.3, 0.4]).describe('catapult: step sizes (a catapult needs 2/λ₀ < η < 1)'),
  catapultSteps: z.number().int().min(10).max(10_000).default(200).describe('catapult: GD steps'),
  overOneLr: z.number().gt(1).max(1.9).default(1.05).describe('a step size η > 1, run from (1.1, 0.9) next to the flattest minimum: 2/η < 2 ≤ λ on every minimum'),
});

type EosConfig = z.infer<typeof schema>;

function findings(eos: EdgeOfStabilityResult, cats: CatapultResult[], over: CatapultResult, c: EosConfig): string[] {
  const out: string[] = [];
  const reached = eos.runs.filter((r) => r.reachedThresholdAt !== null);
  const missed = eos.runs.filter((r) => r.reachedThresholdAt === null);
  out.push(
    `Progressive sharpening: from λ_max = ${fmt(eos.runs[0]!.initialSharpness)} at initialization the sharpness rose until it reached 2/η — ` +
      reached.map((r) => `η = ${r.lr}: 2/η = ${fmt(r.threshold)} by step ${r.reachedThresholdAt}`).join(', ') +
      (missed.length ? `; ${missed.map((r) => `η = ${r.lr} peaked at ${fmt(r.maxSharpness)} < 0.9·2/η within ${c.steps} steps`).join(', ')}` : '') +
      '.',
  );
  if (reached.length) {
    out.push(
      `It then stopped rising and hovered at the threshold: the median of λ_max/(2/η) after reaching it was ${reached.map((r) => `${fmt(r.hoverRatio!)} (η = ${r.lr})`).join(', ')}, ` +
        `although single measurements reached ${reached.map((r) => fmt(r.maxSharpness / r.threshold)).join(', ')}× 2/η — GD runs where the linearization says it must diverge, and does not.`,
    );
    out.push(
      `Meanwhile the loss kept falling, by ${reached.map((r) => `${fmt(r.loss[0]! / r.finalLoss)}×`).join(', ')} over ${c.steps} steps, but not monotonically: ` +
        `${reached.map((r) => `${fmt(100 * r.riseFractionAfter!)}%`).join(', ')} of the steps after reaching 2/η increased it; classifyRegime labels the runs ${[...new Set(eos.runs.map((r) => r.regime))].join(', ')}.`,
    );
  }
  const landed = cats.filter((r) => r.catapulted);
  const stayed = cats.filter((r) => r.converged && !r.catapulted);
  const diverged = cats.filter((r) => !r.converged);
  const l0 = cats[0]!.initialSharpness;
  out.push(
    `Catapult on ½(uv − 1)² from (${c.u0}, ${c.v0}), sharpness λ₀ = ${fmt(l0)} (so 2/λ₀ = ${fmt(2 / l0)}): ` +
      [
        ...stayed.map((r) => `η = ${r.lr} (2/η = ${fmt(r.threshold)} > λ₀) converged nearby without a spike, at sharpness ${fmt(r.finalSharpness)}`),
        ...(landed.length
          ? [
              `η = ${landed.map((r) => r.lr).join(', ')} (2/η = ${landed.map((r) => fmt(r.threshold)).join(', ')}) spiked the loss ${landed.map((r) => `${fmt(r.peakLoss / r.initialLoss)}×`).join(', ')} ` +
                `and landed on minima with sharpness ${landed.map((r) => fmt(r.finalSharpness)).join(', ')} < 2/η — the values of the hand formula √(D₀²∏(1 − η²r_t²)² + 4) ` +
                `to ${fmt(Math.max(...landed.map((r) => Math.abs(r.finalSharpness - r.predictedFinalSharpness))))}`,
            ]
          : []),
        ...diverged.map((r) => `η = ${r.lr} did not converge (final loss ${fmt(r.finalLoss)})`),
      ].join('; ') +
      '.',
  );
  const tail = over.series.slice(-4).map((p) => p.loss);
  out.push(
    `The catapult needs 2/λ₀ < η < 1: every minimum has λ = u² + v² ≥ 2uv = 2, so for η > 1 the threshold 2/η < 2 lies below all of them and none is stable — ` +
      `from (1.1, 0.9), right next to the flattest minimum, η = ${over.lr} ${over.converged ? 'unexpectedly converged' : `never converged: after ${over.series.length - 1} steps the loss still cycles between ${fmt(Math.min(...tail))} and ${fmt(Math.max(...tail))}`}.`,
  );
  return out;
}

export const edgeOfStabilityExperiment: Experiment<EosConfig> = {
  id: 'edge-of-stability',
  title: 'The edge of stability and the catapult',
  question: 'Classical stability says gradient descent needs λ_max < 2/η; what does full-batch GD on a network actually do with its sharpness, and how can it survive a step that is too large?',
  summary: 'Progressive sharpening to 2/η and hovering there while the loss falls non-monotonically (Cohen et al. 2021); the catapult in ½(uv − 1)² with its exact landing formula.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted with the others to the quick and full presets' CPU seconds (each within 1.4× of them there).
  cost: { seconds: 0.7, parts: [{ share: 0.1, scale: {} }, { share: 0.81, scale: { steps: 1, lrs: 1, points: 1 } }, { share: 0.09, scale: { catapultSteps: 1, catapultLrs: 1 } }] },
  presets: {
    quick: { lrs: [0.1, 0.2], steps: 600, catapultSteps: 120 },
    default: {},
    full: { lrs: [0.05, 0.1, 0.15, 0.2], steps: 4000, lanczosSteps: 20, catapultSteps: 400 },
  },
  run(config, ctx) {
    const { eos, cats, over } = study({ ...config, seed: ctx.seed }, ctx);
    const metrics: Record<string, number> = { parameters: eos.parameters, initialSharpness: eos.runs[0]!.initialSharpness };
    for (const r of eos.runs) {
      metrics[`hoverRatio_eta${r.lr}`] = r.hoverRatio ?? NaN;
      metrics[`reachedThresholdAt_eta${r.lr}`] = r.reachedThresholdAt ?? NaN;
      metrics[`maxSharpness_eta${r.lr}`] = r.maxSharpness;
      metrics[`riseFractionAfter_eta${r.lr}`] = r.riseFractionAfter ?? NaN;
      metrics[`lossDrop_eta${r.lr}`] = r.loss[0]! / r.finalLoss;
    }
    for (const r of cats) {
      metrics[`catapultFinalSharpness_eta${r.lr}`] = r.finalSharpness;
      metrics[`catapultFormulaError_eta${r.lr}`] = Math.abs(r.finalSharpness - r.predictedFinalSharpness);
      metrics[`catapultPeakRatio_eta${r.lr}`] = r.peakLoss / r.initialLoss;
    }
    metrics.overOneConverged = over.converged ? 1 : 0;
    const series: Record<string, SeriesRow[]> = {
      runs: eos.runs.map((r) => ({
        lr: r.lr, threshold: r.threshold, initialSharpness: r.initialSharpness, maxSharpness: r.maxSharpness, reachedThresholdAt: r.reachedThresholdAt ?? NaN,
        hoverRatio: r.hoverRatio ?? NaN, riseFractionAfter: r.riseFractionAfter ?? NaN, initialLoss: r.loss[0]!, finalLoss: r.finalLoss, regime: r.regime, reason: r.reason,
      })),
      sharpness: eos.runs.flatMap((r) => r.sharpnessSteps.map((step, i) => ({ lr: r.lr, step, sharpness: r.sharpness[i]!, threshold: r.threshold }))),
      loss: eos.runs.flatMap((r) => r.loss.map((loss, step) => ({ lr: r.lr, step, loss }))),
      catapult: [...cats, over].flatMap((r, i) =>
        r.series.map((p) => ({ lr: r.lr, start: i < cats.length ? `(${config.u0}, ${config.v0})` : '(1.1, 0.9)', step: p.step, u: p.u, v: p.v, loss: p.loss, sharpness: p.sharpness, imbalance: p.imbalance })),
      ),
      catapultSummary: [...cats, over].map((r) => ({
        lr: r.lr, threshold: r.threshold, initialSharpness: r.initialSharpness, finalSharpness: r.finalSharpness, predictedFinalSharpness: r.predictedFinalSharpness,
        peakLoss: r.peakLoss, finalLoss: r.finalLoss, converged: r.converged ? 1 : 0, catapulted: r.catapulted ? 1 : 0,
      })),
    };
    return {
      metrics,
      series,
      figures: figures({ eos, cats, over }, config),
      findings: findings(eos, cats, over, config),
      sections: {
        setup:
          `A [1, ${config.hidden.join(', ')}, 1] tanh network (torch-style init from the run's seed) fits the Chebyshev polynomial T_${config.degree} on ${config.points} evenly spaced points of [−1, 1] with the mean squared error. ` +
          `Full-batch GD for ${config.steps} steps at each η ∈ {${config.lrs.join(', ')}}; every ${config.sharpnessEvery} steps the top Hessian eigenvalue is measured by Lanczos on Hessian-vector products (≤ ${config.lanczosSteps} HVPs, warm-started from the previous eigenvector). ` +
          `"Reaching" the threshold means λ_max ≥ 0.9·2/η; the hover ratio is the median of λ_max/(2/η) afterwards. ` +
          `Catapult: GD on L(u, v) = ½(uv − 1)² from (${config.u0}, ${config.v0}) at η ∈ {${config.catapultLrs.join(', ')}}, and at η = ${config.overOneLr} from (1.1, 0.9), ${config.catapultSteps} steps.`,
        math: [
          String.raw`\theta_{t+1} = \theta_t - \eta\nabla L(\theta_t)\ \text{is linearly stable at a minimum iff}\ \lambda_{\max}\big(\nabla^2 L\big) < \frac{2}{\eta}`,
          String.raw`L(u,v) = \tfrac12 (uv-1)^2,\quad r = uv - 1,\quad \nabla^2 L = \begin{pmatrix} v^2 & 2uv-1 \\ 2uv-1 & u^2 \end{pmatrix},\quad \lambda_{\max}\big|_{uv=1} = u^2 + v^2 \ge 2`,
          String.raw`D = u^2 - v^2:\quad D_{t+1} = D_t\,(1 - \eta^2 r_t^2)\ \ \text{(exact)}\quad\Rightarrow\quad \lambda_\infty = \sqrt{D_0^2 \textstyle\prod_t (1 - \eta^2 r_t^2)^2 + 4}`,
          String.raw`\text{catapult} \iff \frac{2}{\lambda_0} < \eta < 1:\qquad \eta > 1 \Rightarrow \frac{2}{\eta} < 2 \le \lambda_{\max}\ \text{at every minimum: no stable minimum}`,
        ],
        teaches:
          'Stability analysis tells you where a step size cannot stay, not where the run will go. A network trained by full-batch GD moves itself to the boundary: its curvature grows until the step size is just barely too large, and from then on the instability along the sharpest direction regulates the curvature instead of destroying the run. ' +
          'The catapult makes the same point in two parameters: a step too large for the current basin throws the iterate out, the loss spikes, and it lands in a flatter basin whose curvature the step size can tolerate — so the step size selects the flatness of the solution.',
        connection:
          'Self-stabilization at a stability boundary is familiar from adaptive control and from neural circuits thought to operate near criticality: a system that adapts its own gain tends to sit where the closed loop is marginally stable. For learning robots it means a fixed step size implicitly limits the sharpness of what can be learned.',
      },
    };
  },
};
