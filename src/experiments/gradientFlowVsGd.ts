/**
 * Experiment `gradient-flow-vs-gd`: how far is gradient descent from
 * gradient flow, and which flow does it follow more closely?
 *
 * GD with step η is explicit Euler on dθ/dt = −∇L: over a fixed horizon T
 * its iterate θₖ (read at t = kη) stays O(η) from the flow. Backward error
 * analysis (Barrett & Dherin 2021) finds the modified loss
 * L̃ = L + (η/4)‖∇L‖² whose flow GD follows to O(η²). Measured by
 * gradientFlowVsGdStudy.ts on a quadratic bowl and on ½(xy − 1)² (conserved
 * D = x² − y²), with the breakdown of the picture past η = 2/λ_max; the
 * figures are built in gradientFlowVsGdFigures.ts.
 */
import { z } from 'zod';
import { layerBalance, type StabilityRow } from '../ode/flow/index.js';
import { figures } from './gradientFlowVsGdFigures.js';
import { study, type GradientFlowVsGdStudyResult } from './gradientFlowVsGdStudy.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow } from './types.js';
import { fmt } from './format.js';

const schema = z.object({
  horizon: z.number().min(0.5).max(20).default(4).describe('horizon T (flow time) over which GD is compared with the flows'),
  etaMax: z.number().min(0.001).max(0.25).default(0.04).describe('largest step size η of the order sweep (rounded so that T/η is a whole number of steps)'),
  etaCount: z.number().int().min(2).max(9).default(4).describe('step sizes of the order sweep: etaMax, etaMax/2, etaMax/4, …'),
  lambdaMax: z.number().min(0.1).max(10).default(1).describe('largest Hessian eigenvalue λ_max of the quadratic bowl ½θᵀAθ'),
  lambdaMin: z.number().min(0.01).max(10).default(0.2).describe('smallest Hessian eigenvalue of the quadratic bowl (≤ lambdaMax)'),
  angle: z.number().min(-3.2).max(3.2).default(0.5).describe('rotation (rad) of the bowl’s eigenbasis against the coordinate axes'),
  x0: z.number().min(-3).max(3).default(1.5).describe('start x of the product problem ½(xy − 1)²'),
  y0: z.number().min(-3).max(3).default(0.3).describe('start y of the product problem ½(xy − 1)²'),
  stabilityFactors: z
    .array(z.number().min(0.05).max(3))
    .min(1)
    .max(12)
    .default([0.5, 0.9, 1.1, 1.5])
    .describe('step sizes of the stability scan, as multiples of the stability limit 2/λ_max'),
  stabilityHorizon: z.number().min(1).max(200).default(20).describe('horizon of the stability scan and of the drawn trajectories'),
  demoEta: z.number().min(0.01).max(0.6).default(0.4).describe('step size of the GD and modified-flow trajectories drawn on the ½(xy − 1)² landscape'),
  breakdownFactor: z.number().min(1.01).max(1.4).default(1.1).describe('the drawn unstable GD run uses η = breakdownFactor · 2/λ_max at the flow’s end point'),
  referenceTol: z.number().min(1e-13).max(1e-6).default(1e-12).describe('tolerance (rtol = atol) of the dop853 reference flows'),
});

export type GradientFlowVsGdConfig = z.infer<typeof schema>;

export { orderStepSizes } from './gradientFlowVsGdStudy.js';

