/**
 * The computation of the `gradient-flow-vs-gd` experiment: GD against
 * gradient flow and against the modified flow of L̃ = L + (η/4)‖∇L‖²
 * (Barrett & Dherin 2021) on a quadratic bowl and on ½(xy − 1)²
 * (ode.gdVsFlowStudy), plus the trajectories drawn on the ½(xy − 1)²
 * landscape: the flow, GD and its modified flow at one step size, and GD
 * past the stability limit 2/λ_max of the flow's end point. A typed config
 * in, plain data out; deterministic. Public as
 * `experiments.gradientFlowVsGd.study(config)`.
 */
import { objective } from '../autograd/index.js';
import { gdVsFlowStudy, gradientDescent, gradientFlow, productProblem, type GdVsFlowResult } from '../ode/flow/index.js';
import { checked } from './runner.js';
import type { StudyHooks } from './types.js';

export interface GradientFlowVsGdStudyConfig {
  /** Horizon T (flow time) over which GD is compared with the flows. */
  horizon: number;
  /** Largest step size of the order sweep (rounded so that T/η is a whole number of steps). */
  etaMax: number;
  /** Step sizes of the order sweep: etaMax, etaMax/2, etaMax/4, … */
  etaCount: number;
  /** Eigenvalues of the quadratic bowl ½θᵀAθ, and the rotation of its eigenbasis (rad). */
  lambdaMax: number;
  lambdaMin: number;
  angle: number;
  /** Start of GD on ½(xy − 1)². */
  x0: number;
  y0: number;
  /** Step sizes of the stability scan, as multiples of 2/λ_max. */
  stabilityFactors: number[];
  /** Horizon of the stability scan and of the drawn trajectories. */
  stabilityHorizon: number;
  /** Step size of the drawn GD and modified-flow trajectories. */
  demoEta: number;
  /** The drawn unstable GD run uses η = breakdownFactor · 2/λ_max at the flow's end point. */
  breakdownFactor: number;
  /** rtol = atol of the dop853 reference flows. */
  referenceTol: number;
}

/** States θ = (x, y) along one path. */
export type Path = number[][];

export interface GradientFlowVsGdStudyResult {
  config: GradientFlowVsGdStudyConfig;
  /** The order sweep's step sizes, largest first. */
  etas: number[];
  study: GdVsFlowResult;
  /** Paths on ½(xy − 1)², sampled at t = kη (demoEta) for the flows. */
  landscape: {
    flow: Path;
    gd: Path;
    modified: Path;
    breakdown: Path;
    /** η of the breakdown run: breakdownFactor · 2/λ_max at the flow's end. */
    etaBreak: number;
    breakdownDiverged: boolean;
    /** x² + y² (= λ_max on the hyperbola of minima) where the breakdown run ends; NaN if it diverged. */
    breakdownSharpness: number;
  };
}

/** η_k = T/(K₀·2ᵏ) with K₀ = round(T/etaMax): every step size divides the horizon. */
export function orderStepSizes(horizon: number, etaMax: number, count: number): number[] {
  const K0 = Math.max(1, Math.round(horizon / etaMax));
  return Array.from({ length: count }, (_, k) => horizon / (K0 * 2 ** k));
}

const plain = (states: ArrayLike<number>[]): Path => states.map((s) => [s[0]!, s[1]!]);

/** Trajectories on ½(xy − 1)²: the flow, GD and its modified flow at demoEta, and GD past the stability limit. */
function landscapePaths(c: GradientFlowVsGdStudyConfig, lambdaEnd: number, hooks: StudyHooks): GradientFlowVsGdStudyResult['landscape'] {
  const prod = objective(checked(hooks, productProblem().loss), 2);
  const theta0 = [c.x0, c.y0];
  const tol = c.referenceTol;
  const K = Math.max(1, Math.round(c.stabilityHorizon / c.demoEta));
  const gd = gradientDescent(prod, theta0, c.demoEta, K, { divergeAbove: 1e3 });
  const tEval = Float64Array.from({ length: K + 1 }, (_, k) => k * c.demoEta);
  const flow = gradientFlow(prod, theta0, [0, K * c.demoEta], { method: 'dop853', rtol: tol, atol: tol, tEval });
  const modified = gradientFlow(prod, theta0, [0, K * c.demoEta], { method: 'dop853', rtol: tol, atol: tol, tEval, modifiedStep: c.demoEta });
  for (const [name, res] of [['flow', flow], ['modified flow', modified]] as const) {
    if (res.status !== 'success') throw new Error(`gradient-flow-vs-gd: the ${name} on ½(xy − 1)² failed (${res.message})`);
  }
  const etaBreak = (2 * c.breakdownFactor) / lambdaEnd;
  const gdBreak = gradientDescent(prod, theta0, etaBreak, Math.max(1, Math.round(c.stabilityHorizon / etaBreak)), { divergeAbove: 1e3 });
  const last = gdBreak.theta[gdBreak.theta.length - 1]!;
  return {
    flow: plain(flow.y),
    gd: plain(gd.theta),
    modified: plain(modified.y),
    breakdown: plain(gdBreak.theta),
    etaBreak,
    breakdownDiverged: gdBreak.diverged,
    breakdownSharpness: gdBreak.diverged ? NaN : last[0]! ** 2 + last[1]! ** 2,
  };
}

/** Run the order sweep, the stability scan and the landscape trajectories. */
export function study(c: GradientFlowVsGdStudyConfig, hooks: StudyHooks = {}): GradientFlowVsGdStudyResult {
  // ∇L = r·(y, x), r = xy − 1: zero at the origin (a saddle) and on the hyperbola of minima, where nothing moves.
  if (Math.abs(c.x0 * c.y0 - 1) < 1e-6 || (c.x0 === 0 && c.y0 === 0)) {
    throw new Error(`gradient-flow-vs-gd: (x0, y0) must not be a critical point of ½(xy − 1)² (the origin or the hyperbola xy = 1), got (${c.x0}, ${c.y0})`);
  }
  if (c.lambdaMin > c.lambdaMax) throw new Error(`gradient-flow-vs-gd: lambdaMin must be ≤ lambdaMax, got ${c.lambdaMin} > ${c.lambdaMax}`);
  const etas = orderStepSizes(c.horizon, c.etaMax, c.etaCount);
  if (etas[0]! * c.lambdaMax >= 2) throw new Error(`gradient-flow-vs-gd: etaMax · lambdaMax must be < 2 (GD must be stable on the bowl), got ${etas[0]! * c.lambdaMax}`);
  hooks.progress?.(0, 'order sweep and stability scan');
  const result = gdVsFlowStudy(
    {
      etas,
      horizon: c.horizon,
      quadratic: { eigenvalues: [c.lambdaMax, c.lambdaMin], angle: c.angle, theta0: [1, 1] },
      product: { theta0: [c.x0, c.y0] },
      stabilityFactors: c.stabilityFactors,
      stabilityHorizon: c.stabilityHorizon,
      referenceTol: c.referenceTol,
    },
    hooks,
  );
  hooks.progress?.(0.8, 'trajectories on ½(xy − 1)²');
  const landscape = landscapePaths(c, result.product.lambdaMaxAtFlowEnd, hooks);
  hooks.progress?.(1, 'done');
  return { config: c, etas, study: result, landscape };
}
