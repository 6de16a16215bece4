/**
 * Failure diagnosis of a training run (a TrainResult of src/nn's `train`)
 * together with the model at the end of the run. Each check names one
 * mechanism, with the measurement that implicates it:
 *
 *  unstable-step-size   the run diverged (or its loss grew geometrically)
 *                       and η·λ_max > 2 — measured by Lanczos at the
 *                       initial and/or final parameters, or, when no finite
 *                       parameters remain, inferred from the per-step loss
 *                       growth factor r: on a quadratic the unstable mode's
 *                       loss grows by (1 − ηλ)² per step, so ηλ = 1 + √r.
 *  symmetry-trap        every unit of a hidden layer is the same unit
 *                       (distance < tol): the layer has effective width 1
 *                       and gradient descent can never separate them.
 *  dead-relu            ≥ `deadFraction` (default 75%) of a ReLU layer's
 *                       units output 0 on every sample: they get no
 *                       gradient, ever. (A few dead units are normal: with
 *                       1-D inputs and torch's init about half can be.)
 *  saturation           ≥ `saturatedFraction` of a tanh/sigmoid layer's
 *                       activations sit in the flat tails (φ′ ≈ 0).
 *  vanishing-gradients  the backpropagated signal δ_ℓ = ∂L/∂z_ℓ (rms) at
 *  exploding-gradients  the first layer is < 1/`gradientRatio` (or >
 *                       `gradientRatio`) times the one at the last layer.
 *  saddle-plateau       the loss has stopped moving, ‖∇L‖ is small, and the
 *                       Hessian has a clearly negative eigenvalue (Lanczos
 *                       'smallest'): a saddle, not a minimum.
 *
 * Diagnose runs one forward/backward pass on `data` (clearing the
 * parameters' .grad afterwards) and a few dozen Hessian-vector products.
 */
import { noGrad, type Objective, type Tensor } from '../autograd/index.js';
import { isTracedModel, layerStats, MLP, Loss, type LossFn, type Module, type TrainResult } from '../nn/index.js';
import { flattenParams, moduleObjective } from '../optim/index.js';
import { hessianEigen } from './sharpness.js';
import { symmetryMetrics } from './symmetry.js';
import { checkPositiveNumber } from '../tensor/validate.js';

export type FailureKind =
  | 'unstable-step-size'
  | 'symmetry-trap'
  | 'dead-relu'
  | 'saturation'
  | 'vanishing-gradients'
  | 'exploding-gradients'
  | 'saddle-plateau';

export interface Finding {
  kind: FailureKind;
  /** Hidden/affine layer index when the finding is about one layer. */
  layer?: number;
  message: string;
  evidence: Record<string, number | string | boolean | null>;
}

export interface DiagnoseThresholds {
  deadFraction: number;
  saturatedFraction: number;
  gradientRatio: number;
  symmetryTol: number;
  /** Relative loss change over the last window below which the loss has stopped moving. */
  plateauChange: number;
  /** ‖∇L‖ below this counts as small. */
  gradNorm: number;
  /** λ_min < −negativeCurvature·|λ_max| counts as a clearly negative eigenvalue. */
  negativeCurvature: number;
}

export interface DiagnoseOptions {
  /** The step size the run used (for η·λ_max). */
  lr: number;
  data: { x: Tensor; y: Tensor };
  /** The training loss: a function (prediction, target) ↦ scalar, e.g. mseLoss, or an nn Loss. */
  lossFn: LossFn | Loss;
  /** The parameters at the start of the run (flat), for the curvature there. */
  initialParams?: Float64Array;
  thresholds?: Partial<DiagnoseThresholds>;
  /** Lanczos steps (default 30). */
  lanczosSteps?: number;
}

export interface Diagnosis {
  /** No finding. */
  healthy: boolean;
  findings: Finding[];
  /** What was measured, for the report. */
  measurements: {
    finiteParams: boolean;
    lambdaMax: number | null;
    lambdaMin: number | null;
    lambdaMaxInitial: number | null;
    finalGradNorm: number | null;
    /** rms of δ_ℓ per layer (first to last). */
    deltaRms: number[];
  };
}

const DEFAULT_THRESHOLDS: DiagnoseThresholds = {
  deadFraction: 0.75,
  saturatedFraction: 0.5,
  gradientRatio: 100,
  symmetryTol: 1e-6,
  plateauChange: 1e-3,
  gradNorm: 1e-3,
  negativeCurvature: 1e-3,
};

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(3) : String(v);
}

