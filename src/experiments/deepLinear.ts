/**
 * Experiment `deep-linear`: the exact learning dynamics of a two-layer
 * linear network (Saxe, McClelland & Ganguli 2014).
 *
 * ŷ = W₂W₁x learns A = Σ s_α u_α v_αᵀ from whitened inputs. From a small,
 * balanced initialization aligned with A's singular vectors the modes
 * decouple and each strength u_α = u_αᵀW₂W₁v_α follows the logistic
 * equation du/dt = 2u(s − u): a plateau, then a sigmoidal rise at time
 * t½ = (1/2s)·ln((s − u₀)/u₀). Strong modes are learned first, stage by
 * stage. `deepLinearStudy` integrates the flow and runs GD; here it is run
 * at η and η/2 (GD's deviation from the sigmoid is first order in η) and
 * from a small random initialization (no exact solution, same ordering).
 */
import { z } from 'zod';
import type { DeepLinearResult } from '../ode/flow/index.js';
import { bySize, figures } from './deepLinearFigures.js';
import { study, type DeepLinearStudyResult } from './deepLinearStudy.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow } from './types.js';
import { fmt } from './format.js';

const schema = z.object({
  singularValues: z
    .array(z.number().min(0.1).max(10))
    .min(2)
    .max(8)
    .default([3, 2, 1])
    .describe('singular values s_α of the target map A (distinct): the strengths of its modes'),
  u0: z.number().min(1e-8).max(0.05).default(1e-3).describe('initial mode strength u₀ (small: a long plateau before each mode is learned)'),
  inDim: z.number().int().min(2).max(32).default(6).describe('input dimension (whitened inputs: the standard basis vectors)'),
  outDim: z.number().int().min(2).max(32).default(6).describe('output dimension'),
  hidden: z.number().int().min(0).max(32).default(0).describe('hidden units (0: one per mode)'),
  lr: z.number().min(0.0005).max(0.2).default(0.02).describe('GD learning rate η (flow time t = kη); must be < 1/(2 max s)'),
  horizonFactor: z.number().min(1.1).max(5).default(1.5).describe('horizon as a multiple of the weakest mode’s predicted t½'),
  points: z.number().int().min(21).max(1001).default(121).describe('output times of the recorded series'),
  randomInit: z.boolean().default(true).describe('also train from a small random (unaligned) initialization'),
});

export type DeepLinearExperimentConfig = z.infer<typeof schema>;

/** Piecewise-linear interpolation of (t, y) at time τ (clamped to the ends). */
function interpolate(t: number[], y: number[], tau: number): number {
  if (!(tau > t[0]!)) return y[0]!;
  for (let i = 1; i < t.length; i++) if (tau <= t[i]!) return y[i - 1]! + ((tau - t[i - 1]!) / (t[i]! - t[i - 1]!)) * (y[i]! - y[i - 1]!);
  return y[y.length - 1]!;
}

/** GD's error order: log₂ of the error ratio between η and η/2 (1 for Euler). */
const gdErrorOrder = (r: DeepLinearStudyResult) => Math.log2(r.aligned.findings.maxGdError / r.halfStep.findings.maxGdError);

function metricsOf({ aligned, halfStep, random }: DeepLinearStudyResult): Record<string, number> {
  const f = aligned.findings;
  const metrics: Record<string, number> = {
    lr: aligned.lr,
    horizon: aligned.horizon,
    maxFlowError: f.maxFlowError,
    maxGdError: f.maxGdError,
    maxGdErrorHalfLr: halfStep.findings.maxGdError,
    gdErrorOrder: gdErrorOrder({ aligned, halfStep, random }),
    gdErrorOverLr: f.maxGdError / aligned.lr,
    maxFlowHalfTimeError: f.maxFlowHalfTimeError,
    maxGdHalfTimeError: f.maxGdHalfTimeError,
    learnedInOrder: f.learnedInOrder ? 1 : 0,
    finalFlowLoss: aligned.flowLoss[aligned.flowLoss.length - 1]!,
  };
  bySize(aligned).forEach((m, i) => {
    metrics[`predictedHalfTime${i + 1}`] = m.predictedHalfTime;
    metrics[`flowHalfTime${i + 1}`] = m.flowHalfTime;
    metrics[`gdHalfTime${i + 1}`] = m.gdHalfTime;
  });
  if (random) {
    metrics.randomLearnedInOrder = random.findings.learnedInOrder ? 1 : 0;
    bySize(random).forEach((m, i) => (metrics[`randomGdHalfTime${i + 1}`] = m.gdHalfTime));
  }
  return metrics;
}

