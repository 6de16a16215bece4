/**
 * What kind of dynamics a training trajectory shows, from its loss series
 * (and optionally its sharpness series, the step size, the projection of
 * the updates on the top Hessian eigenvector, and a Lyapunov exponent).
 *
 * Regimes, in the order they are tested:
 *  - exploding: a non-finite loss, or growth by more than `explodeFactor`;
 *  - periodic: on the tail, ℓ_{t+p} = ℓ_t to relative `periodTol` for a
 *    smallest p ≥ 2 (a period-p orbit of the map; p = 1 is a fixed point);
 *  - converging (tail mean / head mean < `convergeRatio`, or the loss has
 *    reached `absTol`), split into
 *      edge-of-stability: sharpness λ_max hovers at 2/η (median of ηλ/2 over
 *        the tail inside `eosBand`) while the loss falls non-monotonically
 *        (Cohen et al. 2021);
 *      converging-oscillating: the loss rises on some steps, or successive
 *        updates flip sign along the top eigenvector (multiplier 1 − ηλ < 0);
 *      converging-monotone: neither;
 *  - diverging: the tail is larger than the head by 1/convergeRatio and
 *    still growing (positive mean log-ratio per step);
 *  - bounded, not converging: edge-of-stability if the sharpness criterion
 *    holds, chaotic if a positive finite-time Lyapunov exponent is given,
 *    stalled if the loss barely moves (relative range < `stallTol`),
 *    irregular otherwise.
 */
import { checkNumberInRange, checkSeries } from '../tensor/validate.js';

export type Regime =
  | 'converging-monotone'
  | 'converging-oscillating'
  | 'edge-of-stability'
  | 'periodic'
  | 'chaotic'
  | 'stalled'
  | 'irregular'
  | 'diverging'
  | 'exploding';

export interface TrajectoryInput {
  /** Loss at every step. */
  loss: ArrayLike<number>;
  /** Top Hessian eigenvalue, measured at `sharpnessSteps` (default: at every step, same length as loss). */
  sharpness?: ArrayLike<number>;
  sharpnessSteps?: ArrayLike<number>;
  /** The step size η (needed for the sharpness-vs-2/η evidence). */
  lr?: number;
  /** ⟨θ_{t+1} − θ_t, v⟩ at every step, v the top (or slowest) Hessian eigenvector: sign flips on the tail reveal an oscillating approach. */
  topProjection?: ArrayLike<number>;
  /** A finite-time Lyapunov exponent of the map (per step, natural log), e.g. from `lyapunovExponent`. */
  lyapunov?: number;
}

export interface RegimeOptions {
  /** Fraction of the series (at the end) used as the tail; the head is the first such fraction. Default 0.25. */
  tailFraction?: number;
  convergeRatio?: number;
  absTol?: number;
  explodeFactor?: number;
  periodTol?: number;
  maxPeriod?: number;
  stallTol?: number;
  /** Band of ηλ_max/2 counted as "at the edge". Default [0.8, 1.25]. */
  eosBand?: [number, number];
  /** Fraction of rising steps above which the loss is called non-monotone. Default 0.01 (GD below 2/λ_max on a smooth loss never rises: the descent lemma). */
  riseFraction?: number;
}

export interface RegimeEvidence {
  steps: number;
  firstLoss: number;
  finalLoss: number;
  /** Mean of the tail over mean of the head. */
  lossRatio: number;
  /** Fraction of steps with ℓ_{t+1} > ℓ_t. */
  riseFraction: number;
  /** Mean of log(ℓ_{t+1}/ℓ_t) over the tail (per-step growth rate). */
  tailLogSlope: number;
  /** Smallest period p ≥ 1 found on the tail, or null. */
  period: number | null;
  /** Fraction of consecutive projections with opposite signs on the tail, or null. */
  signAlternation: number | null;
  /** Median of η·λ_max/2 over the tail of the sharpness series, or null. */
  sharpnessOverThreshold: number | null;
  lyapunov: number | null;
  /** First step with a non-finite loss, or null. */
  firstNonFinite: number | null;
}

export interface RegimeResult {
  regime: Regime;
  /** A sentence naming the decisive numbers. */
  reason: string;
  evidence: RegimeEvidence;
}

