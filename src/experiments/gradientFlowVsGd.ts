/**
 * Experiment `gradient-flow-vs-gd`: how far is gradient descent from
 * gradient flow, and which flow does it follow more closely?
 *
 * GD with step η is explicit Euler on dθ/dt = −∇L: over a fixed horizon T
 * its iterate θₖ (read at t = kη) stays O(η) from the flow. Backward error
 * analysis (Barrett & Dherin 2021) finds the modified loss
 * L̃ = L + (η/4)‖∇L‖² whose flow GD follows to O(η²). Measured by
 * `gdVsFlowStudy` on a quadratic bowl and on ½(xy − 1)² (conserved
 * D = x² − y²), with the breakdown of the picture past η = 2/λ_max. The
 * trajectories drawn on the ½(xy − 1)² landscape are computed here.
 */
import { z } from 'zod';
import { objective } from '../autograd/index.js';
import { gdVsFlowStudy, gradientDescent, gradientFlow, layerBalance, productProblem, type GdVsFlowResult, type StabilityRow } from '../ode/flow/index.js';
import { checked } from './runner.js';
import type { ContourFigure, LineFigure, Point, Trajectory } from '../spec/figure.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow, StudyHooks } from './types.js';
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

/** η_k = T/(K₀·2ᵏ) with K₀ = round(T/etaMax): every step size divides the horizon. */
export function orderStepSizes(horizon: number, etaMax: number, count: number): number[] {
  const K0 = Math.max(1, Math.round(horizon / etaMax));
  return Array.from({ length: count }, (_, k) => horizon / (K0 * 2 ** k));
}

const toPoints = (states: ArrayLike<number>[]): Point[] => states.map((s) => ({ x: s[0]!, y: s[1]! }));

/** Trajectories on ½(xy − 1)²: the flow, GD and its modified flow at demoEta, and GD past the stability limit. */
function landscapeTrajectories(c: GradientFlowVsGdConfig, lambdaEnd: number, tol: number, hooks: StudyHooks) {
  const prod = objective(checked(hooks, productProblem().loss), 2);
  const theta0 = [c.x0, c.y0];
  const T = c.stabilityHorizon;
  const K = Math.max(1, Math.round(T / c.demoEta));
  const gd = gradientDescent(prod, theta0, c.demoEta, K, { divergeAbove: 1e3 });
  const tEval = Float64Array.from({ length: K + 1 }, (_, k) => k * c.demoEta);
  const flow = gradientFlow(prod, theta0, [0, K * c.demoEta], { method: 'dop853', rtol: tol, atol: tol, tEval });
  const modified = gradientFlow(prod, theta0, [0, K * c.demoEta], { method: 'dop853', rtol: tol, atol: tol, tEval, modifiedStep: c.demoEta });
  const etaBreak = (2 * c.breakdownFactor) / lambdaEnd;
  for (const [name, res] of [['flow', flow], ['modified flow', modified]] as const) {
    if (res.status !== 'success') throw new Error(`gradient-flow-vs-gd: the ${name} on ½(xy − 1)² failed (${res.message})`);
  }
  const gdBreak = gradientDescent(prod, theta0, etaBreak, Math.max(1, Math.round(T / etaBreak)), { divergeAbove: 1e3 });
  const last = gdBreak.theta[gdBreak.theta.length - 1]!;
  return {
    flow: flow.y,
    gd: gd.theta,
    modified: modified.y,
    breakdown: gdBreak.theta,
    etaBreak,
    breakdownDiverged: gdBreak.diverged,
    breakdownSharpness: gdBreak.diverged ? NaN : last[0]! ** 2 + last[1]! ** 2,
    flowEnd: flow.y[flow.y.length - 1]!,
  };
}

function orderFigure(study: GdVsFlowResult): LineFigure {
  const { quadratic: q, product: p } = study;
  const etas = q.etas;
  // Reference lines C·ηᵖ drawn a factor 2 below the lower of the two measured series at the largest η.
  const anchor = (a: number[], b: number[], power: number): Point[] => etas.map((e) => ({ x: e, y: 0.5 * Math.min(a[0]!, b[0]!) * (e / etas[0]!) ** power }));
  return {
    kind: 'line',
    title: 'GD is first order for gradient flow, second order for the modified flow',
    subtitle: `max distance over t ≤ ${study.horizon} between GD and the flows, log–log`,
    x: { label: 'step size η', scale: 'log' },
    y: { label: 'max ‖θₖ − θ(kη)‖', scale: 'log' },
    series: [
      { name: `quadratic vs flow (slope ${q.flowOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: q.flowDistance[i]! })), markers: true },
      { name: `½(xy−1)² vs flow (slope ${p.flowOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: p.flowDistance[i]! })), markers: true },
      { name: `quadratic vs modified flow (slope ${q.modifiedOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: q.modifiedDistance[i]! })), markers: true },
      { name: `½(xy−1)² vs modified flow (slope ${p.modifiedOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: p.modifiedDistance[i]! })), markers: true },
      { name: 'reference slope 1', points: anchor(q.flowDistance, p.flowDistance, 1), style: 'dashed' },
      { name: 'reference slope 2', points: anchor(q.modifiedDistance, p.modifiedDistance, 2), style: 'dotted' },
    ],
    caption: 'Modified flow: gradient flow of L̃ = L + (η/4)‖∇L‖². References by dop853 at tight tolerance.',
  };
}