/** Median per-step loss growth factor over the last (up to 10) finite steps. */
function recentGrowth(losses: number[]): number {
  const finite = losses.filter((l) => Number.isFinite(l) && l > 0);
  const tail = finite.slice(-11);
  const ratios = tail.slice(1).map((l, i) => l / tail[i]!).sort((a, b) => a - b);
  return ratios.length ? ratios[ratios.length >> 1]! : NaN;
}

/** Extreme Hessian eigenvalues, or null where the HVPs overflow (a blown-up run's parameters). */
function curvature(objective: Objective, theta: Float64Array, which: 'largest' | 'both', steps: number): number[] | null {
  try {
    const values = hessianEigen(objective, theta, { which, steps: Math.min(steps, theta.length), tol: 1e-8 }).values;
    return values.every(Number.isFinite) ? values : null;
  } catch (e) {
    if (e instanceof Error && /finite/i.test(e.message)) return null;
    throw e;
  }
}

export function diagnose(history: TrainResult, model: Module, options: DiagnoseOptions): Diagnosis {
  const fn = 'diagnose';
  if (!history || !Array.isArray(history.losses)) throw new Error(`${fn}: history must be a TrainResult of src/nn's train (with losses)`);
  checkPositiveNumber(fn, 'options.lr', options?.lr);
  const th: DiagnoseThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const lr = options.lr;
  const steps = options.lanczosSteps ?? 30;
  const findings: Finding[] = [];
  const params = model.parameters();
  const theta = flattenParams(params);
  const finiteParams = theta.every(Number.isFinite);
  const fl = moduleObjective(model, options.data, options.lossFn);
  const measurements: Diagnosis['measurements'] = { finiteParams, lambdaMax: null, lambdaMin: null, lambdaMaxInitial: null, finalGradNorm: null, deltaRms: [] };
  const losses = history.losses;

  // Curvature: the top (and bottom) of the Hessian spectrum.
  if (options.initialParams) {
    if (options.initialParams.length !== fl.n) throw new Error(`${fn}: initialParams must have length ${fl.n}, got ${options.initialParams.length}`);
    measurements.lambdaMaxInitial = curvature(fl, options.initialParams, 'largest', steps)?.[0] ?? null;
  }
  let finalLoss = NaN;
  if (finiteParams) {
    const [l, g] = fl.valueAndGradient(theta);
    finalLoss = l;
    measurements.finalGradNorm = Math.hypot(...g);
    if (Number.isFinite(l) && g.every(Number.isFinite)) {
      const values = curvature(fl, theta, 'both', steps);
      if (values) {
        measurements.lambdaMin = values[0]!;
        measurements.lambdaMax = values[values.length - 1]!;
      }
    }
  }

  // 1. Step size beyond the stability limit.
  const failed = history.status === 'diverged' || history.status === 'nonfinite';
  const growth = recentGrowth(losses);
  const grew = failed || (losses.length > 1 && losses[losses.length - 1]! > 10 * losses[0]! && growth > 1);
  if (grew) {
    // Quote the curvature where the linearization is meaningful: at initialization when that is already past
    // the limit; otherwise at the end (the run sharpened into instability, as at the edge of stability).
    const finite = (x: number | null): x is number => x !== null && Number.isFinite(x);
    const initial = measurements.lambdaMaxInitial;
    const final = measurements.lambdaMax;
    const useInitial = finite(initial) && (lr * initial > 2 || !finite(final));
    const lambdaRef = useInitial ? initial : finite(final) ? final : null;
    const where = useInitial ? 'at initialization' : 'at the final parameters (the run sharpened past the limit)';
    const etaLambda = lambdaRef !== null ? lr * lambdaRef : growth > 1 ? 1 + Math.sqrt(growth) : NaN;
    if (etaLambda > 2) {
      findings.push({
        kind: 'unstable-step-size',
        message:
          `The run ${failed ? history.status : 'blew up'} and η·λ_max = ${fmt(etaLambda)} > 2: the step size ${fmt(lr)} exceeds the stability limit 2/λ_max` +
          (lambdaRef !== null ? ` = ${fmt(2 / lambdaRef)} (λ_max = ${fmt(lambdaRef)} ${where}).` : ` (inferred from the loss growing ${fmt(growth)}× per step, ηλ = 1 + √r).`),
        evidence: {
          lr,
          etaLambdaMax: etaLambda,
          lambdaMaxInitial: measurements.lambdaMaxInitial,
          lambdaMaxFinal: measurements.lambdaMax,
          lossGrowthPerStep: growth,
          status: history.status,
        },
      });
    }
  }

  // 2. Symmetry trap.
  if (model instanceof MLP && finiteParams && model.sizes.length >= 3) {
    const bias = model.layers[0]!.bias !== null;
    for (const m of symmetryMetrics(theta, model.sizes, { tol: th.symmetryTol, bias })) {
      if (m.units >= 2 && m.distinctUnits === 1) {
        findings.push({
          kind: 'symmetry-trap',
          layer: m.layer,
          message: `All ${m.units} units of hidden layer ${m.layer} are identical (largest distance ${fmt(m.maxDistance)}): the layer acts as one unit and gradient descent cannot separate them; initialize randomly.`,
          evidence: { units: m.units, maxDistance: m.maxDistance, identicalPairs: m.identicalPairs },
        });
      }
    }
  }

  // 3–5. Layer signals on the full data at the current parameters.
  if (finiteParams && isTracedModel(model)) {
    const lossFn: LossFn = options.lossFn instanceof Loss ? (p, y) => (options.lossFn as Loss).forward(p, y) : options.lossFn;
    for (const p of params) p.zeroGrad();
    const trace = model.forwardWithActivations(options.data.x, { retainGrad: true });
    const loss: Tensor = lossFn(trace.output, options.data.y);
    if (Number.isFinite(loss.item())) loss.backward();
    const stats = noGrad(() => trace.layers.map((s) => layerStats(s)));
    for (const p of params) p.zeroGrad();
    const hiddenStats = stats.slice(0, -1);
    for (const s of hiddenStats) {
      if (s.deadFraction !== null && s.deadFraction >= th.deadFraction) {
        findings.push({
          kind: 'dead-relu',
          layer: s.index,
          message: `${fmt(100 * s.deadFraction)}% of the ReLU units of layer ${s.index} output 0 on every sample (mean pre-activation ${fmt(s.preMean)}): they receive no gradient and cannot recover.`,
          evidence: { deadFraction: s.deadFraction, preMean: s.preMean, preStd: s.preStd },
        });
      }
      if (s.saturatedFraction !== null && s.saturatedFraction >= th.saturatedFraction) {
        findings.push({
          kind: 'saturation',
          layer: s.index,
          message: `${fmt(100 * s.saturatedFraction)}% of the ${s.activation} activations of layer ${s.index} are saturated (pre-activation std ${fmt(s.preStd)}): φ′ ≈ 0 blocks the gradient.`,
          evidence: { saturatedFraction: s.saturatedFraction, preMean: s.preMean, preStd: s.preStd, activation: s.activation },
        });
      }
    }
    measurements.deltaRms = stats.map((s) => Math.hypot(s.gradMean, s.gradStd));
    const first = measurements.deltaRms[0]!;
    const last = measurements.deltaRms[measurements.deltaRms.length - 1]!;
    if (stats.length >= 3 && last > 0 && Number.isFinite(first / last)) {
      const ratio = first / last;
      const evidence = { ratioFirstToLast: ratio, deltaRmsFirst: first, deltaRmsLast: last, layers: stats.length, perLayer: measurements.deltaRms.map(fmt).join(', ') };
      if (ratio < 1 / th.gradientRatio) {
        findings.push({
          kind: 'vanishing-gradients',
          message: `The backpropagated signal shrinks ${fmt(1 / ratio)}× from the last layer to the first (rms δ per layer: ${evidence.perLayer}): the early layers barely learn.`,
          evidence,
        });
      } else if (ratio > th.gradientRatio) {
        findings.push({
          kind: 'exploding-gradients',
          message: `The backpropagated signal grows ${fmt(ratio)}× from the last layer to the first (rms δ per layer: ${evidence.perLayer}): the early layers get huge updates.`,
          evidence,
        });
      }
    }
  }

  // 6. Plateau at a saddle.
  if (!failed && measurements.lambdaMin !== null && measurements.lambdaMax !== null && losses.length >= 10) {
    const w = Math.max(5, Math.floor(losses.length / 5));
    const a = losses[losses.length - w]!;
    const b = losses[losses.length - 1]!;
    const change = Math.abs(a - b) / Math.max(Math.abs(a), Number.MIN_VALUE);
    const g = measurements.finalGradNorm!;
    const negative = measurements.lambdaMin < -th.negativeCurvature * Math.abs(measurements.lambdaMax);
    if (change < th.plateauChange && g < th.gradNorm && negative) {
      findings.push({
        kind: 'saddle-plateau',
        message: `The loss has stalled at ${fmt(finalLoss)} (relative change ${fmt(change)} over the last ${w} steps) with ‖∇L‖ = ${fmt(g)}, but the Hessian has λ_min = ${fmt(measurements.lambdaMin)} < 0: a saddle, not a minimum; a perturbation along the negative direction would escape.`,
        evidence: { lossChange: change, gradNorm: g, lambdaMin: measurements.lambdaMin, lambdaMax: measurements.lambdaMax, loss: finalLoss },
      });
    }
  }
  return { healthy: findings.length === 0, findings, measurements };
}
