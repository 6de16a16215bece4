/**
 * Gradient descent against gradient flow: GD with step η is explicit Euler
 * on dθ/dt = −∇L, so its iterate θₖ, read at t = kη, stays within O(η) of
 * the flow θ(kη) over a fixed horizon T (global error of a first-order
 * method). The modified flow of L̃ = L + (η/4)‖∇L‖² (Barrett & Dherin 2021)
 * matches GD's one-step map to O(η³), hence stays within O(η²) over T.
 *
 * Measured here on a quadratic bowl and on the non-convex L = ½(xy − 1)²:
 * the distance max_{kη ≤ T} ‖θₖ − θ(kη)‖ for a sweep of η, its log–log
 * slope (≈ 1 for the flow, ≈ 2 for the modified flow), the invariant
 * D = x² − y² (conserved by the flow; GD multiplies it by 1 − η²rₖ² per step,
 * a per-step drift O(η²) and a drift O(η) over the horizon, which the
 * modified flow, dD/dt = −η r² D, reproduces), and the breakdown past the
 * stability limit η = 2/λ_max. References: dop853 at rtol = atol = 1e-12.
 */
import { solveIvp } from '../solveIvp.js';
import { gradientDescent } from './descent.js';
import { distance, logLogSlope } from './fit.js';
import { gradientFlowRhs } from './gradientFlow.js';
import { objective, type Objective } from '../../autograd/index.js';
import { layerBalance, productProblem, quadraticProblem } from './problems.js';
import { checkOneOf, checkPositiveNumber } from '../../tensor/validate.js';

export interface GdVsFlowConfig {
  /** 'quick' (4 step sizes) or 'full' (7); default 'quick'. Explicit `etas` win. */
  size?: 'quick' | 'full';
  /** Step sizes of the order sweep (each should divide the horizon). */
  etas?: number[];
  /** Horizon T of the comparison; default 4. */
  horizon?: number;
  /** Quadratic bowl: eigenvalues, rotation angle and start; default λ = [1, 0.2], angle 0.5, θ₀ = [1, 1]. */
  quadratic?: { eigenvalues?: number[]; angle?: number; theta0?: number[] };
  /** Start of the product problem ½(xy − 1)²; default [1.5, 0.3]. */
  product?: { theta0?: [number, number] };
  /** Step sizes of the stability scan, as multiples of the stability limit 2/λ_max; default [0.5, 0.9, 1.1, 1.5]. */
  stabilityFactors?: number[];
  /** Horizon of the stability scan; default 20. */
  stabilityHorizon?: number;
  /** Tolerance (rtol = atol) of the reference solutions; default 1e-12. */
  referenceTol?: number;
}

export interface OrderSeries {
  etas: number[];
  /** max_{kη ≤ T} ‖θₖ − θ(kη)‖ against gradient flow. */
  flowDistance: number[];
  /** The same against the modified flow of L̃ = L + (η/4)‖∇L‖². */
  modifiedDistance: number[];
  /** Fitted exponents (log–log slopes) of the two series. */
  flowOrder: number;
  modifiedOrder: number;
}

export interface InvariantSeries {
  /** D = x² − y² at θ₀. */
  initial: number;
  /** max_t |D(θ(t)) − D₀| along the reference flow (solver error only). */
  flowDrift: number;
  /** Per η: |D(θ_K) − D₀| for GD at the horizon. */
  gdDrift: number[];
  /** Per η: max over steps of |ΔD/D| ÷ η²rₖ², which is 1 by the exact identity D ↦ (1 − η²r²)D. */
  perStepRatioMax: number[];
  /** Per η: the modified flow's |D(T) − D₀| (its prediction of GD's drift). */
  modifiedDrift: number[];
  /** Exponent of the GD drift over the horizon (≈ 1). */
  gdDriftOrder: number;
}

export interface StabilityRow {
  eta: number;
  /** η·λ_max / 2: above 1 GD is linearly unstable at the flow's end point. */
  factor: number;
  /** max_{kη ≤ T} ‖θₖ − θ(kη)‖ / ‖θ₀‖ (Infinity once GD diverged). */
  relativeDistance: number;
  diverged: boolean;
  /** Final loss of GD (NaN after divergence). */
  finalLoss: number;
  /** For the product problem: sharpness x² + y² where GD ended (NaN after divergence or for the quadratic). */
  finalSharpness: number;
}

export interface GdVsFlowResult {
  horizon: number;
  quadratic: OrderSeries & { lambdaMax: number; stability: StabilityRow[] };
  product: OrderSeries & { lambdaMaxAtFlowEnd: number; invariant: InvariantSeries; stability: StabilityRow[] };
  /** The headline numbers. */
  findings: {
    quadraticFlowOrder: number;
    quadraticModifiedOrder: number;
    productFlowOrder: number;
    productModifiedOrder: number;
    invariantFlowDrift: number;
    invariantGdDriftOrder: number;
    /** Smallest relative distance among the unstable (factor > 1) rows of the quadratic. */
    quadraticUnstableMinDistance: number;
    /** Largest relative distance among the stable (factor < 1) rows of the quadratic. */
    quadraticStableMaxDistance: number;
  };
}