function metricsOf({ etas, study: s, landscape: l }: GradientFlowVsGdStudyResult): Record<string, number> {
  const { quadratic: q, product: p } = s;
  const inv = p.invariant;
  const iSmall = etas.length - 1;
  const predictionError = (i: number) => Math.abs(inv.modifiedDrift[i]! - inv.gdDrift[i]!) / inv.gdDrift[i]!;
  return {
    quadraticFlowOrder: q.flowOrder,
    quadraticModifiedOrder: q.modifiedOrder,
    productFlowOrder: p.flowOrder,
    productModifiedOrder: p.modifiedOrder,
    smallestEta: etas[iSmall]!,
    largestEta: etas[0]!,
    productFlowOverModifiedAtSmallestEta: p.flowDistance[iSmall]! / p.modifiedDistance[iSmall]!,
    invariantFlowDrift: inv.flowDrift,
    invariantGdDriftOrder: inv.gdDriftOrder,
    invariantMaxPerStepRatio: Math.max(...inv.perStepRatioMax),
    invariantPredictionErrorLargestEta: predictionError(0),
    invariantPredictionErrorSmallestEta: predictionError(iSmall),
    quadraticStableMaxDistance: s.findings.quadraticStableMaxDistance,
    quadraticUnstableMinDistance: s.findings.quadraticUnstableMinDistance,
    productFlowEndSharpness: p.lambdaMaxAtFlowEnd,
    breakdownEta: l.etaBreak,
    breakdownFinalSharpness: l.breakdownSharpness,
  };
}

function seriesOf({ config: c, etas, study: s, landscape: l }: GradientFlowVsGdStudyResult): Record<string, SeriesRow[]> {
  const { quadratic: q, product: p } = s;
  const inv = p.invariant;
  const order: SeriesRow[] = [];
  for (const [problem, o] of [['quadratic', q], ['product', p]] as const) {
    o.etas.forEach((eta, i) => {
      order.push({ problem, eta, reference: 'flow', distance: o.flowDistance[i]! });
      order.push({ problem, eta, reference: 'modified flow', distance: o.modifiedDistance[i]! });
    });
  }
  const invariant: SeriesRow[] = etas.map((eta, i) => ({ eta, gdDrift: inv.gdDrift[i]!, modifiedDrift: inv.modifiedDrift[i]!, perStepRatioMax: inv.perStepRatioMax[i]! }));
  const show = (x: number) => (Number.isFinite(x) ? x : String(x));
  const stability: SeriesRow[] = [
    ...q.stability.map((r) => ({ problem: 'quadratic', ...r })),
    ...p.stability.map((r) => ({ problem: 'product', ...r })),
  ].map((r) => ({ problem: r.problem, factor: r.factor, eta: r.eta, relativeDistance: show(r.relativeDistance), diverged: r.diverged ? 'yes' : 'no', finalLoss: show(r.finalLoss), finalSharpness: show(r.finalSharpness) }));
  const trajectories: SeriesRow[] = [];
  const addPath = (name: string, eta: number, states: number[][]) =>
    states.forEach((st, k) => trajectories.push({ path: name, eta, step: k, t: eta > 0 ? k * eta : k * c.demoEta, x: st[0]!, y: st[1]!, D: layerBalance(st) }));
  addPath('gradient flow', 0, l.flow);
  addPath('GD', c.demoEta, l.gd);
  addPath('modified flow', c.demoEta, l.modified);
  addPath('GD past 2/λ_max', l.etaBreak, l.breakdown);
  return { order, invariant, stability, trajectories };
}