function landscapeFigure(c: GradientFlowVsGdConfig, traj: ReturnType<typeof landscapeTrajectories>): ContourFigure {
  const inView = (pts: Point[]) => pts.filter((p) => Math.abs(p.x) < 4 && Math.abs(p.y) < 4);
  const trajectories: Trajectory[] = [
    { name: 'gradient flow', points: toPoints(traj.flow) },
    { name: `GD, η = ${fmt(c.demoEta)}`, points: toPoints(traj.gd) },
    { name: `modified flow, η = ${fmt(c.demoEta)}`, points: toPoints(traj.modified) },
    { name: `GD, η = ${fmt(traj.etaBreak)} (> 2/λ_max)`, points: inView(toPoints(traj.breakdown)) },
  ];
  const all = trajectories.flatMap((t) => t.points);
  const pad = 0.25;
  const xRange: [number, number] = [Math.min(...all.map((p) => p.x)) - pad, Math.max(...all.map((p) => p.x)) + pad];
  const yRange: [number, number] = [Math.min(...all.map((p) => p.y)) - pad, Math.max(...all.map((p) => p.y)) + pad];
  const nx = 61;
  const ny = 61;
  const values: number[] = [];
  for (let j = 0; j < ny; j++) {
    const y = yRange[0] + ((yRange[1] - yRange[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const x = xRange[0] + ((xRange[1] - xRange[0]) * i) / (nx - 1);
      values.push(0.5 * (x * y - 1) ** 2);
    }
  }
  return {
    kind: 'contour',
    title: 'Trajectories on L = ½(xy − 1)²',
    subtitle: `flow ends at sharpness x² + y² = ${fmt(traj.flowEnd[0]! ** 2 + traj.flowEnd[1]! ** 2)}; GD past 2/λ_max settles elsewhere`,
    x: { label: 'x (first layer)' },
    y: { label: 'y (second layer)' },
    value: { label: 'loss ½(xy − 1)²' },
    grid: { nx, ny, xRange, yRange, values },
    levels: { values: [1e-4, 1e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], spacing: 'log' },
    trajectories,
    points: [{ label: 'start', x: c.x0, y: c.y0 }],
    caption: 'The minima form the hyperbola xy = 1 (white: loss below 1e-4); gradient flow conserves x² − y².',
  };
}

function invariantFigure(study: GdVsFlowResult): LineFigure {
  const inv = study.product.invariant;
  const etas = study.product.etas;
  return {
    kind: 'line',
    title: 'GD breaks the flow’s conservation law; the modified flow predicts by how much',
    subtitle: `|D(T) − D₀|, D = x² − y², on ½(xy − 1)², T = ${study.horizon}`,
    x: { label: 'step size η', scale: 'log' },
    y: { label: '|D(T) − D₀|', scale: 'log' },
    series: [
      { name: `GD (slope ${inv.gdDriftOrder.toFixed(2)})`, points: etas.map((e, i) => ({ x: e, y: inv.gdDrift[i]! })), markers: true },
      { name: 'modified flow prediction', points: etas.map((e, i) => ({ x: e, y: inv.modifiedDrift[i]! })), style: 'dashed', markers: true },
    ],
    caption: `Gradient flow keeps D to ${fmt(inv.flowDrift, 2)} (solver error). GD: D ↦ (1 − η²r²)D per step, r = xy − 1.`,
  };
}

function stabilityFigure(study: GdVsFlowResult): LineFigure {
  const finite = (rows: StabilityRow[]) => rows.filter((r) => Number.isFinite(r.relativeDistance) && r.relativeDistance > 0).map((r) => ({ x: r.factor, y: r.relativeDistance }));
  return {
    kind: 'line',
    title: 'Past the stability limit the flow no longer describes GD',
    subtitle: 'max distance from the flow relative to ‖θ₀‖, against η·λ_max/2',
    x: { label: 'η · λ_max / 2' },
    y: { label: 'max ‖θₖ − θ(kη)‖ / ‖θ₀‖', scale: 'log' },
    series: [
      { name: 'quadratic bowl', points: finite(study.quadratic.stability), markers: true },
      { name: '½(xy − 1)² (λ_max at the flow’s end)', points: finite(study.product.stability), markers: true },
    ],
    references: [{ axis: 'x', value: 1, label: 'η = 2/λ_max' }],
    caption: 'Diverged runs are left out.',
  };
}

function run(c: GradientFlowVsGdConfig, ctx: ExperimentContext): ExperimentOutput<GradientFlowVsGdConfig> {
  // ∇L = r·(y, x), r = xy − 1: zero at the origin (a saddle) and on the hyperbola of minima, where nothing moves.
  if (Math.abs(c.x0 * c.y0 - 1) < 1e-6 || (c.x0 === 0 && c.y0 === 0)) {
    throw new Error(`gradient-flow-vs-gd: (x0, y0) must not be a critical point of ½(xy − 1)² (the origin or the hyperbola xy = 1), got (${c.x0}, ${c.y0})`);
  }
  if (c.lambdaMin > c.lambdaMax) throw new Error(`gradient-flow-vs-gd: lambdaMin must be ≤ lambdaMax, got ${c.lambdaMin} > ${c.lambdaMax}`);
  const etas = orderStepSizes(c.horizon, c.etaMax, c.etaCount);
  if (etas[0]! * c.lambdaMax >= 2) throw new Error(`gradient-flow-vs-gd: etaMax · lambdaMax must be < 2 (GD must be stable on the bowl), got ${etas[0]! * c.lambdaMax}`);
  ctx.progress(0, 'order sweep and stability scan');
  const study = gdVsFlowStudy({
    etas,
    horizon: c.horizon,
    quadratic: { eigenvalues: [c.lambdaMax, c.lambdaMin], angle: c.angle, theta0: [1, 1] },
    product: { theta0: [c.x0, c.y0] },
    stabilityFactors: c.stabilityFactors,
    stabilityHorizon: c.stabilityHorizon,
    referenceTol: c.referenceTol,
  }, ctx);
  ctx.progress(0.8, 'trajectories on ½(xy − 1)²');
  const traj = landscapeTrajectories(c, study.product.lambdaMaxAtFlowEnd, c.referenceTol, ctx);
  ctx.progress(1, 'done');

  const { quadratic: q, product: p } = study;
  const inv = p.invariant;
  const iSmall = etas.length - 1;
  const predictionErrors = inv.gdDrift.map((d, i) => Math.abs(inv.modifiedDrift[i]! - d) / d);
  const stable = q.stability.filter((r) => r.factor < 1);
  const unstable = q.stability.filter((r) => r.factor > 1);
  const metrics: Record<string, number> = {
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
    invariantPredictionErrorLargestEta: predictionErrors[0]!,
    invariantPredictionErrorSmallestEta: predictionErrors[iSmall]!,
    quadraticStableMaxDistance: study.findings.quadraticStableMaxDistance,
    quadraticUnstableMinDistance: study.findings.quadraticUnstableMinDistance,
    productFlowEndSharpness: p.lambdaMaxAtFlowEnd,
    breakdownEta: traj.etaBreak,
    breakdownFinalSharpness: traj.breakdownSharpness,
  };

  const order: SeriesRow[] = [];
  for (const [problem, s] of [['quadratic', q], ['product', p]] as const) {
    s.etas.forEach((eta, i) => {
      order.push({ problem, eta, reference: 'flow', distance: s.flowDistance[i]! });
      order.push({ problem, eta, reference: 'modified flow', distance: s.modifiedDistance[i]! });
    });
  }
  const invariant: SeriesRow[] = etas.map((eta, i) => ({ eta, gdDrift: inv.gdDrift[i]!, modifiedDrift: inv.modifiedDrift[i]!, perStepRatioMax: inv.perStepRatioMax[i]! }));
  const show = (x: number) => (Number.isFinite(x) ? x : String(x));
  const stability: SeriesRow[] = [
    ...q.stability.map((r) => ({ problem: 'quadratic', ...r })),
    ...p.stability.map((r) => ({ problem: 'product', ...r })),
  ].map((r) => ({ problem: r.problem, factor: r.factor, eta: r.eta, relativeDistance: show(r.relativeDistance), diverged: r.diverged ? 'yes' : 'no', finalLoss: show(r.finalLoss), finalSharpness: show(r.finalSharpness) }));
  const trajectories: SeriesRow[] = [];
  const addPath = (name: string, eta: number, states: ArrayLike<number>[]) =>
    states.forEach((s, k) => trajectories.push({ path: name, eta, step: k, t: eta > 0 ? k * eta : k * c.demoEta, x: s[0]!, y: s[1]!, D: layerBalance(s) }));
  addPath('gradient flow', 0, traj.flow);
  addPath('GD', c.demoEta, traj.gd);
  addPath('modified flow', c.demoEta, traj.modified);
  addPath('GD past 2/λ_max', traj.etaBreak, traj.breakdown);

  const range = `η ∈ [${fmt(etas[iSmall]!)}, ${fmt(etas[0]!)}]`;
  const findings = [
    `Over ${range} (${etas.length} step sizes, T = ${fmt(c.horizon)}) the distance between GD and gradient flow grows as η^${q.flowOrder.toFixed(2)} on the quadratic bowl and η^${p.flowOrder.toFixed(2)} on ½(xy − 1)² (theory: 1); against the modified flow of L̃ = L + (η/4)‖∇L‖² as η^${q.modifiedOrder.toFixed(2)} and η^${p.modifiedOrder.toFixed(2)} (theory: 2).`,
    `At η = ${fmt(etas[iSmall]!)} the modified flow is ${fmt(metrics.productFlowOverModifiedAtSmallestEta!)} times closer to GD than gradient flow is on ½(xy − 1)² (${fmt(p.modifiedDistance[iSmall]!)} against ${fmt(p.flowDistance[iSmall]!)}).`,
    `Gradient flow conserves D = x² − y² (drift ${fmt(inv.flowDrift, 2)}, solver error only); GD multiplies it by exactly (1 − η²r²) per step (the largest measured |ΔD|/(η²r²|D|) is 1 + ${fmt(metrics.invariantMaxPerStepRatio! - 1, 2)}), a drift at T from ${fmt(inv.gdDrift[0]!)} at η = ${fmt(etas[0]!)} to ${fmt(inv.gdDrift[iSmall]!)} at η = ${fmt(etas[iSmall]!)} (slope ${inv.gdDriftOrder.toFixed(2)}), which the modified flow predicts within ${fmt(100 * predictionErrors[0]!, 2)} % to ${fmt(100 * predictionErrors[iSmall]!, 2)} %.`,
  ];
  if (stable.length > 0 && unstable.length > 0) {
    const list = (rows: StabilityRow[]) => rows.map((r) => `${fmt(r.factor)}× → ${r.diverged ? 'diverged' : fmt(r.relativeDistance)}`).join(', ');
    findings.push(`On the bowl, step sizes below the stability limit 2/λ_max keep GD within ${fmt(study.findings.quadraticStableMaxDistance)}‖θ₀‖ of the flow (${list(stable)}); above it the distance reaches at least ${fmt(study.findings.quadraticUnstableMinDistance)}‖θ₀‖ (${list(unstable)}).`);
  }
  findings.push(
    traj.breakdownDiverged
      ? `On ½(xy − 1)² the flow ends at sharpness √(D₀² + 4) = ${fmt(p.lambdaMaxAtFlowEnd)}; GD with η = ${fmt(traj.etaBreak)} (${fmt(c.breakdownFactor)} × 2/${fmt(p.lambdaMaxAtFlowEnd)}) diverged.`
      : `On ½(xy − 1)² the flow ends at sharpness √(D₀² + 4) = ${fmt(p.lambdaMaxAtFlowEnd)}; GD with η = ${fmt(traj.etaBreak)} (${fmt(c.breakdownFactor)} × 2/${fmt(p.lambdaMaxAtFlowEnd)}) cannot settle there and ends at a minimum of sharpness ${fmt(traj.breakdownSharpness)} (2/η = ${fmt(2 / traj.etaBreak)}): the step size selects a flatter solution.`,
  );

  return {
    metrics,
    series: { order, invariant, stability, trajectories },
    figures: [
      { id: 'order', title: 'Distance between GD and the flows vs step size', spec: orderFigure(study) },
      { id: 'landscape', title: 'GD, gradient flow and modified flow on ½(xy − 1)²', spec: landscapeFigure(c, traj) },
      { id: 'invariant', title: 'Drift of the layer balance x² − y²', spec: invariantFigure(study) },
      { id: 'stability', title: 'Breakdown past 2/λ_max', spec: stabilityFigure(study) },
    ],
    findings,
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
  // Seconds of the default preset from `npm run check:presets` (BENCHMARKS.md); the parts' shares are estimates.
  cost: { seconds: 42, parts: [{ share: 0.7, scale: { horizon: 1, etaCount: 1, etaMax: -1 } }, { share: 0.3, scale: { stabilityHorizon: 1, stabilityFactors: 1 } }] },
  presets: {
    quick: { etaCount: 4, stabilityFactors: [0.5, 1.1], stabilityHorizon: 10 },
    default: { etaCount: 5 },
    full: { etaMax: 0.08, etaCount: 7, stabilityFactors: [0.25, 0.5, 0.75, 0.9, 0.95, 1.05, 1.1, 1.2, 1.35, 1.5], stabilityHorizon: 40 },
  },
  run,
};