const DEFAULT_ETAS = { quick: [0.04, 0.02, 0.01, 0.005], full: [0.08, 0.04, 0.02, 0.01, 0.005, 0.0025, 0.00125] };

/** θ(kη), k = 0…K, on the (modified, if eta > 0 and modified) flow by dop853. */
function flowOnGrid(obj: Objective, theta0: ArrayLike<number>, eta: number, K: number, modifiedStep: number, tol: number): Float64Array[] {
  const { f } = gradientFlowRhs(obj, modifiedStep);
  const tEval = Float64Array.from({ length: K + 1 }, (_, k) => k * eta);
  const res = solveIvp(f, [0, K * eta], theta0, { method: 'dop853', rtol: tol, atol: tol, tEval });
  if (res.status !== 'success') throw new Error(`gdVsFlowStudy: reference flow failed (${res.message})`);
  return res.y;
}

function maxDistance(a: Float64Array[], b: Float64Array[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, distance(a[k]!, b[k]!));
  return worst;
}

function stepsFor(fn: string, horizon: number, eta: number): number {
  const K = Math.round(horizon / eta);
  if (K < 1 || Math.abs(K * eta - horizon) > 1e-9 * horizon) throw new Error(`${fn}: each eta must divide the horizon ${horizon} into whole steps, got eta = ${eta}`);
  return K;
}

function orderSeries(obj: Objective, theta0: number[], etas: number[], horizon: number, tol: number): OrderSeries & { gd: Float64Array[][]; modified: Float64Array[][]; flow: Float64Array[][] } {
  const flowDistance: number[] = [];
  const modifiedDistance: number[] = [];
  const gd: Float64Array[][] = [];
  const modified: Float64Array[][] = [];
  const flow: Float64Array[][] = [];
  for (const eta of etas) {
    const K = stepsFor('gdVsFlowStudy', horizon, eta);
    const run = gradientDescent(obj, theta0, eta, K);
    if (run.diverged) throw new Error(`gdVsFlowStudy: GD diverged at eta = ${eta} in the order sweep; use smaller step sizes`);
    const ref = flowOnGrid(obj, theta0, eta, K, 0, tol);
    const mod = flowOnGrid(obj, theta0, eta, K, eta, tol);
    flowDistance.push(maxDistance(run.theta, ref));
    modifiedDistance.push(maxDistance(run.theta, mod));
    gd.push(run.theta);
    modified.push(mod);
    flow.push(ref);
  }
  return { etas: [...etas], flowDistance, modifiedDistance, flowOrder: logLogSlope(etas, flowDistance), modifiedOrder: logLogSlope(etas, modifiedDistance), gd, modified, flow };
}

function stabilityScan(obj: Objective, theta0: number[], lambdaMax: number, factors: number[], horizon: number, tol: number, sharpness: boolean): StabilityRow[] {
  const norm0 = Math.hypot(...theta0);
  return factors.map((factor) => {
    const eta = (2 * factor) / lambdaMax;
    const K = Math.max(1, Math.round(horizon / eta));
    const run = gradientDescent(obj, theta0, eta, K, { divergeAbove: 1e6 });
    const ref = flowOnGrid(obj, theta0, eta, K, 0, tol);
    const last = run.theta[run.theta.length - 1]!;
    return {
      eta,
      factor,
      relativeDistance: run.diverged ? Infinity : maxDistance(run.theta, ref) / norm0,
      diverged: run.diverged,
      finalLoss: run.diverged ? NaN : run.loss[run.loss.length - 1]!,
      finalSharpness: sharpness && !run.diverged ? last[0]! ** 2 + last[1]! ** 2 : NaN,
    };
  });
}

function strip<T extends OrderSeries>(s: T): OrderSeries {
  return { etas: s.etas, flowDistance: s.flowDistance, modifiedDistance: s.modifiedDistance, flowOrder: s.flowOrder, modifiedOrder: s.modifiedOrder };
}

/**
 * Run the GD-vs-flow study; all outputs are plain numbers. `checkpoint`, if
 * given, is called before every evaluation of a loss (the experiments
 * runner's cancellation check: it may throw to stop the study).
 */