/** Sentences written from the study's numbers. */
function findingsOf(r: GradientFlowVsGdStudyResult, metrics: Record<string, number>): string[] {
  const { config: c, etas, study: s, landscape: traj } = r;
  const { quadratic: q, product: p } = s;
  const inv = p.invariant;
  const iSmall = etas.length - 1;
  const predictionErrors = [metrics.invariantPredictionErrorLargestEta!, metrics.invariantPredictionErrorSmallestEta!];
  const stable = q.stability.filter((row) => row.factor < 1);
  const unstable = q.stability.filter((row) => row.factor > 1);
  const range = `η ∈ [${fmt(etas[iSmall]!)}, ${fmt(etas[0]!)}]`;
  const findings = [
    `Over ${range} (${etas.length} step sizes, T = ${fmt(c.horizon)}) the distance between GD and gradient flow grows as η^${q.flowOrder.toFixed(2)} on the quadratic bowl and η^${p.flowOrder.toFixed(2)} on ½(xy − 1)² (theory: 1); against the modified flow of L̃ = L + (η/4)‖∇L‖² as η^${q.modifiedOrder.toFixed(2)} and η^${p.modifiedOrder.toFixed(2)} (theory: 2).`,
    `At η = ${fmt(etas[iSmall]!)} the modified flow is ${fmt(metrics.productFlowOverModifiedAtSmallestEta!)} times closer to GD than gradient flow is on ½(xy − 1)² (${fmt(p.modifiedDistance[iSmall]!)} against ${fmt(p.flowDistance[iSmall]!)}).`,
    `Gradient flow conserves D = x² − y² (drift ${fmt(inv.flowDrift, 2)}, solver error only); GD multiplies it by exactly (1 − η²r²) per step (the largest measured |ΔD|/(η²r²|D|) is 1 + ${fmt(metrics.invariantMaxPerStepRatio! - 1, 2)}), a drift at T from ${fmt(inv.gdDrift[0]!)} at η = ${fmt(etas[0]!)} to ${fmt(inv.gdDrift[iSmall]!)} at η = ${fmt(etas[iSmall]!)} (slope ${inv.gdDriftOrder.toFixed(2)}), which the modified flow predicts within ${fmt(100 * predictionErrors[0]!, 2)} % to ${fmt(100 * predictionErrors[iSmall]!, 2)} %.`,
  ];
  if (stable.length > 0 && unstable.length > 0) {
    const list = (rows: StabilityRow[]) => rows.map((row) => `${fmt(row.factor)}× → ${row.diverged ? 'diverged' : fmt(row.relativeDistance)}`).join(', ');
    findings.push(`On the bowl, step sizes below the stability limit 2/λ_max keep GD within ${fmt(s.findings.quadraticStableMaxDistance)}‖θ₀‖ of the flow (${list(stable)}); above it the distance reaches at least ${fmt(s.findings.quadraticUnstableMinDistance)}‖θ₀‖ (${list(unstable)}).`);
  }
  findings.push(
    traj.breakdownDiverged
      ? `On ½(xy − 1)² the flow ends at sharpness √(D₀² + 4) = ${fmt(p.lambdaMaxAtFlowEnd)}; GD with η = ${fmt(traj.etaBreak)} (${fmt(c.breakdownFactor)} × 2/${fmt(p.lambdaMaxAtFlowEnd)}) diverged.`
      : `On ½(xy − 1)² the flow ends at sharpness √(D₀² + 4) = ${fmt(p.lambdaMaxAtFlowEnd)}; GD with η = ${fmt(traj.etaBreak)} (${fmt(c.breakdownFactor)} × 2/${fmt(p.lambdaMaxAtFlowEnd)}) cannot settle there and ends at a minimum of sharpness ${fmt(traj.breakdownSharpness)} (2/η = ${fmt(2 / traj.etaBreak)}): the step size selects a flatter solution.`,
  );

  return findings;
}