const DEFAULTS: Required<RegimeOptions> = {
  tailFraction: 0.25,
  convergeRatio: 0.5,
  absTol: 1e-12,
  explodeFactor: 1e6,
  periodTol: 1e-6,
  maxPeriod: 32,
  stallTol: 1e-3,
  eosBand: [0.8, 1.25],
  riseFraction: 0.01,
};

function mean(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / Math.max(1, to - from);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Smallest p in [1, maxPeriod] with max_t |ℓ_{t+p} − ℓ_t| ≤ tol · max|ℓ| on a[from..). */
export function detectPeriod(a: ArrayLike<number>, from: number, maxPeriod: number, tol: number): number | null {
  let scale = 0;
  for (let i = from; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let p = 1; p <= maxPeriod && from + 2 * p <= a.length; p++) {
    let worst = 0;
    for (let t = from; t + p < a.length; t++) worst = Math.max(worst, Math.abs(a[t + p]! - a[t]!));
    if (worst <= tol * scale) return p;
  }
  return null;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(3) : String(v);
}

export function classifyRegime(input: TrajectoryInput, options: RegimeOptions = {}): RegimeResult {
  const fn = 'classifyRegime';
  checkSeries(fn, 'loss', input?.loss, 2);
  const o = { ...DEFAULTS, ...options };
  checkNumberInRange(fn, 'tailFraction', o.tailFraction, 0, 0.5, { loOpen: true });
  const loss = input.loss;
  const T = loss.length;
  let firstNonFinite: number | null = null;
  for (let i = 0; i < T && firstNonFinite === null; i++) if (!Number.isFinite(loss[i]!)) firstNonFinite = i;
  const m = Math.max(1, Math.floor(T * o.tailFraction));
  const head = mean(loss, 0, m);
  let rises = 0;
  // A rise must exceed rounding noise (relative 1e-12) to count.
  for (let t = 0; t + 1 < T; t++) if (loss[t + 1]! - loss[t]! > 1e-12 * Math.abs(loss[t]!)) rises++;
  const finite = firstNonFinite === null;
  const tail = finite ? mean(loss, T - m, T) : NaN;
  let logSlope = 0;
  let slopeCount = 0;
  for (let t = T - m; t + 1 < T; t++) {
    if (loss[t]! > 0 && loss[t + 1]! > 0) {
      logSlope += Math.log(loss[t + 1]! / loss[t]!);
      slopeCount++;
    }
  }
  let signAlternation: number | null = null;
  if (input.topProjection && input.topProjection.length > 1) {
    const p = input.topProjection;
    let flips = 0;
    let pairs = 0;
    // On the tail: the asymptotic approach, set by the mode that decays slowest.
    for (let t = Math.max(0, p.length - m - 1); t + 1 < p.length; t++) {
      if (p[t] !== 0 && p[t + 1] !== 0) {
        pairs++;
        if (p[t]! * p[t + 1]! < 0) flips++;
      }
    }
    signAlternation = pairs ? flips / pairs : null;
  }
  let sharpnessOverThreshold: number | null = null;
  if (input.sharpness && input.sharpness.length > 0 && input.lr !== undefined && input.lr > 0) {
    const s = input.sharpness;
    const steps = input.sharpnessSteps;
    if (steps && steps.length !== s.length) throw new Error(`${fn}: sharpnessSteps must have the length of sharpness (${s.length}), got ${steps.length}`);
    const tailStart = T - m;
    const tailValues: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const step = steps ? steps[i]! : i;
      if (step >= tailStart && Number.isFinite(s[i]!)) tailValues.push((input.lr * s[i]!) / 2);
    }
    if (tailValues.length > 0) sharpnessOverThreshold = median(tailValues);
  }
  let maxAbs = 0;
  for (let i = 0; i < T; i++) if (Number.isFinite(loss[i]!)) maxAbs = Math.max(maxAbs, Math.abs(loss[i]!));
  const evidence: RegimeEvidence = {
    steps: T,
    firstLoss: loss[0]!,
    finalLoss: loss[T - 1]!,
    lossRatio: tail / head,
    riseFraction: rises / (T - 1),
    tailLogSlope: slopeCount ? logSlope / slopeCount : 0,
    period: finite ? detectPeriod(loss, T - Math.max(m, Math.min(T, 2 * o.maxPeriod + 2)), o.maxPeriod, o.periodTol) : null,
    signAlternation,
    sharpnessOverThreshold,
    lyapunov: input.lyapunov ?? null,
    firstNonFinite,
  };
  const result = (regime: Regime, reason: string): RegimeResult => ({ regime, reason, evidence });
  if (!finite) return result('exploding', `The loss became ${loss[firstNonFinite!]} at step ${firstNonFinite}.`);
  if (maxAbs > o.explodeFactor * Math.max(Math.abs(loss[0]!), Number.MIN_VALUE)) {
    return result('exploding', `The loss grew from ${fmt(loss[0]!)} to ${fmt(maxAbs)}, more than ${fmt(o.explodeFactor)}×.`);
  }
  const [lo, hi] = o.eosBand;
  const atEdge = sharpnessOverThreshold !== null && sharpnessOverThreshold >= lo && sharpnessOverThreshold <= hi;
  const nonMonotone = evidence.riseFraction > o.riseFraction;
  const converged = evidence.lossRatio < o.convergeRatio || Math.abs(loss[T - 1]!) <= o.absTol;
  if (evidence.period !== null && evidence.period >= 2 && !converged) {
    return result('periodic', `On the last ${m} steps the loss repeats with period ${evidence.period} (to ${o.periodTol} relative).`);
  }
  if (converged) {
    if (atEdge && nonMonotone) {
      return result(
        'edge-of-stability',
        `The loss fell by ${fmt(1 / evidence.lossRatio)}× non-monotonically (${fmt(100 * evidence.riseFraction)}% of steps rise) while ηλ_max/2 ≈ ${fmt(sharpnessOverThreshold!)}: the sharpness hovers at 2/η.`,
      );
    }
    if (nonMonotone || (signAlternation !== null && signAlternation > 0.5)) {
      return result(
        'converging-oscillating',
        `The loss fell by ${fmt(1 / evidence.lossRatio)}× with ${fmt(100 * evidence.riseFraction)}% rising steps` +
          (signAlternation !== null ? ` and ${fmt(100 * signAlternation)}% sign flips along the top eigenvector.` : '.'),
      );
    }
    return result('converging-monotone', `The loss fell by ${fmt(1 / evidence.lossRatio)}× without rising steps.`);
  }
  if (evidence.lossRatio > 1 / o.convergeRatio && evidence.tailLogSlope > 0) {
    return result('diverging', `The loss grew by ${fmt(evidence.lossRatio)}× (tail growth ${fmt(Math.exp(evidence.tailLogSlope))}× per step).`);
  }
  if (atEdge && nonMonotone) {
    return result('edge-of-stability', `The loss is bounded and non-monotone while ηλ_max/2 ≈ ${fmt(sharpnessOverThreshold!)}.`);
  }
  if (input.lyapunov !== undefined && input.lyapunov > 0) {
    return result('chaotic', `Bounded, aperiodic (no period ≤ ${o.maxPeriod}) and the finite-time Lyapunov exponent is ${fmt(input.lyapunov)} > 0.`);
  }
  let lo2 = Infinity;
  let hi2 = -Infinity;
  for (let i = T - m; i < T; i++) {
    lo2 = Math.min(lo2, loss[i]!);
    hi2 = Math.max(hi2, loss[i]!);
  }
  if (hi2 - lo2 <= o.stallTol * Math.max(Math.abs(hi2), Number.MIN_VALUE) || evidence.period === 1) {
    return result('stalled', `The loss stays at ${fmt(loss[T - 1]!)} (relative range ${fmt((hi2 - lo2) / Math.abs(hi2))} on the tail).`);
  }
  return result(
    'irregular',
    `Bounded and aperiodic (no period ≤ ${o.maxPeriod}), loss ratio ${fmt(evidence.lossRatio)}` +
      (input.lyapunov !== undefined ? `, Lyapunov exponent ${fmt(input.lyapunov)} ≤ 0.` : '; pass a Lyapunov exponent to test for chaos.'),
  );
}