function seriesOf({ aligned, halfStep, random }: DeepLinearStudyResult): Record<string, SeriesRow[]> {
  const modes: SeriesRow[] = [];
  const addModes = (r: DeepLinearResult, init: string) =>
    r.modes.forEach((m) => r.t.forEach((t, i) => modes.push({ init, lr: r.lr, s: m.s, t, flow: m.flow[i]!, gd: m.gd[i]!, analytic: Number.isFinite(m.analytic[i]!) ? m.analytic[i]! : 'NaN' })));
  addModes(aligned, 'aligned');
  addModes(halfStep, 'aligned');
  if (random) addModes(random, 'random');
  const loss: SeriesRow[] = aligned.t.map((t, i) => ({ t, flow: aligned.flowLoss[i]!, gd: aligned.gdLoss[i]! }));
  const halfTimes: SeriesRow[] = [];
  for (const [init, r] of [['aligned', aligned], ['aligned', halfStep], ['random', random]] as const) {
    if (!r) continue;
    for (const m of bySize(r)) {
      halfTimes.push({ init, lr: r.lr, s: m.s, u0: m.u0, predicted: Number.isFinite(m.predictedHalfTime) ? m.predictedHalfTime : 'NaN', flow: m.flowHalfTime, gd: m.gdHalfTime });
    }
  }
  return { modes, loss, halfTimes };
}

/** Sentences written from the study's numbers. */
function findingsOf({ aligned, halfStep, random }: DeepLinearStudyResult, c: DeepLinearExperimentConfig): string[] {
  const s = c.singularValues;
  const f = aligned.findings;
  const order = gdErrorOrder({ aligned, halfStep, random });
  const ordered = bySize(aligned);
  const list = (xs: number[]) => xs.map((x) => fmt(x)).join(', ');
  const products = ordered.map((m) => m.s * m.flowHalfTime);
  // Stage-wise: how far the stronger mode has got when the next one is half learned (flow curves).
  const stages = ordered.slice(1).map((m, i) => {
    const prev = ordered[i]!;
    return `when s = ${fmt(m.s)} is half learned (t = ${fmt(m.flowHalfTime)}), s = ${fmt(prev.s)} is at ${fmt(100 * interpolate(aligned.t, prev.flow, m.flowHalfTime) / prev.s)} % of its strength`;
  });
  const findings = [
    `Gradient flow from the aligned init (u₀ = ${fmt(c.u0)}) follows Saxe et al.’s sigmoid to ${fmt(f.maxFlowError, 2)} (relative to s) and reaches half strength at t = ${list(ordered.map((m) => m.flowHalfTime))} for s = ${list(ordered.map((m) => m.s))}, against the predicted ${list(ordered.map((m) => m.predictedHalfTime))} (largest relative error ${fmt(f.maxFlowHalfTimeError, 2)}).`,
    `The product s·t½ = ${list(products)} varies by a factor ${fmt(Math.max(...products) / Math.min(...products))} while s varies ${fmt(Math.max(...s) / Math.min(...s))}-fold: learning time scales as 1/s, up to the slowly varying ½ ln((s − u₀)/u₀).`,
    `GD deviates from the sigmoid by at most ${fmt(f.maxGdError)}·s at η = ${fmt(aligned.lr)} and ${fmt(halfStep.findings.maxGdError)}·s at η = ${fmt(halfStep.lr)}: halving η divides the error by ${fmt(2 ** order)} (order ${order.toFixed(2)}, first order like Euler), and shifts the half-times by at most ${fmt(100 * f.maxGdHalfTimeError, 2)} %.`,
    f.learnedInOrder
      ? `The modes are learned one after another in order of decreasing singular value: ${stages.join('; ')}.`
      : `The modes were NOT learned in order of decreasing singular value in this run (half-times ${list(ordered.map((m) => m.flowHalfTime))} for s = ${list(ordered.map((m) => m.s))}).`,
  ];
  if (random) {
    const rm = bySize(random);
    findings.push(
      `From a small random initialization (no closed form) the modes reach half strength at t = ${list(rm.map((m) => m.gdHalfTime))}, ${random.findings.learnedInOrder ? 'again in order of decreasing s' : 'not in order of s'}, later than from the aligned init: the random weights start with weaker mode strengths (|u_α(0)| ≤ ${fmt(Math.max(...rm.map((m) => Math.abs(m.u0))), 2)} against u₀ = ${fmt(c.u0)}), so the plateaus last longer.`,
    );
  }
  return findings;
}