function run(c: GradientFlowVsGdConfig, ctx: ExperimentContext): ExperimentOutput<GradientFlowVsGdConfig> {
  const r = study(c, ctx);
  const metrics = metricsOf(r);
  const etas = r.etas;
  const range = `η ∈ [${fmt(etas[etas.length - 1]!)}, ${fmt(etas[0]!)}]`;
  return {
    metrics,
    series: seriesOf(r),
    figures: figures(r),
    findings: findingsOf(r, metrics),
    sections: {
      setup: `GD with step sizes ${range} (halving) against gradient flow and against the modified flow, over $T = ${fmt(c.horizon)}$, on the bowl $\\tfrac12\\theta^\\top A\\theta$ with eigenvalues $(${fmt(c.lambdaMax)}, ${fmt(c.lambdaMin)})$ from $\\theta_0 = (1, 1)$ and on $L = \\tfrac12(xy - 1)^2$ from $(${fmt(c.x0)}, ${fmt(c.y0)})$. Reference flows by the 8th-order dop853 at rtol = atol = ${fmt(c.referenceTol, 1)}, evaluated at $t = k\\eta$. The distance is $\\max_{k\\eta \\le T}\\|\\theta_k - \\theta(k\\eta)\\|$ and its exponent the least-squares slope in log–log. A stability scan runs GD at multiples ${c.stabilityFactors.map((f) => fmt(f)).join(', ')} of $2/\\lambda_{\\max}$ for $T = ${fmt(c.stabilityHorizon)}$.`,
      math: [
        '\\theta_{k+1} = \\theta_k - \\eta\\nabla L(\\theta_k) \\quad\\text{(explicit Euler on } \\dot\\theta = -\\nabla L\\text{)}, \\qquad \\max_{k\\eta\\le T}\\|\\theta_k - \\theta(k\\eta)\\| = O(\\eta)',
        '\\dot\\theta = -\\nabla\\tilde L(\\theta), \\qquad \\tilde L = L + \\frac{\\eta}{4}\\|\\nabla L\\|^2, \\qquad \\nabla\\tilde L = \\nabla L + \\frac{\\eta}{2}H\\nabla L, \\qquad \\max_{k\\eta\\le T}\\|\\theta_k - \\tilde\\theta(k\\eta)\\| = O(\\eta^2)',
        'L = \\tfrac12(xy-1)^2:\\quad \\frac{d}{dt}(x^2 - y^2) = 0 \\text{ along the flow}, \\qquad x_{k+1}^2 - y_{k+1}^2 = (1 - \\eta^2 r_k^2)(x_k^2 - y_k^2),\\ r_k = x_k y_k - 1',
        '|1 - \\eta\\lambda| < 1 \\iff \\eta < \\frac{2}{\\lambda_{\\max}}, \\qquad \\lambda_{\\max}\\big|_{xy = 1} = x^2 + y^2 = \\sqrt{D_0^2 + 4}',
      ],
      teaches: 'Gradient flow is the right mental model of GD only at small steps, and only to first order. The first correction is itself a gradient flow, of a loss that adds $\\tfrac{\\eta}{4}\\|\\nabla L\\|^2$: a finite learning rate implicitly penalizes steep regions, breaks the conservation laws of the flow (here the balance between layers), and past $2/\\lambda_{\\max}$ selects flatter minima than the flow would reach. Learning-rate effects are not noise around the flow but systematic, predictable dynamics.',
      connection: 'Implicit gradient regularization is one explanation of why large learning rates find flatter minima, which often generalize better, and it is closely related to the edge-of-stability behaviour of deep nets (sharpness hovering near $2/\\eta$). The backward-error view applies to any learning rule run on a digital clock: a robot adapting its controller online, or a discretized synaptic plasticity rule in a NeuroAI model, follows a modified rather than the nominal continuous dynamics, with an implicit bias set by its step size. The conserved $x^2 - y^2$ is the scalar case of the layer balance $W_1W_1^\\top - W_2^\\top W_2$ of deep linear networks, which gradient flow preserves and finite steps slowly erode.',
    },
  };
}

export const gradientFlowVsGd: Experiment<GradientFlowVsGdConfig> = {
  id: 'gradient-flow-vs-gd',
  title: 'Gradient descent vs gradient flow',
  question: 'How far is gradient descent from gradient flow, and which flow does it actually follow?',
  summary: 'GD is Euler on gradient flow (error O(η)) but follows the modified flow of L + (η/4)‖∇L‖² to O(η²); it breaks the flow’s conservation law x² − y² and, past 2/λ_max, picks flatter minima.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted with the others to the quick and full presets' CPU seconds (each within 1.4× of them there).
  cost: { seconds: 1.3, parts: [{ share: 0.3, scale: {} }, { share: 0.49, scale: { horizon: 1, etaCount: 1, etaMax: -1 } }, { share: 0.21, scale: { stabilityHorizon: 1, stabilityFactors: 1 } }] },
  presets: {
    quick: { etaCount: 4, stabilityFactors: [0.5, 1.1], stabilityHorizon: 10 },
    default: { etaCount: 5 },
    full: { etaMax: 0.08, etaCount: 7, stabilityFactors: [0.25, 0.5, 0.75, 0.9, 0.95, 1.05, 1.1, 1.2, 1.35, 1.5], stabilityHorizon: 40 },
  },
  run,
};