export function gdVsFlowStudy(config: GdVsFlowConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): GdVsFlowResult {
  // The same problem, with the loss behind value, gradient and HVP calling `checkpoint` first.
  const watch = <T extends Objective>(o: T): T =>
    checkpoint
      ? {
          ...o,
          ...objective((theta) => {
            checkpoint();
            return o.loss(theta);
          }, o.n),
        }
      : o;
  const size = config.size ?? 'quick';
  checkOneOf('gdVsFlowStudy', 'size', size, ['quick', 'full'] as const);
  const etas = config.etas ?? DEFAULT_ETAS[size];
  if (etas.length < 2 || etas.some((e) => !(e > 0 && Number.isFinite(e)))) throw new Error(`gdVsFlowStudy: etas must list ≥ 2 finite step sizes > 0, got [${etas.join(', ')}]`);
  const horizon = config.horizon ?? 4;
  checkPositiveNumber('gdVsFlowStudy', 'horizon', horizon);
  const tol = config.referenceTol ?? 1e-12;
  if (!(tol > 0)) throw new Error(`gdVsFlowStudy: referenceTol must be > 0, got ${tol}`);
  const factors = config.stabilityFactors ?? [0.5, 0.9, 1.1, 1.5];
  const stabilityHorizon = config.stabilityHorizon ?? 20;

  // Quadratic bowl.
  const q = config.quadratic ?? {};
  const quad = watch(quadraticProblem(q.eigenvalues ?? [1, 0.2], q.angle ?? 0.5));
  const quadTheta0 = q.theta0 ?? Array.from({ length: quad.n }, () => 1);
  if (quadTheta0.length !== quad.n) throw new Error(`gdVsFlowStudy: quadratic.theta0 must have ${quad.n} entries, got ${quadTheta0.length}`);
  const lambdaMax = Math.max(...quad.eigenvalues);
  if (etas.some((e) => e * lambdaMax >= 2)) throw new Error(`gdVsFlowStudy: the order sweep needs eta < 2/λ_max = ${2 / lambdaMax} on the quadratic`);
  const quadSeries = orderSeries(quad, quadTheta0, etas, horizon, tol);

  // Product problem ½(xy − 1)².
  const prod = watch(productProblem());
  const prodTheta0 = config.product?.theta0 ?? [1.5, 0.3];
  if (prodTheta0.length !== 2) throw new Error(`gdVsFlowStudy: product.theta0 must be [x, y], got ${prodTheta0.length} entries`);
  const prodSeries = orderSeries(prod, prodTheta0, etas, horizon, tol);
  const D0 = layerBalance(prodTheta0);
  // The flow conserves D; on the hyperbola xy = 1 with x² − y² = D the sharpness is x² + y² = √(D² + 4).
  const lambdaMaxAtFlowEnd = Math.sqrt(D0 * D0 + 4);
  const longFlow = solveIvp(gradientFlowRhs(prod).f, [0, horizon], prodTheta0, { method: 'dop853', rtol: tol, atol: tol });
  const flowDrift = Math.max(...longFlow.y.map((y) => Math.abs(layerBalance(y) - D0)));
  const gdDrift: number[] = [];
  const perStepRatioMax: number[] = [];
  const modifiedDrift: number[] = [];
  etas.forEach((eta, i) => {
    const path = prodSeries.gd[i]!;
    gdDrift.push(Math.abs(layerBalance(path[path.length - 1]!) - D0));
    let worst = 0;
    for (let k = 0; k + 1 < path.length; k++) {
      const [x, y] = path[k]!;
      const r = x! * y! - 1;
      const D = layerBalance(path[k]!);
      const predicted = eta * eta * r * r * Math.abs(D);
      if (predicted > 1e-9) worst = Math.max(worst, Math.abs(layerBalance(path[k + 1]!) - D) / predicted);
    }
    perStepRatioMax.push(worst);
    const mod = prodSeries.modified[i]!;
    modifiedDrift.push(Math.abs(layerBalance(mod[mod.length - 1]!) - D0));
  });
  const invariant: InvariantSeries = { initial: D0, flowDrift, gdDrift, perStepRatioMax, modifiedDrift, gdDriftOrder: logLogSlope(etas, gdDrift) };

  const quadStability = stabilityScan(quad, quadTheta0, lambdaMax, factors, stabilityHorizon, tol, false);
  const prodStability = stabilityScan(prod, prodTheta0, lambdaMaxAtFlowEnd, factors, stabilityHorizon, tol, true);
  const stable = quadStability.filter((r) => r.factor < 1).map((r) => r.relativeDistance);
  const unstable = quadStability.filter((r) => r.factor > 1).map((r) => r.relativeDistance);

  return {
    horizon,
    quadratic: { ...strip(quadSeries), lambdaMax, stability: quadStability },
    product: { ...strip(prodSeries), lambdaMaxAtFlowEnd, invariant, stability: prodStability },
    findings: {
      quadraticFlowOrder: quadSeries.flowOrder,
      quadraticModifiedOrder: quadSeries.modifiedOrder,
      productFlowOrder: prodSeries.flowOrder,
      productModifiedOrder: prodSeries.modifiedOrder,
      invariantFlowDrift: flowDrift,
      invariantGdDriftOrder: invariant.gdDriftOrder,
      quadraticUnstableMinDistance: unstable.length ? Math.min(...unstable) : NaN,
      quadraticStableMaxDistance: stable.length ? Math.max(...stable) : NaN,
    },
  };
}