function run(c: DeepLinearExperimentConfig, ctx: ExperimentContext): ExperimentOutput<DeepLinearExperimentConfig> {
  const r = study({ ...c, seed: ctx.seed }, ctx);
  const s = c.singularValues;
  const hidden = c.hidden === 0 ? s.length : c.hidden;
  return {
    metrics: metricsOf(r),
    series: seriesOf(r),
    figures: figures(r, c.u0),
    findings: findingsOf(r, c),
    sections: {
      setup: `A ${c.inDim}→${hidden}→${c.outDim} linear network $\\hat y = W_2W_1x$ learns a target $A = U\\,\\mathrm{diag}(s)\\,V^\\top$ with $s = (${s.map((x) => fmt(x)).join(', ')})$ (random singular vectors, seed ${ctx.seed}) from whitened inputs $x = e_1, \\dots, e_{${c.inDim}}$, loss $L = \\tfrac12\\|A - W_2W_1\\|_F^2$. Initialization: balanced and aligned with $A$'s singular vectors, each mode at strength $u_0 = ${fmt(c.u0)}$. Gradient flow by dop853 (rtol $10^{-10}$) and GD at $\\eta = ${fmt(c.lr)}$ and $\\eta/2$, over $t \\le ${fmt(r.aligned.horizon)}$ (${fmt(c.horizonFactor)}× the weakest mode's predicted half-time)${c.randomInit ? '; then GD from small Gaussian weights' : ''}.`,
      math: [
        '\\dot W_1 = W_2^\\top(A - W_2W_1), \\qquad \\dot W_2 = (A - W_2W_1)W_1^\\top',
        'u_\\alpha = \\mathbf u_\\alpha^\\top W_2W_1 \\mathbf v_\\alpha,\\ A = \\textstyle\\sum_\\alpha s_\\alpha \\mathbf u_\\alpha \\mathbf v_\\alpha^\\top: \\qquad \\dot u_\\alpha = 2u_\\alpha(s_\\alpha - u_\\alpha), \\qquad u_\\alpha(t) = \\frac{s_\\alpha e^{2s_\\alpha t}}{e^{2s_\\alpha t} - 1 + s_\\alpha/u_0}',
        't_{1/2} = \\frac{1}{2s_\\alpha}\\ln\\frac{s_\\alpha - u_0}{u_0} \\approx \\frac{1}{2s_\\alpha}\\ln\\frac{s_\\alpha}{u_0}',
        'a_\\alpha \\mapsto a_\\alpha + \\eta\\,a_\\alpha(s_\\alpha - a_\\alpha^2) \\quad\\text{(GD on the balanced mode } u = a^2\\text{: Euler on the same ODE)}',
      ],
      teaches: 'Depth alone, with no nonlinearity, changes how a network learns: a shallow linear model learns every direction at once at rates set by the data, while the two-layer product creates a multiplicative, self-reinforcing growth — long plateaus from a small initialization, then abrupt, sigmoidal transitions, one per singular mode, strongest first. The loss curve of a deep net is therefore not a smooth exponential; plateaus are saddles, and their length grows as $\\ln(1/u_0)/s$. The same picture explains progressive, coarse-to-fine learning and why small initializations yield low-rank solutions (an implicit bias towards simple functions).',
      connection: 'Saxe, McClelland and Ganguli (PNAS 2019) used these dynamics to model the stage-like acquisition of semantic knowledge in children (broad categories before fine distinctions), a classic bridge between deep learning theory and cognitive neuroscience. In NeuroAI and robotics the same mode-by-mode learning shows up when a network learns a sensorimotor map: dominant directions (large singular values of the input–output correlation) are acquired first, and the initialization scale sets how long the learner sits on each plateau — a design knob for curricula and for rich vs lazy learning regimes.',
    },
  };
}

export const deepLinear: Experiment<DeepLinearExperimentConfig> = {
  id: 'deep-linear',
  title: 'Deep linear networks: exact learning dynamics',
  question: 'In which order and at what speed does a two-layer linear network learn the modes of its target?',
  summary: 'Saxe et al. (2014): each singular mode is learned along its own sigmoid after a plateau, in time ∝ 1/s — strongest first; GD tracks the closed form to first order in η.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted to the quick and full presets' CPU seconds (within 1.5×). At these sizes (6–8) per-step overheads dominate the
  // matrix work, so it grows as about the square root of each dimension (full, 8 × 8: 2.75× the default, not 7×).
  cost: { seconds: 0.4, parts: [{ share: 0.3, scale: {} }, { share: 0.7, scale: { horizonFactor: 1, lr: -1, inDim: 0.5, outDim: 0.5, singularValues: 1 } }] },
  presets: {
    quick: { points: 61 },
    default: {},
    full: { singularValues: [4, 3, 2, 1.5, 1, 0.5], inDim: 8, outDim: 8, u0: 1e-4, lr: 0.01, points: 301 },
  },
  run,
};
